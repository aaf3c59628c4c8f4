import type { Data, DataType, Table, Vector } from 'apache-arrow';
import { CreditkitError } from '../errors.js';
import { Dataset, type Column } from '../data/dataset.js';
import { categoricalColumn, float32Value, MS_PER_DAY, selectedNames, wantedKind, type TableReadOptions } from './columnValues.js';

/**
 * What `datasetFromArrow` needs of an Arrow table: apache-arrow's `Table`
 * has it. Declared here, not imported, so creditkit's type declarations do
 * not name apache-arrow, an optional package a user of the core may not have.
 */
export interface ArrowTableLike {
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  readonly numRows: number;
  getChildAt(index: number): unknown;
}

/**
 * An Arrow table (apache-arrow's `Table`, from an IPC file, DuckDB, polars…)
 * as a Dataset. Only types are imported from apache-arrow, so the core API
 * loads without it. A float32 column in one chunk without nulls is shared,
 * not copied (its Float32Array views the table's buffer); other numeric
 * columns are converted to float32, text and dictionary columns become
 * categorical (see columnValues.ts for the rules).
 */
export function datasetFromArrow(arrowTable: ArrowTableLike, options: TableReadOptions = {}): Dataset {
  const table = arrowTable as unknown as Table;
  const fields = table.schema.fields;
  const names = selectedNames(fields.map((f) => f.name), options);
  const columns = names.map((name) => {
    const j = fields.findIndex((f) => f.name === name);
    return arrowColumn(name, table.getChildAt(j)!, options);
  });
  return new Dataset(columns, table.numRows);
}

// Arrow's type ids (Schema.fbs `Type`; apache-arrow's `Type` enum), kept here so
// that reading a table never needs apache-arrow's runtime.
const NULL = 1;
const INT = 2;
const FLOAT = 3;
const UTF8 = 5;
const BOOL = 6;
const DATE = 8;
const LARGE_UTF8 = 20;
const DICTIONARY = -1;
const TEXT_TYPES = new Set([UTF8, LARGE_UTF8]);
const NUMERIC_TYPES = new Set([NULL, INT, FLOAT, BOOL, DATE]);

// Float precision and date unit ids (Schema.fbs `Precision`, `DateUnit`).
const HALF = 0;
const SINGLE = 1;
const DAY = 0;

function arrowColumn(name: string, vector: Vector, options: TableReadOptions): Column {
  const type = vector.type as DataType;
  const holdsText = TEXT_TYPES.has(type.typeId) || type.typeId === DICTIONARY;
  if (!holdsText && !NUMERIC_TYPES.has(type.typeId)) {
    throw new CreditkitError('E_COLUMN_TYPE', `Arrow type ${String(type)} is not read: cast it to a number, a string or a date`, { file: options.file, column: name });
  }
  if (wantedKind(name, holdsText, options) === 'categorical') {
    const labels = new Array<string | undefined>(vector.length);
    for (let i = 0; i < vector.length; i++) {
      const v: unknown = vector.get(i);
      labels[i] = v === null || v === undefined ? undefined : String(v);
    }
    return categoricalColumn(name, labels, options.categories?.[name]);
  }
  return { name, kind: 'numeric', values: numericValues(name, vector, options.file) };
}

/** The column's numbers as float32 (NaN = null); the table's own buffer when it already is one. */
function numericValues(name: string, vector: Vector, file: string | undefined): Float32Array {
  const chunks = vector.data as Data[];
  const type = vector.type as DataType & { precision?: number; unit?: number };
  if (chunks.length === 1 && type.typeId === FLOAT && type.precision === SINGLE && chunks[0].nullCount === 0) {
    const d = chunks[0];
    checkFinite(d.values as Float32Array, d.length, name, file);
    // apache-arrow slices a fixed-width values buffer to the chunk (only bitmaps keep `offset`).
    return (d.values as Float32Array).subarray(0, d.length);
  }
  const out = new Float32Array(vector.length);
  let at = 0;
  for (const d of chunks) {
    const valid = validity(d);
    const read = chunkReader(d, type, vector, at);
    for (let i = 0; i < d.length; i++, at++) {
      out[at] = valid(i) ? float32Value(read(i), at, name, file) : NaN;
    }
  }
  return out;
}

/** E_NONFINITE at the first ±Infinity of a shared float32 column (a scan, no copy). */
function checkFinite(values: Float32Array, n: number, name: string, file: string | undefined): void {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0 && v === v) float32Value(v, i, name, file);
  }
}

/** Whether row i of a chunk holds a value (its validity bit, when there is a bitmap). */
function validity(d: Data): (i: number) => boolean {
  if (d.typeId === NULL) return () => false;
  const bitmap = d.nullBitmap;
  if (d.nullCount === 0 || !bitmap || bitmap.length === 0) return () => true;
  return (i) => ((bitmap[(d.offset + i) >> 3] >> ((d.offset + i) & 7)) & 1) === 1;
}

/** Row i of a chunk as a number (values buffers start at the chunk's first row; bit-packed booleans at `offset`). */
function chunkReader(d: Data, type: DataType & { precision?: number; unit?: number }, vector: Vector, first: number): (i: number) => number {
  const values = d.values as ArrayLike<number | bigint>;
  const o = d.offset;
  switch (type.typeId) {
    case NULL:
      return () => NaN;
    case BOOL:
      return (i) => ((d.values as Uint8Array)[(o + i) >> 3] >> ((o + i) & 7)) & 1;
    case DATE:
      return type.unit === DAY ? (i) => values[i] as number : (i) => Number(values[i]) / MS_PER_DAY;
    case FLOAT:
      // Half floats are decoded by apache-arrow's getter.
      if (type.precision === HALF) return (i) => vector.get(first + i) as number;
      return (i) => values[i] as number;
    default:
      // Integers: a 64-bit one is a bigint; Number() rounds it to the nearest double, then float32.
      return typeof values[0] === 'bigint' || values instanceof BigInt64Array || values instanceof BigUint64Array
        ? (i) => Number(values[i])
        : (i) => values[i] as number;
  }
}
