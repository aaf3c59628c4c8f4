import { Dataset, type ColumnKind } from '../data/dataset.js';
import { RowOrigin } from '../data/rowOrigin.js';

// A block's Dataset as it crosses to another thread and back: its columns'
// values are moved (transferred), its row lines kept as RowOrigin keeps them.

/** A parsed block's columns, for the calling thread to put back into a Dataset. */
export interface ParsedColumns {
  columns: { name: string; kind: ColumnKind; values: Float32Array; categories?: readonly string[] }[];
  nRows: number;
  /** The rows' lines, as RowOrigin keeps them. */
  lines: Uint32Array | number;
}

/** The parsed columns of a block's Dataset, to send to the calling thread (its values' buffers can be moved). */
export function columnsOf(ds: Dataset): ParsedColumns {
  const origin = ds.origin!;
  const n = ds.nRows;
  // Row lines only increase: they follow one by one when the first and last rows are n − 1 lines apart.
  const consecutive = n === 0 || origin.line(n - 1) - origin.line(0) === n - 1;
  return {
    columns: ds.columns.map((c) => ({ name: c.name, kind: c.kind, values: c.values, ...(c.categories ? { categories: c.categories } : {}) })),
    nRows: n,
    lines: consecutive ? (n > 0 ? origin.line(0) : 0) : Uint32Array.from({ length: n }, (_, r) => origin.line(r)),
  };
}

/**
 * A block's Dataset again, in the calling thread: `firstRow` is its first row's
 * index in the whole input; `lineShift` is added to its rows' lines (for a
 * block parsed without knowing where it stands in the input).
 */
export function datasetOfColumns(parsed: ParsedColumns, firstRow: number, file: string | undefined, lineShift = 0): Dataset {
  const { lines } = parsed;
  const shifted = lineShift === 0 ? lines : typeof lines === 'number' ? lines + lineShift : lines.map((line) => line + lineShift);
  return new Dataset(parsed.columns, parsed.nRows, new RowOrigin(file, shifted, firstRow));
}
