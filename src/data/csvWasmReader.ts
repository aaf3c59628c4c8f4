import { loadedRuntime, type Runtime } from '../wasm/load.js';
import { CsvRecordSession, SLOT_CELL, SLOT_SKIP } from '../wasm/csvRecords.js';
import { ESCAPED, OFFSET } from './csvTokenizer.js';
import { CellTable, DEFAULT_NA_VALUES, MissingValues, csvDelimiter, parseDecimal, readCategorical, readCsvHeader, readNumericOrInfer, registerFastCsvReader, type CsvOptions } from './csv.js';
import { Dataset, FLOAT32_OVERFLOW, type Column } from './dataset.js';
import { RowOrigin } from './rowOrigin.js';
import { LF, CR } from '../io/csvBytes.js';

/**
 * The fast path of parseCsv: plain CSV read by the wasm kernel
 * (assembly/csvRecords.ts), which scans 16 bytes at a time for delimiters,
 * quotes and line ends and parses numbers straight into float32 columns.
 *
 * It owns only inputs whose outcome it can give exactly as the JavaScript
 * reader would: ASCII (or UTF-8) without NUL, quotes only as RFC 4180 fields, a header whose quotes close on its line, no blank line before the
 * header, every record with the header's field count, numeric columns whose
 * cells are all numbers or missing, and no number in `naValues`. Numbers off
 * Clinger's fast path (long mantissas, large exponents) and NA words come
 * back flagged and are read here with the JavaScript reader's own
 * `parseDecimal`. For anything else it answers undefined before it has
 * returned or thrown anything, and parseCsv reads the input in JavaScript:
 * errors (with their file, line and column) and type inference (a column
 * turning categorical) are the JavaScript reader's, by construction.
 *
 * Without a loaded wasm module (`creditkit/core` before `init`) it answers
 * undefined as well.
 */

/** Text bytes per kernel call; records per call at most, and the bytes their columns may take in wasm memory. */
const PIECE_BYTES = 1 << 20;
const MAX_ROWS = 1 << 14;
const COLUMN_BYTES = 8 << 20;

/** How many inputs each reader read (for the tests that check the fast path is taken). @internal */
export const csvReaderUsed = { wasm: 0, js: 0 };

let enabled = true;

/** Whether the fast path is on (see setCsvWasmReader), for the readers that follow it as parseCsv does. @internal */
export function csvWasmReaderOn(): boolean {
  return enabled;
}

/**
 * Turns the fast path off (or back on), so tests can run the JavaScript
 * reader alone behind every entry; returns the previous setting.
 * @internal
 */
