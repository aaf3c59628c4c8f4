import { isJsonObject } from '../../jsonObject.js';
import { MAX_BINS_RANGE, PREBIN_RANGE, TRENDS, type TrendOption, WOE_DEFAULTS } from '../../binning/binningOptions.js';
import { badOption, defaultsOf, type OptionTable, resolveOptions } from '../optionTable.js';

/** Options of ScorecardModel: binning, selection, the logistic fit and the points scaling. Ranges and defaults: `SCORECARD_OPTION_TABLE`. */
export interface ScorecardOptions {
  /** Quantile bins the WOE binning of a numeric characteristic starts from. */
  fineBins: number;
  /** Smallest share of all rows a (non-missing, non-special) attribute may hold. */
  minBinShare: number;
  /** Largest share of all rows a (non-missing, non-special) attribute may hold. */
  maxBinShare: number;
  /** Most attributes of a characteristic, missing and special attributes not counted; `null`: no limit. */
  maxBins: number | null;
  /** Fewest bads (target 1) in a (non-missing, non-special) attribute, weighted. */
  minBinEvents: number;
  /** Fewest goods (target 0) in a (non-missing, non-special) attribute, weighted. */
  minBinNonEvents: number;
  /** Smallest difference of the bad rate between neighbouring attributes. */
  minEventRateDiff: number;
  /** Shape of the bad rate over a numeric characteristic's attributes; `auto` chooses it from the data. */
  trend: TrendOption;
  /** Categorical levels under this share of all rows are pooled into one group before the binning. */
  minCategoryShare: number;
  /** Added to both counts of an attribute without goods or without bads, so its WOE stays finite. */
  smoothing: number;
  /** Per numeric characteristic, values that get an attribute of their own each (e.g. `{ "NumberOfTimes90DaysLate": [96, 98] }`). */
  specialValues: Record<string, number[]>;
  /** Characteristics with a smaller information value are left out. */
  minIv: number;
  /** Characteristics with a larger information value are left out (too good to be true: often a leak); `null`: no limit. */
  maxIv: number | null;
  /** Of two characteristics whose WOE columns correlate beyond this (|Pearson r|), the lower-IV one is left out; `null`: no cap. */
  maxCorrelation: number | null;
  /** `forward`: stepwise selection of characteristics by BIC before the final fit; `none`: keep every one the IV range and the correlation cap keep. */
  selection: 'none' | 'forward';
  /** Penalty of the logistic fit on the WOE columns: `l2`, `l1` (drops characteristics, as LASSO) or `none`. */
  penalty: 'l2' | 'l1' | 'none';
  /** Inverse penalty strength (scikit-learn's C), on standardized WOE columns. */
  C: number;
  maxIter: number;
  tol: number;
  /** Points to double the good:bad odds. */
  pdo: number;
  /** Good:bad odds that score `basePoints`. */
  baseOdds: number;
  /** Score at `baseOdds`. */
  basePoints: number;
  /** Round every attribute's points (and the intercept's) to whole points. */
  roundPoints: boolean;
}

function isSpecialValues(v: unknown): boolean {
  if (!isJsonObject(v)) return false;
  return Object.values(v).every((list) => Array.isArray(list) && list.length > 0 && list.every((x) => typeof x === 'number' && Number.isFinite(x))
    && new Set(list).size === list.length);
}

