import { CreditkitError } from '../errors.js';
import { cellNumber } from './cellNumber.js';
import type { Dataset } from './dataset.js';
import { float32Text } from './float32Text.js';

/**
 * Sample weights from column `name` of `ds`, one per row. Read the column as
 * text (`types: { [name]: 'categorical' }`) to keep each cell's decimal exact
 * (a numeric column holds float32). Every weight must be a finite decimal
 * ≥ 0 and their total positive; each problem is a coded error naming the
 * file, line and column: text (E_CSV_NOT_NUMERIC), ±Infinity or a number
 * beyond float64 (E_CSV_NONFINITE), a missing cell, a negative weight or
 * all weights zero (E_WEIGHT).
 */
export function weightsFromColumn(ds: Dataset, name: string): Float64Array {
  const col = ds.column(name);
  const w = new Float64Array(ds.nRows);
  const labels = col.categories;
  let total = 0;
  for (let i = 0; i < ds.nRows; i++) {
    const v = cellNumber(ds, col, i, 'sample weight');
    if (Number.isNaN(v)) throw new CreditkitError('E_WEIGHT', 'missing sample weight (every row needs one, 0 to leave it out)', ds.where(i, name));
    if (v < 0) throw new CreditkitError('E_WEIGHT', `sample weight ${labels !== undefined ? labels[col.values[i]] : float32Text(v)} is negative (weights must be >= 0)`, ds.where(i, name));
    w[i] = v;
    total += v;
  }
  if (!(total > 0)) {
    const file = ds.origin?.file;
    throw new CreditkitError('E_WEIGHT', 'every sample weight is 0: no row would count', file === undefined ? { column: name } : { file, column: name });
  }
  return w;
}
