import { CreditkitError, type ErrorLocation } from '../errors.js';
import type { RowOrigin } from './rowOrigin.js';

export type ColumnKind = 'numeric' | 'categorical';

/** The largest float32, and the smallest magnitude float32 rounds to Infinity (2^128 − 2^103). */
export const FLOAT32_MAX = 3.4028234663852886e38;
export const FLOAT32_OVERFLOW = 3.4028235677973366e38;

/**
 * One column of a dataset. Values are Float32 with NaN for a missing value.
 * A categorical column stores integer codes (0, 1, …) into `categories`.
 */
export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly values: Float32Array;
  /** The category labels of a categorical column; `values[i]` indexes it. */
  readonly categories?: readonly string[];
}

/** Anything creditkit accepts as a feature matrix. */
export type FeatureInput = Dataset | ArrayLike<number>[];

/**
 * A columnar table of features: Float32 columns (NaN = missing), categorical
 * columns as integer codes with their dictionaries, and column names.
 * Immutable: `select`, `drop` and `take` return new datasets.
 */
export class Dataset {
  readonly columns: readonly Column[];
  readonly nRows: number;
  /** Where the rows were read from (set by parseCsv), for errors found later. */
  readonly origin: RowOrigin | undefined;
  private readonly index: Map<string, number>;

  constructor(columns: readonly Column[], nRows?: number, origin?: RowOrigin) {
    const n = nRows ?? (columns.length > 0 ? columns[0].values.length : 0);
    const index = new Map<string, number>();
    columns.forEach((c, j) => {
      if (c.values.length !== n) {
        throw new CreditkitError('E_SHAPE', `column has ${c.values.length} values, expected ${n}`, { column: c.name });
      }
      if (index.has(c.name)) {
        throw new CreditkitError('E_SHAPE', 'duplicate column name', { column: c.name });
      }
      if (c.kind === 'categorical' && c.categories === undefined) {
        throw new CreditkitError('E_SHAPE', 'categorical column without categories', { column: c.name });
      }
      index.set(c.name, j);
    });
    this.columns = columns;
    this.nRows = n;
    this.origin = origin;
    this.index = index;
  }

  /** The location of row r (0-based) for an error: file and input line when the rows came from a file. */
  where(r: number, column?: string): ErrorLocation {
    if (this.origin) return this.origin.where(r, column);
    return column === undefined ? { row: r } : { row: r, column };
  }

  get nColumns(): number {
    return this.columns.length;
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  column(name: string): Column {
    const j = this.index.get(name);
    if (j === undefined) {
      throw new CreditkitError('E_COLUMN_UNKNOWN', `no such column (columns are: ${this.names.join(', ')})`, { column: name });
    }
    return this.columns[j];
  }

  /** The columns named, in the order given. */
  select(names: readonly string[]): Dataset {
    return new Dataset(names.map((n) => this.column(n)), this.nRows, this.origin);
  }

  /** All columns except those named (each must exist). */
  drop(names: readonly string[]): Dataset {
    for (const n of names) this.column(n);
    const dropped = new Set(names);
    return new Dataset(this.columns.filter((c) => !dropped.has(c.name)), this.nRows, this.origin);
  }

  /** The rows at `rows`, in that order. */
  take(rows: ArrayLike<number>): Dataset {
    const cols = this.columns.map((c) => {
      const v = new Float32Array(rows.length);
      for (let i = 0; i < rows.length; i++) v[i] = c.values[rows[i]];
      return { ...c, values: v };
    });
    return new Dataset(cols, rows.length, this.origin?.take(rows));
  }

  /** A numeric dataset from row arrays; names default to f0, f1, …. */
  static fromRows(rows: readonly ArrayLike<number>[], names?: readonly string[]): Dataset {
    const nCols = names?.length ?? (rows.length > 0 ? rows[0].length : 0);
    const cols: Column[] = [];
    for (let j = 0; j < nCols; j++) cols.push({ name: names?.[j] ?? `f${j}`, kind: 'numeric', values: new Float32Array(rows.length) });
    rows.forEach((r, i) => {
      if (r.length !== nCols) {
        throw new CreditkitError('E_SHAPE', `row has ${r.length} values, expected ${nCols}`, { row: i });
      }
      for (let j = 0; j < nCols; j++) cols[j].values[i] = toFloat32(r[j], i, cols[j].name);
    });
    return new Dataset(cols, rows.length);
  }

  /** A numeric dataset from named columns. */
  static fromColumns(record: Readonly<Record<string, ArrayLike<number>>>): Dataset {
    return new Dataset(
      Object.entries(record).map(([name, v]) => ({ name, kind: 'numeric' as const, values: Float32Array.from(v, (x, i) => toFloat32(x, i, name)) })),
    );
  }
}

/**
 * A number stored in a float32 column; a finite one that float32 would round
 * to ±Infinity is E_NONFINITE (±Infinity itself is left to the models' check).
 */
function toFloat32(v: number, row: number, column: string): number {
  if (Math.abs(v) >= FLOAT32_OVERFLOW && Number.isFinite(v)) {
    throw new CreditkitError('E_NONFINITE', `${v} is beyond float32's range (±${FLOAT32_MAX}), in which features are kept`, { row, column });
  }
  return v;
}

/** Accepts a Dataset or an array of numeric rows. */
export function toDataset(x: FeatureInput): Dataset {
  return x instanceof Dataset ? x : Dataset.fromRows(x);
}
