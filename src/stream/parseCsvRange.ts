import { parseCsvJs, type CsvOptions } from '../data/csv.js';
import { bytesSourceWithColumnViews, parseCsvWasm } from '../data/csvWasmReader.js';
import { parsedRangeCounts, rangeBlock, type ReadRange } from './csvFileRanges.js';
import { columnsOf, type ParsedColumns } from './parsedColumns.js';
import { asciiText } from './plainCsvSplitter.js';
import { LF, CR } from '../io/csvBytes.js';

/**
 * A plain file range read (readRange) and parsed as `parseCsvBlock` parses its
 * block, as if it started on line 2 after no row (the calling thread shifts
 * its rows' lines): the same columns, but numeric ones may be views of the
 * room they grew in (the caller copies them on: no trimming copy here); and
 * the range's rows and line ends, counted from its rows when the range was
 * read without counting (no pass over its lines).
 */
export function parseCsvRange(range: ReadRange, csv: CsvOptions): { parsed: ParsedColumns; rows: number; lineEnds: number } {
  const input = range.input;
  const dataStart = input.length - (range.end - range.start);
  if (range.rows === 0 || (range.rows < 0 && onlyLineEnds(input, dataStart))) {
    // No record (blank lines, or no line at all): nothing to parse.
    return { parsed: { columns: [], nRows: 0, lines: 0 }, rows: 0, lineEnds: range.rows === 0 ? range.lineEnds : parsedRangeCounts(range, 0, 0).lineEnds };
  }
  const block = rangeBlock(range, 0, 1);
  const options = { ...csv, lineOffset: block.lineOffset, rowOffset: block.firstRow };
  const dataset = parseCsvWasm(bytesSourceWithColumnViews(input), options) ?? parseCsvJs(asciiText(input), options);
  const n = dataset.nRows;
  const lineEnds = range.lineEnds >= 0 ? range.lineEnds : parsedRangeCounts(range, n, n > 0 ? dataset.origin!.line(n - 1) : 0).lineEnds;
  return { parsed: columnsOf(dataset), rows: n, lineEnds };
}

/** Whether the bytes from `from` on are CR and LF bytes only. */
function onlyLineEnds(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== LF && bytes[i] !== CR) return false;
  return true;
}
