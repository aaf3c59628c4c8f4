import { CreditkitError } from '../errors.js';
import type { LinearTerms } from '../models/linearTerms.js';
import type { DesignMatrix } from '../models/preprocess.js';
import type { FeatureColumns } from './treeShap.js';

export interface LinearShapResult {
  /** nRows × nFeatures, row-major: contribution of feature f to row r's raw score. */
  contributions: Float64Array;
  /** The expected raw score over the background: intercept + Σ coef[j] · mean[j]. */
  bias: number;
  nRows: number;
  nFeatures: number;
}

/**
 * Exact interventional SHAP values of a linear score with an independent
 * background: feature f's contribution to row r is
 * Σ_{j from f} coef[j] · (z[r, j] − mean[j]) over the design columns f turns
 * into (its number, its one-hot labels, its missing indicator), and the bias
 * is intercept + Σ coef[j] · mean[j], so bias + Σ_f contributions = raw.
 * `background` overrides the terms' training means (mean design row of other
 * rows); without either it is E_NOT_EXPLAINABLE.
 */
export function linearShap(terms: LinearTerms, nFeatures: number, X: FeatureColumns, background?: Float64Array): LinearShapResult {
  const means = background ?? terms.background;
  if (means === null) throw noBackground();
  const { coef, intercept, columnFeature } = terms;
  const p = coef.length;
  if (means.length !== p || columnFeature.length !== p) {
    throw new CreditkitError('E_SHAPE', `the linear terms have ${p} coefficients, ${columnFeature.length} column features and ${means.length} means`);
  }
  let bias = intercept;
  for (let j = 0; j < p; j++) bias += coef[j] * means[j];
  const { data, nRows } = terms.design(X.columns, X.nRows);
  const contributions = new Float64Array(nRows * nFeatures);
  for (let r = 0; r < nRows; r++) {
    const z = r * p;
    const o = r * nFeatures;
    for (let j = 0; j < p; j++) contributions[o + columnFeature[j]] += coef[j] * (data[z + j] - means[j]);
  }
  const overflow = contributions.findIndex((c) => !Number.isFinite(c));
  if (!Number.isFinite(bias) || overflow >= 0) {
    throw new CreditkitError('E_NONFINITE', `linear SHAP ${overflow >= 0 ? `contribution of feature ${overflow % nFeatures}` : 'bias'} is not finite: a coefficient or value is too extreme`,
      overflow >= 0 ? { row: Math.floor(overflow / nFeatures) } : {});
  }
  return { contributions, bias, nRows, nFeatures };
}

/** A linear model saved without its training means and explained without background rows. */
export function noBackground(): CreditkitError {
  return new CreditkitError('E_NOT_EXPLAINABLE',
    'this model file was saved by a creditkit without the training means of its columns, which linear SHAP needs as its background: '
    + 'pass background rows (the `background` option; --background F on the command line) or fit the model again');
}

/** The mean design row of background rows (feature columns in the model's order): an interventional SHAP background. */
export function designMeans(M: DesignMatrix): Float64Array {
  const { data, nRows, nCols: p } = M;
  if (nRows === 0) throw new CreditkitError('E_EMPTY_DATA', 'the background has no rows');
  const means = new Float64Array(p);
  for (let r = 0; r < nRows; r++) for (let j = 0; j < p; j++) means[j] += data[r * p + j];
  for (let j = 0; j < p; j++) means[j] /= nRows;
  return means;
}
