import { SpareBuffers } from './spareBuffers.js';
import { csvDelimiter, parseCsv, readCsvHeader, type CsvOptions } from '../data/csv.js';
import { MAX_QUOTED_FIELD } from '../data/csvTokenizer.js';
import { LF, CR, QUOTE } from '../io/csvBytes.js';

/**
 * Cuts CSV bytes into blocks of `chunkRows` records without decoding them,
 * for the common plain case: ASCII without NUL, line ends LF or CRLF (every
 * CR before an LF, inside quotes too). There a record is a non-blank line, or
 * lines joined by quoted fields: a record ends at the first LF outside quotes,
 * found by searching for LFs and quotes alone (no tokenizer pass, no UTF-8
 * decoding), and the blocks are those the text splitter (csvChunks.ts) cuts:
 * it too starts a block when the record after the `chunkRows`-th one starts,
 * and gives a block the blank lines that follow its last record. A quote opens
 * a quoted field only as a field's first byte (elsewhere it is text), `""`
 * inside is a quote, as the CSV tokenizer reads them.
 *
 * The first piece with anything else (a byte ≥ 0x80, a NUL, a lone CR), a
 * line end inside the header's quotes, text after a closing quote, a quoted field
 * longer than half the tokenizer's limit, a blank line before the header, or
 * an input that ends before its header line or inside quotes does, stops it:
 * `push` then answers where the text splitter must take over (`Handover`),
 * with the bytes it holds from there. Nothing has been cut from there on, so
 * errors and blocks are the text splitter's, at the same lines.
 */

/** A block of rows, not parsed yet: what `parseCsv` reads for it, and where it stands in the input. */
export interface CsvBlock {
  /** The header line, a line end, then the block's records: text, or ASCII bytes. */
  input: string | Uint8Array;
  /** 0-based index of the block's first data row in the whole input. */
  firstRow: number;
  /** 1-based line of the input on which the block's first row starts. */
  firstLine: number;
  /** Added to the line numbers of `input` to give the whole input's (CsvOptions.lineOffset). */
  lineOffset: number;
}

/** Where the text splitter takes over: from byte `offset` of the input, which starts line `line`. */
export interface Handover {
  /** The bytes from `offset` on that the plain splitter holds (the piece that stopped it included). */
  bytes: Uint8Array;
  offset: number;
  line: number;
  /** The header line (null: the text splitter reads the input from its start) and the data rows before `offset`. */
  header: string | null;
  rows: number;
}

/** The blocks a piece completed; with `handover`, the text splitter goes on from there. */
export interface PlainStep {
  blocks: CsvBlock[];
  handover?: Handover;
}

export class PlainCsvSplitter {
  /** Bytes [start, end) of `buf` are the input from offset `base + start` on. */
  private buf = new Uint8Array(1 << 16);
  private start = 0;
  private end = 0;
  private base = 0;
  /** Next byte to scan, and its line; whether a record started there and has not ended. */
  private scan = 0;
  private line = 1;
  private inRecord = false;
  /** The current record: where it starts, the LFs inside its quoted fields so far, whether `scan` is inside quotes (opened at `quoteStart`). */
  private recordAt = 0;
  private recordLines = 0;
  private inQuotes = false;
  private quoteStart = 0;
  /** The next quote at or after `scan`: -1 not searched yet, NO_QUOTE none in the bytes pushed. */
  private nextQuote = -1;
  private readonly delim: number;
  /** Whether each piece keeps the input plain (quotes allowed: this splitter follows them). */
  private readonly pieces = new PlainPieces(true);
  private header: Uint8Array | null = null;
  private headerText = '';
  /** The current block: where its first row starts (-1: none yet), its line, first row and rows. */
  private blockStart = -1;
  private blockLine = 0;
  private blockRow = 0;
  private rows = 0;
  private out: CsvBlock[] = [];

