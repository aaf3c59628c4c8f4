import { CreditkitError } from '../errors.js';
import { compareLabels } from '../data/csv.js';
import { FLOAT32_MAX, FLOAT32_OVERFLOW, type Column, type ColumnKind } from '../data/dataset.js';

/**
 * Typed columns (Arrow, Parquet) → creditkit columns, shared by both readers.
 * Numbers are kept as float32 like the CSV reader keeps them (an int64 or a
 * float64 is rounded to the nearest float32; one beyond float32's range is
 * E_NONFINITE), nulls become NaN, booleans 0/1 and dates days since 1970-01-01.
 * Text becomes a categorical column whose dictionary is sorted as the CSV
 * reader sorts it, so the same rows give the same codes from any format.
 */

/** Which columns to read and how, as the CSV reader takes them (see CsvOptions). */
export interface TableReadOptions {
  /** Force the kind of some columns: `categorical` reads numbers as their text. */
  types?: Readonly<Record<string, ColumnKind>>;
  /** A fixed dictionary for categorical columns (a fitted model's): labels not in it become missing. */
  categories?: Readonly<Record<string, readonly string[]>>;
  /** Read only these columns, in this order (each must exist: E_COLUMN_UNKNOWN). */
  columns?: readonly string[];
  /** The file name used in error messages. */
  file?: string;
}

export const MS_PER_DAY = 86_400_000;

/**
 * A number as stored in a float32 column. ±Infinity, and finite values float32
 * would round to it, are E_NONFINITE naming the row and column (the CSV reader
 * rejects them too: a missing value is a null).
 */
export function float32Value(v: number, row: number, column: string, file: string | undefined): number {
  if (v === Infinity || v === -Infinity) {
    throw new CreditkitError('E_NONFINITE', `${v} is not a feature value (use null for a missing value)`, { file, row, column });
  }
  if (Math.abs(v) >= FLOAT32_OVERFLOW) {
    throw new CreditkitError('E_NONFINITE', `${v} is beyond float32's range (±${FLOAT32_MAX}), in which features are kept`, { file, row, column });
  }
  return v;
}

/**
 * A categorical column from one label per row (undefined = missing). With a
 * fixed dictionary codes follow it; otherwise the dictionary is the labels
 * sorted as the CSV reader sorts them (numbers first, in numeric order).
 */
export function categoricalColumn(name: string, labels: readonly (string | undefined)[], dictionary?: readonly string[]): Column {
  const values = new Float32Array(labels.length);
  const known = dictionary ? [...dictionary] : [...new Set(labels.filter((l): l is string => l !== undefined))].sort(compareLabels);
  const codes = new Map(known.map((label, i) => [label, i]));
  for (let r = 0; r < labels.length; r++) {
    const label = labels[r];
    values[r] = label === undefined ? NaN : codes.get(label) ?? NaN;
  }
  return { name, kind: 'categorical', values, categories: known };
}

/** The kind a column is read as: the model's dictionary or forced type first, else what its type holds. */
export function wantedKind(name: string, holdsText: boolean, options: TableReadOptions): ColumnKind {
  if (options.categories?.[name] !== undefined) return 'categorical';
  const forced = options.types?.[name];
  if (forced === 'numeric' && holdsText) {
    throw new CreditkitError('E_COLUMN_TYPE', 'a text column where numbers are expected (the model reads it as numeric)', { file: options.file, column: name });
  }
  return forced ?? (holdsText ? 'categorical' : 'numeric');
}

/** The names to read (options.columns or all), each checked to exist. */
export function selectedNames(available: readonly string[], options: TableReadOptions): readonly string[] {
  const wanted = options.columns ?? available;
  const have = new Set(available);
  for (const name of wanted) {
    if (!have.has(name)) {
      throw new CreditkitError('E_COLUMN_UNKNOWN', `no such column (columns are: ${available.join(', ')})`, { file: options.file, column: name });
    }
  }
  return wanted;
}
