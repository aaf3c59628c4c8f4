import type { Column } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import { quantileCutsOfSorted } from '../math/quantileCuts.js';
import { sortFloat32InPlace } from '../math/sortFloat32.js';
import type { ResolvedWoeOptions } from './binningOptions.js';

/** Weighted non-events (target 0) and events (target 1). */
export interface Tally {
  goods: number;
  bads: number;
}

/** One pre-bin: a numeric interval [lower, upper) (null = unbounded) or a group of category codes. */
export interface Prebin extends Tally {
  lower: number | null;
  upper: number | null;
  codes?: number[];
}

export interface Prebinning {
  /** Numeric: in value order. Categorical: in increasing event rate. */
  prebins: Prebin[];
  /** One tally per special value, in the order given. */
  specials: Tally[];
  missing: Tally;
  /** Categorical: the codes of the levels grouped as rare (also inside one pre-bin). */
  rareCodes: number[];
  /** All rows: non-events, events (weighted). */
  goods: number;
  bads: number;
}

/** The error for a column without two distinct values. */
function singleValue(col: Column, what: string): CreditkitError {
  return new CreditkitError('E_SINGLE_VALUE', `feature "${col.name}" ${what}; a characteristic needs at least two distinct values to be binned`, { column: col.name });
}

/**
 * Pre-binning of a numeric column: the distinct values when there are at most
 * `fineBins` of them, else `fineBins` quantile bins (cuts between distinct
 * values only, so bins may be fewer). Missing values and each special value
 * (float32-exact match) are tallied apart. The outer bins reach ±infinity.
 */
export function prebinNumeric(col: Column, y: ArrayLike<number>, weights: ArrayLike<number> | null, o: ResolvedWoeOptions): Prebinning {
  const values = col.values;
  const n = values.length;
  const specials = o.specialValues.map(Math.fround);
  const specialIndex = new Map<number, number>(specials.map((v, k) => [v, k]));
  const isRegular = specials.length === 0 ? null : (v: number) => !specialIndex.has(v);
  // Without weights, one pass splits the regular values off (all, and those of events) and
  // tallies missing and special rows; sorting both lets every pre-bin be counted by binary
  // search at its cuts instead of a search per row.
  // With weights, the values of rows of weight 0 are left out and the quantiles are weighted, so
  // integer weights pre-bin as the rows repeated.
  const fast = weights === null ? splitValues(values, y, specials.length === 0 ? null : specialIndex) : null;
  const weighted = weights === null ? null : weightedSorted(values, weights, isRegular);
  const sorted = weighted === null ? sortFloat32InPlace(fast!.all) : weighted.sorted;
  let distinct = 0;
  for (let i = 0; i < sorted.length && distinct <= o.fineBins; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  let cuts: number[];
  if (distinct <= o.fineBins) {
    cuts = [];
    for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) cuts.push(sorted[i]);
  } else {
    cuts = weighted === null ? quantileCutsOfSorted(sorted, o.fineBins, 'lower') : weightedQuantileCuts(weighted, o.fineBins);
  }
  const m = sorted.length === 0 ? 0 : cuts.length + 1;
  const g = new Float64Array(m);
  const b = new Float64Array(m);
  const sg = new Float64Array(specials.length);
  const sb = new Float64Array(specials.length);
  const specialRows = new Uint32Array(specials.length);
  const t: NumericTallies = { g, b, sg, sb, specialRows, missing: new Float64Array(2) };
  if (fast === null) {
    tallyNumeric(values, y, weights, Float32Array.from(cuts), specials.length === 0 ? null : specialIndex, t);
  } else {
    countSorted(sorted, sortFloat32InPlace(fast.bad), cuts, t);
    t.sg.set(fast.sg);
    t.sb.set(fast.sb);
    t.specialRows.set(fast.specialRows);
    t.missing.set(fast.missing);
  }
  const missing: Tally = { goods: t.missing[0], bads: t.missing[1] };
  for (let k = 0; k < specials.length; k++) {
    if (specialRows[k] === 0) {
      throw new CreditkitError('E_SPECIAL_VALUE_UNSEEN', `feature "${col.name}": special value ${o.specialValues[k]} never occurs in the column`, { column: col.name });
    }
  }
  if (distinct + specials.length < 2) {
    throw singleValue(col, distinct === 0 && specials.length === 0 ? 'has no values (every row is missing)' : 'has a single value');
  }
  const prebins: Prebin[] = [];
  for (let k = 0; k < m; k++) prebins.push({ lower: k === 0 ? null : cuts[k - 1], upper: k === m - 1 ? null : cuts[k], goods: g[k], bads: b[k] });
  return {
    prebins: dropWeightless(prebins),
    specials: specials.map((_, k) => ({ goods: sg[k], bads: sb[k] })),
    missing,
    rareCodes: [],
    ...totalsOf(prebins, specials.map((_, k) => ({ goods: sg[k], bads: sb[k] })), missing),
  };
}