export function setCsvWasmReader(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/**
 * The Dataset parseCsv gives for `input` (text, or the bytes of an ASCII
 * text), or undefined when the fast path does not own it.
 * @internal
 */
export function parseCsvWasm(input: string | Uint8Array | CsvByteSource, options: CsvOptions, naive = false): Dataset | undefined {
  const ds = read(input, options, naive);
  if (ds === undefined) csvReaderUsed.js++;
  else csvReaderUsed.wasm++;
  return ds;
}

function read(input: string | Uint8Array | CsvByteSource, options: CsvOptions, naive: boolean): Dataset | undefined {
  if (typeof input !== 'string') return readSource(input instanceof Uint8Array ? bytesSource(input) : input, options, naive);
  const ascii = textSource(input);
  const ds = readSource(ascii, options, naive);
  if (ds !== undefined || !ascii.sawNonAscii || !utf8Encodable(input)) return ds;
  // Text beyond ASCII is read as its UTF-8 bytes (cells and positions come back as the text's own).
  return readSource(bytesSource(new TextEncoder().encode(input), true), options, naive);
}

function readSource(source: CsvByteSource, options: CsvOptions, naive: boolean): Dataset | undefined {
  const rt = loadedRuntime();
  if (rt === null || !enabled) return undefined;
  let delim: number;
  let missing: MissingValues;
  try {
    delim = csvDelimiter(options);
    missing = new MissingValues(options.naValues ?? DEFAULT_NA_VALUES);
  } catch {
    return undefined;
  }
  if (delim >= 0x80 || missing.anyNumber) return undefined;

  const length = source.length;
  const head = headerLine(source);
  if (head === undefined) return undefined;
  const { end: headerEnd, text: headerText } = head;
  const lineOffset = options.lineOffset ?? 0;
  let header: string[];
  try {
    header = readCsvHeader(headerText, options, 1 + lineOffset);
  } catch {
    return undefined;
  }

  // A column of numbers with text in it is read again as cells, its kind then inferred as parseCsv infers it.
  const inferred = new Set<string>();
  for (let attempt = 0; attempt <= MAX_INFERENCE_RESTARTS; attempt++) {
    const r = readRecords(rt, source, { header, headerEnd, lineOffset, delim, missing, naive, inferred }, options);
    if (r === undefined || r instanceof Dataset) return r;
    for (const name of r.infer) inferred.add(name);
  }
  return undefined;
}

/** Times the fast path starts again to read the columns whose text a piece held as cells (each time more columns). */
const MAX_INFERENCE_RESTARTS = 8;

interface RecordsPlan {
  header: string[];
  headerEnd: number;
  lineOffset: number;
  delim: number;
  missing: MissingValues;
  naive: boolean;
  /** Columns read as cells whose kind is inferred at the end (they held text among numbers). */
  inferred: ReadonlySet<string>;
}

/**
 * The records after the header: the Dataset, undefined when the fast path does
 * not own the input, or the names of the columns (none typed numeric) in
 * which a piece held text, to be read again as cells.
 */
function readRecords(rt: Runtime, source: CsvByteSource, plan0: RecordsPlan, options: CsvOptions): Dataset | undefined | { infer: string[] } {
  const { header, headerEnd, lineOffset, delim, missing, naive, inferred } = plan0;
  const length = source.length;
  // Slots: numeric columns in the order they are read, categorical ones as cells.
  const selected = options.columns ?? header;
  const index = new Map(header.map((name, j) => [name, j]));
  const slots = new Int32Array(header.length).fill(SLOT_SKIP);
  const plan: { name: string; numeric: number; cell: number }[] = [];
  let nNumeric = 0;
  let nCell = 0;
  for (const name of selected) {
    const j = index.get(name)!;
    const cell = options.categories?.[name] !== undefined || options.types?.[name] === 'categorical' || inferred.has(name);
    if (cell) {
      slots[j] = SLOT_CELL - nCell;
      plan.push({ name, numeric: -1, cell: nCell++ });
    } else {
      slots[j] = nNumeric;
      plan.push({ name, numeric: nNumeric++, cell: -1 });
    }
  }

  // A record takes at least one byte per field (a delimiter or its line end): small inputs get small buffers.
  const maxRows = Math.max(1, Math.min(MAX_ROWS, Math.floor(COLUMN_BYTES / (4 * nNumeric + 8 * nCell + 4)), Math.ceil((length - headerEnd) / header.length) + 1));
  const numericNames = plan.filter((p) => p.numeric >= 0).map((p) => p.name);
  const session = new CsvRecordSession(rt, delim, slots, nNumeric, nCell, maxRows);
  const out = new GrowingColumns(nNumeric, nCell);
  const cellText = nCell > 0 ? new GatheredCellText() : undefined;
  try {
    let pos = headerEnd;
    let line = 1;
    let piece = PIECE_BYTES;
    while (pos < length || out.rows === 0) {
      const n = Math.min(piece, length - pos);
      const last = pos + n === length;
      if (!source.copy(session.textBuffer(n), pos, n)) return undefined;
      const step = session.read(n, last, pos, line, naive, source.utf8 === true);
      if (!step.owned) return undefined;
      // Bytes ≥ 0x80 were read as text: what the records took must be UTF-8 (its errors are the JavaScript reader's).
      if (step.sawHigh && !isUtf8(session.textBuffer(n).subarray(0, step.rows === 0 ? 0 : step.consumed))) return undefined;
      if (step.rows === 0 && !last) {
        piece *= 2; // a record longer than the piece
        continue;
      }
      if (step.rows === 0) break; // the end: blank lines at most
      // The piece as the kernel read it (cell and flag bounds are offsets in the input: minus pos here).
      const text = session.textBuffer(n);
      out.reserve(step.rows, (length - headerEnd) / Math.max(1, pos + step.consumed - headerEnd));
      for (let c = 0; c < nNumeric; c++) out.numeric[c].set(session.values(c, step.rows), out.rows);
      if (cellText !== undefined) {
        const at = 2 * nCell * (out.rows + 1);
        out.cells.set(session.cells(step.rows), at);
        cellText.gather(text, pos, out.cells, at, at + 2 * nCell * step.rows, step.sawHigh);
      }
      out.lines.set(session.lines(step.rows), out.rows);
      // Flagged cells: missing words, or numbers for the JavaScript parser.
      const flags = step.flags > 0 ? session.flags(step.flags).slice() : undefined;
      const withText = new Set<string>();
      for (let f = 0; flags !== undefined && f < step.flags; f++) {
        const [row, c, s, e] = flags.subarray(4 * f, 4 * f + 4);
        // Quoted text with `""` escapes is read unescaped, as the cell table reads it.
        const raw = asciiText(text, (s & OFFSET) - pos, e - pos);
        const flagged = (s & ESCAPED) !== 0 ? raw?.replaceAll('""', '"') : raw;
        const v = flagged === undefined ? undefined : flaggedCellValue(flagged, missing);
        if (v === undefined) {
          // Text (or a number beyond float32): a column not typed numeric is read again as cells.
          if (options.types?.[numericNames[c]] === 'numeric') return undefined;
          withText.add(numericNames[c]);
        } else {
          out.numeric[c][out.rows + row] = v;
        }
      }
      if (withText.size > 0) return { infer: [...withText] };
      out.rows += step.rows;
      pos += step.consumed;
      line = step.line;
      source.progress?.(pos, out.rows);
      if (last && pos === length) break;
    }
    if (out.rows === 0) return undefined;
  } finally {
    session.free();
  }

  const nRows = out.rows;
  const table = cellText !== undefined ? new CellTable(cellText.text(), out.cells, nCell, nRows + 1, missing) : undefined;
  const columns: Column[] = [];
  for (const p of plan) {
    if (p.numeric >= 0) columns.push({ name: p.name, kind: 'numeric', values: out.column(p.numeric, source.columnViews === true) });
    else if (!inferred.has(p.name)) columns.push(readCategorical(table!, p.cell, p.name, options.categories?.[p.name]));
    else {
      // parseCsv's inference; where it reports an error (with a line the cell table does not keep), parseCsv reads the input.
      try {
        columns.push(readNumericOrInfer(table!, p.cell, p.name, false, options.file, { line: 0, row: 0 }));
      } catch {
        return undefined;
      }
    }
  }
  return new Dataset(columns, nRows, new RowOrigin(options.file, rowLines(out.lines, nRows, lineOffset), options.rowOffset ?? 0));
}

/**
 * Where the reader takes its input from, a piece at a time: bytes or text in
 * memory, or a file read piece by piece straight into the wasm text buffer
 * (src/data/csvFile.ts), so a large file is never held whole.
 * @internal
 */
export interface CsvByteSource {
  readonly length: number;
  /**
   * Writes input bytes [pos, pos + n) into `into`; false when they are not
   * bytes the fast path owns (text that is not ASCII), and the reader stops.
   */
  copy(into: Uint8Array, pos: number, n: number): boolean;
  /**
   * Numeric columns may come out as views of the room they grew in (a caller
   * that copies them on, as a file range's reader does), not trimmed by a copy.
   */
  readonly columnViews?: boolean;
  /** Called after each piece read: the input bytes read, the records read so far. */
  progress?(bytesRead: number, rows: number): void;
  /**
   * The bytes are UTF-8 (a byte-order mark already left out): bytes ≥ 0x80 are
   * read as text, and the input goes to the JavaScript reader (for its
   * E_ENCODING error) when they are not UTF-8. Otherwise only ASCII is read.
   */
  readonly utf8?: boolean;
}

function bytesSource(bytes: Uint8Array, utf8 = false): CsvByteSource {
  return {
    length: bytes.length,
    copy: (into, pos, n) => {
      into.set(bytes.subarray(pos, pos + n));
      return true;
    },
    utf8,
  };
}

/** ASCII bytes as the reader's input, its numeric columns handed out as views (see CsvByteSource.columnViews). @internal */
export function bytesSourceWithColumnViews(bytes: Uint8Array): CsvByteSource {
  return { ...bytesSource(bytes), columnViews: true };
}

/**
 * UTF-8 bytes (the encodings utf-8 and auto) as the reader's input: a UTF-8
 * byte-order mark is left out, as the decoder skips it. @internal
 */
export function utf8BytesSource(bytes: Uint8Array): CsvByteSource {
  return bytesSource(bytes.subarray(utf8MarkLength(bytes)), true);
}

/** 3 when the bytes start with the UTF-8 byte-order mark, else 0. @internal */
export function utf8MarkLength(start: Uint8Array): number {
  return start.length >= 3 && start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf ? 3 : 0;
}

/**
 * Text as its UTF-8 bytes, which are the text's own characters while it is
 * ASCII; a piece that is not stops the reader and sets `sawNonAscii`.
 */
function textSource(text: string): CsvByteSource & { sawNonAscii: boolean } {
  const encoder = new TextEncoder();
  const source = {
    length: text.length,
    sawNonAscii: false,
    copy: (into: Uint8Array, pos: number, n: number) => {
      const r = encoder.encodeInto(text.slice(pos, pos + n), into.subarray(0, n));
      if (r.read === n && r.written === n) return true;
      source.sawNonAscii = true;
      return false;
    },
  };
  return source;
}

/**
 * Whether text reads back from its UTF-8 bytes unchanged and as parseCsv reads
 * it: no lone surrogate (the encoder would write U+FFFD) and no leading
 * byte-order mark (which the UTF-8 path leaves out of the bytes it is given).
 */
function utf8Encodable(text: string): boolean {
  return text.charCodeAt(0) !== 0xfeff && !LONE_SURROGATE.test(text);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The header: its text and the offset of its line end. A CR is looked for only
 * before the first LF (a file without CRs is not searched to its end). The
 * window read doubles until it holds a line end or the whole input.
 */
function headerLine(source: CsvByteSource): { end: number; text: string } | undefined {
  for (let window = Math.min(source.length, 1 << 16); ; window = Math.min(source.length, 2 * window)) {
    const bytes = new Uint8Array(window);
    if (!source.copy(bytes, 0, window)) return undefined;
    const lf = bytes.indexOf(LF);
    const cr = (lf < 0 ? bytes : bytes.subarray(0, lf)).indexOf(CR);
    if (lf < 0 && window < source.length) continue;
    const end = cr >= 0 ? cr : lf;
    if (end <= 0) return undefined;
    const text = source.utf8 === true ? utf8Text(bytes.subarray(0, end)) : asciiText(bytes, 0, end);
    return text !== undefined && isPlainHeader(text) ? { end, text } : undefined;
  }
}

/**
 * The text cells of the pieces read, gathered into one byte string as they
 * go (their bounds moved onto it), so that neither the whole input nor its
 * decoded text is kept for them: the cell table is read for labels only,
 * never for lines.
 */
class GatheredCellText {
  private bytes = new Uint8Array(1 << 12);
  private length = 0;
  /** The length of the gathered text in UTF-16 units (the string positions CellTable reads). */
  private units = 0;

  /**
   * Copies the cells bounded by `cells[from, to)` (offsets in the input) out
   * of `piece`, which starts at input offset `pos`, and rewrites their bounds
   * as positions in the gathered text. `utf8`: the piece may hold UTF-8
   * characters of several bytes (each is one UTF-16 unit, two from 4 bytes).
   */
  gather(piece: Uint8Array, pos: number, cells: Uint32Array, from: number, to: number, utf8: boolean): void {
    for (let k = from; k < to; k += 2) {
      const escape = cells[k] & ESCAPED; // quoted text with `""` escapes: CellTable unescapes it
      const s = (cells[k] & OFFSET) - pos;
      const e = cells[k + 1] - pos;
      if (this.length + e - s > this.bytes.length) {
        const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.length + e - s));
        grown.set(this.bytes.subarray(0, this.length));
        this.bytes = grown;
      }
      this.bytes.set(piece.subarray(s, e), this.length);
      this.length += e - s;
      cells[k] = (this.units | escape) >>> 0;
      this.units += utf8 ? utf16Units(piece, s, e) : e - s;
      cells[k + 1] = this.units;
    }
  }

  text(): string {
    // ignoreBOM: a cell may start with U+FEFF (a byte-order mark in the middle of a file is text), which the default decoder drops.
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.bytes.subarray(0, this.length));
  }
}

