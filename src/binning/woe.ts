import { type Column, Dataset, type FeatureInput, toDataset } from '../data/dataset.js';
import { checkIntegerRange } from '../integerRange.js';
import { QUANTILE_BIN_RANGE } from './discretize.js';
import { validateLabels } from '../data/target.js';
import { checkFinite } from '../data/finiteFeatures.js';
import { CreditkitError } from '../errors.js';
import { binOf } from '../math/quantileCuts.js';
import { quantileCuts } from './discretize.js';
import { log } from '../math/deterministic.js';

/** Conventional reading of an information value. */
export type IvStrength = 'useless' | 'weak' | 'medium' | 'strong';

/** One bin of a feature's WOE binning. `good` = target 0, `bad` = target 1. */
export interface WoeBin {
  /** Numeric bins hold values in [lower, upper); null = unbounded. Missing and categorical bins: both null. */
  lower: number | null;
  upper: number | null;
  /** Categorical bins: the category labels in the bin. */
  categories?: string[];
  /** The bin of missing values. */
  missing: boolean;
  count: number;
  goods: number;
  bads: number;
  /** count / all rows. */
  share: number;
  /** bads / count. */
  badRate: number;
  /** ln(%good / %bad); positive = safer than average. */
  woe: number;
  /** (%good − %bad) × woe, this bin's part of the information value. */
  iv: number;
}

/** The binning of one feature: what a points scorecard needs to map a value to its WOE. */
export interface FeatureBinning {
  feature: string;
  kind: 'numeric' | 'categorical';
  /** Numeric: bins in increasing value order, then the missing bin. Categorical: bins by increasing WOE, then missing. */
  bins: WoeBin[];
  /** Information value: the sum of the bins' iv. */
  iv: number;
  strength: IvStrength;
  /** Numeric: how the bad rate moves as the feature grows; 'none' with a single value bin or for categorical features. */
  direction: 'increasing' | 'decreasing' | 'none';
  /** 1 = highest information value (set by `woeBinning`). */
  rank: number;
}

export interface WoeOptions {
  /** Quantile bins the numeric merging starts from. Default 20. */
  fineBins?: number;
  /** Smallest share of all rows a (non-missing) bin may hold; smaller bins are merged. Default 0.05. */
  minBinShare?: number;
  /** Added to the good and the bad count of a bin that has no goods or no bads. Default 0.5. */
  smoothing?: number;
}

/** IV labels: < 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, ≥ 0.3 strong (lower bounds inclusive). */
export function ivStrength(iv: number): IvStrength {
  return iv < 0.02 ? 'useless' : iv < 0.1 ? 'weak' : iv < 0.3 ? 'medium' : 'strong';
}

interface Counts {
  goods: number;
  bads: number;
}

/**
 * Weight of evidence and information value of every feature, from monotone
 * binning, ranked by IV (highest first).
 *
 * Numeric features start from `fineBins` quantile bins; adjacent bins are
 * merged (pool-adjacent-violators) until WOE is strictly monotone in the
 * feature, then bins under `minBinShare` of the rows are merged into the
 * neighbour with the closer WOE. Both directions are tried and the one with
 * the larger IV is kept. Categorical features get one bin per category;
 * categories under `minBinShare` are pooled into one bin (merged into the
 * category closest in WOE if still too small); bins are sorted by WOE.
 * Missing values always form their own bin (only when some are missing).
 *
 * WOE = ln(%good / %bad) with %good = goods in bin / all goods (target 0)
 * and %bad likewise (target 1): positive WOE marks a bin safer than average.
 * A bin without goods or without bads gets `smoothing` added to both its
 * counts so its WOE stays finite; totals are not changed.
 */
export function woeBinning(X: FeatureInput, y: ArrayLike<number>, options: WoeOptions = {}): FeatureBinning[] {
  const data = toDataset(X);
  if (data.nRows !== y.length) throw new CreditkitError('E_SHAPE', `${data.nRows} rows but ${y.length} labels`);
  validateLabels(y);
  data.columns.forEach((c) => checkFinite(c.values, c.name));
  const o = resolveOptions(options);
  const out = data.columns.map((col) => binFeature(col, y, o));
  out.sort((a, b) => b.iv - a.iv);
  out.forEach((b, i) => (b.rank = i + 1));
  return out;
}

function resolveOptions(options: WoeOptions): Required<WoeOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { fineBins: 20, minBinShare: 0.05, smoothing: 0.5, ...given };
  checkIntegerRange('fineBins', o.fineBins, QUANTILE_BIN_RANGE);
  if (!(o.minBinShare >= 0 && o.minBinShare < 1)) throw new CreditkitError('E_OPTION', `minBinShare must be in [0, 1), got ${o.minBinShare}`);
  if (!(o.smoothing > 0 && Number.isFinite(o.smoothing))) throw new CreditkitError('E_OPTION', `smoothing must be a finite number > 0, got ${o.smoothing}`);
  return o;
}

