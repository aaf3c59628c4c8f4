import type { WoeOptions } from '../../binning/binningOptions.js';
import { binFeature, type BinLookup, type WoeBin } from '../../binning/woe.js';
import { binCodes } from '../../binning/binCodes.js';
import type { Column, Dataset } from '../../data/dataset.js';
import { float32Text } from '../../data/float32Text.js';
import { CreditkitError } from '../../errors.js';
import type { ScorecardOptions } from './scorecardOptions.js';

/**
 * One attribute (bin) of a characteristic. `good` = target 0, `bad` = target 1;
 * WOE = ln(%good / %bad), positive = safer than average.
 */
export interface ScorecardAttribute extends Pick<WoeBin, 'lower' | 'upper' | 'categories' | 'count' | 'goods' | 'bads' | 'share' | 'badRate' | 'woe' | 'iv'> {
  /** How a value is matched: a numeric range [lower, upper), a set of category labels, the missing value, or one special value. */
  kind: 'range' | 'categories' | 'missing' | 'special';
  /** The special value of a 'special' attribute. */
  value?: number;
}

/** A binned characteristic (feature): its attributes and information value. */
export interface Characteristic {
  feature: string;
  kind: 'numeric' | 'categorical';
  /** The training dictionary of a categorical characteristic (code i means categories[i]). */
  categories?: string[];
  attributes: ScorecardAttribute[];
  iv: number;
}

/**
 * The binning step of the scorecard fit: every column of `X` binned by the
 * optimal WOE binning of binning/ with the scorecard's binning options
 * (monotone trend chosen from the data by default, each special value in an
 * attribute of its own, missing values apart). With sample `weights`, counts,
 * shares and event rates are weight sums (as the regression weighs the rows).
 * A column with a single value (E_SINGLE_VALUE when binned alone) carries no
 * information: it is listed in `singleValue`, not binned. Other errors name
 * the column: E_SPECIAL_VALUE_UNSEEN, E_BINNING_INFEASIBLE.
 */
export function binCharacteristics(X: Dataset, y: Float64Array, o: ScorecardOptions, weights?: ArrayLike<number>): { characteristics: Characteristic[]; singleValue: string[] } {
  for (const name of Object.keys(o.specialValues)) {
    if (!X.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `specialValues names a column the data does not have (columns are: ${X.names.join(', ')})`, { column: name });
  }
  const characteristics: Characteristic[] = [];
  const singleValue: string[] = [];
  for (const col of X.columns) {
    const c = binCharacteristic(col, y, o, Object.hasOwn(o.specialValues, col.name) ? o.specialValues[col.name] : [], weights);
    if (c === null) singleValue.push(col.name);
    else characteristics.push(c);
  }
  return { characteristics, singleValue };
}

/** The binning options of binning/ that the scorecard's options set. */
function woeOptionsOf(o: ScorecardOptions, specialValues: readonly number[]): WoeOptions {
  return {
    fineBins: o.fineBins, minBinShare: o.minBinShare, maxBinShare: o.maxBinShare, maxBins: o.maxBins ?? undefined, minBinEvents: o.minBinEvents,
    minBinNonEvents: o.minBinNonEvents, minEventRateDiff: o.minEventRateDiff, trend: o.trend, minCategoryShare: o.minCategoryShare,
    smoothing: o.smoothing, specialValues,
  };
}

/** The characteristic of one column, or null when the column has a single value. */
function binCharacteristic(col: Column, y: Float64Array, o: ScorecardOptions, specials: readonly number[], weights?: ArrayLike<number>): Characteristic | null {
  if (specials.length > 0 && col.kind !== 'numeric') {
    throw new CreditkitError('E_OPTION', 'specialValues apply to numeric columns; this one is categorical', { column: col.name });
  }
  let binning;
  try {
    binning = binFeature(col, y, woeOptionsOf(o, specials), weights);
  } catch (e) {
    if (e instanceof CreditkitError && e.code === 'E_SINGLE_VALUE' && e.where.column === col.name) return null;
    throw e;
  }
  const attributes = binning.bins.map(attributeOf);
  const out: Characteristic = { feature: col.name, kind: col.kind, attributes, iv: binning.iv };
  if (col.kind === 'categorical') out.categories = [...(col.categories ?? [])];
  return out;
}

/** A bin of the binning as a scorecard attribute. */
function attributeOf(b: WoeBin): ScorecardAttribute {
  const kind = b.missing ? 'missing' : b.special !== undefined ? 'special' : b.categories ? 'categories' : 'range';
  const a: ScorecardAttribute = {
    kind, lower: b.lower, upper: b.upper, count: b.count, goods: b.goods, bads: b.bads, share: b.share, badRate: b.badRate, woe: b.woe, iv: b.iv,
  };
  if (b.categories) a.categories = [...b.categories];
  if (b.special !== undefined) a.value = b.special;
  return a;
}

/** An attribute as a reader sees it: `[1, 3)`, `< 1`, `>= 3`, `Missing`, `Special: 96`, or the category labels. */
export function attributeLabel(a: ScorecardAttribute): string {
  switch (a.kind) {
    case 'missing':
      return 'Missing';
    case 'special':
      return `Special: ${float32Text(a.value!)}`;
    case 'categories':
      return (a.categories ?? []).join(', ');
    case 'range':
      if (a.lower === null && a.upper === null) return 'all values';
      if (a.lower === null) return `< ${float32Text(a.upper!)}`;
      if (a.upper === null) return `>= ${float32Text(a.lower)}`;
      return `[${float32Text(a.lower)}, ${float32Text(a.upper)})`;
  }
}

/** A characteristic's attributes as the bins `binCodes` reads. */
function asBins(ch: Characteristic): BinLookup {
  return {
    kind: ch.kind,
    bins: ch.attributes.map((a) => ({
      lower: a.lower, upper: a.upper, categories: a.categories, missing: a.kind === 'missing', special: a.kind === 'special' ? a.value : undefined,
    })),
  };
}

/**
 * The attribute of each value of a characteristic's column (already in the
 * training dictionary for a categorical one), −1 when none holds it: a
 * missing value without a missing attribute, or a category not seen in
 * training. The binning's own lookup (`binCodes`) on the attributes.
 */
export function attributeIndices(ch: Characteristic, values: Float32Array): Int32Array {
  const codes = attributeCodes(ch, values);
  const none = ch.attributes.length;
  return Int32Array.from(codes, (k) => (k === none ? -1 : k));
}

/** `binCodes` of a characteristic's column: the attribute of each value, `attributes.length` when none holds it. */
export function attributeCodes(ch: Characteristic, values: Float32Array): Uint8Array {
  return binCodes(asBins(ch), { name: ch.feature, kind: ch.kind, values, categories: ch.categories });
}
