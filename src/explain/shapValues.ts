import type { FeatureInput } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import { type Classifier, isTreeModel, type TreeModel } from '../models/classifier.js';
import { alignColumns } from '../models/schema.js';
import { type ExplainOptions, explainerFor } from './explainers.js';
import type { TreeEnsemble } from './treeShap.js';

/** A model TreeSHAP can explain: a tree model, which hands out its trees through `treeEnsemble()`. */
export type TreeExplainable = Pick<TreeModel, 'featureSpecs' | 'treeEnsemble'>;

export interface ShapValues {
  /** nRows × nFeatures, row-major, in the model's feature order: each feature's push on the raw score. */
  contributions: Float64Array;
  /** Expected raw score; bias + the row's contributions = the model's raw score of the row. */
  bias: number;
  featureNames: string[];
  nRows: number;
  /** 'logit': the raw score is log-odds of default; 'identity': it is the PD. */
  link: 'logit' | 'identity';
  /** How they were computed: "TreeSHAP" or "linear SHAP". */
  method: string;
}

/** The trees and score composition of a tree model; E_OPTION for a model TreeSHAP cannot explain. */
export function treeEnsembleOf(model: Classifier): TreeEnsemble {
  if (isTreeModel(model)) return model.treeEnsemble();
  const name = (model as { constructor?: { name?: string } }).constructor?.name ?? 'this model';
  throw new CreditkitError('E_OPTION', `TreeSHAP explains tree models; ${name} has no trees`);
}

/**
 * Exact SHAP contributions of every feature for every row of `X` (columns
 * matched by name as in predictProba; categorical labels mapped to the
 * training dictionary), by the explainer of the model (`explainerFor`):
 * TreeSHAP for tree models, linear SHAP for logistic regression and the
 * linear SVM. For a gradient-boosted or logistic model the raw score is the
 * log-odds of default, so bias + Σ contributions = `predictRaw(X)`.
 * E_NOT_EXPLAINABLE for a model no explainer covers.
 */
export function shapValues(model: Classifier, X: FeatureInput, options: ExplainOptions = {}): ShapValues {
  const explainer = explainerFor(model, options);
  const aligned = alignColumns(model.featureSpecs, X);
  const { contributions, bias } = explainer.explain(aligned);
  return {
    contributions,
    bias,
    featureNames: model.featureSpecs.map((s) => s.name),
    nRows: aligned.nRows,
    link: explainer.link,
    method: explainer.method,
  };
}