  /**
   * @param from  where the input starts when not at its start: at byte `offset` of a CSV, a record's start on
   *   line `line` after `rows` data rows, the header line (`header`, plain) read elsewhere
   */
  constructor(
    private readonly chunkRows: number, private readonly csv: CsvOptions, private readonly buffers = new BlockBuffers(),
    from?: { offset: number; line: number; header: string; rows: number },
  ) {
    this.delim = csvDelimiter(csv);
    if (from === undefined) return;
    this.header = new TextEncoder().encode(from.header);
    this.headerText = from.header;
    this.base = from.offset;
    this.line = from.line;
    this.blockRow = from.rows;
  }

  push(piece: Uint8Array): PlainStep {
    if (!this.pieces.plain(piece)) return { blocks: this.take(), handover: this.handover(piece) };
    this.append(piece);
    if (!this.split()) return { blocks: this.take(), handover: this.handover(new Uint8Array(0)) };
    return { blocks: this.take() };
  }

  /** The end of the input: the last block, or the handover for an input that is not plain to its end. */
  finish(): PlainStep {
    // A quote pending as the last byte closes its field at the end of the input.
    if (this.inQuotes && this.scan === this.end - 1) this.inQuotes = false;
    // Quotes still open at the end: the text splitter's to read (and to report).
    if (!this.pieces.complete || this.header === null || this.inQuotes) return { blocks: this.take(), handover: this.handover(new Uint8Array(0)) };
    if (this.blockStart < 0) parseCsv(this.headerText + '\n', this.csv); // throws E_CSV_EMPTY: a header but no rows
    this.cut(this.end);
    return { blocks: this.take() };
  }

  /**
   * Scans the new bytes; false when the input turns out not plain (a blank line before the header,
   * a quote in the header line, text after a closing quote, a quoted field too long).
   */
  private split(): boolean {
    // Searches stop at the end of the bytes pushed, not of the buffer.
    const buf = this.buf.subarray(0, this.end);
    let at = this.scan;
    if (this.nextQuote >= 0 && this.nextQuote < at) this.nextQuote = -1;
    while (at < this.end) {
      if (!this.inRecord) {
        const c = buf[at];
        if (c === LF || c === CR) {
          if (this.header === null) return false;
          // A blank line: LF, or CRLF (the piece check saw the LF, or will with the next piece).
          if (c === CR && at + 1 >= this.end) break;
          at += c === CR ? 2 : 1;
          this.line++;
          continue;
        }
        this.inRecord = true;
        this.recordAt = at;
        this.recordLines = 0;
        if (this.header !== null) this.recordStart(at);
      }
      if (this.inQuotes) {
        const after = this.quoted(buf, at);
        if (after === NOT_PLAIN) return false;
        if (after < 0) {
          at = this.scan;
          break;
        }
        at = after;
      }
      const lf = this.recordEnd(buf, at);
      if (lf === NOT_PLAIN) return false;
      if (lf < 0) {
        at = this.scan;
        break;
      }
      if (this.header === null) {
        const header = buf.subarray(this.start, buf[lf - 1] === CR ? lf - 1 : lf);
        // A header on several lines (a line end in a quoted name) is the text splitter's: blocks repeat the header as one line.
        if (this.recordLines > 0) return false;
        this.header = header.slice();
        this.headerText = asciiText(this.header);
        // Checked now, before any row, as the text splitter does.
        readCsvHeader(this.headerText, this.csv, 1);
      }
      this.inRecord = false;
      this.line += 1 + this.recordLines;
      at = lf + 1;
    }
    this.scan = at;
    return true;
  }

  /**
   * The LF that ends the record whose bytes from `at` on are outside quotes,
   * -1 when the bytes pushed end first (`scan` is then where to go on:
   * inside quotes, `inQuotes` set), or NOT_PLAIN.
   */
  private recordEnd(buf: Uint8Array, at: number): number {
    let lf = byteIndex(buf, LF, at);
    for (;;) {
      if (lf >= 0 && lf < at) lf = byteIndex(buf, LF, at);
      let q = this.nextQuote;
      if (q < at) {
        // No piece held a quote yet: no search (the piece check looked for one).
        q = this.pieces.sawQuote ? byteIndex(buf, QUOTE, at) : -1;
        if (q < 0) q = NO_QUOTE;
        this.nextQuote = q;
      }
      if (q === NO_QUOTE || (lf >= 0 && lf < q)) {
        if (lf < 0) this.scan = this.end;
        return lf;
      }
      // A quote opens a quoted field only as the field's first byte; elsewhere it is text.
      if (q !== this.recordAt && buf[q - 1] !== this.delim) {
        at = q + 1;
        continue;
      }
      this.inQuotes = true;
      this.quoteStart = q;
      const after = this.quoted(buf, q + 1, lf);
      if (after < 0) return after;
      at = after;
    }
  }

