import { byteIndex, isAscii, type CsvBlock } from './plainCsvSplitter.js';
import { LF, CR, QUOTE } from '../io/csvBytes.js';
import { quotedFieldsOnOneLine } from './quotedLines.js';

/**
 * A CSV file cut into byte ranges that threads read on their own, each from
 * the file (no byte passes through another thread). Range k covers nominal
 * bytes of the data after the header line (`nominalStart`), moved to line
 * starts: a range starts after the first LF at or after the byte
 * before its nominal start (so at once when that byte is an LF), and ends
 * where the next range starts. Every thread finds the same boundaries on its
 * own, so no range is read twice and none is missed. A range may be empty (a
 * line longer than the range size).
 *
 * Cutting at any LF is right only for plain bytes (ASCII without NUL, every
 * CR before an LF; see PlainCsvSplitter) whose quoted fields, if any, each
 * stay on one line: a quoted field may hold an LF. Each range is checked when
 * read (`plainRangeCounts`): read from its start, no LF inside quotes and
 * none open at its end. Range 0 starts outside quotes (after the header), and
 * so, by induction, does each range after ranges that passed: the ranges a
 * reader uses, in order, are all cut right. The caller reads the file from
 * the first range that is not plain on as one stream (which follows quotes
 * across lines); ranges after it, cut perhaps inside quotes, are dropped.
 */

/** An open file read at offsets: `readAt` fills `into` from byte `at` and says how many bytes it read (0 at the end). */
export interface FileAtOffsets {
  size: number;
  readAt(into: Uint8Array, at: number): number;
}

/** An open file (its descriptor) read at offsets with Node's fs.readSync. */
export function fileAt(
  readSync: (fd: number, into: Uint8Array, offset: number, length: number, position: number) => number, fd: number, size: number,
): FileAtOffsets {
  return { size, readAt: (into, at) => readSync(fd, into, 0, into.length, at) };
}

/** The header line (without its line end) and where the data starts (after its LF), or null when the file's start is not plain. */
export interface CsvFileHead {
  header: Uint8Array;
  dataStart: number;
}

/** Bytes read at a time while looking for a line end. */
const PROBE_BYTES = 1 << 16;
/** A header line longer than this is left to the stream reader. */
const MAX_HEADER_BYTES = 1 << 20;

/**
 * The file's header line, or null when the file does not start with a plain
 * one followed by data (a blank line or a BOM first, a quote or a byte that is
 * not ASCII in it, a lone CR, no line end within 1 MiB, nothing after it): the
 * stream reader then reads the file, and gives its errors.
 */
export function readCsvFileHead(file: FileAtOffsets): CsvFileHead | null {
  const probe = new Uint8Array(Math.min(MAX_HEADER_BYTES, file.size));
  let n = 0;
  let lf = -1;
  while (n < probe.length && lf < 0) {
    const got = file.readAt(probe.subarray(n, Math.min(probe.length, n + PROBE_BYTES)), n);
    if (got === 0) break;
    lf = probe.subarray(n, n + got).indexOf(LF);
    if (lf >= 0) lf += n;
    n += got;
  }
  if (lf <= 0) return null;
  const end = probe[lf - 1] === CR ? lf - 1 : lf;
  const header = probe.slice(0, end);
  // A quoted header goes to the stream path (checked first: plainRangeCounts would run the quote kernel on it).
  if (end === 0 || header.includes(QUOTE) || header.includes(CR) || plainRangeCounts(header) === null) return null;
  return lf + 1 < file.size ? { header, dataStart: lf + 1 } : null;
}

/** Where the range at nominal byte `at` starts: after the first LF at or after byte `at - 1` (`dataStart` and the file's end stay). */
export function lineStartAt(file: FileAtOffsets, at: number, dataStart: number, scratch: Uint8Array): number {
  if (at <= dataStart) return dataStart;
  for (let from = at - 1; from < file.size; ) {
    const got = file.readAt(scratch, from);
    if (got === 0) break;
    const lf = scratch.subarray(0, got).indexOf(LF);
    if (lf >= 0) return from + lf + 1;
    from += got;
  }
  return file.size;
}

/**
 * The nominal start of range k; the file's size for k at or past the last.
 * Ranges are `rangeBytes` long but for the last three or four ranges' worth of
 * bytes, cut in quarters: the threads then finish within a short range of one
 * another, instead of one waiting while another scores a whole range.
 */
export function nominalStart(k: number, rangeBytes: number, head: CsvFileHead, size: number): number {
  const { bulk, small } = rangeShape(rangeBytes, head, size);
  const at = k <= bulk ? k * rangeBytes : bulk * rangeBytes + (k - bulk) * small;
  return Math.min(size, head.dataStart + at);
}

/** How many ranges the data after the header makes. */
export function rangeCount(rangeBytes: number, head: CsvFileHead, size: number): number {
  const { bulk, small } = rangeShape(rangeBytes, head, size);
  return Math.max(1, bulk + Math.ceil((size - head.dataStart - bulk * rangeBytes) / small));
}

/** Full-size ranges first (`bulk` of them), then ranges of `small` bytes for the rest. */
function rangeShape(rangeBytes: number, head: CsvFileHead, size: number): { bulk: number; small: number } {
  return { bulk: Math.max(0, Math.floor((size - head.dataStart) / rangeBytes) - 3), small: Math.max(1, rangeBytes >> 2) };
}

/** A read range: its bytes as a block (the header, an LF, the range), its rows and its line ends. */
export interface ReadRange {
  /** The header line, an LF, the range's bytes (a view of the reader's buffer); firstRow and lineOffset set by the caller. */
  input: Uint8Array;
  start: number;
  end: number;
  /** Records and line ends (LFs) in the range; -1 when read without counting them (see readRange). */
  rows: number;
  lineEnds: number;
}

