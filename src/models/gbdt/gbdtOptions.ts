import { badOption, defaultsOf, type OptionTable, rangesOf, resolveOptions } from '../optionTable.js';

export type GrowPolicy = 'depthwise' | 'lossguide';
export type EvalMetric = 'logloss' | 'auc';

/** Hyperparameters of GradientBoostingClassifier. Names follow XGBoost's meaning. Ranges and defaults: `GBDT_OPTION_TABLE`. */
export interface GBDTOptions {
  /** Boosting rounds (trees). */
  nEstimators: number;
  /** Shrinkage applied to every leaf (XGBoost `eta`). */
  learningRate: number;
  /** Maximum tree depth; 0 = unlimited (only with growPolicy 'lossguide'). */
  maxDepth: number;
  /** Maximum leaves per tree; 0 = unlimited. */
  maxLeaves: number;
  /** 'depthwise' (XGBoost's default) or 'lossguide' (best gain first, LightGBM-style). */
  growPolicy: GrowPolicy;
  /** L2 penalty on leaf weights (XGBoost `lambda`). */
  lambda: number;
  /** L1 penalty on leaf weights (XGBoost `alpha`). */
  alpha: number;
  /**
   * Minimum split gain, on XGBoost's scale (`gamma` / `min_split_loss`).
   * Applied when a split is chosen (like LightGBM's min_gain_to_split); XGBoost
   * instead prunes bottom-up after growing, which can keep a weak split whose
   * child split is strong.
   */
  gamma: number;
  /** Minimum hessian sum in each child (XGBoost `min_child_weight`). */
  minChildWeight: number;
  /** Bins per feature including the missing bin. */
  maxBins: number;
  /** Fraction of rows sampled for each tree. */
  subsample: number;
  /** Fraction of features sampled for each tree. */
  colsampleByTree: number;
  /** Weight multiplier of positive rows (class imbalance). */
  scalePosWeight: number;
  /** Initial probability; null = the (weighted) training default rate. */
  baseScore: number | null;
  /** Stop when the eval metric has not improved for this many rounds; 0 = off. */
  earlyStoppingRounds: number;
  /** Metric watched on the eval set. */
  evalMetric: EvalMetric;
  /** Per-feature monotone constraint by name: +1 increasing, -1 decreasing. */
  monotoneConstraints: Record<string, -1 | 0 | 1>;
  /** Seed of every random choice (row/column sampling, binning sample). */
  seed: number;
  /**
   * Quantized-gradient training (LightGBM's `use_quantized_grad`): gradients
   * rounded stochastically to a few levels, integer histograms, leaves
   * refitted from full-precision gradients. Not saved in model files when off.
   */
  quantizedGradients: boolean;
}

const finiteAtLeast0 = { kind: 'number', min: 0, minIncluded: true } as const;
const share = { kind: 'number', min: 0, minIncluded: false, max: 1, maxIncluded: true } as const;

function isMonotoneMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((c) => c === -1 || c === 0 || c === 1);
}

/**
 * The options of GradientBoostingClassifier, one row each (docs/guides/modelling.md:
 * GradientBoostingClassifier options). The maxima bound the trees, leaves and
 * rounds one model may ask for: 100,000 rounds, depth 30, LightGBM's 131,072
 * leaves, 256 bins.
 */