  /**
   * Reads the quoted field whose text starts at `from` (the LFs in it
   * counted): the offset just after its closing quote, -1 when the bytes pushed
   * end first (`scan` set to go on from there), or NOT_PLAIN. `lf`: the first
   * LF at or after `from` if known (-1: none in the bytes pushed), else -2.
   */
  private quoted(buf: Uint8Array, from: number, lf = -2): number {
    let i = from;
    if (lf === -2) lf = byteIndex(buf, LF, from);
    for (;;) {
      const q = byteIndex(buf, QUOTE, i);
      const stop = q < 0 ? this.end : q;
      for (; lf >= 0 && lf < stop; lf = byteIndex(buf, LF, lf + 1)) this.recordLines++;
      if (q - this.quoteStart > MAX_QUOTED_FIELD / 2 || (q < 0 && this.end - this.quoteStart > MAX_QUOTED_FIELD / 2)) return NOT_PLAIN;
      // The quote is a closing one or the first of an escape: the next byte says which.
      if (q < 0 || q + 1 >= this.end) {
        this.scan = stop;
        this.nextQuote = q;
        return -1;
      }
      if (buf[q + 1] === QUOTE) {
        i = q + 2;
        continue;
      }
      const c = buf[q + 1];
      // Only a delimiter or a line end may follow a closing quote (else the tokenizer's error).
      if (c !== this.delim && c !== LF && c !== CR) return NOT_PLAIN;
      this.inQuotes = false;
      return q + 1;
    }
  }

  private recordStart(at: number): void {
    if (this.blockStart < 0) {
      this.blockStart = at;
      this.blockLine = this.line;
    } else if (this.rows === this.chunkRows) {
      this.cut(at);
      this.blockStart = at;
      this.blockLine = this.line;
      this.blockRow += this.rows;
      this.rows = 0;
    }
    this.rows++;
  }

  /** The current block, to `at`: the header line, an LF, its bytes. */
  private cut(at: number): void {
    const header = this.header!;
    const input = this.buffers.take(header.length + 1 + at - this.blockStart);
    input.set(header);
    input[header.length] = LF;
    input.set(this.buf.subarray(this.blockStart, at), header.length + 1);
    this.out.push({ input, firstRow: this.blockRow, firstLine: this.blockLine, lineOffset: this.blockLine - 2 });
  }

  private take(): CsvBlock[] {
    const blocks = this.out;
    this.out = [];
    return blocks;
  }

  /** Where the text splitter starts: the current block's start, or the input's when the header is not read yet. */
  private handover(piece: Uint8Array): Handover {
    let from = this.start;
    let line = 1;
    if (this.header !== null) {
      from = this.blockStart >= 0 ? this.blockStart : this.scan;
      line = this.blockStart >= 0 ? this.blockLine : this.line;
    }
    const held = this.buf.subarray(from, this.end);
    const bytes = new Uint8Array(held.length + piece.length);
    bytes.set(held);
    bytes.set(piece, held.length);
    return { bytes, offset: this.base + from, line, header: this.header === null ? null : this.headerText, rows: this.header === null ? 0 : this.blockRow };
  }

  /** Appends a piece, dropping the bytes before the current block (or, before any, before the scan point). */
  private append(piece: Uint8Array): void {
    // The piece may hold the next quote.
    if (this.nextQuote === NO_QUOTE) this.nextQuote = -1;
    const keep = this.header === null ? this.start : this.blockStart >= 0 ? this.blockStart : this.scan;
    if (this.end + piece.length > this.buf.length) {
      const live = this.end - keep;
      const target = live + piece.length > this.buf.length / 2 ? new Uint8Array(Math.max(2 * (live + piece.length), this.buf.length)) : this.buf;
      target.set(this.buf.subarray(keep, this.end), 0);
      this.buf = target;
      this.base += keep;
      this.start -= keep;
      this.scan -= keep;
      this.recordAt -= keep;
      this.quoteStart -= keep;
      if (this.nextQuote >= 0) this.nextQuote -= keep;
      if (this.blockStart >= 0) this.blockStart -= keep;
      this.end = live;
    }
    this.buf.set(piece, this.end);
    this.end += piece.length;
  }
}

