import { describe, expect, it } from 'vitest';
import { LogisticRegression, LOGISTIC_DEFAULTS } from '../../../src/index.js';
import { additive, errorOf, logisticBaseline, slice } from '../helpers.js';

const data = additive(4000, 11, 6);
const train = slice(data, 0, 3000);
const test = slice(data, 3000, 4000);

describe('LogisticRegression', () => {
  it('without a penalty finds the maximum-likelihood fit (the Newton baseline of the test helpers)', () => {
    const model = new LogisticRegression({ penalty: 'none', standardize: false }).fit(train.X, train.y);
    const reference = logisticBaseline(train.X, train.y, test.X);
    const raw = model.predictRaw(test.X);
    raw.forEach((v, i) => expect(Math.abs(v - reference[i])).toBeLessThan(1e-5));
    // and the true coefficients (±(1 + 0.3 j), intercept −0.5) within sampling error
    const k = model.coefficients();
    k.original.forEach((b, j) => expect(Math.abs(b - (j % 2 === 0 ? 1 : -1) * (1 + 0.3 * j))).toBeLessThan(0.25));
    expect(Math.abs(k.intercept.original + 0.5)).toBeLessThan(0.2);
  });

  it('standardizing or not gives the same unpenalized model', () => {
    const a = new LogisticRegression({ penalty: 'none' }).fit(train.X, train.y).predictRaw(test.X);
    const b = new LogisticRegression({ penalty: 'none', standardize: false }).fit(train.X, train.y).predictRaw(test.X);
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-8));
  });

  it('shrinks coefficients as C falls (L2), and L1 zeroes more of them', () => {
    const norm = (C: number): number => new LogisticRegression({ C }).fit(train.X, train.y).coefficients().standardized.reduce((s, v) => s + v * v, 0);
    expect(norm(0.001)).toBeLessThan(norm(0.01));
    expect(norm(0.01)).toBeLessThan(norm(1));
    const zeros = (C: number): number => new LogisticRegression({ penalty: 'l1', C }).fit(train.X, train.y).coefficients().standardized.filter((v) => v === 0).length;
    expect(zeros(10)).toBe(0);
    expect(zeros(0.0005)).toBe(6); // λ = 1/C beyond the largest gradient: every coefficient is zero
    expect(zeros(0.002)).toBeGreaterThan(zeros(0.003));
    expect(zeros(0.003)).toBeGreaterThan(0);
  });

  it('an all-zero L1 model still predicts the (weighted) default rate through its intercept', () => {
    const model = new LogisticRegression({ penalty: 'l1', C: 1e-6 }).fit(train.X, train.y);
    const rate = train.y.reduce((s, v) => s + v, 0) / train.y.length;
    expect(model.predictProba(test.X)[0]).toBeCloseTo(rate, 8);
  });

  it('fitIntercept: false leaves the intercept at zero; reports progress per Newton iteration', () => {
    const seen: number[] = [];
    const model = new LogisticRegression({ fitIntercept: false }).fit(train.X, train.y, { onProgress: (p) => seen.push(p.iteration) });
    expect(model.coefficients().intercept.standardized).toBe(0);
    expect(seen.length).toBe(model.nIter);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.length).toBeLessThan(30);
  });

  it('documents its defaults and rejects bad options with E_OPTION', () => {
    expect(LOGISTIC_DEFAULTS).toMatchObject({ penalty: 'l2', C: 1, fitIntercept: true, impute: 'median', missingIndicators: true, standardize: true });
    for (const bad of [{ penalty: 'elasticnet' }, { C: 0 }, { C: Infinity }, { maxIter: 0 }, { tol: -1 }, { fitIntercept: 'yes' }, { standardize: 1 }]) {
      expect(errorOf(() => new LogisticRegression(bad as never)).code).toBe('E_OPTION');
    }
  });
});
