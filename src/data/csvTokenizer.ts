import { CreditkitError } from '../errors.js';
import { LF, CR, QUOTE } from '../io/csvBytes.js';

/**
 * The CSV record grammar as one resumable state machine: `parseCsv` feeds it a
 * whole text, the streaming reader feeds it pieces as they arrive. Both see the
 * same records and the same errors, at the same lines, however the input is cut.
 *
 * The grammar is RFC 4180's, with the relaxations common readers make:
 * - a record ends at LF, CRLF or a lone CR (old Mac files); lines are counted
 *   the same way, inside quoted fields too;
 * - blank lines are skipped, and so is a byte-order mark at the very start;
 * - a field is quoted only when its first character is `"`: the quoted text
 *   runs to the next `"` that is not doubled (`""` is a quote) and only a
 *   delimiter or a line end may follow it;
 * - a `"` later in an unquoted field is an ordinary character (`TV 12" screen`).
 *   RFC 4180 does not allow it but says nothing of what a reader should do;
 *   taking it as text is what spreadsheets and most readers do;
 * - a quoted field holds at most MAX_QUOTED_FIELD characters, so that an
 *   unclosed quote cannot swallow the rest of the input into one record.
 *
 * Each piece is scanned once, from where the last one stopped.
 */

/** The longest quoted field (characters between the quotes). */
export const MAX_QUOTED_FIELD = 1 << 20;

/**
 * Flag on a cell's start offset: the quoted text contains `""` escapes. Offsets
 * never reach bit 31: engines cap string length below 2^30.
 */
export const ESCAPED = 0x80000000;
export const OFFSET = 0x7fffffff;

const BOM = 0xfeff;

// States: where the scan stands between two characters.
const RECORD = 0; // before a record (or a blank line)
const FIELD = 1; // before a field, after a delimiter
const UNQUOTED = 2; // in an unquoted field
const QUOTED = 3; // in a quoted field
const QUOTE_SEEN = 4; // just after a `"` in a quoted field: an escape or the closing quote

export interface CsvTokenizerOptions {
  /** The delimiter's char code. */
  delimiter: number;
  /** The file name used in error messages. */
  file?: string;
  /** Added to the line numbers and data row indices of errors (for text cut from a larger input). */
  lineOffset?: number;
  rowOffset?: number;
  /** Skip a byte-order mark at offset 0 (default true); off for text cut from a larger input. */
  skipBom?: boolean;
  /** Record every cell's bounds in `bounds` (parseCsv); a splitter that only needs records leaves it off. */
  keepCells?: boolean;
  /**
   * Leave field counts unchecked (the header's included) in stretches of the input without quotes
   * or CRs, which are then cut into records by searching for LFs, not read character by character.
   * For a caller that reads every record again with a tokenizer that checks them (the streaming
   * splitter, whose blocks parseCsv reads): the errors are then found there, at the same lines.
   */
  deferFieldCounts?: boolean;
  /**
   * For the rest of an input whose start was read elsewhere: the line of the first character,
   * the header's field count and the records before (the header included). The first character
   * must start a line.
   */
  resume?: { line: number; nCols: number; nRecords: number };
  /** A record starts at offset `start` on `line` (blank lines are not records). */
  onRecordStart?(start: number, line: number): void;
  /** The record that started at `start` on `line` is complete; its text is [start, end), without the line end. */
  onRecordEnd?(start: number, end: number, line: number): void;
}

export class CsvTokenizer {
  /** Cell bounds (start | ESCAPED, end) of complete records, offsets into the input; with `keepCells`. */
  bounds = new Uint32Array(0);
  nCells = 0;
  /** Fields per record: the header's, once it is complete (-1 before). */
  nCols = -1;
  /** Complete records, the header included. */
  nRecords = 0;

  private readonly delim: number;
  private readonly file: string | undefined;
  private readonly lineOffset: number;
  private readonly rowOffset: number;
  private readonly keepCells: boolean;
  private readonly skipBom: boolean;
  private readonly deferFieldCounts: boolean;
  private readonly hooks: Pick<CsvTokenizerOptions, 'onRecordStart' | 'onRecordEnd'>;

