import { type Column, Dataset, type FeatureInput, toDataset } from '../data/dataset.js';
import { validateLabels } from '../data/target.js';
import { checkFinite } from '../data/finiteFeatures.js';
import { CreditkitError } from '../errors.js';
import { log } from '../math/deterministic.js';
import { resolveWoeOptions, type ResolvedWoeOptions, type WoeOptions } from './binningOptions.js';
import { binIv, type MergeTotals, optimalMerge, type Trend } from './optimalMerge.js';
import { type Prebinning, prebinCategorical, prebinNumeric, type Tally } from './prebinning.js';
import { sampleWeights } from './sampleWeights.js';
import { binCodes } from './binCodes.js';

export type { WoeOptions } from './binningOptions.js';
export type { Trend } from './optimalMerge.js';

/** Conventional reading of an information value. */
export type IvStrength = 'useless' | 'weak' | 'medium' | 'strong';

/** One bin of a feature's WOE binning. `good` = target 0, `bad` = target 1; with sample weights, counts are weight sums. */
export interface WoeBin {
  /** Numeric bins hold values in [lower, upper); null = unbounded. Missing, special and categorical bins: both null. */
  lower: number | null;
  upper: number | null;
  /** Categorical bins: the category labels in the bin. */
  categories?: string[];
  /** The bin of missing values. */
  missing: boolean;
  /** The bin of one special value (matched exactly as float32). */
  special?: number;
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

/** The totals row of a binning table. */
export interface BinningTotals {
  count: number;
  goods: number;
  bads: number;
  badRate: number;
  iv: number;
}

/** The binning of one feature: what a points scorecard needs to map a value to its WOE. */
export interface FeatureBinning {
  feature: string;
  kind: 'numeric' | 'categorical';
  /**
   * Numeric: value bins in increasing value order, then one bin per special
   * value (in the order given), then the missing bin. Categorical: value bins
   * by increasing WOE, then the missing bin.
   */
  bins: WoeBin[];
  /** Information value: the sum of the bins' iv. */
  iv: number;
  strength: IvStrength;
  /** How the bad rate of the value bins moves as the feature grows; 'none' for one value bin, a peak or valley, or a categorical feature. */
  direction: 'increasing' | 'decreasing' | 'none';
  /** 1 = highest information value (set by `woeBinning` and the binning process). */
  rank: number;
  /** The trend constraint the value bins satisfy (`auto` resolved); categorical: 'none' (bins follow the event-rate order). */
  trend?: Trend;
  /** All rows: count, goods, bads, bad rate and IV. */
  totals?: BinningTotals;
}

/** IV labels: < 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, ≥ 0.3 strong (lower bounds inclusive). */
export function ivStrength(iv: number): IvStrength {
  return iv < 0.02 ? 'useless' : iv < 0.1 ? 'weak' : iv < 0.3 ? 'medium' : 'strong';
}

/** `auto` takes a peak or valley over the better monotone binning only when it raises the IV by more than this factor. */
export const AUTO_PEAK_GAIN = 1.1;

/**
 * Optimal WOE binning of every feature, ranked by IV (highest first).
 * See `binFeature` for one feature; `weights` are optional sample weights.
 */
export function woeBinning(X: FeatureInput, y: ArrayLike<number>, options: WoeOptions = {}, weights?: ArrayLike<number>): FeatureBinning[] {
  const data = toDataset(X);
  if (data.nRows !== y.length) throw new CreditkitError('E_SHAPE', `${data.nRows} rows but ${y.length} labels`);
  validateLabels(y);
  data.columns.forEach((c) => checkFinite(c.values, c.name));
  resolveWoeOptions(options);
  const out = data.columns.map((col) => binFeature(col, y, options, weights));
  out.sort((a, b) => b.iv - a.iv);
  out.forEach((b, i) => (b.rank = i + 1));
  return out;
}

/**
 * Optimal binning of one characteristic (exported for a scorecard that bins
 * features one at a time).
 *
 * Pre-binning: a numeric feature's distinct values when there are at most
 * `fineBins`, else `fineBins` quantile bins; a categorical feature's levels
 * (those under `minCategoryShare` grouped into one) sorted by event rate.
 * Missing values and each special value get a bin of their own, outside the
 * optimization. Then the exact optimum (`optimalMerge`): the merge of
 * neighbouring pre-bins with the largest information value whose bins all
 * satisfy the constraints (share, counts, number of bins, trend of the event
 * rate, event-rate difference between neighbours).
 *
 * `trend: 'auto'` (numeric): the better of ascending and descending by IV;
 * a peak or valley replaces it when its IV is more than `AUTO_PEAK_GAIN`
 * times as large. Categorical bins are runs of levels in event-rate order.
 *
 * WOE = ln(%good / %bad), %good = goods in bin / all goods (target 0), %bad
 * likewise (target 1): positive WOE marks a bin safer than average. A bin
 * without goods or without bads gets `smoothing` added to both its counts so
 * its WOE stays finite; totals are not changed.
 */
export function binFeature(col: Column, y: ArrayLike<number>, options: WoeOptions = {}, weights?: ArrayLike<number>): FeatureBinning {
  const o = resolveWoeOptions(options, col.name);
  if (col.values.length !== y.length) throw new CreditkitError('E_SHAPE', `${col.values.length} values but ${y.length} labels`, { column: col.name });
  const w = weights === undefined ? null : sampleWeights(weights, y.length);
  const pre = col.kind === 'categorical' ? prebinCategorical(col, y, w, o) : prebinNumeric(col, y, w, o);
  if (pre.goods <= 0 || pre.bads <= 0) {
    throw new CreditkitError('E_SINGLE_CLASS', `the ${pre.goods <= 0 ? 'non-events' : 'events'} have total weight 0; both classes are needed`, { column: col.name });
  }
  const totals: MergeTotals = { goods: pre.goods, bads: pre.bads, totalWeight: pre.goods + pre.bads };
  const chosen = chooseMerge(col, pre, totals, o);
  const valueBins: WoeBin[] = chosen.runs.map((r) => {
    const first = pre.prebins[r.start];
    const last = pre.prebins[r.end - 1];
    const t = sumTally(pre, r.start, r.end);
    if (col.kind === 'categorical') {
      const labels = col.categories ?? [];
      const codes = pre.prebins.slice(r.start, r.end).flatMap((p) => p.codes!).sort((p, q) => p - q);
      return { lower: null, upper: null, categories: codes.map((c) => labels[c] ?? String(c)), missing: false, ...binStats(t, totals, o.smoothing) };
    }
    return { lower: first.lower, upper: last.upper, missing: false, ...binStats(t, totals, o.smoothing) };
  });
  if (col.kind === 'categorical') valueBins.sort((a, b) => a.woe - b.woe);
  const bins = [...valueBins];
  pre.specials.forEach((t, k) => bins.push({ lower: null, upper: null, missing: false, special: o.specialValues[k], ...binStats(t, totals, o.smoothing) }));
  if (pre.missing.goods + pre.missing.bads > 0) bins.push({ lower: null, upper: null, missing: true, ...binStats(pre.missing, totals, o.smoothing) });
  const iv = bins.reduce((s, b) => s + b.iv, 0);
  return {
    feature: col.name,
    kind: col.kind,
    bins,
    iv,
    strength: ivStrength(iv),
    direction: col.kind === 'categorical' ? 'none' : directionOf(valueBins),
    rank: 0,
    trend: col.kind === 'categorical' ? 'none' : chosen.trend,
    totals: { count: totals.totalWeight, goods: pre.goods, bads: pre.bads, badRate: pre.bads / totals.totalWeight, iv },
  };
}

interface Run {
  start: number;
  end: number;
}

/** The optimal merge under the trend asked for (`auto`: the rule in binFeature's comment); E_BINNING_INFEASIBLE when none exists. */
function chooseMerge(col: Column, pre: Prebinning, totals: MergeTotals, o: ResolvedWoeOptions): { runs: Run[]; trend: Trend } {
  const g = pre.prebins.map((p) => p.goods);
  const b = pre.prebins.map((p) => p.bads);
  const solve = (trend: Trend): { runs: Run[]; trend: Trend; iv: number } | null => {
    const ends = optimalMerge(g, b, totals, {
      trend,
      minShare: o.minBinShare,
      maxShare: o.maxBinShare,
      maxBins: o.maxBins ?? Number.MAX_SAFE_INTEGER,
      minEvents: o.minBinEvents,
      minNonEvents: o.minBinNonEvents,
      minRateDiff: o.minEventRateDiff,
      smoothing: o.smoothing,
    });
    if (ends === null) return null;
    const runs = ends.map((end, k) => ({ start: k === 0 ? 0 : ends[k - 1], end }));
    const iv = runs.reduce((s, r) => {
      const t = sumTally(pre, r.start, r.end);
      return s + binIv(t.goods, t.bads, totals, o.smoothing);
    }, 0);
    return { runs, trend, iv };
  };
  let best: { runs: Run[]; trend: Trend; iv: number } | null;
  if (col.kind === 'categorical') {
    best = solve('ascending');
    if (best) best.trend = 'none';
  } else if (o.trend !== 'auto') {
    best = solve(o.trend);
  } else {
    const better = (p: typeof best, q: typeof best, factor = 1) => (q !== null && (p === null || q.iv > p.iv * factor) ? q : p);
    best = better(solve('ascending'), solve('descending'));
    const shaped = better(solve('peak'), solve('valley'));
    best = best === null ? shaped : better(best, shaped, AUTO_PEAK_GAIN);
  }
  if (best === null) throw infeasible(col, pre, o);
  return best;
}

function infeasible(col: Column, pre: Prebinning, o: ResolvedWoeOptions): CreditkitError {
  const parts = [
    `trend ${o.trend}`,
    `minBinShare ${o.minBinShare}`,
    `maxBinShare ${o.maxBinShare}`,
    ...(o.maxBins === null ? [] : [`maxBins ${o.maxBins}`]),
    `minBinEvents ${o.minBinEvents}`,
    `minBinNonEvents ${o.minBinNonEvents}`,
    `minEventRateDiff ${o.minEventRateDiff}`,
  ];
  return new CreditkitError(
    'E_BINNING_INFEASIBLE',
    `feature "${col.name}": no binning of its ${pre.prebins.length} pre-bins satisfies the constraints (${parts.join(', ')}); relax one of them`,
    { column: col.name },
  );
}

function sumTally(pre: Prebinning, start: number, end: number): Tally {
  let goods = 0;
  let bads = 0;
  for (let k = start; k < end; k++) {
    goods += pre.prebins[k].goods;
    bads += pre.prebins[k].bads;
  }
  return { goods, bads };
}

/** Strictly rising or falling bad rate over the value bins, else 'none'. */
function directionOf(bins: readonly WoeBin[]): FeatureBinning['direction'] {
  if (bins.length < 2) return 'none';
  let up = true;
  let down = true;
  for (let k = 1; k < bins.length; k++) {
    if (!(bins[k].badRate > bins[k - 1].badRate)) up = false;
    if (!(bins[k].badRate < bins[k - 1].badRate)) down = false;
  }
  return up ? 'increasing' : down ? 'decreasing' : 'none';
}

function binStats(c: Tally, t: MergeTotals, alpha: number): Omit<WoeBin, 'lower' | 'upper' | 'missing' | 'categories' | 'special'> {
  const count = c.goods + c.bads;
  const smooth = c.goods === 0 || c.bads === 0;
  const pg = (smooth ? c.goods + alpha : c.goods) / t.goods;
  const pb = (smooth ? c.bads + alpha : c.bads) / t.bads;
  const woe = log(pg / pb);
  return { count, goods: c.goods, bads: c.bads, share: count / t.totalWeight, badRate: count > 0 ? c.bads / count : 0, woe, iv: binIv(c.goods, c.bads, t, alpha) };
}

/**
 * What finding a value's bin reads of a binning: its kind and each bin's
 * bounds, category labels, special value and missing flag (a FeatureBinning,
 * or a scorecard characteristic's attributes seen as bins).
 */
export interface BinLookup {
  kind: FeatureBinning['kind'];
  bins: readonly Pick<WoeBin, 'lower' | 'upper' | 'categories' | 'missing' | 'special'>[];
}

/** Index of the bin of a value (a number, or a category label for a categorical binning); −1 when no bin holds it. */
export function woeBinIndex(binning: BinLookup, value: number | string | null): number {
  const isMissing = value === null || (typeof value === 'number' && Number.isNaN(value));
  if (isMissing) return binning.bins.findIndex((b) => b.missing);
  if (binning.kind === 'categorical') return binning.bins.findIndex((b) => b.categories?.includes(String(value)));
  if (typeof value !== 'number') return -1;
  const f = Math.fround(value);
  const special = binning.bins.findIndex((b) => b.special !== undefined && Math.fround(b.special) === f);
  if (special >= 0) return special;
  return binning.bins.findIndex(
    (b) => !b.missing && b.special === undefined && (b.lower === null || value >= b.lower) && (b.upper === null || value < b.upper),
  );
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
    const codes = binCodes(bn, col);
    // Code bins.length = no bin: the neutral WOE 0.
    const woe = Float32Array.from([...bn.bins.map((b) => b.woe), 0]);
    for (let i = 0; i < data.nRows; i++) values[i] = woe[codes[i]];
    return { name: bn.feature, kind: 'numeric' as const, values };
  });
  return new Dataset(cols, data.nRows);
}
