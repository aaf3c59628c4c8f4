import { type Dataset, type FeatureInput, toDataset } from '../data/dataset.js';
import { validateLabels } from '../data/target.js';
import { CreditkitError } from '../errors.js';
import { checkFinite } from '../data/finiteFeatures.js';

/** Training data checked once for every model: shapes, 0/1 labels with both classes, finite features and weights. */
export interface CheckedFit {
  X: Dataset;
  y: Float64Array;
  /** Sample weights (all 1 when none were given). */
  w: Float64Array;
}

export function checkFitInput(Xin: FeatureInput, yIn: ArrayLike<number>, sampleWeight?: ArrayLike<number>): CheckedFit {
  const X = toDataset(Xin);
  const y = checkLabelsAndFeatures(X, yIn);
  const w = sampleWeight === undefined ? new Float64Array(y.length).fill(1) : checkSampleWeights(y, sampleWeight);
  return { X, y, w };
}

/**
 * Checks training rows and their labels: at least one feature (`nFeatures`,
 * default X's columns) and one row, one 0/1 label per row with both classes,
 * finite feature values (NaN = missing). Returns the labels.
 */
export function checkLabelsAndFeatures(X: Dataset, yIn: ArrayLike<number>, nFeatures = X.nColumns): Float64Array {
  if (nFeatures === 0) throw new CreditkitError('E_EMPTY_DATA', 'no feature columns to train on');
  if (X.nRows === 0) throw new CreditkitError('E_EMPTY_DATA', 'no rows to train on');
  if (yIn.length !== X.nRows) throw new CreditkitError('E_SHAPE', `${X.nRows} rows but ${yIn.length} labels`);
  validateLabels(yIn, 'y');
  X.columns.forEach((c) => checkFinite(c.values, c.name));
  return Float64Array.from(yIn);
}

/**
 * Sample weights checked against labels `y`: one per row, finite and >= 0,
 * with a positive total in each class. `what` names them in errors
 * (e.g. 'evalSet.sampleWeight'). Returns a copy.
 */
export function checkSampleWeights(y: Float64Array, sampleWeight: ArrayLike<number>, what = 'sampleWeight'): Float64Array {
  if (sampleWeight.length !== y.length) throw new CreditkitError('E_SHAPE', `${what} has ${sampleWeight.length} values for ${y.length} rows`);
  const w = new Float64Array(y.length);
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = sampleWeight[i];
    if (!(Number.isFinite(wi) && wi >= 0)) throw new CreditkitError('E_NONFINITE', `${what} must be finite and >= 0, got ${wi}`, { row: i });
    w[i] = wi;
    if (y[i] === 1) pos += wi;
    else neg += wi;
  }
  if (pos <= 0 || neg <= 0) throw new CreditkitError('E_SINGLE_CLASS', `${what} leaves one class with zero total weight`);
  return w;
}

/** E_NOT_FITTED: the one message for a model used before `fit` or `fromJSON`. */
export function notFitted(): never {
  throw new CreditkitError('E_NOT_FITTED', 'the model is not fitted: call fit() or load one with fromJSON()');
}
