import { CreditkitError } from '../errors.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import type { CartLimits } from './cartGrower.js';

/** Features considered at each split: a rule, a share of the features in (0, 1], or a count (integer >= 1). */
export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

/** Options of DecisionTreeClassifier (scikit-learn's names, camelCase). */
export interface DecisionTreeOptions {
  /** Maximum depth, 1..30; null = grow until leaves are pure or the other limits stop it. Default null. */
  maxDepth: number | null;
  /** A node with less weight than this is not split. Default 2. */
  minSamplesSplit: number;
  /** Minimum weight in each leaf. Default 1. */
  minSamplesLeaf: number;
  /** Maximum leaves (best-first growth), 2..131,072; null = no limit. Default null. */
  maxLeaves: number | null;
  /** Features drawn at each split. Default 'all'. */
  maxFeatures: MaxFeatures;
  /** Minimal cost-complexity pruning parameter (scikit-learn's ccp_alpha). Default 0. */
  ccpAlpha: number;
  /** Bins per feature including the missing bin, 2..256. Default 256. */
  maxBins: number;
  /** Seed of the feature draws and the binning sample. Default 0. */
  seed: number;
}

export const DECISION_TREE_DEFAULTS: Readonly<DecisionTreeOptions> = Object.freeze({
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxLeaves: null,
  maxFeatures: 'all',
  ccpAlpha: 0,
  maxBins: 256,
  seed: 0,
});

/** Options of RandomForestClassifier. */
export interface RandomForestOptions extends Omit<DecisionTreeOptions, 'ccpAlpha'> {
  /** Number of trees, 1..10,000. Default 100. */
  nEstimators: number;
  /** Draw a bootstrap sample (n rows with replacement) for each tree. Default true. */
  bootstrap: boolean;
  /** Compute the out-of-bag predictions and AUC after fit (needs bootstrap). Default false. */
  oobScore: boolean;
}

export const RANDOM_FOREST_DEFAULTS: Readonly<RandomForestOptions> = Object.freeze({
  nEstimators: 100,
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxLeaves: null,
  maxFeatures: 'sqrt',
  bootstrap: true,
  oobScore: false,
  maxBins: 256,
  seed: 0,
});

/** Options of AdaBoostClassifier (SAMME). */
export interface AdaBoostOptions {
  /** Maximum boosting rounds, 1..100,000. Default 50. */
  nEstimators: number;
  /** Shrinks each learner's weight alpha. Default 1. */
  learningRate: number;
  /** Depth of each base tree; 1 = decision stumps. Default 1. */
  maxDepth: number;
  /** Bins per feature including the missing bin, 2..256. Default 256. */
  maxBins: number;
  /** Seed of the binning sample. Default 0. */
  seed: number;
}

export const ADABOOST_DEFAULTS: Readonly<AdaBoostOptions> = Object.freeze({
  nEstimators: 50,
  learningRate: 1,
  maxDepth: 1,
  maxBins: 256,
  seed: 0,
});

/**
 * Ranges of the tree models' integer options (README: tree baselines). The
 * maxima bound one model's size: depth 30, LightGBM's 131,072 leaves, 256
 * bins, 10,000 forest trees (each grown to full depth by default) and 100,000
 * AdaBoost rounds (stumps by default).
 */
export const TREE_RANGES = {
  maxDepth: { min: 1, max: 30 },
  maxLeaves: { min: 2, max: 131_072 },
  maxBins: { min: 2, max: 256 },
} as const satisfies Readonly<Partial<Record<keyof DecisionTreeOptions, IntegerRange>>>;

export const RANDOM_FOREST_RANGES = {
  ...TREE_RANGES,
  nEstimators: { min: 1, max: 10_000 },
} as const satisfies Readonly<Partial<Record<keyof RandomForestOptions, IntegerRange>>>;

export const ADABOOST_RANGES = {
  nEstimators: { min: 1, max: 100_000 },
  maxDepth: TREE_RANGES.maxDepth,
  maxBins: TREE_RANGES.maxBins,
} as const satisfies Readonly<Partial<Record<keyof AdaBoostOptions, IntegerRange>>>;

