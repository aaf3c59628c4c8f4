import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, Random } from '../../../src/index.js';

function data(n: number, seed: number): { X: Dataset; y: Float64Array } {
  const rng = new Random(seed);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.next() < 0.05 ? NaN : rng.next() * 4 - 2;
    b[i] = rng.next();
    y[i] = rng.next() < 1 / (1 + Math.exp(-(a[i] === a[i] ? a[i] : 1) * 2 + b[i])) ? 1 : 0;
  }
  return { X: new Dataset([{ name: 'a', kind: 'numeric', values: a }, { name: 'b', kind: 'numeric', values: b }]), y };
}

describe('ScoringPool (worker threads)', () => {
  const train = data(5000, 1);
  const model = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 4 }).fit(train.X, train.y);
  // More rows than one task holds, so several tasks run on several workers and come back out of order.
  const big = data(200_003, 2);
  const expected = model.predictProba(big.X);

  // 1: the calling thread alone; 3: two workers and the calling thread; 2 without the main thread: two workers.
  for (const [threads, useMainThread] of [[1, true], [3, true], [2, false]] as const) {
    it(`gives predictProba's scores bit for bit, in input order, with ${threads} thread(s)${useMainThread ? '' : ', workers only'}`, async () => {
      const pool = await model.createScoringPool(threads, { useMainThread });
      try {
        expect(pool.threads).toBe(threads);
        const p = await pool.predictProba(big.X);
        expect(p.length).toBe(expected.length);
        let mismatches = 0;
        for (let i = 0; i < p.length; i++) if (!Object.is(p[i], expected[i])) mismatches++;
        expect(mismatches).toBe(0);
        // Two requests in flight at once stay separate.
        const [r1, r2] = await Promise.all([pool.predictRaw(big.X.take([0, 1, 2])), pool.predictRaw(big.X.take([5, 4]))]);
        expect(Array.from(r1)).toEqual(Array.from(model.predictRaw(big.X.take([0, 1, 2]))));
        expect(Array.from(r2)).toEqual(Array.from(model.predictRaw(big.X.take([5, 4]))));
      } finally {
        await pool.close();
      }
    });
  }

  it('closing the pool while it scores rejects that call (no unhandled rejection from its workers)', async () => {
    const pool = await model.createScoringPool(2);
    const scoring = pool.predictProba(big.X); // the calling thread scores its first task, then yields
    await pool.close();
    await expect(scoring).rejects.toThrow('creditkit scoring pool closed');
  });

  it('rejects bad thread counts, missing columns and use after close', async () => {
    await expect(model.createScoringPool(0)).rejects.toMatchObject({ code: 'E_OPTION' });
    const pool = await model.createScoringPool(1);
    await expect(pool.predictProba(big.X.drop(['b']))).rejects.toMatchObject({ code: 'E_COLUMN_UNKNOWN' });
    await pool.close();
    await expect(pool.predictProba(big.X)).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});

describe('ScoringPool workers on both predictor paths', () => {
  const forestOf = (m: GradientBoostingClassifier) => (m as unknown as { forest: { binned: unknown } }).forest;
  const train = data(4000, 3);
  const rows = data(30_011, 4);
  it('scores like predictProba with workers only, through binning (depth <= 6) and through the float kernels (deeper trees)', async () => {
    const shallow = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 6 }).fit(train.X, train.y);
    const deep = new GradientBoostingClassifier({ nEstimators: 5, growPolicy: 'lossguide', maxDepth: 0, maxLeaves: 200, minChildWeight: 0 }).fit(train.X, train.y);
    expect(forestOf(shallow).binned).not.toBeNull();
    expect(forestOf(deep).binned).toBeNull();
    for (const model of [shallow, deep]) {
      const pool = await model.createScoringPool(2, { useMainThread: false });
      try {
        const p = await pool.predictProba(rows.X);
        const expected = model.predictProba(rows.X);
        let mismatches = 0;
        for (let i = 0; i < p.length; i++) if (!Object.is(p[i], expected[i])) mismatches++;
        expect(mismatches).toBe(0);
      } finally {
        await pool.close();
      }
    }
  });
});
