import { DEFAULT_NA_VALUES, MissingValues, csvDelimiter, readCsvHeader, type CsvOptions } from '../data/csv.js';
import { csvWasmReaderOn, flaggedCellValue, rowLines } from '../data/csvWasmReader.js';
import { Dataset, type Column } from '../data/dataset.js';
import { RowOrigin } from '../data/rowOrigin.js';
import { csvField } from '../io/csvField.js';
import type { Classifier } from '../models/classifier.js';
import { CsvRecordSession, SLOT_CELL, SLOT_SKIP, type CsvRecordStep } from '../wasm/csvRecords.js';
import { SHORTEST_DOUBLE_MAX_BYTES } from '../wasm/layout.js';
import { loadedRuntime, type Runtime } from '../wasm/load.js';
import { BlockForest } from './blockForest.js';
import { asciiText, byteIndex, type CsvBlock } from './plainCsvSplitter.js';
import { ESCAPED, OFFSET } from '../data/csvTokenizer.js';
import { LF, COMMA, QUOTE, CR } from '../io/csvBytes.js';

/**
 * CSV → CSV scoring of a plain block (ASCII bytes, see PlainCsvSplitter)
 * straight from its bytes, for a model whose features are all numeric (in
 * `scoreStream`'s calling thread, or in each of its workers): one wasm record session kept for the whole stream, the id
 * cells copied from the input bytes to the output bytes (no strings, no
 * dictionary of ids), the output lines built as bytes. For a tree model
 * scored through the binned kernels (BlockForest) each piece's columns are
 * binned and scored where the record kernel wrote them, in wasm memory.
 *
 * It owns only blocks whose outcome it can give exactly as parseCsv and
 * `scoreLines` would: the wasm reader's plain case (see csvWasmReader.ts),
 * with flagged cells resolved as it resolves them. For anything else `score`
 * answers undefined before anything is written, and the caller reads the block
 * the usual way, whose errors (file, line, column) are then the usual ones.
 */

/** Starts of an id that `csvField` rewrites in safe mode (=, +, -, @, tab, CR). */
const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d]);
/**
 * Text bytes per kernel call: a piece small enough to stay in the core's cache
 * between the copy into wasm memory and the kernel's read (a block's 3 MB did not).
 */
const PIECE_BYTES = 1 << 18;
/** Records per kernel call at most (the session's columns take 4 bytes a cell in wasm memory). */
const MAX_SESSION_ROWS = 1 << 14;
/** The longest text `String(x)` gives for a double ("-1.2345678901234567e-308"). */
const MAX_NUMBER_CHARS = 24;
/**
 * Output bytes a row may take besides its id's bytes: the PD, ',' and '\n', and
 * the longer of a row number (up to 16 digits) and what csvField adds to an id (3).
 */
const ROW_EXTRA_BYTES = MAX_NUMBER_CHARS + 2 + 16;
/** The same bound for writeScoreLines (assembly/scoreLines.ts): its PD text, ',' '\n' and a row number. */
const WASM_ROW_EXTRA_BYTES = SHORTEST_DOUBLE_MAX_BYTES + 2 + 16;

/** Memory for a block's output lines: `n` bytes the caller then owns (default: a fresh buffer). */
export type TakeBytes = (n: number) => Uint8Array;
const freshBytes: TakeBytes = (n) => new Uint8Array(n);

/** Blocks scored by PlainBlockScorer, and of those by BlockForest in wasm memory (for the tests that check the paths are taken). @internal */
export const plainBlocksScored = { count: 0, inWasm: 0 };

