import { badOption, defaultsOf, type OptionSpecs, type OptionTable, rangesOf } from '../optionTable.js';
import type { CartLimits } from './cartGrower.js';

/** Features considered at each split: a rule, a share of the features in (0, 1], or a count (integer >= 1). */
export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

/** Options of DecisionTreeClassifier (scikit-learn's names, camelCase). Ranges and defaults: `DECISION_TREE_OPTION_TABLE`. */
export interface DecisionTreeOptions {
  /** Maximum depth; null = grow until leaves are pure or the other limits stop it. */
  maxDepth: number | null;
  /** A node with less weight than this is not split. */
  minSamplesSplit: number;
  /** Minimum weight in each leaf. */
  minSamplesLeaf: number;
  /** Maximum leaves (best-first growth); null = no limit. */
  maxLeaves: number | null;
  /** Features drawn at each split. */
  maxFeatures: MaxFeatures;
  /** Minimal cost-complexity pruning parameter (scikit-learn's ccp_alpha). */
  ccpAlpha: number;
  /** Bins per feature including the missing bin. */
  maxBins: number;
  /** Seed of the feature draws and the binning sample. */
  seed: number;
}

/** Options of RandomForestClassifier. Ranges and defaults: `RANDOM_FOREST_OPTION_TABLE`. */
export interface RandomForestOptions extends Omit<DecisionTreeOptions, 'ccpAlpha'> {
  /** Number of trees. */
  nEstimators: number;
  /** Draw a bootstrap sample (n rows with replacement) for each tree. */
  bootstrap: boolean;
  /** Compute the out-of-bag predictions and AUC after fit (needs bootstrap). */
  oobScore: boolean;
}

/** Options of AdaBoostClassifier (SAMME). Ranges and defaults: `ADABOOST_OPTION_TABLE`. */
export interface AdaBoostOptions {
  /** Maximum boosting rounds. */
  nEstimators: number;
  /** Shrinks each learner's weight alpha. */
  learningRate: number;
  /** Depth of each base tree; 1 = decision stumps. */
  maxDepth: number;
  /** Bins per feature including the missing bin. */
  maxBins: number;
  /** Seed of the binning sample. */
  seed: number;
}

/** The options every tree model shares, as rows of its option table. */
const TREE_SPECS = {
  maxDepth: {
    type: { kind: 'integer', range: { min: 1, max: 30 } }, nullable: true, default: null,
    doc: 'maximum depth; `null` = grow until leaves are pure or other limits stop it (up to 128 levels with 10 features, fewer with very many features: one histogram per level is held)',
  },
  minSamplesSplit: { type: { kind: 'number', min: 2, minIncluded: true }, default: 2, doc: 'a node with less weight than this is not split' },
  minSamplesLeaf: { type: { kind: 'number', min: 0, minIncluded: false }, default: 1, doc: 'minimum weight in each leaf' },
  maxLeaves: {
    type: { kind: 'integer', range: { min: 2, max: 131_072 } }, nullable: true, default: null,
    doc: 'at most this many leaves, grown best gain first (scikit-learn\'s `max_leaf_nodes`; with `maxDepth` `null`, at most 256 levels); `null` = no limit',
  },
  maxFeatures: {
    type: {
      kind: 'custom', accepts: isMaxFeatures, rule: '"sqrt", "log2", "all", a share in (0, 1) or an integer count >= 1',
      range: '`\'sqrt\'`, `\'log2\'`, `\'all\'`, a share in (0, 1), or an integer count ≥ 1',
    },
    default: 'all' as MaxFeatures,
    doc: 'features drawn at each split: sqrt and log2 of the feature count and a share are rounded down; at least 1',
  },
  maxBins: { type: { kind: 'integer', range: { min: 2, max: 256 } }, default: 256, doc: 'bins per feature, including the missing-value bin' },
  seed: { type: { kind: 'integer' }, default: 0, doc: 'seed of the feature draws and the binning sample' },
} as const satisfies OptionSpecs<Omit<DecisionTreeOptions, 'ccpAlpha'>>;

/**
 * The options of DecisionTreeClassifier (docs/guides/modelling.md: tree baselines). The maxima
 * bound one tree's size: depth 30, LightGBM's 131,072 leaves, 256 bins.
 */