/** Binning of one column (exported for a scorecard that bins features one at a time). */
export function binFeature(col: Column, y: ArrayLike<number>, options: WoeOptions = {}): FeatureBinning {
  const o = resolveOptions(options);
  let G = 0;
  let B = 0;
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? B++ : G++);
  const total = { G, B, n: y.length };
  const missing: Counts = { goods: 0, bads: 0 };
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(col.values[i])) (y[i] === 1 ? missing.bads++ : missing.goods++);
  }
  const woe = (c: Counts) => woeOf(c, total, o.smoothing);
  let bins: WoeBin[];
  let direction: FeatureBinning['direction'] = 'none';
  if (col.kind === 'categorical') {
    bins = categoricalBins(col, y, total, o, woe);
  } else {
    const cuts = quantileCuts(col.values, o.fineBins);
    const fine: Group[] = Array.from({ length: cuts.length + 1 }, (_, b) => ({ lower: b === 0 ? null : cuts[b - 1], upper: b === cuts.length ? null : cuts[b], goods: 0, bads: 0 }));
    for (let i = 0; i < y.length; i++) {
      const v = col.values[i];
      if (Number.isNaN(v)) continue;
      const g = fine[binOf(cuts, v, 'lower')];
      if (y[i] === 1) g.bads++;
      else g.goods++;
    }
    const nonEmpty = fine.filter((g) => g.goods + g.bads > 0);
    if (nonEmpty.length > 0) {
      let best: { groups: Group[]; iv: number; dir: 'increasing' | 'decreasing' } | null = null;
      for (const dir of ['increasing', 'decreasing'] as const) {
        const groups = minShareMerge(monotoneMerge(nonEmpty, dir, woe), o.minBinShare * total.n, woe);
        const final = monotoneMerge(groups, dir, woe);
        const iv = final.reduce((s, g) => s + binStats(g, total, o.smoothing).iv, 0);
        if (best === null || iv > best.iv + 1e-12) best = { groups: final, iv, dir };
      }
      // The outer bins reach to ±infinity, so every value (and values unseen in training) has a bin.
      const groups = best!.groups;
      groups[0] = { ...groups[0], lower: null };
      groups[groups.length - 1] = { ...groups[groups.length - 1], upper: null };
      direction = groups.length > 1 ? best!.dir : 'none';
      bins = groups.map((g) => ({ lower: g.lower, upper: g.upper, missing: false, ...binStats(g, total, o.smoothing) }));
    } else {
      bins = [];
    }
  }
  if (missing.goods + missing.bads > 0) bins.push({ lower: null, upper: null, missing: true, ...binStats(missing, total, o.smoothing) });
  const iv = bins.reduce((s, b) => s + b.iv, 0);
  return { feature: col.name, kind: col.kind, bins, iv, strength: ivStrength(iv), direction, rank: 0 };
}

interface Group extends Counts {
  lower: number | null;
  upper: number | null;
}

interface Totals {
  G: number;
  B: number;
  n: number;
}

function smoothed(c: Counts, alpha: number): Counts {
  return c.goods === 0 || c.bads === 0 ? { goods: c.goods + alpha, bads: c.bads + alpha } : c;
}

function woeOf(c: Counts, t: Totals, alpha: number): number {
  const s = smoothed(c, alpha);
  return log(s.goods / t.G / (s.bads / t.B));
}

function binStats(c: Counts, t: Totals, alpha: number): Omit<WoeBin, 'lower' | 'upper' | 'missing' | 'categories'> {
  const count = c.goods + c.bads;
  const s = smoothed(c, alpha);
  const pg = s.goods / t.G;
  const pb = s.bads / t.B;
  const woe = log(pg / pb);
  return { count, goods: c.goods, bads: c.bads, share: count / t.n, badRate: c.bads / count, woe, iv: (pg - pb) * woe };
}

function merge(a: Group, b: Group): Group {
  return { lower: a.lower, upper: b.upper, goods: a.goods + b.goods, bads: a.bads + b.bads };
}

/**
 * Pool adjacent violators: scan left to right and merge the last two groups
 * while WOE does not strictly fall ('increasing' bad rate) or rise
 * ('decreasing'). The result is strictly monotone in WOE.
 */
function monotoneMerge(groups: readonly Group[], dir: 'increasing' | 'decreasing', woe: (c: Counts) => number): Group[] {
  const stack: Group[] = [];
  for (const g of groups) {
    stack.push(g);
    while (stack.length >= 2) {
      const a = woe(stack[stack.length - 2]);
      const b = woe(stack[stack.length - 1]);
      const ok = dir === 'increasing' ? b < a : b > a;
      if (ok) break;
      const top = stack.pop()!;
      stack.push(merge(stack.pop()!, top));
    }
  }
  return stack;
}

