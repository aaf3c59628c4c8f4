// binColumnByTable (lookup table + short search) against binColumn (binary
// search over every cut, the kernel it replaces) on many random cut sets and
// adversarial values: random bit patterns, every cut and its neighbours one
// ulp away, NaN, ±Infinity, ±0, subnormals, the largest floats.
import { describe, expect, it } from 'vitest';
import { blockBytes, buildThresholdLookup, lookupCell, MAX_LOOKUP_CELLS } from '../../../src/models/predict/thresholdLookup.js';
import { binLookupColumn, FEW_CUTS } from '../../../src/models/predict/lookupBinning.js';
import { MAX_THRESHOLDS_PER_FEATURE } from '../../../src/models/predict/thresholdBinning.js';
import { Random } from '../../../src/random.js';
import { MISSING_BIN } from '../../../src/wasm/layout.js';
import { getRuntime, init } from '../../../src/wasm/load.js';

await init();
const { kernels, heap } = getRuntime();

const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);
/** The f32 with these bits. */
function fromBits(b: number): number {
  bits[0] = b >>> 0;
  return asFloat[0];
}
/** The f32 whose bits are v's plus `delta` (its neighbour one ulp away, for delta ±1). */
function ulpStep(v: number, delta: number): number {
  asFloat[0] = v;
  return fromBits(bits[0] + delta);
}

/** Sorted distinct cuts (-0 and 0 are one), as ThresholdBinning keeps them. */
function distinctCuts(values: number[]): Float32Array {
  const sorted = Float32Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const out: number[] = [];
  for (const v of sorted) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  return Float32Array.from(out.slice(0, MAX_THRESHOLDS_PER_FEATURE));
}

const F32_MAX = 3.4028234663852886e38;
const SUBNORMAL_MIN = 1.401298464324817e-45;
/** Cut sets of many shapes: uniform, spanning zero with ±0, heavy-tailed, clustered within a few ulps, with infinities and extremes. */
function randomCutSet(rng: Random): Float32Array {
  const n = [0, 1, 2, 3, 5, 17, 64, 200, MAX_THRESHOLDS_PER_FEATURE][rng.int(9)];
  const shape = rng.int(7);
  const draw = (): number => {
    switch (shape) {
      case 0: return rng.next() * 100;
      case 1: return (rng.next() - 0.5) * 6;
      case 2: return Math.exp((rng.next() - 0.5) * 160) * (rng.next() < 0.3 ? -1 : 1);
      case 3: return ulpStep(1.5, rng.int(400) - 200);
      case 4: return fromBits(rng.int(2 ** 31) * (rng.next() < 0.5 ? 1 : -1) + (rng.next() < 0.5 ? 0 : 0x80000000));
      case 5: return rng.next() * 1e-40 * (rng.next() < 0.5 ? -1 : 1);
      default: return [1e6 + rng.int(5000), -F32_MAX, F32_MAX, 0, -0, Infinity, -Infinity, SUBNORMAL_MIN][rng.int(8)];
    }
  };
  const cuts = Array.from({ length: n }, draw);
  if (n > 0 && rng.next() < 0.3) cuts.push(Infinity);
  if (n > 0 && rng.next() < 0.2) cuts.push(-0, 0);
  return distinctCuts(cuts);
}

/** Values to bin: random bit patterns (NaNs included), each cut and its ulp neighbours, and the special values. */
function adversarialValues(rng: Random, cuts: Float32Array): Float32Array {
  const values: number[] = [NaN, Infinity, -Infinity, 0, -0, SUBNORMAL_MIN, -SUBNORMAL_MIN, F32_MAX, -F32_MAX, 1e-40, -1e-40, fromBits(0x7fc00001), fromBits(0xffc00000)];
  for (const c of cuts) values.push(c, ulpStep(c, 1), ulpStep(c, -1), -c);
  for (let i = 0; i < 300; i++) values.push(fromBits(rng.int(2 ** 32)));
  for (let i = 0; i < 100 && cuts.length > 0; i++) {
    const a = cuts[rng.int(cuts.length)];
    const b = cuts[rng.int(cuts.length)];
    values.push(a + (b - a) * rng.next());
  }
  // Shuffled, so the vector path sees specials in every lane.
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
  return Float32Array.from(values);
}

/**
 * Both kernels' bins of `values` for each cut set (column f of a row-major
 * block with one column per set); the blocked kernel's bytes read back in
 * the same order, with its plus-one copies checked; and the first ±Infinity
 * index each table kernel reported against firstInfinite's.
 */