interface NumericTallies {
  g: Float64Array;
  b: Float64Array;
  sg: Float64Array;
  sb: Float64Array;
  specialRows: Uint32Array;
  /** [goods, bads] of the missing values. */
  missing: Float64Array;
}

/**
 * The counting pass (the hot loop of pre-binning): each row's weight into its
 * pre-bin (binary search over the cuts), special value or missing tally, by
 * class. Kept small and monomorphic so the engine optimizes it well.
 */
function tallyNumeric(values: Float32Array, y: ArrayLike<number>, weights: ArrayLike<number> | null, cuts: Float32Array,
  specialIndex: Map<number, number> | null, t: NumericTallies): void {
  const { g, b, sg, sb, specialRows, missing } = t;
  const nc = cuts.length;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const w = weights === null ? 1 : weights[i];
    const bad = y[i] === 1 ? 1 : 0;
    if (v !== v) {
      missing[bad] += w;
      continue;
    }
    if (specialIndex !== null) {
      const k = specialIndex.get(v);
      if (k !== undefined) {
        specialRows[k]++;
        if (bad) sb[k] += w;
        else sg[k] += w;
        continue;
      }
    }
    // First cut above v: v's bin (a value equal to a cut starts that cut's bin).
    let lo = 0;
    let hi = nc;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v < cuts[mid]) hi = mid;
      else lo = mid + 1;
    }
    if (bad) b[lo] += w;
    else g[lo] += w;
  }
}

/** Regular values of rows of positive weight, sorted, with the running sum of their weights. */
interface WeightedValues {
  sorted: Float32Array;
  /** running[j] = the weights of sorted[0..j] summed. */
  running: Float64Array;
}

/**
 * The regular values (`keep`; all when null) of rows of positive weight,
 * sorted with their weights: an LSD radix sort (11, 11, 10 bits) of the
 * values' float32 bits made order-preserving, stable, so equal values keep
 * the rows' order and the running sums are deterministic.
 */
function weightedSorted(values: Float32Array, weights: ArrayLike<number>, keep: ((v: number) => boolean) | null): WeightedValues {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v && weights[i] > 0 && (keep === null || keep(v))) n++;
  }
  let keys = new Uint32Array(n);
  let ws = new Float64Array(n);
  for (let i = 0, j = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v && weights[i] > 0 && (keep === null || keep(v))) {
      const b = bits[i];
      // Negative floats: flip every bit; positive: flip the sign bit. Unsigned order is then value order.
      keys[j] = (b & 0x80000000 ? ~b : b | 0x80000000) >>> 0;
      ws[j++] = weights[i];
    }
  }
  let keys2 = new Uint32Array(n);
  let ws2 = new Float64Array(n);
  const count = new Uint32Array(2048);
  for (const [shift, width] of [[0, 11], [11, 11], [22, 10]]) {
    const mask = (1 << width) - 1;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i] >>> shift) & mask]++;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = count[(keys[i] >>> shift) & mask]++;
      keys2[at] = keys[i];
      ws2[at] = ws[i];
    }
    [keys, keys2] = [keys2, keys];
    [ws, ws2] = [ws2, ws];
  }
  const sortedBits = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    sortedBits[i] = (k & 0x80000000 ? k & 0x7fffffff : ~k) >>> 0;
  }
  const running = ws;
  for (let i = 1; i < n; i++) running[i] += running[i - 1];
  return { sorted: new Float32Array(sortedBits.buffer), running };
}

