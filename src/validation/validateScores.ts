import { cellNumber } from '../data/cellNumber.js';
import type { Dataset } from '../data/dataset.js';
import { findIdColumns } from '../data/idColumns.js';
import { CreditkitError } from '../errors.js';
import { validatePds, type ValidationOptions, type ValidationResult } from './validateModel.js';

export interface ScoreValidationOptions extends Omit<ValidationOptions, 'champion'> {
  /** The column of `data` (and of `baseline`) holding each row's PD, scored elsewhere. */
  pd: string;
  /** A column of `data` holding a champion's PDs for the same rows: DeLong's paired test. */
  championPd?: string;
  /**
   * The columns compared with the baseline one by one (characteristic
   * stability): the features of the model that gave the PDs. Default: every
   * column `data` and `baseline` share (of the same kind) except the target,
   * the PD columns, the date, segment, grade and protected columns and id
   * columns (`findIdColumns`). A protected column named here is
   * E_PROTECTED_FEATURE.
   */
  features?: readonly string[];
}

/**
 * Validates PDs a model scored elsewhere (a column of `data`, e.g. the output
 * of another system), with every figure `validateModel` gives. Without the
 * model, nothing can check that it did not use a protected attribute; name
 * its `features` and they are checked against `protected`.
 */
export function validateScores(data: Dataset, options: ScoreValidationOptions): ValidationResult {
  const { pd, championPd } = options;
  if (typeof pd !== 'string' || pd === '') throw new CreditkitError('E_OPTION', 'name the column of the PDs (pd)');
  if (championPd === pd) throw new CreditkitError('E_OPTION', `the champion's PDs are the model's own column "${pd}"`, { column: pd });
  const own = [pd, ...(championPd !== undefined ? [championPd] : [])];
  for (const column of options.protected ?? []) {
    if (own.includes(column)) throw new CreditkitError('E_OPTION', `"${column}" holds PDs: it cannot be a protected attribute`, { column });
    if (options.features?.includes(column)) {
      throw new CreditkitError('E_PROTECTED_FEATURE', 'a protected attribute is a feature of the model: it may be used to check the model, never to score with it; retrain without it', { column });
    }
  }
  const features = options.features ?? defaultFeatures(data, options, own);
  return validatePds(data, options, {
    kind: `PD column "${pd}"`,
    features,
    pd: (rows) => pdsFromColumn(rows, pd),
    champion: championPd !== undefined ? { name: `PD column "${championPd}"`, pd: (rows) => pdsFromColumn(rows, championPd) } : null,
    pdColumn: pd,
  });
}

/**
 * The PDs in column `name` of `ds`, one per row, each a number in [0, 1]
 * (read the column as text to keep each decimal exact). E_COLUMN_UNKNOWN when
 * `ds` lacks the column; a missing cell or a PD outside [0, 1] is E_NONFINITE,
 * text E_CSV_NOT_NUMERIC, each naming file, line and column.
 */
export function pdsFromColumn(ds: Dataset, name: string): Float64Array {
  if (!ds.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `no PD column "${name}" in the data`, { file: ds.origin?.file, column: name });
  const col = ds.column(name);
  const out = new Float64Array(ds.nRows);
  for (let i = 0; i < ds.nRows; i++) {
    const v = cellNumber(ds, col, i, 'PD');
    if (Number.isNaN(v)) throw new CreditkitError('E_NONFINITE', 'a missing PD: every row needs one', ds.where(i, name));
    if (!(v >= 0 && v <= 1)) throw new CreditkitError('E_NONFINITE', `a PD must be in [0, 1], got ${col.categories !== undefined ? col.categories[col.values[i]] : v}`, ds.where(i, name));
    out[i] = v;
  }
  return out;
}

/** The columns data and baseline share, less those that are not characteristics of a borrower (ids as train detects them). */
function defaultFeatures(data: Dataset, o: ScoreValidationOptions, own: readonly string[]): string[] {
  if (!o.baseline) return [];
  const roles = [o.target, ...own, o.date, o.segment, o.gradeColumn, ...(o.protected ?? [])].filter((c): c is string => c !== undefined);
  const not = new Set([...roles, ...findIdColumns(data, roles)]);
  const base = o.baseline;
  return data.names.filter((n) => !not.has(n) && base.has(n) && base.column(n).kind === data.column(n).kind);
}