const bad = (key: string, rule: string, value: unknown): never => {
  throw new CreditkitError('E_OPTION', `${key} must be ${rule}, got ${JSON.stringify(value)}`);
};
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Checks the options shared by the tree models. */
export function checkTreeOptions(o: Omit<DecisionTreeOptions, 'ccpAlpha'>): void {
  if (o.maxDepth !== null) checkIntegerRange('maxDepth', o.maxDepth, TREE_RANGES.maxDepth);
  if (!(typeof o.minSamplesSplit === 'number' && Number.isFinite(o.minSamplesSplit) && o.minSamplesSplit >= 2)) {
    bad('minSamplesSplit', 'a number >= 2', o.minSamplesSplit);
  }
  if (!(typeof o.minSamplesLeaf === 'number' && Number.isFinite(o.minSamplesLeaf) && o.minSamplesLeaf > 0)) {
    bad('minSamplesLeaf', 'a number > 0', o.minSamplesLeaf);
  }
  if (o.maxLeaves !== null) checkIntegerRange('maxLeaves', o.maxLeaves, TREE_RANGES.maxLeaves);
  checkMaxFeatures(o.maxFeatures);
  checkIntegerRange('maxBins', o.maxBins, TREE_RANGES.maxBins);
  if (!isInt(o.seed)) bad('seed', 'an integer', o.seed);
}

export function checkDecisionTreeOptions(o: DecisionTreeOptions): DecisionTreeOptions {
  checkTreeOptions(o);
  if (!(typeof o.ccpAlpha === 'number' && Number.isFinite(o.ccpAlpha) && o.ccpAlpha >= 0)) bad('ccpAlpha', 'a finite number >= 0', o.ccpAlpha);
  return o;
}

export function checkRandomForestOptions(o: RandomForestOptions): RandomForestOptions {
  checkTreeOptions(o);
  checkIntegerRange('nEstimators', o.nEstimators, RANDOM_FOREST_RANGES.nEstimators);
  if (typeof o.bootstrap !== 'boolean') bad('bootstrap', 'true or false', o.bootstrap);
  if (typeof o.oobScore !== 'boolean') bad('oobScore', 'true or false', o.oobScore);
  if (o.oobScore && !o.bootstrap) bad('oobScore', 'false when bootstrap is false (no row is out of bag)', o.oobScore);
  return o;
}

export function checkAdaBoostOptions(o: AdaBoostOptions): AdaBoostOptions {
  for (const [key, range] of Object.entries(ADABOOST_RANGES)) checkIntegerRange(key, o[key as keyof typeof ADABOOST_RANGES], range);
  if (!(typeof o.learningRate === 'number' && Number.isFinite(o.learningRate) && o.learningRate > 0)) bad('learningRate', 'a finite number > 0', o.learningRate);
  if (!isInt(o.seed)) bad('seed', 'an integer', o.seed);
  return o;
}

function checkMaxFeatures(m: unknown): void {
  if (m === 'sqrt' || m === 'log2' || m === 'all') return;
  if (typeof m === 'number' && ((m > 0 && m < 1) || (Number.isInteger(m) && m >= 1))) return;
  bad('maxFeatures', '"sqrt", "log2", "all", a share in (0, 1) or an integer count >= 1', m);
}

/**
 * Features drawn at each split for nFeatures features (scikit-learn's rules:
 * sqrt and log2 rounded down, a share rounded down; at least 1, at most all).
 */
export function featuresPerSplit(m: MaxFeatures, nFeatures: number): number {
  let k: number;
  if (m === 'all') k = nFeatures;
  else if (m === 'sqrt') k = Math.floor(Math.sqrt(nFeatures));
  else if (m === 'log2') k = 31 - Math.clz32(nFeatures); // ⌊log2⌋ in integer arithmetic
  else if (m < 1) k = Math.floor(m * nFeatures);
  else k = m;
  return Math.max(1, Math.min(nFeatures, k));
}

/** The growth limits of one CART tree under these options, for data with nFeatures features. */
export function cartLimits(o: Omit<DecisionTreeOptions, 'ccpAlpha'>, nFeatures: number): CartLimits {
  return {
    maxDepth: o.maxDepth,
    minSamplesSplit: o.minSamplesSplit,
    minSamplesLeaf: o.minSamplesLeaf,
    maxLeaves: o.maxLeaves,
    nodeFeatures: featuresPerSplit(o.maxFeatures, nFeatures),
  };
}