/**
 * quantileCutsOfSorted's 'lower' cuts with weights: cut k is the first value
 * whose running weight exceeds k·W/bins (W the total), above the minimum.
 * With integer weights that is the value at index ⌊k·W/bins⌋ of the rows
 * repeated; with all weights 1, the unweighted cuts.
 */
function weightedQuantileCuts({ sorted, running }: WeightedValues, bins: number): number[] {
  const n = sorted.length;
  const cuts: number[] = [];
  if (n === 0) return cuts;
  const total = running[n - 1];
  for (let k = 1; k < bins; k++) {
    const t = (k * total) / bins;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (running[mid] > t) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= n) continue;
    const c = sorted[lo];
    if (!(c > sorted[0])) continue;
    if (cuts.length === 0 || c > cuts[cuts.length - 1]) cuts.push(c);
  }
  return cuts;
}

/** Regular (non-missing, non-special) values, all and those of events, with the missing and special tallies. */
function splitValues(values: Float32Array, y: ArrayLike<number>, specialIndex: Map<number, number> | null): {
  all: Float32Array; bad: Float32Array; sg: Float64Array; sb: Float64Array; specialRows: Uint32Array; missing: Float64Array;
} {
  const n = values.length;
  const all = new Float32Array(n);
  let nAll = 0;
  let nBad = 0;
  const bad = new Float32Array(n);
  const nSpecial = specialIndex === null ? 0 : specialIndex.size;
  const sg = new Float64Array(nSpecial);
  const sb = new Float64Array(nSpecial);
  const specialRows = new Uint32Array(nSpecial);
  const missing = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const isBad = y[i] === 1;
    if (v !== v) {
      missing[isBad ? 1 : 0]++;
      continue;
    }
    if (specialIndex !== null) {
      const k = specialIndex.get(v);
      if (k !== undefined) {
        specialRows[k]++;
        if (isBad) sb[k]++;
        else sg[k]++;
        continue;
      }
    }
    all[nAll++] = v;
    if (isBad) bad[nBad++] = v;
  }
  return { all: all.subarray(0, nAll), bad: bad.subarray(0, nBad), sg, sb, specialRows, missing };
}