function binBoth(cutSets: Float32Array[], values: Float32Array): { table: Uint8Array; search: Uint8Array; blocked: Uint8Array } {
  const nf = cutSets.length;
  const n = values.length;
  const lk = buildThresholdLookup(cutSets);
  return heap.scoped((scope) => {
    const v = scope.copyIn(values);
    const cuts = scope.copyIn(lk.cuts);
    const tables = scope.copyIn(lk.tables);
    const byTable = scope.alloc(n * nf);
    const bySearch = scope.alloc(n * nf);
    const blocks = scope.alloc(blockBytes(n, nf));
    const plain = scope.alloc(4 * Math.max(1, ...cutSets.map((c) => c.length)));
    const firstInfinite = kernels.firstInfinite(v, n);
    for (let f = 0; f < nf; f++) {
      expect(binLookupColumn(kernels, lk, cuts, tables, v, n, f, byTable, nf)).toBe(firstInfinite);
      expect(binLookupColumn(kernels, lk, cuts, tables, v, n, f, blocks, nf, true)).toBe(firstInfinite);
      heap.f32(plain, cutSets[f].length).set(cutSets[f]);
      kernels.binColumn(v, n, plain, cutSets[f].length, bySearch, nf, f);
    }
    const blockBins = heap.u8(blocks, blockBytes(n, nf));
    const blocked = new Uint8Array(n * nf);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < nf; f++) {
        const at = Math.floor(i / 64) * 128 * nf + 64 * f + (i % 64);
        blocked[i * nf + f] = blockBins[at];
        expect(blockBins[at + 64 * nf]).toBe((blockBins[at] + 1) & 255);
      }
    }
    return { table: heap.u8(byTable, n * nf).slice(), search: heap.u8(bySearch, n * nf).slice(), blocked };
  });
}

describe('binColumnByTable', () => {
  it('gives binColumn\'s bin for every adversarial value on 300 random cut sets, in both layouts, and finds the first ±Infinity', () => {
    const rng = new Random(2026);
    for (let round = 0; round < 60; round++) {
      const cutSets = Array.from({ length: 5 }, () => randomCutSet(rng));
      const values = adversarialValues(rng, cutSets.flatMap((c) => Array.from(c)).length > 0 ? Float32Array.from(cutSets.flatMap((c) => Array.from(c))) : new Float32Array(0));
      // Row counts that are not multiples of 4 exercise the scalar tail.
      const n = values.length - rng.int(4);
      const { table, search, blocked } = binBoth(cutSets, values.subarray(0, n));
      let mismatches = 0;
      for (let i = 0; i < table.length; i++) if (table[i] !== search[i] || blocked[i] !== search[i]) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it('counts few cuts directly (binColumnToBlocksByCuts) with the same bins as the table and the binary search, on both sides of FEW_CUTS', () => {
    const rng = new Random(77);
    for (let round = 0; round < 40; round++) {
      // Cut sets from none to FEW_CUTS + 2 cuts: the blocked layout counts those up to FEW_CUTS directly.
      const cutSets = Array.from({ length: FEW_CUTS + 3 }, (_, n) => distinctCuts(Array.from({ length: n }, () => (rng.next() < 0.2 ? [Infinity, -Infinity, 0, -0][rng.int(4)] : (rng.next() - 0.5) * 20))));
      const values = adversarialValues(rng, Float32Array.from(cutSets.flatMap((c) => Array.from(c))));
      // Row counts that leave a tail shorter than 16 rows.
      const n = values.length - rng.int(16);
      const { table, search, blocked } = binBoth(cutSets, values.subarray(0, n));
      let mismatches = 0;
      for (let i = 0; i < search.length; i++) if (table[i] !== search[i] || blocked[i] !== search[i]) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it('agrees with the definition: number of cuts <= v, NaN the missing bin', () => {
    const cuts = Float32Array.from([-Infinity, -2, -0, 1e-42, 0.5, 3, Infinity]);
    const values = Float32Array.from([NaN, -Infinity, -3, -2, ulpStep(-2, -1), -1, -0, 0, 1e-42, 1e-41, 0.5, 2, 3, 4, F32_MAX, Infinity]);
    const { table } = binBoth([cuts], values);
    expect(binBoth([cuts], values.filter((v) => Math.abs(v) !== Infinity)).table.length).toBe(values.length - 2);
    const expected = Array.from(values, (v) => (Number.isNaN(v) ? MISSING_BIN : cuts.filter((c) => c <= v).length));
    expect(Array.from(table)).toEqual(expected);
  });

  it('holds at most one cut per cell for spread cuts (one compare after the lookup), and a table of at most MAX_LOOKUP_CELLS', () => {
    const quantiles = Float32Array.from({ length: MAX_THRESHOLDS_PER_FEATURE }, (_, k) => 1000 + 37.5 * k);
    const few = Float32Array.from([0.5, 1.5, 2.5, Infinity]);
    // 100 spread cuts and two 0.4 apart (span 2970): 2,048 cells (16 per cut) put them in one cell, 4,096 part them.
    const close = Float32Array.from([...Array.from({ length: 100 }, (_, k) => k * 30), 1510.5, 1510.9].sort((a, b) => a - b));
    const at2048 = Math.fround(2046 / 2970);
    expect(lookupCell(close[51], 0, at2048, 2047)).toBe(lookupCell(close[52], 0, at2048, 2047));
    const lk = buildThresholdLookup([quantiles, few, close]);
    expect(Array.from(lk.window)).toEqual([1, 1, 1]);
    expect(lk.lastCell[2] + 1).toBe(4096);
    expect(lk.lastCell[0] + 1).toBe(MAX_LOOKUP_CELLS);
    expect(lk.lastCell[1] + 1).toBeLessThan(MAX_LOOKUP_CELLS);
    // The cells never decrease along the floats.
    let previous = -1;
    for (const v of [-Infinity, -1e30, 999, 1000, 1000.5, 5000, 1e30, Infinity]) {
      const c = lookupCell(v, lk.lo[0], lk.scale[0], lk.lastCell[0]);
      expect(c).toBeGreaterThanOrEqual(previous);
      previous = c;
    }
  });
});
