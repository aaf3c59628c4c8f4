import { CreditkitError } from '../errors.js';
import { NONFINITE_WORDS, parseDecimal } from './csv.js';
import type { Column, Dataset } from './dataset.js';

/**
 * Row `i` of column `col` of `ds` as a float64, NaN for a missing cell. A
 * column read as text (`types: { [name]: 'categorical' }`) keeps each cell's
 * decimal exact (a numeric column holds float32), and its cell must be a
 * finite decimal: text is E_CSV_NOT_NUMERIC, ±Infinity or a number beyond
 * float64 E_CSV_NONFINITE, naming the file, line and column. `what` names the
 * value in those messages ("sample weight", "PD").
 */
export function cellNumber(ds: Dataset, col: Column, i: number, what: string): number {
  const code = col.values[i];
  const labels = col.categories;
  if (Number.isNaN(code) || labels === undefined) return code;
  const text = labels[code];
  const v = parseDecimal(text, 0, text.length);
  if (Number.isNaN(v)) {
    if (NONFINITE_WORDS.has(text.toLowerCase())) throw new CreditkitError('E_CSV_NONFINITE', `${what} "${text}" is not a finite number`, ds.where(i, col.name));
    throw new CreditkitError('E_CSV_NOT_NUMERIC', `${what} "${text}" is not a number`, ds.where(i, col.name));
  }
  if (!Number.isFinite(v)) throw new CreditkitError('E_CSV_NONFINITE', `${what} "${text}" is beyond float64's range`, ds.where(i, col.name));
  return v;
}
