import { type Dataset, type FeatureInput, toDataset } from '../data/dataset.js';
import { validateLabels } from '../data/target.js';
import { CreditkitError } from '../errors.js';
import { checkFinite } from './schema.js';

/** Training data checked once for every model: shapes, 0/1 labels with both classes, finite features and weights. */
export interface CheckedFit {
  X: Dataset;
  y: Float64Array;
  /** Sample weights (all 1 when none were given). */
  w: Float64Array;
}

export function checkFitInput(Xin: FeatureInput, yIn: ArrayLike<number>, sampleWeight?: ArrayLike<number>): CheckedFit {
  const X = toDataset(Xin);
  if (X.nColumns === 0) throw new CreditkitError('E_EMPTY_DATA', 'no feature columns to train on');
  if (X.nRows === 0) throw new CreditkitError('E_EMPTY_DATA', 'no rows to train on');
  if (yIn.length !== X.nRows) throw new CreditkitError('E_SHAPE', `${X.nRows} rows but ${yIn.length} labels`);
  validateLabels(yIn, 'y');
  X.columns.forEach((c) => checkFinite(c.values, c.name));
  const y = Float64Array.from(yIn);
  const w = new Float64Array(y.length).fill(1);
  if (sampleWeight !== undefined) {
    if (sampleWeight.length !== y.length) throw new CreditkitError('E_SHAPE', `sampleWeight has ${sampleWeight.length} values for ${y.length} rows`);
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < y.length; i++) {
      const wi = sampleWeight[i];
      if (!(Number.isFinite(wi) && wi >= 0)) throw new CreditkitError('E_NONFINITE', `sampleWeight must be finite and >= 0, got ${wi}`, { row: i });
      w[i] = wi;
      if (y[i] === 1) pos += wi;
      else neg += wi;
    }
    if (pos <= 0 || neg <= 0) throw new CreditkitError('E_SINGLE_CLASS', 'sampleWeight leaves one class with zero total weight');
  }
  return { X, y, w };
}

export function notFitted(): never {
  throw new CreditkitError('E_NOT_FITTED', 'the model is not fitted: call fit() or load one with fromJSON()');
}