export class PlainBlockScorer {
  private session: CsvRecordSession | null = null;
  /** The header the session was set up for; whether the session reads an id column. */
  private header: Uint8Array | null = null;
  private idCell = false;
  /** The kernel refused a piece of the block `pieces` last read. */
  private notOwned = false;
  /**
   * Whether the text read may hold quotes: ids are then checked for the bytes
   * csvField quotes on (a quoted field may hold a comma, a quote, a line end).
   */
  private quotes = false;
  private columns: Float32Array[] = [];
  private lines = new Uint32Array(0);
  /** The block's ids, trimmed, one after another (gathered while their piece is in cache): row r's are [idEnds[r-1], idEnds[r]). */
  private ids = new Uint8Array(0);
  private idEnds = new Uint32Array(0);
  /** The tree model's scoring in wasm (null: the model's predictProba on a Dataset). */
  private forest: BlockForest | null = null;
  private columnAddress: (f: number) => number = () => 0;
  /** The block's output lines as they are built (reused from block to block): in JS memory, or with `forest` in wasm memory. */
  private out = new Uint8Array(0);
  private outPtr = 0;
  private outCapacity = 0;
  /** Rows in the last block scored. */
  rows = 0;

  private constructor(
    private readonly model: Classifier,
    private readonly csv: CsvOptions,
    private readonly chunkRows: number,
    private readonly delim: number,
    private readonly missing: MissingValues,
    private readonly maxMissingLength: number,
    private readonly idColumn: string | undefined,
    private readonly safe: boolean,
  ) {}

  /**
   * A scorer for the stream, or null when its blocks are never plain-owned: a
   * categorical feature, an id column that is a feature, a number among the
   * missing-value words, a non-ASCII delimiter, no wasm module, or the wasm
   * reader turned off (the tests and benchmarks that run the JavaScript reader).
   */
  static create(model: Classifier, csv: CsvOptions, chunkRows: number, idColumn: string | undefined, safe: boolean): PlainBlockScorer | null {
    if (loadedRuntime() === null || !csvWasmReaderOn()) return null;
    if (model.featureSpecs.some((s) => s.kind !== 'numeric' || s.name === idColumn)) return null;
    let delim: number;
    let missing: MissingValues;
    try {
      delim = csvDelimiter(csv);
      missing = new MissingValues(csv.naValues ?? DEFAULT_NA_VALUES);
    } catch {
      return null;
    }
    if (delim >= 0x80 || missing.anyNumber) return null;
    const maxMissingLength = Math.max(0, ...(csv.naValues ?? DEFAULT_NA_VALUES).map((s) => s.trim().length));
    return new PlainBlockScorer(model, csv, chunkRows, delim, missing, maxMissingLength, idColumn, safe);
  }

