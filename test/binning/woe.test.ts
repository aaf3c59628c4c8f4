import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/random.js';
import { binFeature, ivStrength, woeBinIndex, woeBinning, woeTransform } from '../../src/binning/woe.js';
import { errorOf } from '../errorOf.js';
import { init } from '../../src/wasm/load.js';

// log comes from creditkit.wasm (src/math/deterministic.ts).
await init();

/** Rows of (value, label) repeated: [value, goods, bads] per group. */
function groups(spec: [number, number, number][]): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const [v, goods, bads] of spec) {
    for (let i = 0; i < goods; i++) (x.push(v), y.push(0));
    for (let i = 0; i < bads; i++) (x.push(v), y.push(1));
  }
  return { x, y };
}

describe('WOE and information value', () => {
  // Hand-computed: 85 goods and 75 bads in all.
  //   x = 1: 40 good, 10 bad  WOE = ln((40/85)/(10/75)) =  1.261131, IV part (40/85 − 10/75)·WOE = 0.425323
  //   x = 2: 30 good, 20 bad  WOE = ln((30/85)/(20/75)) =  0.280302, IV part 0.024183
  //   x = 3: 10 good, 40 bad  WOE = ln((10/85)/(40/75)) = −1.511458, IV part 0.628292
  //   missing: 5 good, 5 bad  WOE = ln((5/85)/(5/75))   = −0.125163, IV part 0.000982
  //   IV = 1.078780 (strong)
  const hand = groups([[1, 40, 10], [2, 30, 20], [3, 10, 40], [NaN, 5, 5]]);
  const handData = Dataset.fromColumns({ x: hand.x });

  it('matches a hand-computed example', () => {
    const [b] = woeBinning(handData, hand.y);
    expect(b.feature).toBe('x');
    expect(b.direction).toBe('increasing');
    expect(b.bins.map((x) => [x.lower, x.upper, x.missing, x.goods, x.bads])).toEqual([
      [null, 2, false, 40, 10], [2, 3, false, 30, 20], [3, null, false, 10, 40], [null, null, true, 5, 5],
    ]);
    const woe = [1.261131, 0.280302, -1.511458, -0.125163];
    const iv = [0.425323, 0.024183, 0.628292, 0.000982];
    b.bins.forEach((bin, i) => {
      expect(bin.woe).toBeCloseTo(woe[i], 5);
      expect(bin.iv).toBeCloseTo(iv[i], 5);
    });
    expect(b.iv).toBeCloseTo(1.07878, 4);
    expect(b.strength).toBe('strong');
    expect(b.bins[0].share).toBeCloseTo(50 / 160, 12);
    expect(b.bins[2].badRate).toBeCloseTo(0.8, 12);
  });

  it('merges adjacent bins until WOE is monotone, in the direction with the larger IV', () => {
    // Bad rates 0.2, 0.5, 0.3, 0.8: x = 2 and x = 3 violate an increasing order and are pooled
    // (60 good, 40 bad); 110 goods and 90 bads in all.
    const d = groups([[1, 40, 10], [2, 25, 25], [3, 35, 15], [4, 10, 40]]);
    const b = binFeature({ name: 'x', kind: 'numeric', values: Float32Array.from(d.x) }, d.y);
    expect(b.direction).toBe('increasing');
    expect(b.bins.map((x) => [x.lower, x.upper, x.goods, x.bads])).toEqual([[null, 2, 40, 10], [2, 4, 60, 40], [4, null, 10, 40]]);
    expect(b.bins.map((x) => x.woe)).toEqual([expect.closeTo(1.185624, 5), expect.closeTo(0.204794, 5), expect.closeTo(-1.586965, 5)]);
    expect(b.iv).toBeCloseTo(0.2994 + 0.020686 + 0.561048, 5);
  });

  it('finds a falling bad rate too', () => {
    const d = groups([[1, 10, 40], [2, 30, 20], [3, 40, 10]]);
    const [b] = woeBinning(Dataset.fromColumns({ x: d.x }), d.y);
    expect(b.direction).toBe('decreasing');
    expect(b.bins.map((x) => x.woe)).toEqual([...b.bins.map((x) => x.woe)].sort((p, q) => p - q));
  });

  it('smooths a bin without bads: 0.5 is added to both of its counts', () => {
    // 60 goods, 40 bads; x = 1 has 20 goods and no bad.
    const d = groups([[1, 20, 0], [2, 20, 10], [3, 20, 30]]);
    const [b] = woeBinning(Dataset.fromColumns({ x: d.x }), d.y);
    expect(b.bins[0].woe).toBeCloseTo(Math.log((20.5 / 60) / (0.5 / 40)), 12);
    expect(b.bins[0].iv).toBeCloseTo((20.5 / 60 - 0.5 / 40) * Math.log((20.5 / 60) / (0.5 / 40)), 12);
    expect(b.bins[1].woe).toBeCloseTo(Math.log((20 / 60) / (10 / 40)), 12);
    expect(Number.isFinite(b.iv)).toBe(true);
  });

  it('on noisy data: WOE strictly monotone, every value bin at least minBinShare, IV the sum of its bins', () => {
    const rng = new Random(5);
    const n = 6000;
    const x = new Float32Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 17 === 0 ? NaN : rng.next() * 10;
      const z = -1 + 0.3 * (Number.isNaN(x[i]) ? 5 : x[i]) + 0.8 * Math.sin(3 * (x[i] || 0));
      y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    const b = binFeature({ name: 'x', kind: 'numeric', values: x }, y, { fineBins: 40, minBinShare: 0.08 });
    const valueBins = b.bins.filter((v) => !v.missing);
    expect(valueBins.length).toBeGreaterThan(2);
    const w = valueBins.map((v) => v.woe);
    for (let i = 1; i < w.length; i++) expect(b.direction === 'increasing' ? w[i] < w[i - 1] : w[i] > w[i - 1]).toBe(true);
    for (const v of valueBins) expect(v.share).toBeGreaterThanOrEqual(0.08);
    expect(b.bins.reduce((s, v) => s + v.count, 0)).toBe(n);
    expect(b.iv).toBeCloseTo(b.bins.reduce((s, v) => s + v.iv, 0), 12);
    for (let i = 1; i < valueBins.length; i++) expect(valueBins[i].lower).toBe(valueBins[i - 1].upper);
  });

  it('categorical: one bin per category sorted by WOE; rare categories pooled, then merged into the closest', () => {
    // A 90/10, B 50/50, C 2/4 and D 3/0 are rare (< 5% of 208 rows): pooled C+D (5 good, 4 bad,
    // WOE −0.595) is still rare and joins B (WOE −0.818) rather than A (WOE 1.379).
    const labels = ['A', 'B', 'C', 'D'];
    const d = groups([[0, 90, 10], [1, 50, 50], [2, 2, 4], [3, 3, 0]]);
    const X = new Dataset([{ name: 'grade', kind: 'categorical', values: Float32Array.from(d.x), categories: labels }]);
    const [b] = woeBinning(X, d.y);
    expect(b.kind).toBe('categorical');
    expect(b.bins.map((v) => v.categories)).toEqual([['B', 'C', 'D'], ['A']]);
    expect(b.bins[0].woe).toBeCloseTo(Math.log((55 / 145) / (54 / 64)), 12);
    expect(b.bins[1].woe).toBeCloseTo(Math.log((90 / 145) / (10 / 64)), 12);
    expect(woeBinIndex(b, 'D')).toBe(0);
    expect(woeBinIndex(b, 'Z')).toBe(-1);
  });

  it('woeTransform maps values (and unseen ones) to their WOE', () => {
    const [b] = woeBinning(handData, hand.y);
    const t = woeTransform([b], Dataset.fromColumns({ x: [1, 2.5, 3, 100, -5, NaN] }));
    expect(Array.from(t.column('x').values)).toEqual(
      [b.bins[0].woe, b.bins[1].woe, b.bins[2].woe, b.bins[2].woe, b.bins[0].woe, b.bins[3].woe].map(Math.fround));
    // No missing bin in training: a missing value gets the neutral WOE 0.
    const noMissing = groups([[1, 40, 10], [2, 10, 40]]);
    const [c] = woeBinning(Dataset.fromColumns({ x: noMissing.x }), noMissing.y);
    expect(woeTransform([c], Dataset.fromColumns({ x: [NaN] })).column('x').values[0]).toBe(0);
  });

  it('ranks features by IV and labels them', () => {
    const rng = new Random(1);
    const n = 2000;
    const strong = new Float32Array(n);
    const noise = new Float32Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      strong[i] = rng.next();
      noise[i] = rng.next();
      y[i] = rng.next() < (strong[i] > 0.5 ? 0.6 : 0.1) ? 1 : 0;
    }
    const out = woeBinning(Dataset.fromColumns({ noise, strong }), y);
    expect(out.map((b) => [b.feature, b.rank])).toEqual([['strong', 1], ['noise', 2]]);
    expect(out[0].strength).toBe('strong');
    expect(out[1].strength).toBe('useless');
    expect([0, 0.0199, 0.02, 0.0999, 0.1, 0.2999, 0.3, 2].map(ivStrength)).toEqual(
      ['useless', 'useless', 'weak', 'weak', 'medium', 'medium', 'strong', 'strong']);
  });

  it('bad input', () => {
    expect(errorOf(() => woeBinning(handData, hand.y.slice(1))).code).toBe('E_SHAPE');
    expect(errorOf(() => woeBinning(handData, hand.y.map(() => 0))).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => woeBinning(handData, hand.y, { minBinShare: 1 })).code).toBe('E_OPTION');
    expect(errorOf(() => woeBinning(handData, hand.y, { smoothing: 0 })).code).toBe('E_OPTION');
    expect(errorOf(() => woeBinning(handData, hand.y, { fineBins: 0 })).code).toBe('E_OPTION');
  });
});