/** Merges the smallest bin under `minCount` rows into its neighbour closer in WOE, until none is left (or one bin). */
function minShareMerge(groups: Group[], minCount: number, woe: (c: Counts) => number): Group[] {
  const gs = [...groups];
  for (;;) {
    if (gs.length <= 1) return gs;
    let small = -1;
    for (let i = 0; i < gs.length; i++) {
      const n = gs[i].goods + gs[i].bads;
      if (n < minCount && (small < 0 || n < gs[small].goods + gs[small].bads)) small = i;
    }
    if (small < 0) return gs;
    const w = woe(gs[small]);
    const left = small > 0 ? Math.abs(woe(gs[small - 1]) - w) : Infinity;
    const right = small < gs.length - 1 ? Math.abs(woe(gs[small + 1]) - w) : Infinity;
    const i = left <= right ? small - 1 : small;
    gs.splice(i, 2, merge(gs[i], gs[i + 1]));
  }
}

function categoricalBins(col: Column, y: ArrayLike<number>, total: Totals, o: Required<WoeOptions>, woe: (c: Counts) => number): WoeBin[] {
  const labels = col.categories ?? [];
  const byCode = new Map<number, Counts>();
  for (let i = 0; i < y.length; i++) {
    const v = col.values[i];
    if (Number.isNaN(v)) continue;
    const c = byCode.get(v) ?? byCode.set(v, { goods: 0, bads: 0 }).get(v)!;
    if (y[i] === 1) c.bads++;
    else c.goods++;
  }
  const minCount = o.minBinShare * total.n;
  type Cat = Counts & { categories: string[] };
  const cats: Cat[] = [];
  let rare: Cat | null = null;
  for (const [code, c] of [...byCode.entries()].sort((a, b) => a[0] - b[0])) {
    const label = labels[code] ?? String(code);
    if (c.goods + c.bads < minCount) {
      rare ??= { goods: 0, bads: 0, categories: [] };
      rare.goods += c.goods;
      rare.bads += c.bads;
      rare.categories.push(label);
    } else {
      cats.push({ ...c, categories: [label] });
    }
  }
  if (rare) {
    if (rare.goods + rare.bads < minCount && cats.length > 0) {
      const w = woe(rare);
      let j = 0;
      for (let k = 1; k < cats.length; k++) if (Math.abs(woe(cats[k]) - w) < Math.abs(woe(cats[j]) - w)) j = k;
      cats[j] = { goods: cats[j].goods + rare.goods, bads: cats[j].bads + rare.bads, categories: [...cats[j].categories, ...rare.categories] };
    } else {
      cats.push(rare);
    }
  }
  return cats
    .map((c) => ({ lower: null, upper: null, categories: c.categories, missing: false, ...binStats(c, total, o.smoothing) }))
    .sort((a, b) => a.woe - b.woe);
}

/** Index of the bin of a value (a number, or a category label for a categorical binning); −1 when no bin holds it. */
export function woeBinIndex(binning: FeatureBinning, value: number | string | null): number {
  const isMissing = value === null || (typeof value === 'number' && Number.isNaN(value));
  if (isMissing) return binning.bins.findIndex((b) => b.missing);
  if (binning.kind === 'categorical') return binning.bins.findIndex((b) => b.categories?.includes(String(value)));
  if (typeof value !== 'number') return -1;
  return binning.bins.findIndex((b) => !b.missing && (b.lower === null || value >= b.lower) && (b.upper === null || value < b.upper));
}

/**
 * Replaces every binned feature by its WOE (a numeric column of the same
 * name). A missing value without a missing bin and a category not seen in
 * training get WOE 0 (the neutral, average-risk value).
 */
export function woeTransform(binnings: readonly FeatureBinning[], X: FeatureInput): Dataset {
  const data = toDataset(X);
  const cols = binnings.map((bn) => {
    const col = data.column(bn.feature);
    if (col.kind !== bn.kind) throw new CreditkitError('E_COLUMN_TYPE', `the binning is ${bn.kind}, the column is ${col.kind}`, { column: bn.feature });
    const values = new Float32Array(data.nRows);
    const labels = col.categories ?? [];
    const cache = new Map<number, number>();
    for (let i = 0; i < data.nRows; i++) {
      const v = col.values[i];
      let w = cache.get(v);
      if (w === undefined) {
        const b = woeBinIndex(bn, bn.kind === 'categorical' && !Number.isNaN(v) ? (labels[v] ?? null) : v);
        w = b < 0 ? 0 : bn.bins[b].woe;
        if (bn.kind === 'categorical' || Number.isNaN(v)) cache.set(v, w);
      }
      values[i] = w;
    }
    return { name: bn.feature, kind: 'numeric' as const, values };
  });
  return new Dataset(cols, data.nRows);
}
