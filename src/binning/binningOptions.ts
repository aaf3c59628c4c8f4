import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { CreditkitError } from '../errors.js';
import type { Trend } from './optimalMerge.js';

/** The trend option: a shape of the event rate, or `auto` (chosen from the data). */
export type TrendOption = Trend | 'auto';
export const TRENDS: readonly TrendOption[] = ['auto', 'ascending', 'descending', 'peak', 'valley', 'none'];

/** Pre-bins the optimizer starts from (`fineBins`): its work grows with their cube. */
export const PREBIN_RANGE: IntegerRange = { min: 1, max: 100 };
/** Bins a characteristic may end with (`maxBins`), missing and special bins not counted. */
export const MAX_BINS_RANGE: IntegerRange = { min: 1, max: 100 };
/** Special values per characteristic. */
export const MAX_SPECIAL_VALUES = 100;

export interface WoeOptions {
  /** Pre-bins: quantile bins of a numeric feature (its distinct values when there are at most this many), or groups of categories. Default 20. */
  fineBins?: number;
  /** Smallest share of all rows (weight) a value bin may hold. Default 0.05. */
  minBinShare?: number;
  /** Largest share of all rows (weight) a value bin may hold. Default 1. */
  maxBinShare?: number;
  /** Most value bins (missing and special bins not counted). Default: no limit. */
  maxBins?: number;
  /** Fewest events (target 1) and non-events (target 0) in a value bin (weighted). Default 0. */
  minBinEvents?: number;
  minBinNonEvents?: number;
  /** Smallest event-rate difference between neighbouring value bins. Default 0. */
  minEventRateDiff?: number;
  /** Shape of the event rate over the value bins (numeric features). Default 'auto'. */
  trend?: TrendOption;
  /** Categorical: levels under this share of all rows are grouped into one bin before the optimization. Default 0.05. */
  minCategoryShare?: number;
  /** Numeric: values (float32-exact) that get a bin each, outside the optimization (e.g. −999, or 96 and 98). Default none. */
  specialValues?: readonly number[];
  /** Added to the good and the bad count of a bin that has no goods or no bads. Default 0.5. */
  smoothing?: number;
}

export type ResolvedWoeOptions = Required<Omit<WoeOptions, 'maxBins' | 'specialValues'>> & { maxBins: number | null; specialValues: number[] };

export const WOE_DEFAULTS: ResolvedWoeOptions = {
  fineBins: 20,
  minBinShare: 0.05,
  maxBinShare: 1,
  maxBins: null,
  minBinEvents: 0,
  minBinNonEvents: 0,
  minEventRateDiff: 0,
  trend: 'auto',
  minCategoryShare: 0.05,
  specialValues: [],
  smoothing: 0.5,
};

const KNOWN = new Set(Object.keys(WOE_DEFAULTS));

function share(key: string, v: unknown, lowOpen: boolean, feature?: string): number {
  const ok = typeof v === 'number' && (lowOpen ? v > 0 : v >= 0) && v <= 1;
  if (!ok) throw optionError(`${key} must be a number in ${lowOpen ? '(0' : '[0'}, 1], got ${JSON.stringify(v)}`, feature);
  return v;
}

function optionError(message: string, feature?: string): CreditkitError {
  return new CreditkitError('E_OPTION', feature === undefined ? message : `feature "${feature}": ${message}`, feature === undefined ? {} : { column: feature });
}

/** Defaults filled in and every option checked (E_OPTION naming the feature when given). */
export function resolveWoeOptions(options: WoeOptions = {}, feature?: string): ResolvedWoeOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw optionError('options must be an object', feature);
  for (const k of Object.keys(options)) {
    if (!KNOWN.has(k)) throw optionError(`unknown option "${k}" (known: ${[...KNOWN].join(', ')})`, feature);
  }
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...WOE_DEFAULTS, ...given } as ResolvedWoeOptions;
  try {
    checkIntegerRange('fineBins', o.fineBins, PREBIN_RANGE);
    if (o.maxBins !== null) checkIntegerRange('maxBins', o.maxBins, MAX_BINS_RANGE);
  } catch (e) {
    throw feature === undefined ? e : optionError((e as CreditkitError).reason, feature);
  }
  if (!(typeof o.minBinShare === 'number' && o.minBinShare >= 0 && o.minBinShare < 1)) {
    throw optionError(`minBinShare must be in [0, 1), got ${JSON.stringify(o.minBinShare)}`, feature);
  }
  share('maxBinShare', o.maxBinShare, true, feature);
  if (o.maxBinShare < o.minBinShare) throw optionError(`maxBinShare (${o.maxBinShare}) is below minBinShare (${o.minBinShare})`, feature);
  share('minCategoryShare', o.minCategoryShare, false, feature);
  share('minEventRateDiff', o.minEventRateDiff, false, feature);
  for (const k of ['minBinEvents', 'minBinNonEvents'] as const) {
    const v = o[k];
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) throw optionError(`${k} must be a finite number ≥ 0, got ${JSON.stringify(v)}`, feature);
  }
  if (!TRENDS.includes(o.trend)) throw optionError(`trend must be one of ${TRENDS.join(', ')}, got ${JSON.stringify(o.trend)}`, feature);
  if (!(typeof o.smoothing === 'number' && o.smoothing > 0 && Number.isFinite(o.smoothing))) {
    throw optionError(`smoothing must be a finite number > 0, got ${JSON.stringify(o.smoothing)}`, feature);
  }
  o.specialValues = checkSpecialValues(o.specialValues, feature);
  return o;
}

/** Finite numbers, each float32-distinct from the others, at most MAX_SPECIAL_VALUES. */
function checkSpecialValues(values: unknown, feature?: string): number[] {
  if (!Array.isArray(values)) throw optionError('specialValues must be an array of numbers', feature);
  if (values.length > MAX_SPECIAL_VALUES) throw optionError(`at most ${MAX_SPECIAL_VALUES} specialValues, got ${values.length}`, feature);
  const seen = new Set<number>();
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isFinite(Math.fround(v))) {
      throw optionError(`a special value must be a finite float32 number, got ${JSON.stringify(v)}`, feature);
    }
    const f = Math.fround(v);
    if (seen.has(f)) throw optionError(`special value ${v} is listed twice (as float32)`, feature);
    seen.add(f);
  }
  return [...values];
}