/** Index of the first element of sorted that is ≥ c. */
function lowerBound(sorted: Float32Array, c: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pre-bin counts from the sorted values: bin k holds [cuts[k−1], cuts[k]). */
function countSorted(all: Float32Array, bad: Float32Array, cuts: readonly number[], t: NumericTallies): void {
  const m = t.g.length;
  let prevAll = 0;
  let prevBad = 0;
  for (let k = 0; k < m; k++) {
    const endAll = k === m - 1 ? all.length : lowerBound(all, cuts[k]);
    const endBad = k === m - 1 ? bad.length : lowerBound(bad, cuts[k]);
    t.b[k] = endBad - prevBad;
    t.g[k] = endAll - prevAll - (endBad - prevBad);
    prevAll = endAll;
    prevBad = endBad;
  }
}

function totalsOf(prebins: readonly Tally[], specials: readonly Tally[], missing: Tally): { goods: number; bads: number } {
  let goods = missing.goods;
  let bads = missing.bads;
  for (const t of [...prebins, ...specials]) {
    goods += t.goods;
    bads += t.bads;
  }
  return { goods, bads };
}

/** A pre-bin whose rows all have weight 0 joins its right neighbour (the last one its left), so every event rate is defined. */
function dropWeightless(prebins: Prebin[]): Prebin[] {
  const out: Prebin[] = [];
  let carry: Prebin | null = null;
  for (const p of prebins) {
    if (carry !== null) {
      p.lower = carry.lower;
      if (p.codes && carry.codes) p.codes = [...carry.codes, ...p.codes];
      carry = null;
    }
    if (p.goods + p.bads > 0) out.push(p);
    else carry = p;
  }
  if (carry !== null && out.length > 0) {
    const last = out[out.length - 1];
    last.upper = carry.upper;
    if (last.codes && carry.codes) last.codes = [...last.codes, ...carry.codes];
  }
  return out;
}

/**
 * Pre-binning of a categorical column: one pre-bin per level, levels under
 * `minCategoryShare` of all rows grouped into one, sorted by event rate
 * (ties by code); with more than `fineBins` of them, neighbours in that order
 * are grouped into at most `fineBins` pre-bins of about equal weight.
 */
export function prebinCategorical(col: Column, y: ArrayLike<number>, weights: ArrayLike<number> | null, o: ResolvedWoeOptions): Prebinning {
  if (o.specialValues.length > 0) {
    throw new CreditkitError('E_OPTION', `feature "${col.name}": special values apply to numeric features; this one is categorical`, { column: col.name });
  }
  const nLevels = col.categories?.length ?? 0;
  const g = new Float64Array(nLevels);
  const b = new Float64Array(nLevels);
  const rows = new Uint32Array(nLevels);
  const missing: Tally = { goods: 0, bads: 0 };
  const values = col.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const w = weights === null ? 1 : weights[i];
    const bad = y[i] === 1;
    if (v !== v) {
      if (bad) missing.bads += w;
      else missing.goods += w;
      continue;
    }
    rows[v]++;
    if (bad) b[v] += w;
    else g[v] += w;
  }
  const present: number[] = [];
  for (let c = 0; c < nLevels; c++) if (rows[c] > 0) present.push(c);
  if (present.length < 2) throw singleValue(col, present.length === 0 ? 'has no values (every row is missing)' : 'has a single level');
  let total = missing.goods + missing.bads;
  for (const c of present) total += g[c] + b[c];
  const rare = present.filter((c) => g[c] + b[c] < o.minCategoryShare * total);
  const isRare = new Set(rare);
  const groups: Prebin[] = present
    .filter((c) => !isRare.has(c))
    .map((c) => ({ lower: null, upper: null, codes: [c], goods: g[c], bads: b[c] }));
  if (rare.length > 0) {
    const other: Prebin = { lower: null, upper: null, codes: rare, goods: 0, bads: 0 };
    for (const c of rare) {
      other.goods += g[c];
      other.bads += b[c];
    }
    groups.push(other);
  }
  const rate = (p: Prebin) => (p.goods + p.bads > 0 ? p.bads / (p.goods + p.bads) : 0);
  const weighted = groups.filter((p) => p.goods + p.bads > 0);
  const weightless = groups.filter((p) => p.goods + p.bads === 0);
  weighted.sort((p, q) => rate(p) - rate(q) || p.codes![0] - q.codes![0]);
  // Levels of weight 0 cannot be ordered by event rate; they join the first pre-bin.
  if (weightless.length > 0 && weighted.length > 0) weighted[0].codes!.push(...weightless.flatMap((p) => p.codes!));
  const prebins = weighted.length > o.fineBins ? groupInOrder(weighted, o.fineBins) : weighted;
  return { prebins, specials: [], missing, rareCodes: rare, ...totalsOf(prebins, [], missing) };
}

/** Neighbouring pre-bins grouped into at most `k` runs of about equal weight. */
function groupInOrder(prebins: readonly Prebin[], k: number): Prebin[] {
  const total = prebins.reduce((s, p) => s + p.goods + p.bads, 0);
  const out: Prebin[] = [];
  let acc = 0;
  let cur: Prebin | null = null;
  for (const p of prebins) {
    cur ??= { lower: null, upper: null, codes: [], goods: 0, bads: 0 };
    cur.codes!.push(...p.codes!);
    cur.goods += p.goods;
    cur.bads += p.bads;
    acc += p.goods + p.bads;
    if (acc >= ((out.length + 1) * total) / k && out.length < k - 1) {
      out.push(cur);
      cur = null;
    }
  }
  if (cur !== null) out.push(cur);
  return out;
}
