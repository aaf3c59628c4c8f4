import type { FeatureInput } from '../data/dataset.js';
import type { ScoringPool, ScoringPoolOptions } from './predict/scoringPool.js';
import type { LinearTerms } from './linearTerms.js';
import type { FeatureSpec } from './schema.js';
import type { TreeEnsemble } from './trees/treeEnsemble.js';
import type { PointsTable } from './scorecard/scorecard.js';

/** Called after each boosting round (or epoch) while a model trains. */
export interface ProgressInfo {
  iteration: number;
  total: number;
  /** Validation metric of this round, when an eval set was given. */
  evalScore?: number;
}

export interface FitOptions {
  sampleWeight?: ArrayLike<number>;
  /** Held-out data for early stopping and progress reporting. */
  evalSet?: { X: FeatureInput; y: ArrayLike<number>; sampleWeight?: ArrayLike<number> };
  onProgress?: (info: ProgressInfo) => void;
}

/** What every creditkit classifier offers (scikit-learn's names, mljs's JSON convention). */
export interface Classifier {
  /** The features the model was trained on, with their kinds and dictionaries. */
  readonly featureSpecs: readonly FeatureSpec[];
  fit(X: FeatureInput, y: ArrayLike<number>, options?: FitOptions): this;
  /** Probability of the positive class (default) for each row. */
  predictProba(X: FeatureInput): Float64Array;
  toJSON(): ModelJSON;
  /**
   * Tree models only (capability): the trees and how they combine into the PD.
   * TreeSHAP, reports and the CLI find a tree model by this method (see isTreeModel).
   */
  treeEnsemble?(): TreeEnsemble;
  /**
   * Models whose raw score may be linear in their preprocessed columns
   * (capability): the coefficients on the log-odds scale, the intercept,
   * the training means and the preprocessing. Null when this instance is not
   * linear (an SVM with the RBF kernel). Linear SHAP finds such a model by
   * this method (see isLinearModel).
   */
  linearTerms?(): LinearTerms | null;
  /** The measures `featureImportances` offers, its default first; absent when the model has no built-in importance. */
  readonly importanceKinds?: readonly ImportanceKind[];
  /** Built-in importance per feature, by name, in one of `importanceKinds` (default the first). */
  featureImportances?(kind?: ImportanceKind): Record<string, number>;
  /** Gradient boosting only (capability): a new model that boosts more rounds from this one's scores (warm start). */
  continueFit?(X: FeatureInput, y: ArrayLike<number>, options?: FitOptions & { nEstimators?: number }): Classifier;
  /**
   * Columns recorded at training as protected attributes, which the model
   * must not use as features (see models/protectedAttributes.ts); absent when
   * none. Saved by `saveModelFile` and read back by `loadModel`.
   */
  readonly protectedAttributes?: readonly string[];
  /** Scorecards only (capability): the points table (reports, `creditkit scorecard --model`, monitoring per attribute). */
  pointsTable?(): PointsTable;
  /** Scorecards only (capability): points lost against each characteristic's best attribute, in log-odds (explainers, reason codes). */
  pointsLost?(X: FeatureInput): { contributions: Float64Array; bias: number };
  /** Models that score on worker threads (capability): a pool predicting as `predictProba`, bit for bit. */
  createScoringPool?(threads: number, options?: ScoringPoolOptions): Promise<ScoringPool>;
}

/**
 * A built-in importance measure: 'gain' (total split gain), 'split' (number
 * of splits), 'cover' (total node cover) of a boosted model, or 'gini' (mean
 * decrease in Gini impurity, normalized to sum 1, scikit-learn's
 * feature_importances_) of the CART-based baselines.
 */
export type ImportanceKind = 'gain' | 'split' | 'cover' | 'gini';

/** A fitted-or-not tree model: the Classifier with its tree capability. */
export interface TreeModel extends Classifier {
  readonly isFitted: boolean;
  treeEnsemble(): TreeEnsemble;
}

/** Whether `model` offers its trees (gradient boosting, decision tree, random forest, AdaBoost). */
export function isTreeModel(model: Classifier): model is TreeModel {
  return typeof model.treeEnsemble === 'function';
}

/** Whether `model` is a points scorecard (offers its points table). */
export function hasPointsTable(model: Classifier): model is Classifier & Required<Pick<Classifier, 'pointsTable'>> {
  return typeof model.pointsTable === 'function';
}

/** A model that may be linear: the Classifier with its linear capability (`linearTerms()` is null when this instance is not). */
export interface LinearModel extends Classifier {
  linearTerms(): LinearTerms | null;
}

/** Whether `model` offers its linear terms (logistic regression, SVM); `linearTerms()` may still be null (RBF kernel). */
export function isLinearModel(model: Classifier): model is LinearModel {
  return typeof model.linearTerms === 'function';
}

/** Whether `model` can score on worker threads. */
export function canScoreInPool(model: Classifier): model is Classifier & Required<Pick<Classifier, 'createScoringPool'>> {
  return typeof model.createScoringPool === 'function';
}

/** The model's own importance in measure `kind`, or null when it offers none in that measure. */
export function builtInImportances(model: Classifier, kind: ImportanceKind): Record<string, number> | null {
  if (model.featureImportances === undefined || !(model.importanceKinds ?? []).includes(kind)) return null;
  return model.featureImportances(kind);
}

/** The envelope of every saved model. */
export interface ModelJSON {
  format: 'creditkit-model';
  name: string;
  version: number;
  options: Record<string, unknown>;
  [key: string]: unknown;
}