/** The UTF-16 length of the UTF-8 bytes [s, e): one unit per lead byte, two for a 4-byte character. */
function utf16Units(bytes: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) {
    const b = bytes[i];
    n += (b & 0xc0) === 0x80 ? 0 : b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/** Bytes [s, e) as text when they are all ASCII (the text they decode to in every encoding the fast path takes). */
function asciiText(bytes: Uint8Array, s: number, e: number): string | undefined {
  let t = '';
  for (let i = s; i < e; i++) {
    const b = bytes[i];
    if (b >= 0x80) return undefined;
    t += String.fromCharCode(b);
  }
  return t;
}

/**
 * A header the fast path reads: no NUL (and ASCII unless the input is UTF-8).
 * Quoted names (an export that quotes every field) are read by readCsvHeader's
 * tokenizer; a line end inside their quotes leaves a quote open at the text's
 * end, its error, and the JavaScript reader reads the input.
 */
function isPlainHeader(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 0) return false;
  return true;
}

/** Bytes decoded as UTF-8, or undefined when they are not UTF-8. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Node's native UTF-8 check (node:buffer isUtf8), where the runtime has one. */
const nativeIsUtf8 = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:buffer') as
  | { isUtf8?: (bytes: Uint8Array) => boolean }
  | undefined;

