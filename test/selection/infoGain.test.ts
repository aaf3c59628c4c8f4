import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/random.js';
import { quantileCuts } from '../../src/binning/discretize.js';
import { informationGain } from '../../src/selection/infoGain.js';
import { errorOf } from '../errorOf.js';
import { init } from '../../src/wasm/load.js';

// log comes from creditkit.wasm (src/math/deterministic.ts).
await init();

/** `n` rows of value v with `pos` positives first. */
function rows(spec: [number, number, number][]): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const [v, n, pos] of spec) for (let i = 0; i < n; i++) (x.push(v), y.push(i < pos ? 1 : 0));
  return { x, y };
}

describe('information gain', () => {
  it('matches a hand computation (nats)', () => {
    // y: 40 of 100 positive, H(y) = 0.673012; x = 0: 10 of 50, x = 1: 30 of 50.
    // H(y|x) = ½·H(0.2) + ½·H(0.6) = 0.586707, so IG = 0.086305.
    const d = rows([[0, 50, 10], [1, 50, 30]]);
    const [r] = informationGain(Dataset.fromColumns({ x: d.x }), d.y);
    expect(r.infoGain).toBeCloseTo(0.0863046217, 9);
    expect(r.normalized).toBeCloseTo(0.0863046217 / 0.6730116670, 9);
    expect(r.bins).toBe(2);
  });

  it('counts missing values as a bin of their own', () => {
    // x = 0: 8 of 40, x = 1: 24 of 40, missing: 18 of 20 → IG = H(0.5) − (0.4·H(0.2) + 0.4·H(0.6) + 0.2·H(0.9)).
    const d = rows([[0, 40, 8], [1, 40, 24], [NaN, 20, 18]]);
    const [r] = informationGain(Dataset.fromColumns({ x: d.x }), d.y);
    expect(r.bins).toBe(3);
    expect(r.infoGain).toBeCloseTo(0.1587649497, 9);
  });

  it('a feature that determines the target explains all of its entropy; a constant one nothing', () => {
    const d = rows([[0, 30, 0], [1, 70, 70]]);
    const out = informationGain(Dataset.fromColumns({ constant: d.x.map(() => 5), perfect: d.x }), d.y);
    expect(out.map((r) => [r.feature, r.rank])).toEqual([['perfect', 1], ['constant', 2]]);
    expect(out[0].normalized).toBeCloseTo(1, 12);
    expect(out[1].infoGain).toBe(0);
  });

  it('ranks an informative numeric feature above noise, categorical features by category', () => {
    const rng = new Random(2);
    const n = 3000;
    const signal = new Float32Array(n);
    const noise = new Float32Array(n);
    const grade = new Float32Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      signal[i] = rng.next();
      noise[i] = rng.next();
      grade[i] = rng.int(3);
      y[i] = rng.next() < 0.1 + 0.5 * signal[i] + 0.1 * grade[i] ? 1 : 0;
    }
    const X = new Dataset([
      { name: 'noise', kind: 'numeric', values: noise },
      { name: 'grade', kind: 'categorical', values: grade, categories: ['A', 'B', 'C'] },
      { name: 'signal', kind: 'numeric', values: signal },
    ]);
    const out = informationGain(X, y, { bins: 10 });
    expect(out.map((r) => r.feature)).toEqual(['signal', 'grade', 'noise']);
    expect(out.find((r) => r.feature === 'grade')!.bins).toBe(3);
    expect(out.find((r) => r.feature === 'signal')!.bins).toBe(10);
  });

  it('quantile cuts fall between distinct values only', () => {
    expect(quantileCuts([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toEqual([3, 5, 7, 9]);
    expect(quantileCuts([0, 0, 0, 0, 0, 0, 0, 0, 1, 2], 5)).toEqual([1]);
    expect(quantileCuts([NaN, NaN], 5)).toEqual([]);
  });

  it('bad input', () => {
    const X = Dataset.fromColumns({ x: [1, 2, 3] });
    expect(errorOf(() => informationGain(X, [0, 1])).code).toBe('E_SHAPE');
    expect(errorOf(() => informationGain(X, [0, 0, 0])).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => informationGain(X, [0, 1, 1], { bins: 0 })).code).toBe('E_OPTION');
  });
});
