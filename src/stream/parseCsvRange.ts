import { parseCsvJs, type CsvOptions } from '../data/csv.js';
import { countedBytesSource, parseCsvWasm } from '../data/csvWasmReader.js';
import type { Dataset } from '../data/dataset.js';
import { rangeBlock, type ReadRange } from './csvFileRanges.js';
import { asciiText } from './plainCsvSplitter.js';

/**
 * A plain file range read (readRange) and parsed as `parseCsvBlock` parses its
 * block, as if it started on line 2 after no row (the calling thread shifts
 * its rows' lines): the same Dataset, but the wasm reader is told the records
 * the range holds (counted as it was read), so the columns are sized once and
 * handed over without a trimming copy.
 */
export function parseCsvRange(range: ReadRange, csv: CsvOptions): Dataset {
  const block = rangeBlock(range, 0, 1);
  const options = { ...csv, lineOffset: block.lineOffset, rowOffset: block.firstRow };
  const input = block.input as Uint8Array;
  return parseCsvWasm(countedBytesSource(input, range.rows), options) ?? parseCsvJs(asciiText(input), options);
}