/** Whether the bytes are UTF-8 (a text piece whose records end at a line end: no character is cut). */
function isUtf8(bytes: Uint8Array): boolean {
  if (nativeIsUtf8?.isUtf8 !== undefined) return nativeIsUtf8.isUtf8(bytes);
  return utf8Text(bytes) !== undefined;
}

/**
 * The value of a cell the kernel flagged: NaN for a missing word, the number
 * the JavaScript reader reads off the kernel's fast path, or undefined for
 * text or a number float32 cannot hold, where the JavaScript reader decides
 * (categorical, or an error).
 * @internal
 */
export function flaggedCellValue(text: string, missing: MissingValues): number | undefined {
  if (missing.has(text)) return NaN;
  const v = parseDecimal(text, 0, text.length);
  return Math.abs(v) < FLOAT32_OVERFLOW ? v : undefined;
}

/** The rows' lines as RowOrigin keeps them: the first row's when they follow one by one. @internal */
export function rowLines(lines: Uint32Array, n: number, lineOffset: number): Uint32Array | number {
  const first = lines[0];
  let consecutive = true;
  for (let r = 1; r < n && consecutive; r++) consecutive = lines[r] === first + r;
  if (consecutive) return first + lineOffset;
  const out = lines.slice(0, n);
  if (lineOffset !== 0) for (let r = 0; r < n; r++) out[r] += lineOffset;
  return out;
}

