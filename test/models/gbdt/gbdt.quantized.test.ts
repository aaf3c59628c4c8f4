import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, rocAuc } from '../../../src/index.js';
import { nonlinear, slice } from '../helpers.js';

// quantizedGradients: stochastic rounding to integer levels, integer
// histograms, leaves refitted from the full-precision gradients.
const data = nonlinear(9000, 31);
const train = slice(data, 0, 7000);
const test = slice(data, 7000, 9000);
const base = { nEstimators: 40, maxDepth: 5, seed: 3 };

function modelText(m: GradientBoostingClassifier): string {
  return JSON.stringify(m.toJSON());
}

describe('GradientBoostingClassifier with quantizedGradients', () => {
  const plain = new GradientBoostingClassifier(base).fit(train.X, train.y);
  const quantized = new GradientBoostingClassifier({ ...base, quantizedGradients: true }).fit(train.X, train.y);

  it('ranks the test rows about as well as full-precision training', () => {
    const aucPlain = rocAuc(test.y, plain.predictProba(test.X));
    const aucQuantized = rocAuc(test.y, quantized.predictProba(test.X));
    expect(aucPlain).toBeGreaterThan(0.75);
    expect(Math.abs(aucQuantized - aucPlain)).toBeLessThan(0.01);
    // Not the same trees: the rounding changes the split choices.
    expect(modelText(quantized)).not.toBe(modelText(plain));
  });

  it('refits leaves and covers from the full-precision gradients', () => {
    // The first tree starts from the training prior p0: every row's hessian is p0 (1 - p0)
    // (on the rounding grid of loss.ts), so full-precision covers are row counts × that, and
    // the root's cover is their sum; quantized covers would be multiples of 1/16.
    const tree = quantized.trees[0];
    const p0 = train.y.reduce((a, b) => a + b, 0) / train.y.length;
    const h0 = p0 * (1 - p0);
    const leafTotal = tree.leafCover.reduce((a, b) => a + b, 0);
    expect(tree.cover[0]).toBe(leafTotal);
    expect(tree.cover[0]).toBeCloseTo(train.y.length * h0, 6);
    expect(tree.leafCover.some((c) => c * 16 !== Math.round(c * 16))).toBe(true);
    // Each internal node's cover is its children's.
    for (let i = 0; i < tree.nInternal; i++) {
      const coverOf = (c: number): number => (c < 0 ? tree.leafCover[~c] : tree.cover[c]);
      expect(coverOf(tree.left[i]) + coverOf(tree.right[i])).toBe(tree.cover[i]);
    }
  });

  it('is seeded: the same seed gives the same bytes, another seed other trees', () => {
    const again = new GradientBoostingClassifier({ ...base, quantizedGradients: true }).fit(train.X, train.y);
    expect(modelText(again)).toBe(modelText(quantized));
    const reseeded = new GradientBoostingClassifier({ ...base, seed: 4, quantizedGradients: true }).fit(train.X, train.y);
    expect(modelText(reseeded)).not.toBe(modelText(quantized));
  });

  it('gives the same model, byte for byte, with 1, 2 and 3 threads (with row subsampling, weights and monotone constraints too)', () => {
    const weights = Float64Array.from({ length: train.y.length }, (_, i) => 0.5 + (i % 5) / 3);
    const cases = [
      { options: { ...base, quantizedGradients: true }, sampleWeight: undefined },
      {
        options: { ...base, quantizedGradients: true, subsample: 0.7, colsampleByTree: 0.8, monotoneConstraints: { [train.X.names[0]]: 1 as const } },
        sampleWeight: weights,
      },
    ];
    for (const { options, sampleWeight } of cases) {
      const fit = (nthreads: number): string => modelText(new GradientBoostingClassifier(options).fit(train.X, train.y, { nthreads, sampleWeight }));
      const one = fit(1);
      expect(fit(2)).toBe(one);
      expect(fit(3)).toBe(one);
    }
  });

  it('keeps monotone constraints after the leaf refit', () => {
    const name = train.X.names[0];
    const m = new GradientBoostingClassifier({ ...base, quantizedGradients: true, monotoneConstraints: { [name]: 1 } }).fit(train.X, train.y);
    // PD along a grid of the constrained feature, the others fixed at a test row's values.
    const values = train.X.columns[0].values;
    const lo = values.reduce((a, b) => Math.min(a, b), Infinity);
    const hi = values.reduce((a, b) => Math.max(a, b), -Infinity);
    for (let r = 0; r < 20; r++) {
      const grid = test.X.take(Uint32Array.from({ length: 50 }, () => r));
      const col = grid.columns[0].values;
      for (let k = 0; k < 50; k++) col[k] = lo + ((hi - lo) * k) / 49;
      const pd = m.predictProba(grid);
      for (let k = 1; k < 50; k++) expect(pd[k]).toBeGreaterThanOrEqual(pd[k - 1]);
    }
  });

  it('saves the option only when on, and round-trips with bit-identical predictions', () => {
    expect(Object.keys(plain.toJSON().options)).not.toContain('quantizedGradients');
    const json = quantized.toJSON();
    expect(json.options.quantizedGradients).toBe(true);
    const back = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(back.options.quantizedGradients).toBe(true);
    expect(GradientBoostingClassifier.fromJSON(plain.toJSON()).options.quantizedGradients).toBe(false);
    expect(Array.from(back.predictProba(test.X))).toEqual(Array.from(quantized.predictProba(test.X)));
  });
});
