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
  const lines = new Uint32Array(ds.nRows);
  for (let r = 0; r < ds.nRows; r++) lines[r] = ds.origin!.line(r);
  let consecutive = true;
  for (let r = 1; r < ds.nRows && consecutive; r++) consecutive = lines[r] === lines[0] + r;
  return {
    columns: ds.columns.map((c) => ({ name: c.name, kind: c.kind, values: c.values, ...(c.categories ? { categories: c.categories } : {}) })),
    nRows: ds.nRows,
    lines: consecutive ? (ds.nRows > 0 ? lines[0] : 0) : lines,
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
