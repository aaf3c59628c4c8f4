import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, type GBDTOptions, Random } from '../../../src/index.js';
import { gradientScale, shareRanges, TrainingThreads } from '../../../src/models/gbdt/trainingThreads.js';
import { getRuntime } from '../../../src/wasm/load.js';
import { planGrowth, type GrowParams } from '../../../src/wasm/grower.js';
import { errorOf } from '../../errorOf.js';

/** Credit-like rows: 7 numeric features, ~8% missing in two of them, a nonlinear logit. */
function data(n: number, seed: number): { X: Dataset; y: Float64Array } {
  const rng = new Random(seed);
  const cols = Array.from({ length: 7 }, () => new Float32Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < 7; f++) cols[f][i] = rng.next() * 4 - 2;
    let logit = -1.5 + 1.2 * cols[0][i] - Math.abs(cols[1][i]) + 0.8 * cols[2][i] * cols[3][i] + 0.3 * Math.sin(3 * cols[4][i]);
    if (rng.next() < 0.08) { cols[1][i] = NaN; logit += 0.7; }
    if (rng.next() < 0.08) cols[5][i] = NaN;
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { X: new Dataset(cols.map((values, f) => ({ name: `x${f}`, kind: 'numeric' as const, values }))), y };
}

function modelText(m: GradientBoostingClassifier): string {
  return JSON.stringify(m.toJSON());
}

describe('GBDT training on several threads', () => {
  const train = data(6000, 11);
  const valid = data(1500, 12);
  const weights = Float64Array.from({ length: train.y.length }, (_, i) => 0.5 + (i % 7) / 4);

  const cases: Array<[string, Partial<GBDTOptions>, boolean]> = [
    ['defaults', { nEstimators: 25 }, false],
    ['row and column subsampling, L1, gamma', { nEstimators: 25, subsample: 0.7, colsampleByTree: 0.6, alpha: 0.5, gamma: 0.2, seed: 5 }, false],
    ['monotone constraints, loss-guided leaves', { nEstimators: 20, monotoneConstraints: { x0: 1, x2: -1 }, growPolicy: 'lossguide', maxLeaves: 12, maxDepth: 0 }, false],
    ['sample weights, early stopping on an eval set', { nEstimators: 60, earlyStoppingRounds: 5, maxDepth: 5 }, true],
  ];
  for (const [name, options, weighted] of cases) {
    it(`gives the same model, byte for byte, with 1, 2 and 3 threads: ${name}`, () => {
      const fit = (nthreads: number): GradientBoostingClassifier =>
        new GradientBoostingClassifier(options).fit(train.X, train.y, {
          nthreads,
          sampleWeight: weighted ? weights : undefined,
          evalSet: options.earlyStoppingRounds ? valid : undefined,
        });
      const one = fit(1);
      expect(one.toJSON().trees).not.toHaveLength(0);
      expect(modelText(fit(2))).toBe(modelText(one));
      expect(modelText(fit(3))).toBe(modelText(one));
    });
  }

  it('gives the same model when more threads are asked for than there are features, and after a warm start', () => {
    const narrow = new Dataset(train.X.columns.slice(0, 2));
    const one = new GradientBoostingClassifier({ nEstimators: 10 }).fit(narrow, train.y, { nthreads: 1 });
    const many = new GradientBoostingClassifier({ nEstimators: 10 }).fit(narrow, train.y, { nthreads: 5 });
    expect(modelText(many)).toBe(modelText(one));
    const base = new GradientBoostingClassifier({ nEstimators: 8 }).fit(train.X, train.y);
    const warm1 = new GradientBoostingClassifier({ nEstimators: 6 }).fit(valid.X, valid.y, { initModel: base, nthreads: 1 });
    const warm2 = new GradientBoostingClassifier({ nEstimators: 6 }).fit(valid.X, valid.y, { initModel: base, nthreads: 2 });
    expect(modelText(warm2)).toBe(modelText(warm1));
  });

  it('rejects an nthreads that is not an integer in 1..256', () => {
    for (const bad of [0, -1, 1.5, 257, NaN]) {
      const e = errorOf(() => new GradientBoostingClassifier({ nEstimators: 2 }).fit(train.X, train.y, { nthreads: bad }));
      expect(e.code, String(bad)).toBe('E_OPTION');
      expect(e.message).toContain('nthreads');
    }
  });

  it('reports a worker that fails instead of waiting for it, and leaves the runtime usable', () => {
    const nf = 2;
    const n = 100;
    const growParams: GrowParams = { lambda: 1, alpha: 0, gamma: 0, minChildWeight: 1, learningRate: 0.3, maxDepth: 1, maxLeaves: 0, policy: 'depthwise', profile: false };
    // One column for two features: the worker fails while setting up.
    const threads = TrainingThreads.start({
      nThreads: 2, nRows: n, nFeatures: nf, columns: [new Float32Array(n)], labels: new Float64Array(n),
      weights: null, startScores: new Float64Array(n), monotone: new Int8Array(nf),
      growParams, plan: planGrowth(growParams, n, nf), subsample: false, gradScale: gradientScale(n),
    });
    try {
      expect(() => threads.sendCuts([new Float32Array(0), new Float32Array(0)])).toThrow(/multi-threaded training failed: training thread 1: .*feature columns do not match/);
    } finally {
      threads.close();
    }
    const after = new GradientBoostingClassifier({ nEstimators: 3 }).fit(train.X, train.y, { nthreads: 2 });
    expect(modelText(after)).toBe(modelText(new GradientBoostingClassifier({ nEstimators: 3 }).fit(train.X, train.y)));
  });
});

describe('the pieces of multi-threaded training', () => {
  it('gradientScale is the largest power of two keeping scale × total weight within 2^52', () => {
    for (const w of [1, 3, 1000, 800_000, 123_456.75, 2 ** 40]) {
      const s = gradientScale(w);
      expect(Math.log2(s) % 1).toBe(0);
      expect(s * w).toBeLessThanOrEqual(2 ** 52);
      expect(2 * s * w).toBeGreaterThan(2 ** 52);
    }
  });

  it('logisticGradHess rounds to multiples of 1 / scale, so sums in any order agree exactly', () => {
    const { kernels, heap } = getRuntime();
    const n = 4096;
    const rng = new Random(3);
    const scores = Float64Array.from({ length: n }, () => rng.next() * 12 - 6);
    const labels = Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const scale = gradientScale(n);
    const gh = heap.scoped((scope) => {
      const out = scope.alloc(n * 16);
      kernels.logisticGradHess(scope.copyIn(scores), scope.copyIn(labels), 0, n, scale, out);
      return heap.f64(out, 2 * n).slice();
    });
    let forward = 0;
    let backward = 0;
    const byParity = [0, 0];
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-scores[i]));
      expect(Number.isInteger(gh[2 * i] * scale)).toBe(true);
      expect(Number.isInteger(gh[2 * i + 1] * scale)).toBe(true);
      expect(Math.abs(gh[2 * i] - (p - labels[i]))).toBeLessThanOrEqual(0.5 / scale);
      expect(gh[2 * i + 1]).toBeGreaterThan(0);
      forward += gh[2 * i];
      backward += gh[2 * (n - 1 - i)];
      byParity[i % 2] += gh[2 * i];
    }
    expect(backward).toBe(forward);
    expect(byParity[0] + byParity[1]).toBe(forward);
  });

  it('shareRanges cuts a count into contiguous near-equal ranges', () => {
    expect(shareRanges(10, 3)).toEqual([[0, 3], [3, 6], [6, 10]]);
    expect(shareRanges(2, 2)).toEqual([[0, 1], [1, 2]]);
  });
});
