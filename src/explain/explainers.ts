import type { FeatureInput } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import { type Classifier, isLinearModel, isTreeModel } from '../models/classifier.js';
import { alignColumns } from '../models/schema.js';
import { designMeans, linearShap, noBackground } from './linearShap.js';
import { scorecardExplainer } from './scorecardExplainer.js';
import { type FeatureColumns, treeShap } from './treeShap.js';

/** A model bound to the method that explains it: contributions block by block. */
export interface ModelExplainer {
  /** The method, e.g. "TreeSHAP" or "linear SHAP". */
  readonly method: string;
  /** What the model is made of, e.g. "20 trees" or "14 coefficients". */
  readonly size: string;
  /** 'logit': the raw score is the log-odds of default; 'identity': it is the PD. */
  readonly link: 'logit' | 'identity';
  /** What the raw score (and so every contribution) is, in words. */
  readonly scale: string;
  /**
   * Contributions of a block of rows given as feature columns in the model's
   * order and dictionaries (`alignColumns`): nRows × nFeatures, row-major,
   * with bias + Σ a row's contributions = its raw score.
   */
  explain(X: FeatureColumns): { contributions: Float64Array; bias: number };
}

export interface ExplainOptions {
  /**
   * Linear models: rows whose mean is the background of interventional SHAP
   * (default: the training means the model stores). TreeSHAP follows the
   * trees' training covers and takes no background.
   */
  background?: FeatureInput;
}

/** An explainer of the models it knows (found by capability, never by class), or null for any other model. */
export type ExplainerFactory = (model: Classifier, options: ExplainOptions) => ModelExplainer | null;

/** Tree models (`treeEnsemble()`): exact path-dependent TreeSHAP in wasm. */
export const treeExplainer: ExplainerFactory = (model, options) => {
  if (!isTreeModel(model)) return null;
  if (options.background !== undefined) {
    throw new CreditkitError('E_OPTION', 'background rows apply to linear models; TreeSHAP follows the trees\' training covers');
  }
  const ensemble = model.treeEnsemble();
  const link = ensemble.link ?? 'logit';
  return {
    method: 'TreeSHAP',
    size: `${ensemble.trees.length} tree${ensemble.trees.length === 1 ? '' : 's'}`,
    link,
    scale: link === 'logit' ? 'log-odds of default' : 'PD',
    explain: (X) => treeShap(ensemble, X),
  };
};

/** Linear models (`linearTerms()` not null): exact interventional linear SHAP. */
export const linearExplainer: ExplainerFactory = (model, options) => {
  if (!isLinearModel(model)) return null;
  const terms = model.linearTerms();
  if (terms === null) return null;
  const specs = model.featureSpecs;
  let background: Float64Array | undefined;
  if (options.background !== undefined) {
    const { columns, nRows } = alignColumns(specs, options.background);
    background = designMeans(terms.design(columns, nRows));
  } else if (terms.background === null) {
    throw noBackground();
  }
  return {
    method: 'linear SHAP',
    size: `${terms.coef.length} coefficient${terms.coef.length === 1 ? '' : 's'}`,
    link: terms.link,
    scale: terms.scale,
    explain: (X) => linearShap(terms, specs.length, X, background),
  };
};

/**
 * The explainers, tried in order: the first that knows a model explains it.
 * A new kind of explainer (say, a scorecard's points lost) is one more entry.
 */
export const EXPLAINERS: readonly ExplainerFactory[] = [treeExplainer, linearExplainer, scorecardExplainer];

/** The explainer of `model`, or E_NOT_EXPLAINABLE naming the model and what is supported. */
export function explainerFor(model: Classifier, options: ExplainOptions = {}): ModelExplainer {
  for (const factory of EXPLAINERS) {
    const explainer = factory(model, options);
    if (explainer !== null) return explainer;
  }
  const name = (model as { constructor?: { name?: string } }).constructor?.name ?? 'this model';
  const why = isLinearModel(model) ? `this ${name} is not linear in its inputs (an SVM with the RBF kernel)` : `${name} has neither trees nor a linear score`;
  throw new CreditkitError('E_NOT_EXPLAINABLE',
    `cannot explain ${name}: SHAP contributions cover tree models (gradient boosting, decision tree, random forest, AdaBoost, XGBoost imports: TreeSHAP) `
    + `and linear models (LogisticRegression, SVMClassifier with kernel "linear": linear SHAP), and scorecards give points lost; ${why}`);
}
