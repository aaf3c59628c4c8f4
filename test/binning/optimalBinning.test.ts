import { describe, expect, it } from 'vitest';
import { type Column, Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/random.js';
import { binFeature, type FeatureBinning, woeBinIndex, woeBinning, woeTransform, type WoeBin } from '../../src/binning/woe.js';
import type { WoeOptions } from '../../src/binning/binningOptions.js';
import { binningTable } from '../../src/binning/binningTable.js';
import { binningTableCsv } from '../../src/selection/report.js';
import { errorOf } from '../errorOf.js';
import { init } from '../../src/wasm/load.js';

await init();

const numeric = (name: string, values: ArrayLike<number>): Column => ({ name, kind: 'numeric', values: Float32Array.from(values) });

/** Which bin row value v falls in, from the bins' bounds alone (independent of woeBinIndex). */
function binOfValue(bins: readonly WoeBin[], v: number): number {
  if (Number.isNaN(v)) return bins.findIndex((b) => b.missing);
  const s = bins.findIndex((b) => b.special !== undefined && Math.fround(b.special) === v);
  if (s >= 0) return s;
  return bins.findIndex((b) => !b.missing && b.special === undefined && (b.lower === null || v >= b.lower) && (b.upper === null || v < b.upper));
}

/** Recounts every bin from the rows and checks count, goods, bads, share, bad rate, WOE and IV with Math.log. */
function checkAgainstRows(fb: FeatureBinning, x: Float32Array, y: ArrayLike<number>, w: ArrayLike<number> | null, alpha = 0.5): void {
  const goods = new Float64Array(fb.bins.length);
  const bads = new Float64Array(fb.bins.length);
  let G = 0;
  let B = 0;
  for (let i = 0; i < x.length; i++) {
    const k = binOfValue(fb.bins, x[i]);
    if (k < 0) expect.fail(`row ${i} (${x[i]}) is in no bin`);
    const wi = w ? w[i] : 1;
    if (y[i] === 1) (bads[k] += wi, B += wi);
    else (goods[k] += wi, G += wi);
  }
  let iv = 0;
  fb.bins.forEach((b, k) => {
    expect(b.goods).toBeCloseTo(goods[k], 9);
    expect(b.bads).toBeCloseTo(bads[k], 9);
    expect(b.count).toBeCloseTo(goods[k] + bads[k], 9);
    expect(b.share).toBeCloseTo((goods[k] + bads[k]) / (G + B), 12);
    expect(b.badRate).toBeCloseTo(bads[k] / (goods[k] + bads[k]), 12);
    const [g, bb] = goods[k] === 0 || bads[k] === 0 ? [goods[k] + alpha, bads[k] + alpha] : [goods[k], bads[k]];
    const woe = Math.log(g / G / (bb / B));
    const part = (g / G - bb / B) * woe;
    expect(b.woe).toBeCloseTo(woe, 12);
    expect(b.iv).toBeCloseTo(part, 12);
    iv += part;
  });
  expect(fb.iv).toBeCloseTo(iv, 12);
  expect(fb.totals!.count).toBeCloseTo(G + B, 9);
  expect(fb.totals!.bads).toBeCloseTo(B, 9);
  expect(fb.totals!.iv).toBe(fb.iv);
}

/** The constraints of `o` hold on the value bins of `fb`. */
function checkConstraints(fb: FeatureBinning, o: WoeOptions): void {
  const bins = fb.bins.filter((b) => !b.missing && b.special === undefined);
  if (o.maxBins !== undefined) expect(bins.length).toBeLessThanOrEqual(o.maxBins);
  for (const b of bins) {
    expect(b.share).toBeGreaterThanOrEqual((o.minBinShare ?? 0.05) - 1e-12);
    expect(b.share).toBeLessThanOrEqual((o.maxBinShare ?? 1) + 1e-12);
    expect(b.bads).toBeGreaterThanOrEqual(o.minBinEvents ?? 0);
    expect(b.goods).toBeGreaterThanOrEqual(o.minBinNonEvents ?? 0);
  }
  const d = o.minEventRateDiff ?? 0;
  const rates = bins.map((b) => b.badRate);
  const steps = rates.slice(1).map((r, k) => r - rates[k]);
  for (const s of steps) if (d > 0) expect(Math.abs(s)).toBeGreaterThanOrEqual(d - 1e-12);
  const up = steps.map((s) => s > 0);
  const turns = up.slice(1).filter((u, k) => u !== up[k]).length;
  switch (fb.trend) {
    case 'ascending':
      expect(up.every(Boolean)).toBe(true);
      break;
    case 'descending':
      expect(up.some(Boolean)).toBe(false);
      break;
    case 'peak':
      expect(turns).toBeLessThanOrEqual(1);
      if (turns === 1) expect(up[0]).toBe(true);
      break;
    case 'valley':
      expect(turns).toBeLessThanOrEqual(1);
      if (turns === 1) expect(up[0]).toBe(false);
      break;
    default:
      break;
  }
}

describe('optimal binning of a characteristic', () => {
  it('on random data and random constraints: every table honours its constraints; counts, WOE and IV match a recount', () => {
    const rng = new Random(16);
    const trends = ['auto', 'ascending', 'descending', 'peak', 'valley', 'none'] as const;
    let checked = 0;
    for (let rep = 0; rep < 40; rep++) {
      const n = 500 + rng.int(3000);
      const x = new Float32Array(n);
      const y = new Float64Array(n);
      const w = rep % 3 === 0 ? Float64Array.from({ length: n }, () => rng.next() * 2) : null;
      const shape = rng.int(3);
      for (let i = 0; i < n; i++) {
        const u = rng.next();
        x[i] = u < 0.05 ? NaN : u < 0.1 ? -999 : Math.round(rng.next() * 1000) / 10;
        const v = Number.isNaN(x[i]) || x[i] === -999 ? 50 : x[i];
        const z = shape === 0 ? -2 + v / 40 : shape === 1 ? -0.5 - Math.abs(v - 50) / 25 : -1.5 + Math.sin(v / 15);
        y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      }
      const o: WoeOptions = {
        fineBins: 5 + rng.int(30),
        minBinShare: rng.next() * 0.1,
        maxBinShare: rng.next() < 0.5 ? 1 : 0.4 + rng.next() * 0.6,
        maxBins: rng.next() < 0.5 ? undefined : 2 + rng.int(6),
        minBinEvents: rng.int(20),
        minBinNonEvents: rng.int(20),
        minEventRateDiff: rng.next() < 0.5 ? 0 : rng.next() * 0.05,
        trend: trends[rng.int(trends.length)],
        specialValues: [-999],
      };
      let fb: FeatureBinning;
      try {
        fb = binFeature(numeric('x', x), y, o, w ?? undefined);
      } catch (e) {
        expect((e as { code: string }).code).toBe('E_BINNING_INFEASIBLE');
        continue;
      }
      checkConstraints(fb, o);
      checkAgainstRows(fb, x, y, w);
      expect(fb.bins.at(-1)!.missing).toBe(true);
      expect(fb.bins.at(-2)!.special).toBe(-999);
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('special values get their own bins (float32-exact), in the order given, before the missing bin; woeBinIndex and woeTransform find them', () => {
    const rng = new Random(3);
    const n = 4000;
    const x = new Float32Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      x[i] = u < 0.03 ? 98 : u < 0.06 ? 96 : u < 0.1 ? NaN : rng.int(10);
      const p = x[i] === 98 ? 0.6 : x[i] === 96 ? 0.3 : Number.isNaN(x[i]) ? 0.2 : 0.03 + x[i] * 0.03;
      y[i] = rng.next() < p ? 1 : 0;
    }
    const fb = binFeature(numeric('late', x), y, { specialValues: [98, 96] });
    checkAgainstRows(fb, x, y, null);
    const tail = fb.bins.slice(-3);
    expect(tail.map((b) => [b.special, b.missing])).toEqual([[98, false], [96, false], [undefined, true]]);
    // 96 and 98 are outside every value bin: the last value bin still reaches +inf but holds only 0..9.
    const valueBins = fb.bins.slice(0, -3);
    expect(valueBins.at(-1)!.upper).toBeNull();
    expect(valueBins.reduce((s, b) => s + b.count, 0)).toBe(x.filter((v) => v >= 0 && v <= 9).length);
    expect(woeBinIndex(fb, 98)).toBe(fb.bins.length - 3);
    expect(woeBinIndex(fb, 96)).toBe(fb.bins.length - 2);
    expect(woeBinIndex(fb, 97)).toBe(valueBins.length - 1);
    expect(woeBinIndex(fb, NaN)).toBe(fb.bins.length - 1);
    const t = woeTransform([fb], Dataset.fromColumns({ late: [98, 96, 97, NaN, 0] })).column('late').values;
    expect(Array.from(t)).toEqual([fb.bins.at(-3)!.woe, fb.bins.at(-2)!.woe, valueBins.at(-1)!.woe, fb.bins.at(-1)!.woe, valueBins[0].woe].map(Math.fround));
    // A value whose float32 is the special value is that special value.
    const f = binFeature(numeric('r', [0.1, 0.1, 0.2, 0.3, 0.3, 0.4]), [0, 1, 0, 1, 0, 1], { specialValues: [0.1], minBinShare: 0 });
    expect(f.bins.find((b) => b.special === 0.1)!.count).toBe(2);
    expect(woeBinIndex(f, Math.fround(0.1))).toBe(woeBinIndex(f, 0.1));
  });

  it('sample weights: integer weights bin like repeated rows', () => {
    const rng = new Random(8);
    const n = 1500;
    const x = Float32Array.from({ length: n }, () => rng.int(40));
    const y = Float64Array.from(x, (v) => (rng.next() < 0.05 + v / 80 ? 1 : 0));
    const w = Float64Array.from({ length: n }, () => rng.int(4));
    const rx: number[] = [];
    const ry: number[] = [];
    for (let i = 0; i < n; i++) for (let k = 0; k < w[i]; k++) (rx.push(x[i]), ry.push(y[i]));
    const weighted = binFeature(numeric('x', x), y, { fineBins: 40 }, w);
    const repeated = binFeature(numeric('x', rx), ry, { fineBins: 40 });
    // Pre-bins are the distinct values of positive weight in both cases.
    expect(weighted.bins.map((b) => [b.lower, b.upper, b.goods, b.bads])).toEqual(repeated.bins.map((b) => [b.lower, b.upper, b.goods, b.bads]));
    expect(weighted.iv).toBeCloseTo(repeated.iv, 12);
    checkAgainstRows(weighted, x, y, w);
  });

  it('sample weights: weighted quantile pre-bins, so integer weights bin like repeated rows with many distinct values too', () => {
    const rng = new Random(9);
    const n = 3000;
    const x = Float32Array.from({ length: n }, () => (rng.next() < 0.05 ? -1 : Math.round(rng.next() * 10000) / 100));
    x[5] = NaN;
    x[6] = NaN;
    const y = Float64Array.from(x, (v) => (rng.next() < 0.05 + (Number.isNaN(v) ? 50 : v) / 150 ? 1 : 0));
    // Weights 0..5, heavier on high values, so weighted quantiles differ from the rows' quantiles.
    const w = Float64Array.from(x, (v) => (v > 50 ? rng.int(6) : rng.int(2)));
    const rx: number[] = [];
    const ry: number[] = [];
    for (let i = 0; i < n; i++) for (let k = 0; k < w[i]; k++) (rx.push(x[i]), ry.push(y[i]));
    for (const o of [{ fineBins: 20, specialValues: [-1] }, { fineBins: 37, minBinShare: 0.02, trend: 'none' as const, specialValues: [-1] }]) {
      const weighted = binFeature(numeric('x', x), y, o, w);
      const repeated = binFeature(numeric('x', rx), ry, o);
      expect(weighted.bins.length).toBeGreaterThan(3);
      expect(weighted.bins.map((b) => [b.lower, b.upper, b.special, b.missing, b.goods, b.bads]))
        .toEqual(repeated.bins.map((b) => [b.lower, b.upper, b.special, b.missing, b.goods, b.bads]));
      expect(weighted.iv).toBeCloseTo(repeated.iv, 12);
      checkAgainstRows(weighted, x, y, w);
      // All weights 1 are the unweighted binning.
      expect(binFeature(numeric('x', x), y, o, new Float64Array(n).fill(1))).toEqual(binFeature(numeric('x', x), y, o));
    }
  });

  it('auto picks ascending or descending by IV, and a valley when the event rate is U-shaped', () => {
    const rng = new Random(11);
    const n = 20000;
    const x = Float32Array.from({ length: n }, () => rng.next() * 100);
    const rising = Float64Array.from(x, (v) => (rng.next() < 0.02 + v / 200 ? 1 : 0));
    const falling = Float64Array.from(x, (v) => (rng.next() < 0.52 - v / 200 ? 1 : 0));
    const valley = Float64Array.from(x, (v) => (rng.next() < 0.05 + Math.abs(v - 50) / 120 ? 1 : 0));
    expect(binFeature(numeric('x', x), rising).trend).toBe('ascending');
    expect(binFeature(numeric('x', x), rising).direction).toBe('increasing');
    expect(binFeature(numeric('x', x), falling).trend).toBe('descending');
    const v = binFeature(numeric('x', x), valley);
    expect(v.trend).toBe('valley');
    expect(v.direction).toBe('none');
    // The rule: a valley only when it beats the best monotone IV by more than 10%.
    const mono = Math.max(binFeature(numeric('x', x), valley, { trend: 'ascending' }).iv, binFeature(numeric('x', x), valley, { trend: 'descending' }).iv);
    expect(v.iv).toBeGreaterThan(1.1 * mono);
    checkConstraints(v, {});
  });

  it('categorical: rare levels grouped, levels merged in event-rate order, table with totals; CSV export', () => {
    // Levels: A 300 (rate 0.05), B 300 (0.10), C 300 (0.30), D 80 (0.50), E 10 (0.8) and F 10 (0.2) (rare, < 5%).
    const labels = ['A', 'B', 'C', 'D', 'E', 'F'];
    const spec: [number, number, number][] = [[0, 285, 15], [1, 270, 30], [2, 210, 90], [3, 40, 40], [4, 2, 8], [5, 8, 2]];
    const x: number[] = [];
    const y: number[] = [];
    for (const [c, g, b] of spec) {
      for (let i = 0; i < g; i++) (x.push(c), y.push(0));
      for (let i = 0; i < b; i++) (x.push(c), y.push(1));
    }
    x.push(NaN, NaN);
    y.push(0, 1);
    const col: Column = { name: 'grade', kind: 'categorical', values: Float32Array.from(x), categories: labels };
    const fb = binFeature(col, y, { minBinShare: 0.05 });
    // E+F pooled (10 good, 10 bad; rate 0.5).
    const cats = fb.bins.filter((b) => !b.missing).map((b) => b.categories);
    expect(cats.flat().sort()).toEqual(labels);
    expect(cats.some((c) => c!.includes('E') && c!.includes('F'))).toBe(true);
    for (const b of fb.bins.filter((b) => !b.missing)) expect(b.share).toBeGreaterThanOrEqual(0.05);
    // Bins by increasing WOE (decreasing event rate).
    const woes = fb.bins.filter((b) => !b.missing).map((b) => b.woe);
    expect(woes).toEqual([...woes].sort((a, b) => a - b));
    expect(fb.trend).toBe('none');
    expect(woeBinIndex(fb, 'E')).toBe(woeBinIndex(fb, 'F'));
    expect(woeBinIndex(fb, 'Z')).toBe(-1);
    // With no grouping and one bin per level allowed, the six levels stay apart (the IV can only grow).
    const fine = binFeature(col, y, { minBinShare: 0, minCategoryShare: 0 });
    expect(fine.bins.filter((b) => !b.missing)).toHaveLength(6);
    expect(fine.iv).toBeGreaterThanOrEqual(fb.iv);

    const table = binningTable(fb);
    const totals = table.at(-1)!;
    expect(totals).toEqual({ bin: 'Totals', count: 1002, share: 1, nonEvents: 815 + 1, events: 185 + 1, eventRate: 186 / 1002, woe: null, iv: fb.iv });
    expect(table.at(-2)!.bin).toBe('Missing');
    expect(table.reduce((s, r) => s + (r.woe === null ? 0 : r.count), 0)).toBe(1002);
    const csv = binningTableCsv([fb]).trim().split('\n');
    expect(csv[0]).toBe('feature,bin,count,share,non_events,events,event_rate,woe,iv');
    expect(csv).toHaveLength(1 + fb.bins.length + 1);
    expect(csv.at(-1)).toBe(`grade,Totals,1002,1,816,186,${186 / 1002},,${fb.iv}`);
    // Labels with commas are quoted.
    expect(csv.some((l) => l.startsWith('grade,"['))).toBe(true);
  });

  it('numeric binning table labels: intervals, special, missing', () => {
    const fb = binFeature(numeric('x', [1, 1, 2, 2, 3, 3, -999, NaN]), [0, 0, 0, 1, 1, 1, 1, 0], { specialValues: [-999], minBinShare: 0 });
    expect(binningTable(fb).map((r) => r.bin)).toEqual([...fb.bins.filter((b) => !b.missing && b.special === undefined).map((b) =>
      `[${b.lower ?? '-inf'}, ${b.upper ?? 'inf'})`), 'Special: -999', 'Missing', 'Totals']);
    expect(binningTable(fb)[0].bin.startsWith('[-inf, ')).toBe(true);
  });

  it('bad input: each a coded error naming the feature', () => {
    const x = numeric('income', [1, 2, 3, 4, 5, 6, 7, 8]);
    const y = [0, 0, 1, 0, 1, 0, 1, 1];
    const infeasible = errorOf(() => binFeature(x, y, { minBinEvents: 5 }));
    expect(infeasible.code).toBe('E_BINNING_INFEASIBLE');
    expect(infeasible.where.column).toBe('income');
    expect(infeasible.message).toMatch(/income.*minBinEvents 5/);
    expect(errorOf(() => binFeature(x, y, { maxBinShare: 0.3, minBinShare: 0.3, fineBins: 2 })).code).toBe('E_BINNING_INFEASIBLE');
    const single = errorOf(() => binFeature(numeric('flag', [3, 3, 3, NaN]), [0, 1, 0, 1]));
    expect([single.code, single.where.column]).toEqual(['E_SINGLE_VALUE', 'flag']);
    expect(errorOf(() => binFeature(numeric('empty', [NaN, NaN]), [0, 1])).code).toBe('E_SINGLE_VALUE');
    const oneLevel: Column = { name: 'cat', kind: 'categorical', values: Float32Array.from([0, 0, 0]), categories: ['a', 'b'] };
    expect(errorOf(() => binFeature(oneLevel, [0, 1, 0])).code).toBe('E_SINGLE_VALUE');
    // A constant column with a special value is two values: fine.
    expect(binFeature(numeric('c', [3, 3, -1, -1]), [0, 1, 0, 1], { specialValues: [-1], minBinShare: 0 }).bins).toHaveLength(2);
    const unseen = errorOf(() => binFeature(x, y, { specialValues: [-999] }));
    expect([unseen.code, unseen.where.column]).toEqual(['E_SPECIAL_VALUE_UNSEEN', 'income']);
    expect(unseen.message).toMatch(/-999 never occurs/);
    for (const bad of [
      { trend: 'up' }, { maxBins: 0 }, { maxBins: 101 }, { fineBins: 101 }, { fineBins: 1.5 }, { minBinShare: -0.1 }, { maxBinShare: 0 },
      { minBinShare: 0.5, maxBinShare: 0.4 }, { minBinEvents: -1 }, { minEventRateDiff: 2 }, { minCategoryShare: 1.5 },
      { specialValues: [NaN] }, { specialValues: [1e39] }, { specialValues: [1, 1] }, { specialValues: '98' }, { smoothing: 0 }, { nBins: 3 },
    ]) {
      const e = errorOf(() => binFeature(x, y, bad as WoeOptions));
      expect([e.code, e.where.column], JSON.stringify(bad)).toEqual(['E_OPTION', 'income']);
    }
    const cat: Column = { name: 'g', kind: 'categorical', values: Float32Array.from([0, 1]), categories: ['a', 'b'] };
    expect(errorOf(() => binFeature(cat, [0, 1], { specialValues: [1] })).code).toBe('E_OPTION');
    expect(errorOf(() => binFeature(x, y, {}, [1, 1, 1])).code).toBe('E_SHAPE');
    expect(errorOf(() => binFeature(x, y, {}, [1, 1, 1, 1, 1, 1, -1, 1])).code).toBe('E_OPTION');
    expect(errorOf(() => binFeature(x, y, {}, [1, 1, 1, 1, 1, 1, NaN, 1])).where.row).toBe(6);
    // Weights that leave one class empty.
    expect(errorOf(() => binFeature(x, y, {}, [1, 1, 0, 1, 0, 1, 0, 0])).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => woeBinning(Dataset.fromColumns({ a: [1, 2], b: [5, 5] }), [0, 1], { minBinShare: 0 })).where.column).toBe('b');
  });
});