  /**
   * The block's output lines (`id,pd` or `row,pd`) as bytes, in memory from
   * `take`, or undefined when the block is not one it owns.
   */
  score(block: CsvBlock, take: TakeBytes = freshBytes): Uint8Array | undefined {
    const steps = this.scoreSteps(block, take);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * `score` in steps: it yields after each piece of a block scored in wasm
   * memory, for the caller to let other work run (reads, writes) before the
   * next; it holds no view of wasm memory across a yield.
   */
  *scoreSteps(block: CsvBlock, take: TakeBytes = freshBytes): Generator<void, Uint8Array | undefined, void> {
    const input = block.input;
    if (typeof input === 'string') return undefined;
    const headerEnd = input.indexOf(LF);
    if (headerEnd <= 0 || !this.prepare(input.subarray(0, headerEnd), block.lineOffset)) return undefined;
    this.quotes = byteIndex(input, QUOTE, headerEnd) >= 0;
    const length = this.forest !== null ? yield* this.scoreInPieces(input, headerEnd, block.firstRow) : this.scoreDataset(input, headerEnd, block);
    if (length === undefined) return undefined;
    plainBlocksScored.count++;
    if (this.forest !== null) plainBlocksScored.inWasm++;
    const lines = take(length);
    lines.set(this.forest !== null ? this.runtime().heap.u8(this.outPtr, length) : this.out.subarray(0, length));
    return lines;
  }

  // --- Direct pieces (scoreDirectPieces.ts): the input's pieces read straight into the session's text buffer.

  /** Sets the session up for this header line (no line end) for direct pieces; false when it cannot take them. */
  beginDirect(header: Uint8Array): boolean {
    this.quotes = false;
    return this.prepare(header, 0) && this.forest !== null;
  }

  /** The direct pieces from here on may hold quotes (called before the kernel reads the first that does). */
  directQuotes(): void {
    this.quotes = true;
  }

  /** The text buffer with room for `length` bytes, its first `keep` kept (a fresh view: take it again after any other call). */
  directText(length: number, keep: number): Uint8Array {
    return this.session!.textBufferKeeping(length, keep);
  }

  /** The kernel's read of the first `used` bytes of the text buffer (offsets from its start), which start line `line`. */
  directRead(used: number, last: boolean, line: number): CsvRecordStep {
    return this.session!.read(used, last, 0, line);
  }

  /** The line on which each record of the last read starts (a view: read it before the next call). */
  directLines(rows: number): Uint32Array {
    return this.session!.lines(rows);
  }

  /** The last read's rows scored (flagged cells resolved, BlockForest); false when not owned. */
  directScore(step: CsvRecordStep, used: number): boolean {
    const text = this.runtime().heap.u8(this.session!.textAddress(), used);
    if (step.flags > 0 && !this.resolveFlagsInPlace(text, this.session!.flags(step.flags).slice())) return false;
    return this.forest!.score(this.columnAddress, step.rows);
  }

  /** The lines of rows [from, to) of the last read (row 0 is input row `firstRow`) appended at byte `o` of the output; the new end. */
  directWrite(o: number, used: number, from: number, to: number, firstRow: number): number {
    return this.writeLines(o, 0, used, to, firstRow, from);
  }

  /** The first `length` bytes of the output copied into memory from `take`; counted as a plain block scored in wasm. */
  directTake(length: number, take: TakeBytes): Uint8Array {
    plainBlocksScored.count++;
    plainBlocksScored.inWasm++;
    const lines = take(length);
    lines.set(this.runtime().heap.u8(this.outPtr, length));
    return lines;
  }

  free(): void {
    this.session?.free();
    this.session = null;
    this.forest?.free();
    this.forest = null;
    this.runtime().heap.free(this.outPtr);
    this.outPtr = 0;
    this.outCapacity = 0;
  }

  /** The block read into columns, scored by the model's predictProba and formatted; the output's length, or undefined when not owned. */
  private scoreDataset(input: Uint8Array, headerEnd: number, block: CsvBlock): number | undefined {
    const nRows = this.read(input, headerEnd);
    if (nRows === undefined) return undefined;
    const specs = this.model.featureSpecs;
    const columns: Column[] = specs.map((s, f) => ({ name: s.name, kind: 'numeric', values: this.columns[f].length === nRows ? this.columns[f] : this.columns[f].slice(0, nRows) }));
    const origin = new RowOrigin(this.csv.file, rowLines(this.lines, nRows, block.lineOffset), block.firstRow);
    const pd = this.model.predictProba(new Dataset(columns, nRows, origin));
    this.rows = nRows;
    return this.format(block.firstRow, pd);
  }

  /**
   * The block read, scored (BlockForest) and formatted piece by piece, the
   * columns never leaving wasm memory; the output's length, or undefined when
   * not owned (a ±Infinity too: predictProba's error is the usual path's).
   */
  private *scoreInPieces(input: Uint8Array, headerEnd: number, firstRow: number): Generator<void, number | undefined, void> {
    const session = this.session!;
    const forest = this.forest!;
    const pieces = this.pieces(input, headerEnd);
    let rows = 0;
    let o = 0;
    for (let p = pieces.next(); !p.done; p = pieces.next()) {
      const { step, pos, n } = p.value;
      if (step.flags > 0 && !this.resolveFlagsInPlace(input, session.flags(step.flags).slice())) return undefined;
      if (!forest.score(this.columnAddress, step.rows)) return undefined;
      // Views taken again: no view outlives a call that may grow memory.
      o = this.writeLines(o, pos, n, step.rows, firstRow + rows);
      rows += step.rows;
      yield;
    }
    if (this.notOwned) return undefined;
    this.rows = rows;
    return rows > 0 ? o : undefined;
  }

  /**
   * The block's records read a piece at a time into the session: yields each
   * piece that held records (the kernel's step, the piece's text, its offset
   * `pos` in the block and its length `n`); at the end `notOwned` says whether
   * the kernel refused a piece (the block is then the usual path's).
   */
  private *pieces(input: Uint8Array, headerEnd: number): Generator<{ step: CsvRecordStep; text: Uint8Array; pos: number; n: number }, void, void> {
    const session = this.session!;
    const length = input.length;
    let pos = headerEnd;
    let line = 1;
    let piece = PIECE_BYTES;
    this.notOwned = false;
    while (pos < length) {
      const n = Math.min(piece, length - pos);
      const last = pos + n === length;
      const text = session.textBuffer(n);
      text.set(input.subarray(pos, pos + n));
      const step = session.read(n, last, pos, line);
      if (!step.owned) {
        this.notOwned = true;
        return;
      }
      if (step.rows === 0 && !last) {
        piece *= 2; // a record longer than the piece
        continue;
      }
      if (step.rows === 0) break; // blank lines at most
      yield { step, text, pos, n };
      pos += step.consumed;
      line = step.line;
      if (last && step.consumed === n) break;
    }
  }

  /**
   * Appends the lines of the last kernel call's `rows` rows (the first is row
   * `firstRow` of the input, 0-based) at byte `o` of the wasm output buffer,
   * by writeScoreLines: the ids from the piece in the text buffer (`pieceBytes`
   * bytes at offset `pos` of the block) by the session's cell bounds, the PDs of BlockForest.
   * A row whose id needs text handling (see idNeedsText) is written here as
   * `format` writes it. Returns the new end.
   */
  private writeLines(o: number, pos: number, pieceBytes: number, rows: number, firstRow: number, fromRow = 0): number {
    const session = this.session!;
    const { kernels: k, heap } = this.runtime();
    this.reserveWasmOut(o, o + pieceBytes + rows * WASM_ROW_EXTRA_BYTES);
    const pd = this.forest!.pd;
    const cells = this.idCell ? session.cellsAddress() : 0;
    const text = session.textAddress();
    const quotable = this.delim !== COMMA || this.quotes ? 1 : 0;
    let end = this.outPtr + o;
    for (let from = fromRow; from < rows; ) {
      end = k.writeScoreLines(pd, rows, cells, text, pos, firstRow, from, end, this.maxMissingLength, this.safe ? 1 : 0, quotable);
      const r = k.scoreLinesStop();
      if (r >= rows) break;
      // Row r's id: a missing word, one csvField rewrites or one with `""` escapes, written by the JavaScript rules.
      const bounds = heap.u32(cells + 8 * r, 2);
      const piece = heap.u8(text, bounds[1] - pos);
      let s = (bounds[0] & OFFSET) - pos;
      let e = bounds[1] - pos;
      while (s < e && isBlank(piece[s])) s++;
      while (e > s && isBlank(piece[e - 1])) e--;
      const line = `${this.idText(piece, s, e, (bounds[0] & ESCAPED) !== 0)},${heap.f64(pd + 8 * r, 1)[0]}\n`;
      end = writeText(heap.u8(end, line.length), 0, line) + end;
      from = r + 1;
    }
    return end - this.outPtr;
  }

  /** Room for `n` bytes in the wasm output buffer, its first `used` bytes kept. */
  private reserveWasmOut(used: number, n: number): void {
    if (n <= this.outCapacity) return;
    const heap = this.runtime().heap;
    const capacity = Math.max(n, 2 * this.outCapacity);
    const ptr = heap.alloc(capacity);
    heap.u8(ptr, used).set(heap.u8(this.outPtr, used));
    heap.free(this.outPtr);
    this.outPtr = ptr;
    this.outCapacity = capacity;
  }

  /** Sets the session up for this header (the same in every block, so once); false when the block is not owned. */
  private prepare(header: Uint8Array, lineOffset: number): boolean {
    if (this.header !== null) return sameBytes(header, this.header);
    const text = asciiText(header);
    let names: string[];
    try {
      names = readCsvHeader(text, this.csv, 1 + lineOffset);
    } catch {
      return false;
    }
    const index = new Map(names.map((name, j) => [name, j]));
    const slots = new Int32Array(names.length).fill(SLOT_SKIP);
    const specs = this.model.featureSpecs;
    for (const [f, s] of specs.entries()) {
      const j = index.get(s.name);
      if (j === undefined || slots[j] !== SLOT_SKIP) return false;
      slots[j] = f;
    }
    if (this.idColumn !== undefined) {
      const j = index.get(this.idColumn);
      if (j === undefined) return false;
      slots[j] = SLOT_CELL;
      this.idCell = true;
    }
    const rt = this.runtime();
    const maxRows = Math.min(MAX_SESSION_ROWS, this.chunkRows);
    const session = new CsvRecordSession(rt, this.delim, slots, specs.length, this.idCell ? 1 : 0, maxRows);
    this.session = session;
    this.forest = BlockForest.create(rt, this.model, maxRows);
    this.columnAddress = (f) => session.valuesAddress(f);
    this.header = header.slice();
    return true;
  }

  private runtime(): Runtime {
    return loadedRuntime()!;
  }

  /** Reads the block's records into the columns, the lines and the id bounds; their count, or undefined when not owned. */
  private read(input: Uint8Array, headerEnd: number): number | undefined {
    const session = this.session!;
    const nFeatures = this.model.featureSpecs.length;
    let rows = 0;
    for (const { step, text, pos } of this.pieces(input, headerEnd)) {
      this.reserve(rows + step.rows, nFeatures);
      for (let f = 0; f < nFeatures; f++) this.columns[f].set(session.values(f, step.rows), rows);
      if (this.idCell) this.gatherIds(text, pos, session.cells(step.rows), rows);
      this.lines.set(session.lines(step.rows), rows);
      if (step.flags > 0 && !this.resolveFlags(input, session.flags(step.flags).slice(), rows)) return undefined;
      rows += step.rows;
    }
    return rows > 0 && !this.notOwned ? rows : undefined;
  }

  /** Appends the ids of rows from `firstRow` on, from the piece `text` (at offset `pos` of the block), trimmed. */
  private gatherIds(text: Uint8Array, pos: number, bounds: Uint32Array, firstRow: number): void {
    const rows = bounds.length >> 1;
    let o = firstRow > 0 ? this.idEnds[firstRow - 1] : 0;
    let need = o;
    for (let r = 0; r < rows; r++) need += bounds[2 * r + 1] - (bounds[2 * r] & OFFSET);
    if (need > this.ids.length) this.ids = grown(this.ids, Math.max(need, 2 * this.ids.length), o);
    const ids = this.ids;
    for (let r = 0; r < rows; r++) {
      let s = (bounds[2 * r] & OFFSET) - pos;
      let e = bounds[2 * r + 1] - pos;
      while (s < e && isBlank(text[s])) s++;
      while (e > s && isBlank(text[e - 1])) e--;
      if ((bounds[2 * r] & ESCAPED) !== 0) {
        // Quoted text with `""` escapes: one quote of each pair, as the cell table reads it.
        for (let i = s; i < e; i++) {
          ids[o++] = text[i];
          if (text[i] === QUOTE) i++;
        }
      } else {
        for (let i = s; i < e; i++) ids[o++] = text[i];
      }
      this.idEnds[firstRow + r] = o;
    }
  }

  /** Flagged cells as the wasm reader resolves them: missing words, or numbers off the kernel's fast path. */
  private resolveFlags(input: Uint8Array, flags: Uint32Array, firstRow: number): boolean {
    for (let f = 0; f < flags.length; f += 4) {
      const v = flaggedCellValue(flaggedText(input, flags[f + 2], flags[f + 3]), this.missing);
      if (v === undefined) return false;
      this.columns[flags[f + 1]][firstRow + flags[f]] = v;
    }
    return true;
  }

  /** Flagged cells of the last kernel call resolved into the session's columns in wasm memory (see resolveFlags). */
  private resolveFlagsInPlace(input: Uint8Array, flags: Uint32Array): boolean {
    const heap = this.runtime().heap;
    const session = this.session!;
    for (let f = 0; f < flags.length; f += 4) {
      const v = flaggedCellValue(flaggedText(input, flags[f + 2], flags[f + 3]), this.missing);
      if (v === undefined) return false;
      // A fresh view per cell: nothing here may outlive a call that grows memory.
      heap.f32(session.valuesAddress(flags[f + 1]) + 4 * flags[f], 1)[0] = v;
    }
    return true;
  }

  /** Room for `n` bytes of output lines, the bytes written so far kept. */
  private reserveOut(n: number): void {
    if (n > this.out.length) this.out = grown(this.out, Math.max(n, 2 * this.out.length), this.out.length);
  }

  private reserve(rows: number, nFeatures: number): void {
    if (rows <= this.lines.length) return;
    const cap = Math.max(rows, this.chunkRows);
    const grow = <T extends Float32Array | Uint32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.columns = Array.from({ length: nFeatures }, (_, f) => grow(this.columns[f] ?? new Float32Array(0), cap));
    this.lines = grow(this.lines, cap);
    if (this.idCell) this.idEnds = grow(this.idEnds, cap);
  }

  /** The lines `id,pd` (the id's bytes as read, trimmed) or `row,pd`, as `scoreLines` writes them, into `out`; their length. */
  private format(firstRow: number, pd: Float64Array): number {
    const n = pd.length;
    const ids = this.ids;
    const idEnds = this.idEnds;
    this.reserveOut((this.idCell && n > 0 ? idEnds[n - 1] : 0) + n * ROW_EXTRA_BYTES);
    const out = this.out;
    let o = 0;
    let s = 0;
    for (let r = 0; r < n; r++) {
      if (this.idCell) {
        const e = idEnds[r];
        o = this.writeId(out, o, ids, s, e);
        s = e;
      } else {
        o = writeText(out, o, String(firstRow + r + 1));
      }
      out[o++] = COMMA;
      o = writeText(out, o, String(pd[r]));
      out[o++] = LF;
    }
    return o;
  }

  /**
   * The id in bytes [s, e) (trimmed) at `o` as `scoreLines` writes it: its
   * bytes, or csvField's text when it needs one (at most 3 bytes more); the new end.
   */
  private writeId(out: Uint8Array, o: number, bytes: Uint8Array, s: number, e: number): number {
    if (!this.idNeedsText(bytes, s, e)) {
      for (let i = s; i < e; i++) out[o++] = bytes[i];
      return o;
    }
    return writeText(out, o, this.idText(bytes, s, e));
  }

  /** An id that needs text handling, as `scoreLines` writes it: '' for a missing word, else csvField's text (`escaped`: quoted text with `""` escapes). */
  private idText(bytes: Uint8Array, s: number, e: number, escaped = false): string {
    const raw = cellText(bytes, s, e, escaped);
    return this.missing.has(raw) ? '' : csvField(raw, { safe: this.safe });
  }

  /** Whether the id in bytes [s, e) may not be written as it is: a missing word, a cell csvField rewrites. */
  private idNeedsText(bytes: Uint8Array, s: number, e: number): boolean {
    if (e - s <= this.maxMissingLength) return true;
    if (this.safe && FORMULA_START.has(bytes[s])) return true;
    // Without quotes an id holds no quote and no line end, and a comma only when the input's delimiter is another.
    if (this.delim !== COMMA || this.quotes) {
      for (let i = s; i < e; i++) {
        const c = bytes[i];
        if (c === COMMA || c === QUOTE || c === LF || c === CR) return true;
      }
    }
    return false;
  }
}

/** A flagged cell's text (bounds as the kernel gives them: start | ESCAPED, end), unescaped as the cell table reads it. */
function flaggedText(input: Uint8Array, start: number, end: number): string {
  return cellText(input, start & OFFSET, end, (start & ESCAPED) !== 0);
}

/** A cell's ASCII text; `escaped`: quoted text whose `""` pairs each stand for one quote. */
function cellText(bytes: Uint8Array, s: number, e: number, escaped: boolean): string {
  const text = asciiText(bytes.subarray(s, e));
  return escaped ? text.replaceAll('""', '"') : text;
}

/** ASCII text into bytes at `o`; the new offset. */
function writeText(out: Uint8Array, o: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[o++] = text.charCodeAt(i);
  return o;
}

/** A larger copy of the first `used` bytes of `a`. */
function grown(a: Uint8Array, n: number, used: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  b.set(a.subarray(0, used));
  return b;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