export const GBDT_OPTION_TABLE: OptionTable<GBDTOptions> = {
  model: 'GradientBoostingClassifier',
  options: {
    nEstimators: { type: { kind: 'integer', range: { min: 1, max: 100_000 } }, default: 100, doc: 'boosting rounds', flag: 'n-estimators' },
    learningRate: { type: share, default: 0.1, doc: 'shrinkage (`eta`)', flag: 'learning-rate' },
    maxDepth: {
      type: { kind: 'integer', range: { min: 0, max: 30 } }, nullAs: 0, default: 6, flag: 'max-depth',
      rangeText: 'integer 1..30, or `null` (no limit)',
      doc: 'maximum depth; `null` = unlimited, with `lossguide` and `maxLeaves` only (then at most 256 levels, `MAX_TREE_DEPTH`); the older spelling 0 is read too and kept in `options` and model files',
    },
    maxLeaves: {
      type: { kind: 'integer', range: { min: 0, max: 131_072 } }, nullAs: 0, default: 0, flag: 'max-leaves',
      defaultText: '0 (31 with `lossguide`)', rangeText: 'integer 2..131,072 (LightGBM\'s maximum), or `null` (no limit)', doc: 'leaves per tree; `null` = no limit (kept as 0, the older spelling, which is read too)',
    },
    growPolicy: { type: { kind: 'enum', values: ['depthwise', 'lossguide'] }, default: 'depthwise', flag: 'grow-policy', doc: '`lossguide` splits the leaf with the best gain first (LightGBM-style)' },
    lambda: { type: finiteAtLeast0, default: 1, flag: 'lambda', doc: 'L2 penalty on leaf weights' },
    alpha: { type: finiteAtLeast0, default: 0, flag: 'alpha', doc: 'L1 penalty on leaf weights' },
    gamma: { type: finiteAtLeast0, default: 0, flag: 'gamma', doc: 'minimum split gain (XGBoost\'s scale), applied as splits are chosen (XGBoost prunes after growing)' },
    minChildWeight: { type: finiteAtLeast0, default: 1, flag: 'min-child-weight', doc: 'minimum hessian sum in a child' },
    maxBins: { type: { kind: 'integer', range: { min: 2, max: 256 } }, default: 256, flag: 'max-bins', doc: 'histogram bins per feature, including the missing-value bin' },
    subsample: { type: share, default: 1, flag: 'subsample', doc: 'share of rows drawn for each tree' },
    colsampleByTree: { type: share, default: 1, flag: 'colsample-bytree', doc: 'share of features drawn for each tree' },
    scalePosWeight: { type: { kind: 'number', min: 0, minIncluded: false }, default: 1, flag: 'scale-pos-weight', doc: 'weight of defaulters (class imbalance)' },
    baseScore: {
      type: { kind: 'number', min: 0, minIncluded: false, max: 1, maxIncluded: false }, nullable: true, default: null, flag: 'base-score',
      defaultText: 'training default rate', doc: 'initial PD; `null` = the (weighted) training default rate',
    },
    earlyStoppingRounds: {
      type: { kind: 'integer', range: { min: 0, max: 100_000 } }, default: 0, defaultText: '0 (off)', flag: 'early-stopping-rounds',
      doc: 'stop when the eval-set metric has not improved for N rounds; keeps the best round',
    },
    evalMetric: { type: { kind: 'enum', values: ['logloss', 'auc'] }, default: 'logloss', flag: 'eval-metric', doc: 'metric watched on the eval set' },
    monotoneConstraints: {
      type: { kind: 'custom', accepts: isMonotoneMap, rule: 'an object of feature name → -1, 0 or 1', range: '`{ featureName: 1 \\| -1 \\| 0 }`' },
      default: {}, doc: 'PD may only rise (1) or fall (-1) with the feature',
    },
    seed: { type: { kind: 'integer' }, default: 0, flag: 'seed', doc: 'seed of every random choice (row and column sampling, binning sample)' },
    quantizedGradients: {
      type: { kind: 'boolean' }, default: false, flag: 'quantized-grad',
      doc: 'round each round\'s gradients stochastically (seeded) to 4 levels, split on integer histogram sums, refit leaves from full-precision gradients (LightGBM\'s `use_quantized_grad`); other trees of about the same AUC; not saved when off',
    },
  },
  derive(o, user) {
    if (user.growPolicy === 'lossguide' && user.maxLeaves === undefined) o.maxLeaves = 31;
  },
  crossCheck(o) {
    if (o.maxLeaves === 1) badOption('maxLeaves', `an integer in 2..${GBDT_RANGES.maxLeaves.max}, or 0 for no limit`, o.maxLeaves);
    if (o.maxDepth === 0 && (o.growPolicy !== 'lossguide' || o.maxLeaves === 0)) {
      badOption('maxDepth', '>= 1 unless growPolicy is "lossguide" with maxLeaves set', o.maxDepth);
    }
  },
};

export const GBDT_DEFAULTS: Readonly<GBDTOptions> = Object.freeze(defaultsOf(GBDT_OPTION_TABLE));

/** Ranges of the integer options, from the table. */
export const GBDT_RANGES = rangesOf(GBDT_OPTION_TABLE, ['nEstimators', 'maxDepth', 'maxLeaves', 'maxBins', 'earlyStoppingRounds']);

/** Merges user options over the defaults and rejects anything out of range. */
export function resolveGbdtOptions(user: Partial<GBDTOptions> = {}): GBDTOptions {
  return resolveOptions(GBDT_OPTION_TABLE, user);
}