/**
 * Whether the input stays plain, a piece at a time (ASCII without NUL, no
 * quote, line ends LF or CRLF; a CR at a piece's end is judged with the next
 * piece): what PlainCsvSplitter cuts. With `quotes`, quote bytes are allowed
 * (the direct one-thread path, scoreDirectPieces.ts, whose record kernel reads
 * quoted fields); every CR is still one before an LF, inside quotes too, so
 * that each LF ends one line.
 */
export class PlainPieces {
  /** The last byte seen was a CR (an LF must follow). */
  private pendingCr = false;
  /** Whether a piece held a quote (only with `quotes`). */
  sawQuote = false;

  constructor(private readonly quotes = false) {}

  plain(piece: Uint8Array): boolean {
    if (piece.length === 0) return true;
    if (this.pendingCr && piece[0] !== LF) return false;
    if (byteIndex(piece, 0, 0) >= 0 || !isAscii(piece)) return false;
    if (!this.sawQuote && byteIndex(piece, QUOTE, 0) >= 0) {
      if (!this.quotes) return false;
      this.sawQuote = true;
    }
    for (let i = byteIndex(piece, CR, 0); i >= 0; i = byteIndex(piece, CR, i + 1)) {
      if (i + 1 < piece.length && piece[i + 1] !== LF) return false;
    }
    this.pendingCr = piece[piece.length - 1] === CR;
    return true;
  }

  /** Whether the input may end here (not after a CR). */
  get complete(): boolean {
    return !this.pendingCr;
  }
}

/** recordEnd's and quoted's answer when the input is not the plain splitter's to cut. */
const NOT_PLAIN = -2;
/** No quote after the next quote's search point in the bytes pushed (PlainCsvSplitter's nextQuote). */
const NO_QUOTE = Number.MAX_SAFE_INTEGER;

/**
 * Memory for blocks' bytes, handed back once a block is read and reused for
 * later blocks (see SpareBuffers).
 */
export class BlockBuffers {
  /** Buffers kept for reuse: the blocks in the workers' hands come back to it. */
  private readonly spare = new SpareBuffers(16, 2);

  /** `n` bytes (their content is whatever was there). */
  take(n: number): Uint8Array {
    return this.spare.take(n);
  }

  /** A block's input, read and no longer needed (ignored: text, or memory moved to another thread). */
  release(input: string | Uint8Array): void {
    if (typeof input === 'string' || input.buffer.byteLength === 0) return;
    this.spare.give(input.buffer as ArrayBuffer);
  }
}

/** Whether every byte is below 0x80: Node's Buffer.isAscii where there is one, else a loop. */
export function isAscii(bytes: Uint8Array): boolean {
  if (nativeIsAscii !== undefined) return nativeIsAscii(bytes);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

const nodeBuffer = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:buffer') as
  | { isAscii?: (b: Uint8Array) => boolean; Buffer?: { prototype: { indexOf(this: Uint8Array, byte: number, from: number): number } } }
  | undefined;
const nativeIsAscii = nodeBuffer?.isAscii;

/**
 * The first `byte` at or after `from`, or -1: Node's Buffer indexOf (memchr)
 * where there is one, which on 300-byte lines takes a third of the time of
 * Uint8Array's indexOf (a byte-by-byte loop).
 */
export function byteIndex(bytes: Uint8Array, byte: number, from: number): number {
  return nativeIndexOf !== undefined ? nativeIndexOf.call(bytes, byte, from) : bytes.indexOf(byte, from);
}

const nativeIndexOf = nodeBuffer?.Buffer?.prototype.indexOf;

/** ASCII bytes as text. */
export function asciiText(bytes: Uint8Array): string {
  return asciiDecoder.decode(bytes);
}

const asciiDecoder = new TextDecoder();