/** The options of ScorecardModel (docs/guides/scorecard.md: scorecard model). */
export const SCORECARD_OPTION_TABLE: OptionTable<ScorecardOptions> = {
  model: 'Scorecard',
  options: {
    fineBins: {
      type: { kind: 'integer', range: PREBIN_RANGE }, default: 50,
      doc: 'quantile pre-bins of a numeric characteristic before the optimal merge (50: a count column that is 0 in 95% of rows still gets a cut)',
    },
    minBinShare: { type: { kind: 'number', min: 0, minIncluded: true, max: 1, maxIncluded: false }, default: 0.02, doc: 'smallest share of all rows an attribute may hold (missing and special attributes excepted)' },
    maxBinShare: {
      type: { kind: 'number', min: 0, minIncluded: false, max: 1, maxIncluded: true }, default: WOE_DEFAULTS.maxBinShare,
      rangeText: '(0, 1], at least `minBinShare`', doc: 'largest share of all rows an attribute may hold (missing and special attributes excepted)',
    },
    maxBins: {
      type: { kind: 'integer', range: MAX_BINS_RANGE }, nullable: true, default: WOE_DEFAULTS.maxBins, defaultText: 'null (no limit)',
      doc: 'most attributes per characteristic, missing and special attributes not counted',
    },
    minBinEvents: { type: { kind: 'number', min: 0, minIncluded: true }, default: WOE_DEFAULTS.minBinEvents, doc: 'fewest bads (target 1, weighted) in an attribute (missing and special attributes excepted)' },
    minBinNonEvents: { type: { kind: 'number', min: 0, minIncluded: true }, default: WOE_DEFAULTS.minBinNonEvents, doc: 'fewest goods (target 0, weighted) in an attribute (missing and special attributes excepted)' },
    minEventRateDiff: {
      type: { kind: 'number', min: 0, minIncluded: true, max: 1, maxIncluded: true }, default: WOE_DEFAULTS.minEventRateDiff,
      doc: 'smallest bad-rate difference between neighbouring attributes',
    },
    trend: {
      type: { kind: 'enum', values: TRENDS }, default: WOE_DEFAULTS.trend,
      doc: 'shape of the bad rate over a numeric characteristic\'s attributes (`auto`: chosen from the data; `none`: any shape)',
    },
    minCategoryShare: {
      type: { kind: 'number', min: 0, minIncluded: true, max: 1, maxIncluded: true }, default: WOE_DEFAULTS.minCategoryShare,
      doc: 'categorical levels under this share of all rows are pooled into one group before the binning',
    },
    smoothing: { type: { kind: 'number', min: 0, minIncluded: false }, default: 0.5, doc: 'added to both counts of an attribute without goods or without bads (finite WOE)' },
    specialValues: {
      type: {
        kind: 'custom', accepts: isSpecialValues, rule: 'an object of numeric column name → a non-empty list of distinct finite numbers',
        range: '`{ column: [v1, v2, …] }`',
      },
      default: {}, doc: 'values with an attribute of their own each (e.g. 96 and 98 in a past-due count); each must occur in training',
    },
    minIv: { type: { kind: 'number', min: 0, minIncluded: true }, default: 0.02, doc: 'characteristics with a lower information value are left out' },
    maxIv: {
      type: { kind: 'number', min: 0, minIncluded: false }, nullable: true, default: null, defaultText: 'null (no limit)', rangeText: 'number above `minIv`, or `null`',
      doc: 'characteristics with a higher information value are left out (too good to be true: often a leak)',
    },
    maxCorrelation: {
      type: { kind: 'number', min: 0, minIncluded: false, max: 1, maxIncluded: true }, nullable: true, default: null, defaultText: 'null (no cap)',
      doc: 'of two characteristics whose WOE columns correlate beyond this (absolute Pearson r on the training rows), the lower-IV one is left out',
    },
    selection: {
      type: { kind: 'enum', values: ['none', 'forward'] }, default: 'none',
      doc: '`forward`: stepwise selection by BIC among the characteristics the IV range and the correlation cap keep (one logistic fit per candidate and step)',
    },
    penalty: { type: { kind: 'enum', values: ['l2', 'l1', 'none'] }, default: 'l2', doc: 'penalty of the logistic fit on WOE; `l1` drops characteristics (their coefficient 0)' },
    C: { type: { kind: 'number', min: 0, minIncluded: false }, default: 1, doc: 'inverse penalty strength (scikit-learn\'s C) on standardized WOE columns' },
    maxIter: { type: { kind: 'integer', range: { min: 1, max: 100_000 } }, default: 100, doc: 'Newton iterations' },
    tol: { type: { kind: 'number', min: 0, minIncluded: false }, default: 1e-8, doc: 'stop when no coefficient moves more than this' },
    pdo: { type: { kind: 'number', min: 0, minIncluded: false }, default: 20, doc: 'points to double the good:bad odds' },
    baseOdds: { type: { kind: 'number', min: 0, minIncluded: false }, default: 50, doc: 'good:bad odds that score `basePoints`' },
    basePoints: { type: { kind: 'number', min: -1e6, minIncluded: true, max: 1e6, maxIncluded: true }, default: 600, doc: 'score at `baseOdds`' },
    roundPoints: { type: { kind: 'boolean' }, default: false, doc: 'whole points per attribute (the PD is then the rounded score\'s)' },
  },
  // The binning process's rules across its options.
  crossCheck: (o) => {
    if (o.maxBinShare < o.minBinShare) badOption('maxBinShare', `at least minBinShare (${o.minBinShare})`, o.maxBinShare);
    if (o.maxIv !== null && !(o.maxIv > o.minIv)) badOption('maxIv', `above minIv (${o.minIv}), or null`, o.maxIv);
  },
};

export const SCORECARD_DEFAULTS: Readonly<ScorecardOptions> = Object.freeze(defaultsOf(SCORECARD_OPTION_TABLE));

export function resolveScorecardOptions(user: Partial<ScorecardOptions> | Record<string, unknown> = {}): ScorecardOptions {
  return resolveOptions(SCORECARD_OPTION_TABLE, user);
}