/** Columns filled piece by piece, grown by the share of the input still to read. */
class GrowingColumns {
  rows = 0;
  capacity = 0;
  numeric: Float32Array[];
  /** Cell bounds with a header row first (row-major, as CellTable reads them). */
  cells: Uint32Array;
  lines = new Uint32Array(0);

  constructor(nNumeric: number, private readonly nCell: number) {
    this.numeric = Array.from({ length: nNumeric }, () => new Float32Array(0));
    this.cells = new Uint32Array(0);
  }

  /** Room for `more` rows; `ratio` estimates the input's size over what has been read. */
  reserve(more: number, ratio: number): void {
    const need = this.rows + more;
    if (need <= this.capacity) return;
    const cap = Math.max(need, Math.ceil(need * Math.min(Math.max(ratio, 1), 1e6) * 1.02) + 16);
    const grow = <T extends Float32Array | Uint32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a.subarray(0, Math.min(a.length, n)));
      return b;
    };
    this.numeric = this.numeric.map((a) => grow(a, cap));
    if (this.nCell > 0) this.cells = grow(this.cells, 2 * this.nCell * (cap + 1));
    this.lines = grow(this.lines, cap);
    this.capacity = cap;
  }

  /** Numeric column c, exactly `rows` long (`view`: a view of its room, else trimmed by a copy). */
  column(c: number, view = false): Float32Array {
    const a = this.numeric[c];
    return a.length === this.rows ? a : view ? a.subarray(0, this.rows) : a.slice(0, this.rows);
  }
}

registerFastCsvReader(parseCsvWasm);
