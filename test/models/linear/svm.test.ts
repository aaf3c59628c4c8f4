import { describe, expect, it } from 'vitest';
import { fitPlatt, LogisticRegression, plattProbability, Random, rocAuc, SVMClassifier, SVM_DEFAULTS } from '../../../src/index.js';
import { errorOf, nonlinear, slice } from '../helpers.js';

describe('SVMClassifier', () => {
  const data = nonlinear(3000, 5);
  const train = slice(data, 0, 2000);
  const test = slice(data, 2000, 3000);

  it('with the RBF kernel (random Fourier features) learns what a linear model cannot', () => {
    const rbf = new SVMClassifier({ kernel: 'rbf', nComponents: 400, C: 1 }).fit(train.X, train.y);
    const linear = new SVMClassifier().fit(train.X, train.y);
    const aucRbf = rocAuc(test.y, rbf.predictProba(test.X));
    const aucLinear = rocAuc(test.y, linear.predictProba(test.X));
    expect(aucRbf).toBeGreaterThan(0.8);
    expect(aucRbf).toBeGreaterThan(aucLinear + 0.1);
    expect(rbf.gamma).toBeCloseTo(1 / 6, 1); // 'scale': 1 / (6 columns × variance ≈ 1)
  });

  it('the primal solver gives the dual solver\'s model (RBF features, tight tolerances)', () => {
    const opts = { kernel: 'rbf', nComponents: 50, C: 0.5, calibrationFolds: 3 } as const;
    const dual = new SVMClassifier({ ...opts, tol: 1e-7, maxIter: 100_000 }).fit(train.X, train.y).decisionFunction(test.X);
    const primal = new SVMClassifier({ ...opts, solver: 'primal', tol: 1e-10 }).fit(train.X, train.y).decisionFunction(test.X);
    dual.forEach((v, i) => expect(Math.abs(v - primal[i])).toBeLessThan(1e-4));
  });

  it('draws the Fourier features from its seed', () => {
    const a = JSON.stringify(new SVMClassifier({ kernel: 'rbf', nComponents: 20, seed: 1 }).fit(train.X, train.y).toJSON());
    const b = JSON.stringify(new SVMClassifier({ kernel: 'rbf', nComponents: 20, seed: 2 }).fit(train.X, train.y).toJSON());
    expect(a).not.toBe(b);
  });

  it('gives calibrated PDs by Platt scaling: mean PD near the default rate, log loss near the logistic model\'s', () => {
    const linear = new SVMClassifier().fit(train.X, train.y);
    const p = linear.predictProba(test.X);
    const rate = test.y.reduce((s, v) => s + v, 0) / test.y.length;
    const meanPd = p.reduce((s, v) => s + v, 0) / p.length;
    expect(Math.abs(meanPd - rate)).toBeLessThan(0.03);
    expect(linear.plattSigmoid.A).toBeLessThan(0); // higher decision value, higher PD
    const f = linear.decisionFunction(test.X);
    for (let i = 1; i < f.length; i++) if (f[i] > f[i - 1]) expect(p[i]).toBeGreaterThanOrEqual(p[i - 1]);
    const logistic = new LogisticRegression().fit(train.X, train.y).predictProba(test.X);
    const ll = (q: Float64Array): number => -q.reduce((s, v, i) => s + (test.y[i] ? Math.log(v) : Math.log(1 - v)), 0) / q.length;
    expect(Math.abs(ll(p) - ll(logistic))).toBeLessThan(0.02);
  });

  it('rejects bad options with E_OPTION', () => {
    expect(SVM_DEFAULTS).toMatchObject({ kernel: 'linear', C: 1, loss: 'squared_hinge', gamma: 'scale', calibrationFolds: 5 });
    for (const bad of [{ kernel: 'poly' }, { C: -1 }, { loss: 'log' }, { gamma: 0 }, { gamma: 'auto' }, { nComponents: 0 }, { calibrationFolds: 1 }, { seed: 0.5 }, { solver: 'newton' }, { solver: 'primal', loss: 'hinge' }]) {
      expect(errorOf(() => new SVMClassifier(bad as never)).code).toBe('E_OPTION');
    }
  });
});

describe('fitPlatt', () => {
  it('minimizes the smoothed-target log loss (a grid search finds nothing better)', () => {
    const rng = new Random(3);
    const f = Float64Array.from({ length: 300 }, () => rng.next() * 4 - 2);
    const y = Float64Array.from(f, (v) => (rng.next() < 1 / (1 + Math.exp(-(2 * v - 0.5))) ? 1 : 0));
    const s = fitPlatt(f, y);
    const nPos = y.reduce((a, v) => a + v, 0);
    const hi = (nPos + 1) / (nPos + 2);
    const lo = 1 / (y.length - nPos + 2);
    const loss = (A: number, B: number): number => {
      let l = 0;
      f.forEach((v, i) => {
        const p = plattProbability({ A, B }, v);
        const t = y[i] ? hi : lo;
        l -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
      });
      return l;
    };
    const best = loss(s.A, s.B);
    for (let dA = -0.05; dA <= 0.05; dA += 0.01) for (let dB = -0.05; dB <= 0.05; dB += 0.01) {
      expect(loss(s.A + dA, s.B + dB)).toBeGreaterThanOrEqual(best - 1e-9);
    }
    expect(s.A).toBeCloseTo(-2, 0);
    expect(s.B).toBeCloseTo(0.5, 0);
  });

  it('stays finite on perfectly separated scores (the smoothed targets prevent infinite slopes)', () => {
    const f = [-3, -2, -1, 1, 2, 3];
    const s = fitPlatt(f, [0, 0, 0, 1, 1, 1]);
    expect(Number.isFinite(s.A) && Number.isFinite(s.B)).toBe(true);
    expect(plattProbability(s, 3)).toBeLessThan(1);
    expect(plattProbability(s, 3)).toBeGreaterThan(0.7);
  });
});