export const DECISION_TREE_OPTION_TABLE: OptionTable<DecisionTreeOptions> = {
  model: 'DecisionTreeClassifier',
  options: {
    maxDepth: TREE_SPECS.maxDepth,
    minSamplesSplit: TREE_SPECS.minSamplesSplit,
    minSamplesLeaf: TREE_SPECS.minSamplesLeaf,
    maxLeaves: TREE_SPECS.maxLeaves,
    maxFeatures: TREE_SPECS.maxFeatures,
    ccpAlpha: { type: { kind: 'number', min: 0, minIncluded: true }, default: 0, doc: 'minimal cost-complexity pruning (scikit-learn\'s `ccp_alpha`)' },
    maxBins: TREE_SPECS.maxBins,
    seed: TREE_SPECS.seed,
  },
};

/** The options of RandomForestClassifier: each tree's, plus the ensemble's (10,000 trees at most, each grown to full depth by default). */
export const RANDOM_FOREST_OPTION_TABLE: OptionTable<RandomForestOptions> = {
  model: 'RandomForestClassifier',
  options: {
    nEstimators: { type: { kind: 'integer', range: { min: 1, max: 10_000 } }, default: 100, doc: 'trees' },
    maxDepth: TREE_SPECS.maxDepth,
    minSamplesSplit: TREE_SPECS.minSamplesSplit,
    minSamplesLeaf: TREE_SPECS.minSamplesLeaf,
    maxLeaves: TREE_SPECS.maxLeaves,
    maxFeatures: { ...TREE_SPECS.maxFeatures, default: 'sqrt' },
    bootstrap: { type: { kind: 'boolean' }, default: true, doc: 'each tree sees n rows drawn with replacement (integer row weights from the seed)' },
    oobScore: {
      type: { kind: 'boolean' }, default: false,
      doc: 'after fit, `oobScore_` = `{ auc, predictions, nRows }`: the out-of-bag AUC (unweighted, over the rows left out by at least one tree; NaN if those hold one class) and each row\'s mean PD over the trees that did not see it (NaN if none); needs `bootstrap`',
    },
    maxBins: TREE_SPECS.maxBins,
    seed: TREE_SPECS.seed,
  },
  crossCheck(o) {
    if (o.oobScore && !o.bootstrap) badOption('oobScore', 'false when bootstrap is false (no row is out of bag)', o.oobScore);
  },
};

/** The options of AdaBoostClassifier: 100,000 rounds at most (stumps by default). */
export const ADABOOST_OPTION_TABLE: OptionTable<AdaBoostOptions> = {
  model: 'AdaBoostClassifier',
  options: {
    nEstimators: { type: { kind: 'integer', range: { min: 1, max: 100_000 } }, default: 50, doc: 'maximum boosting rounds' },
    learningRate: { type: { kind: 'number', min: 0, minIncluded: false }, default: 1, doc: 'multiplies each learner\'s weight α' },
    maxDepth: { type: { kind: 'integer', range: { min: 1, max: 30 } }, default: 1, doc: 'depth of each base tree (1 = decision stumps, scikit-learn\'s default)' },
    maxBins: TREE_SPECS.maxBins,
    seed: { type: { kind: 'integer' }, default: 0, doc: 'seed of the binning sample' },
  },
};

export const DECISION_TREE_DEFAULTS: Readonly<DecisionTreeOptions> = Object.freeze(defaultsOf(DECISION_TREE_OPTION_TABLE));
export const RANDOM_FOREST_DEFAULTS: Readonly<RandomForestOptions> = Object.freeze(defaultsOf(RANDOM_FOREST_OPTION_TABLE));
export const ADABOOST_DEFAULTS: Readonly<AdaBoostOptions> = Object.freeze(defaultsOf(ADABOOST_OPTION_TABLE));

/** Ranges of the tree models' integer options, from the tables. */
export const TREE_RANGES = rangesOf(DECISION_TREE_OPTION_TABLE, ['maxDepth', 'maxLeaves', 'maxBins']);
export const RANDOM_FOREST_RANGES = rangesOf(RANDOM_FOREST_OPTION_TABLE, ['maxDepth', 'maxLeaves', 'maxBins', 'nEstimators']);
export const ADABOOST_RANGES = rangesOf(ADABOOST_OPTION_TABLE, ['nEstimators', 'maxDepth', 'maxBins']);

function isMaxFeatures(m: unknown): boolean {
  if (m === 'sqrt' || m === 'log2' || m === 'all') return true;
  return typeof m === 'number' && ((m > 0 && m < 1) || (Number.isInteger(m) && m >= 1));
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