  private state = RECORD;
  /** Offset of the next piece's first character. */
  private consumed = 0;
  /** The line of the next character. */
  private line = 1;
  /** The last character was a CR, so an LF now completes a CRLF. */
  private lastCR = false;
  private recordStart = 0;
  private recordLine = 1;
  private nFields = 0;
  private fieldStart = 0;
  private escaped = false;
  private quoteLine = 1;
  /** Offset of the `"` in state QUOTE_SEEN. */
  private quoteAt = 0;

  constructor(options: CsvTokenizerOptions) {
    this.delim = options.delimiter;
    this.file = options.file;
    this.lineOffset = options.lineOffset ?? 0;
    this.rowOffset = options.rowOffset ?? 0;
    this.keepCells = options.keepCells ?? false;
    this.skipBom = options.skipBom ?? true;
    this.deferFieldCounts = (options.deferFieldCounts ?? false) && !this.keepCells;
    this.hooks = options;
    if (this.keepCells) this.bounds = new Uint32Array(4096);
    if (options.resume) {
      this.line = options.resume.line;
      this.nCols = options.resume.nCols;
      this.nRecords = options.resume.nRecords;
    }
  }

  /** Scans the next piece of the input. */
  push(text: string): void {
    const n = text.length;
    const base = this.consumed;
    const delim = this.delim;
    let i = 0;
    // The next quote and CR (n: none), so plain stretches run up to the nearer one.
    let nextQuote = -1;
    let nextCr = -1;
    while (i < n) {
      if (this.deferFieldCounts && this.state === RECORD && !this.lastCR && this.nCols >= 0 && base + i > 0) {
        if (nextQuote < i) nextQuote = indexOrEnd(text, '"', i);
        if (nextCr < i) nextCr = indexOrEnd(text, '\r', i);
        const end = Math.min(nextQuote, nextCr);
        if (end > i) {
          i = this.plainRecords(text, i, end, base);
          continue;
        }
      }
      switch (this.state) {
        case RECORD: {
          const c = text.charCodeAt(i);
          if (c === LF || c === CR) {
            if (c === CR || !this.lastCR) this.line++;
            this.lastCR = c === CR;
            i++;
            continue;
          }
          this.lastCR = false;
          if (c === BOM && base + i === 0 && this.skipBom) {
            i++;
            continue;
          }
          this.recordStart = base + i;
          this.recordLine = this.line;
          this.nFields = 0;
          this.hooks.onRecordStart?.(base + i, this.line);
          this.state = FIELD;
          continue;
        }
        case FIELD: {
          if (text.charCodeAt(i) === QUOTE) {
            this.fieldStart = base + i + 1;
            this.escaped = false;
            this.quoteLine = this.line;
            this.state = QUOTED;
            i++;
          } else {
            this.fieldStart = base + i;
            this.state = UNQUOTED;
          }
          continue;
        }
        case UNQUOTED: {
          let c = 0;
          while (i < n && (c = text.charCodeAt(i)) !== delim && c !== LF && c !== CR) i++;
          if (i === n) continue;
          this.endField(this.fieldStart, base + i, false);
          if (c === delim) this.state = FIELD;
          else this.endRecord(base + i, c);
          i++;
          continue;
        }
        case QUOTED: {
          // The closing quote may come at most MAX_QUOTED_FIELD characters in: at index `limit` of
          // this piece. Anything else there is an error, wherever the pieces are cut.
          const limit = this.fieldStart + MAX_QUOTED_FIELD - base;
          const stop = Math.min(n, limit);
          let line = this.line;
          let lastCR = this.lastCR;
          let c = 0;
          while (i < stop && (c = text.charCodeAt(i)) !== QUOTE) {
            if (c === CR || (c === LF && !lastCR)) line++;
            lastCR = c === CR;
            i++;
          }
          this.line = line;
          this.lastCR = lastCR;
          if (i === n) continue;
          if (i <= limit && text.charCodeAt(i) === QUOTE) {
            this.quoteAt = base + i;
            this.lastCR = false;
            this.state = QUOTE_SEEN;
            i++;
          } else {
            this.fail(`a quoted field longer than ${MAX_QUOTED_FIELD} characters: the quote opened here is probably never closed (a quote inside a quoted field is written "")`, this.quoteLine);
          }
          continue;
        }
        case QUOTE_SEEN: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            this.escaped = true;
            this.state = QUOTED;
          } else if (c === delim) {
            this.endField(this.fieldStart, this.quoteAt, this.escaped);
            this.state = FIELD;
          } else if (c === LF || c === CR) {
            this.endField(this.fieldStart, this.quoteAt, this.escaped);
            this.endRecord(base + i, c);
          } else {
            this.fail('unexpected text after a closing quote (a quote inside a quoted field is written "")', this.line);
          }
          i++;
          continue;
        }
      }
    }
    this.consumed = base + n;
  }

  /**
   * Records of text[i, end), which holds no quote or CR, found by their LFs; the state is left
   * as the character loop would leave it (a partial record at the end is in UNQUOTED or FIELD).
   * Returns `end`.
   */
  private plainRecords(text: string, i: number, end: number, base: number): number {
    const hooks = this.hooks;
    for (;;) {
      const lf = text.indexOf('\n', i);
      if (lf < 0 || lf >= end) break;
      if (lf > i) {
        hooks.onRecordStart?.(base + i, this.line);
        this.recordStart = base + i;
        this.recordLine = this.line;
        this.nRecords++;
        this.line++;
        hooks.onRecordEnd?.(base + i, base + lf, this.recordLine);
      } else {
        this.line++; // a blank line
      }
      this.lastCR = false;
      i = lf + 1;
    }
    if (i < end) {
      // A record that continues after `end`: its fields so far.
      this.lastCR = false;
      this.recordStart = base + i;
      this.recordLine = this.line;
      hooks.onRecordStart?.(base + i, this.line);
      const delim = String.fromCharCode(this.delim);
      let nFields = 0;
      let fieldStart = i;
      for (let d = text.indexOf(delim, i); d >= 0 && d < end; d = text.indexOf(delim, d + 1)) {
        nFields++;
        fieldStart = d + 1;
      }
      this.nFields = nFields;
      if (fieldStart === end) {
        this.state = FIELD;
      } else {
        this.fieldStart = base + fieldStart;
        this.state = UNQUOTED;
      }
    }
    return end;
  }

  /** The end of the input: completes the last record (one without a line end). */
  end(): void {
    const at = this.consumed;
    switch (this.state) {
      case FIELD:
      case UNQUOTED:
        this.endField(this.state === FIELD ? at : this.fieldStart, at, false);
        break;
      case QUOTED:
        this.fail('unterminated quoted field (a quote opened here is never closed)', this.quoteLine);
        break;
      case QUOTE_SEEN:
        this.endField(this.fieldStart, this.quoteAt, this.escaped);
        break;
      default:
        return;
    }
    this.endRecord(at, -1);
  }

  private endField(start: number, end: number, escaped: boolean): void {
    if (this.nCols >= 0 && this.nFields === this.nCols) this.fail(`row has more than the header's ${this.nCols} fields`, this.recordLine);
    this.nFields++;
    if (!this.keepCells) return;
    if (2 * this.nCells + 2 > this.bounds.length) {
      const grown = new Uint32Array(this.bounds.length * 2);
      grown.set(this.bounds);
      this.bounds = grown;
    }
    this.bounds[2 * this.nCells] = escaped ? (start | ESCAPED) >>> 0 : start;
    this.bounds[2 * this.nCells + 1] = end;
    this.nCells++;
  }

  /** Ends the record at `end`, where the line end `c` is (-1 at the end of the input). */
  private endRecord(end: number, c: number): void {
    if (this.nCols < 0) this.nCols = this.nFields;
    else if (this.nFields !== this.nCols) this.fail(`row has ${this.nFields} fields, the header has ${this.nCols}`, this.recordLine);
    this.nRecords++;
    if (c >= 0) {
      this.line++;
      this.lastCR = c === CR;
    }
    this.state = RECORD;
    this.hooks.onRecordEnd?.(this.recordStart, end, this.recordLine);
  }

  private fail(message: string, line: number): never {
    const where = this.nRecords > 0
      ? { file: this.file, line: line + this.lineOffset, row: this.nRecords - 1 + this.rowOffset }
      : { file: this.file, line: line + this.lineOffset };
    throw new CreditkitError('E_CSV_PARSE', message, where);
  }
}

/** The offset of the first `c` in text from i, or text.length. */
function indexOrEnd(text: string, c: string, i: number): number {
  const at = text.indexOf(c, i);
  return at < 0 ? text.length : at;
}
