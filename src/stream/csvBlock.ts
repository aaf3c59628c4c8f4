import type { IntegerRange } from '../integerRange.js';
import { parseCsv, parseCsvJs, type CsvOptions } from '../data/csv.js';
import { parseCsvWasm } from '../data/csvWasmReader.js';
import type { Dataset } from '../data/dataset.js';
import { asciiText, type CsvBlock } from './plainCsvSplitter.js';

/** Rows per block: a block's columns are held in memory (4 bytes a cell) while it is parsed and scored. */
export const CHUNK_ROWS_RANGE: IntegerRange = { min: 1, max: 1_000_000 };

/**
 * A block read as the whole-input reader reads it: `parseCsv` of its text (the
 * header line then its rows), with the line and row numbers of the whole input.
 * Plain blocks come as bytes, which the wasm reader takes as they are.
 */
export function parseCsvBlock(block: CsvBlock, csv: CsvOptions): Dataset {
  const options = { ...csv, lineOffset: block.lineOffset, rowOffset: block.firstRow };
  if (typeof block.input === 'string') return parseCsv(block.input, options);
  return parseCsvWasm(block.input, options) ?? parseCsvJs(asciiText(block.input), options);
}