/**
 * Reads range `k` into `buffer` (grown when short; the grown one is returned
 * in `buffer`), or answers null when its bytes are not plain. `count: false`
 * leaves its rows and line ends uncounted (-1): a reader that parses the range
 * learns them from its rows (parsedRangeCounts), without a pass over its lines.
 */
export function readRange(
  file: FileAtOffsets, k: number, rangeBytes: number, head: CsvFileHead, reader: { buffer: Uint8Array; scratch: Uint8Array }, count = true,
): ReadRange | null {
  const start = lineStartAt(file, nominalStart(k, rangeBytes, head, file.size), head.dataStart, reader.scratch);
  const end = Math.max(start, lineStartAt(file, nominalStart(k + 1, rangeBytes, head, file.size), head.dataStart, reader.scratch));
  const h = head.header.length + 1;
  const n = h + end - start;
  if (reader.buffer.length < n) reader.buffer = new Uint8Array(n + (n >> 3));
  const input = reader.buffer.subarray(0, n);
  input.set(head.header);
  input[h - 1] = LF;
  for (let at = h; at < n; ) {
    const got = file.readAt(input.subarray(at), start + at - h);
    if (got === 0) throw new Error(`the file ended at byte ${start + at - h} while being read (changed while scored?)`);
    at += got;
  }
  if (!count) return plainBytes(input.subarray(h)) ? { input, start, end, rows: -1, lineEnds: -1 } : null;
  const counts = plainRangeCounts(input.subarray(h));
  return counts === null ? null : { input, start, end, ...counts };
}

/**
 * A plain range's rows and line ends, from its parsed rows: `rows` records,
 * the last starting on line `lastLine` (the range's first line being line 2,
 * as rangeBlock(range, 0, 1) numbers it), or none. Plain records hold no line
 * end, so the line ends are those before the last record's line plus those in
 * the range's trailing run of CR and LF bytes (the last record's line end and
 * blank lines after it).
 */
export function parsedRangeCounts(range: ReadRange, rows: number, lastLine: number): { rows: number; lineEnds: number } {
  const bytes = range.input;
  const dataStart = bytes.length - (range.end - range.start);
  let trailing = 0;
  let i = bytes.length - 1;
  for (; i >= dataStart && (bytes[i] === LF || bytes[i] === CR); i--) if (bytes[i] === LF) trailing++;
  return { rows, lineEnds: (rows > 0 ? lastLine - 2 : 0) + trailing };
}

/**
 * A range's records (lines with something besides a line end, as
 * PlainCsvSplitter counts them: its quoted fields hold no line end) and line
 * ends (LFs), or null when its bytes are not plain: a byte ≥ 0x80, a NUL, a CR
 * not followed by an LF, an LF inside quotes or quotes open at the end.
 */
export function plainRangeCounts(bytes: Uint8Array): { rows: number; lineEnds: number } | null {
  if (!plainBytes(bytes)) return null;
  let rows = 0;
  let lineEnds = 0;
  let lineStart = 0;
  for (let lf = byteIndex(bytes, LF, 0); ; lf = byteIndex(bytes, LF, lineStart)) {
    const end = lf < 0 ? bytes.length : lf;
    const length = end - lineStart;
    if (length > 1 || (length === 1 && bytes[lineStart] !== CR)) rows++;
    if (lf < 0) break;
    lineEnds++;
    lineStart = lf + 1;
  }
  return { rows, lineEnds };
}

/**
 * Where record `n` (0-based) of plain bytes starts, and the line ends (LFs)
 * before it, records counted as plainRangeCounts counts them; null when the
 * bytes hold `n` records or fewer.
 */
export function recordStart(bytes: Uint8Array, n: number): { at: number; lineEnds: number } | null {
  let rows = 0;
  let lineEnds = 0;
  let lineStart = 0;
  while (lineStart < bytes.length) {
    const lf = byteIndex(bytes, LF, lineStart);
    const end = lf < 0 ? bytes.length : lf;
    const length = end - lineStart;
    if (length > 1 || (length === 1 && bytes[lineStart] !== CR)) {
      if (rows === n) return { at: lineStart, lineEnds };
      rows++;
    }
    if (lf < 0) break;
    lineEnds++;
    lineStart = lf + 1;
  }
  return null;
}

/** The block of a read range, for the readers: its first row and line offset in the whole file. */
export function rangeBlock(range: ReadRange, rowsBefore: number, lineEndsBefore: number): CsvBlock {
  // Line 1 is the header; the range's first line is the one after the line ends before it.
  const firstLine = lineEndsBefore + 1;
  return { input: range.input, firstRow: rowsBefore, firstLine, lineOffset: firstLine - 2 };
}

/**
 * Whether a range's bytes are plain: no byte ≥ 0x80, no NUL, every CR
 * followed by an LF, and every quoted field on one line (no LF inside quotes,
 * none open at the end, read from the range's start: quotesCloseOnEachLine).
 * When every range before it passed, a range starts outside quotes, so its
 * cut at an LF was a record's end (see the note at the top).
 */
function plainBytes(bytes: Uint8Array): boolean {
  if (!isAscii(bytes) || byteIndex(bytes, 0, 0) >= 0) return false;
  for (let i = byteIndex(bytes, CR, 0); i >= 0; i = byteIndex(bytes, CR, i + 1)) if (bytes[i + 1] !== LF) return false;
  return byteIndex(bytes, QUOTE, 0) < 0 || quotedFieldsOnOneLine(bytes);
}
