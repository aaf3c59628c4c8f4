import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/metrics/auc.js';
import { Random } from '../../src/random.js';
import { init } from '../../src/wasm/load.js';
import { errorOf } from '../errorOf.js';

await init();

/** O(n²) Mann–Whitney statistic: P(score of a positive > score of a negative), ties count 1/2. */
function mannWhitney(y: ArrayLike<number>, s: ArrayLike<number>, w?: ArrayLike<number>): number {
  let num = 0;
  let wPos = 0;
  let wNeg = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    if (y[i] === 1) wPos += wi;
    else wNeg += wi;
  }
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      const pair = (w ? w[i] * w[j] : 1) * (s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0);
      num += pair;
    }
  }
  return num / (wPos * wNeg);
}

/** Labels correlated with scores that have many ties (scores on a coarse grid). */
function tiedData(seed: number, n: number, grid: number, offset = 0): { y: Float64Array; s: Float64Array; w: Float64Array } {
  const rng = new Random(seed);
  const y = new Float64Array(n);
  const s = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const latent = rng.next();
    y[i] = rng.next() < 0.2 + 0.6 * latent ? 1 : 0;
    s[i] = Math.round((latent + 0.3 * rng.next()) * grid) / grid + offset;
    w[i] = rng.next() < 0.1 ? 0 : 0.1 + rng.next() * 3;
  }
  return { y, s, w };
}

describe('rocAuc', () => {
  it('equals the O(n²) Mann–Whitney statistic on random data with many ties', () => {
    for (const [seed, n, grid, offset] of [
      [1, 50, 5, 0],
      [2, 800, 10, -0.6],
      [3, 1500, 40, 1e6],
      [4, 2000, 1000, -1e-300],
      [5, 3000, 3, 0],
    ] as const) {
      const { y, s } = tiedData(seed, n, grid, offset);
      const ties = n - new Set(s).size;
      expect(ties).toBeGreaterThan(0);
      const ref = mannWhitney(y, s);
      if (n >= 800) expect(ref).toBeGreaterThan(0.6); // the data is informative
      expect(rocAuc(y, s)).toBeCloseTo(ref, 12);
    }
  });

  it('equals the weighted Mann–Whitney statistic with sample weights (zeros included)', () => {
    for (const seed of [11, 12, 13]) {
      const { y, s, w } = tiedData(seed, 1200, 20);
      const weighted = rocAuc(y, s, w);
      expect(weighted).toBeCloseTo(mannWhitney(y, s, w), 12);
      // and the weights matter
      expect(Math.abs(weighted - rocAuc(y, s))).toBeGreaterThan(1e-6);
    }
  });

  it('gives integer weights the meaning of repeated rows', () => {
    const { y, s } = tiedData(21, 300, 8);
    const rng = new Random(5);
    const w = Float64Array.from(y, () => 1 + rng.int(3));
    const yRep: number[] = [];
    const sRep: number[] = [];
    y.forEach((yi, i) => {
      for (let k = 0; k < w[i]; k++) {
        yRep.push(yi);
        sRep.push(s[i]);
      }
    });
    expect(rocAuc(y, s, w)).toBeCloseTo(rocAuc(yRep, sRep), 12);
  });

  it('orders negative scores, -0 and +0, tiny and huge magnitudes correctly', () => {
    const s = [-1e300, -5, -1e-310, -0, 0, 1e-310, 3, 1e300, -0, 0];
    const y = [0, 0, 1, 0, 1, 0, 1, 1, 1, 0];
    expect(rocAuc(y, s)).toBeCloseTo(mannWhitney(y, s), 15);
  });

  it('reproduces the scikit-learn documentation example (0.75)', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 15);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 when all scores tie', () => {
    const y = [0, 0, 0, 1, 1];
    expect(rocAuc(y, [1, 2, 3, 4, 5])).toBe(1);
    expect(rocAuc(y, [5, 4, 3, 2, 1])).toBe(0);
    expect(rocAuc(y, [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(rocAuc(y, [0.3, 0.3, 0.3, 0.3, 0.3], [1, 2, 3, 4, 5])).toBe(0.5);
  });

  it('is invariant under a strictly increasing transform of the scores', () => {
    const { y, s } = tiedData(31, 1000, 25);
    const t = Float64Array.from(s, (v) => Math.exp(3 * v) - 7);
    expect(rocAuc(y, t)).toBe(rocAuc(y, s));
  });

  it('accepts plain arrays and typed arrays alike, and leaves the inputs untouched', () => {
    const { y, s } = tiedData(41, 200, 10);
    const sCopy = s.slice();
    expect(rocAuc(Array.from(y), Array.from(s))).toBe(rocAuc(y, s));
    expect(Array.from(s)).toEqual(Array.from(sCopy));
  });

  it('rejects a single class with E_SINGLE_CLASS (also when one class has zero weight)', () => {
    expect(errorOf(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => rocAuc([0, 0], [0.1, 0.2])).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => rocAuc([0, 1, 1], [0.1, 0.2, 0.3], [0, 1, 1])).code).toBe('E_SINGLE_CLASS');
  });

  it('rejects non-finite scores with E_NONFINITE naming the row', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const e = errorOf(() => rocAuc([0, 1, 0, 1], [0.1, 0.2, bad, 0.4]));
      expect(e.code).toBe('E_NONFINITE');
      expect(e.where.row).toBe(2);
    }
    const e = errorOf(() => rocAuc([0, 1], [0.1, 0.2], [1, -1]));
    expect(e.code).toBe('E_NONFINITE');
    expect(e.where.row).toBe(1);
  });

  it('rejects labels other than 0/1 with E_TARGET_INVALID naming the row', () => {
    for (const bad of [2, -1, 0.5, NaN]) {
      const e = errorOf(() => rocAuc([0, 1, bad], [0.1, 0.2, 0.3]));
      expect(e.code).toBe('E_TARGET_INVALID');
      expect(e.where.row).toBe(2);
    }
  });

  it('rejects mismatched lengths (E_SHAPE) and empty input (E_EMPTY_DATA)', () => {
    expect(errorOf(() => rocAuc([0, 1], [0.1])).code).toBe('E_SHAPE');
    expect(errorOf(() => rocAuc([0, 1], [0.1, 0.2], [1])).code).toBe('E_SHAPE');
    expect(errorOf(() => rocAuc([], [])).code).toBe('E_EMPTY_DATA');
  });
});
