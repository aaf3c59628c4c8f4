import { CreditkitError } from '../errors.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';

export type GrowPolicy = 'depthwise' | 'lossguide';
export type EvalMetric = 'logloss' | 'auc';

/** Hyperparameters of GradientBoostingClassifier. Names follow XGBoost's meaning. */
export interface GBDTOptions {
  /** Boosting rounds (trees), 1..100,000. Default 100. */
  nEstimators: number;
  /** Shrinkage applied to every leaf (XGBoost `eta`). Default 0.1. */
  learningRate: number;
  /** Maximum tree depth, 0..30; 0 = unlimited (only with growPolicy 'lossguide'). Default 6. */
  maxDepth: number;
  /** Maximum leaves per tree, 2..131,072; 0 = unlimited. Default 0 (31 with 'lossguide'). */
  maxLeaves: number;
  /** 'depthwise' (XGBoost's default) or 'lossguide' (best gain first, LightGBM-style). */
  growPolicy: GrowPolicy;
  /** L2 penalty on leaf weights (XGBoost `lambda`). Default 1. */
  lambda: number;
  /** L1 penalty on leaf weights (XGBoost `alpha`). Default 0. */
  alpha: number;
  /**
   * Minimum split gain, on XGBoost's scale (`gamma` / `min_split_loss`). Default 0.
   * Applied when a split is chosen (like LightGBM's min_gain_to_split); XGBoost
   * instead prunes bottom-up after growing, which can keep a weak split whose
   * child split is strong.
   */
  gamma: number;
  /** Minimum hessian sum in each child (XGBoost `min_child_weight`). Default 1. */
  minChildWeight: number;
  /** Bins per feature including the missing bin, 2..256. Default 256. */
  maxBins: number;
  /** Fraction of rows sampled for each tree, (0, 1]. Default 1. */
  subsample: number;
  /** Fraction of features sampled for each tree, (0, 1]. Default 1. */
  colsampleByTree: number;
  /** Weight multiplier of positive rows (class imbalance). Default 1. */
  scalePosWeight: number;
  /** Initial probability; null = the (weighted) training default rate. */
  baseScore: number | null;
  /** Stop when the eval metric has not improved for this many rounds (0..100,000); 0 = off. */
  earlyStoppingRounds: number;
  /** Metric watched on the eval set. Default 'logloss'. */
  evalMetric: EvalMetric;
  /** Per-feature monotone constraint by name: +1 increasing, -1 decreasing. */
  monotoneConstraints: Record<string, -1 | 0 | 1>;
  /** Seed of every random choice (row/column sampling, binning sample). Default 0. */
  seed: number;
}

export const GBDT_DEFAULTS: Readonly<GBDTOptions> = Object.freeze({
  nEstimators: 100,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: 0,
  growPolicy: 'depthwise',
  lambda: 1,
  alpha: 0,
  gamma: 0,
  minChildWeight: 1,
  maxBins: 256,
  subsample: 1,
  colsampleByTree: 1,
  scalePosWeight: 1,
  baseScore: null,
  earlyStoppingRounds: 0,
  evalMetric: 'logloss',
  monotoneConstraints: {},
  seed: 0,
});

/**
 * Ranges of the integer options (README: GradientBoostingClassifier options).
 * The maxima bound the trees, leaves and rounds one model may ask for: 100,000
 * rounds, depth 30, LightGBM's 131,072 leaves, 256 bins.
 */
export const GBDT_RANGES = {
  nEstimators: { min: 1, max: 100_000 },
  maxDepth: { min: 0, max: 30 },
  maxLeaves: { min: 0, max: 131_072 },
  maxBins: { min: 2, max: 256 },
  earlyStoppingRounds: { min: 0, max: 100_000 },
} as const satisfies Readonly<Partial<Record<keyof GBDTOptions, IntegerRange>>>;

/** Merges user options over the defaults and rejects anything out of range. */
export function resolveGbdtOptions(user: Partial<GBDTOptions> = {}): GBDTOptions {
  for (const key of Object.keys(user)) {
    if (!Object.hasOwn(GBDT_DEFAULTS, key)) {
      throw new CreditkitError('E_OPTION', `unknown option "${key}" (known: ${Object.keys(GBDT_DEFAULTS).join(', ')})`);
    }
  }
  const o: GBDTOptions = { ...GBDT_DEFAULTS, monotoneConstraints: { ...(user.monotoneConstraints ?? {}) }, ...stripUndefined(user) };
  if (user.growPolicy === 'lossguide' && user.maxLeaves === undefined) o.maxLeaves = 31;
  const bad = (key: string, rule: string): never => {
    throw new CreditkitError('E_OPTION', `${key} must be ${rule}, got ${JSON.stringify((o as unknown as Record<string, unknown>)[key])}`);
  };
  const isInt = (v: number): boolean => Number.isInteger(v);
  for (const [key, range] of Object.entries(GBDT_RANGES)) checkIntegerRange(key, o[key as keyof typeof GBDT_RANGES], range);
  if (!(o.learningRate > 0 && o.learningRate <= 1)) bad('learningRate', 'in (0, 1]');
  if (o.growPolicy !== 'depthwise' && o.growPolicy !== 'lossguide') bad('growPolicy', '"depthwise" or "lossguide"');
  if (o.maxLeaves === 1) bad('maxLeaves', `an integer in 2..${GBDT_RANGES.maxLeaves.max}, or 0 for no limit`);
  if (o.maxDepth === 0 && (o.growPolicy !== 'lossguide' || o.maxLeaves === 0)) bad('maxDepth', '>= 1 unless growPolicy is "lossguide" with maxLeaves set');
  if (!(o.lambda >= 0 && Number.isFinite(o.lambda))) bad('lambda', 'a finite number >= 0');
  if (!(o.alpha >= 0 && Number.isFinite(o.alpha))) bad('alpha', 'a finite number >= 0');
  if (!(o.gamma >= 0 && Number.isFinite(o.gamma))) bad('gamma', 'a finite number >= 0');
  if (!(o.minChildWeight >= 0 && Number.isFinite(o.minChildWeight))) bad('minChildWeight', 'a finite number >= 0');
  if (!(o.subsample > 0 && o.subsample <= 1)) bad('subsample', 'in (0, 1]');
  if (!(o.colsampleByTree > 0 && o.colsampleByTree <= 1)) bad('colsampleByTree', 'in (0, 1]');
  if (!(o.scalePosWeight > 0 && Number.isFinite(o.scalePosWeight))) bad('scalePosWeight', 'a finite number > 0');
  if (o.baseScore !== null && !(o.baseScore > 0 && o.baseScore < 1)) bad('baseScore', 'a probability in (0, 1) or null');
  if (o.evalMetric !== 'logloss' && o.evalMetric !== 'auc') bad('evalMetric', '"logloss" or "auc"');
  if (!isInt(o.seed)) bad('seed', 'an integer');
  for (const [name, c] of Object.entries(o.monotoneConstraints)) {
    if (c !== -1 && c !== 0 && c !== 1) throw new CreditkitError('E_OPTION', `monotone constraint of "${name}" must be -1, 0 or 1, got ${JSON.stringify(c)}`);
  }
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
