import { parseCsv } from '../data/csv.js';
import { CreditkitError } from '../errors.js';

/**
 * A CSV read as text cells, for small input tables (applicants, churn) whose
 * numbers must keep full double precision and whose ids must keep their exact
 * spelling. Parsing is `parseCsv`'s (RFC 4180, BOM, CRLF, blank lines
 * skipped); this adds the line number of every record, so errors can name the
 * file line of a bad cell.
 */
export class TextTable {
  readonly header: string[];
  readonly nRows: number;
  private readonly cols: Map<string, { values: Float32Array; categories: readonly string[] }>;
  private readonly lines: number[];

  constructor(text: string, readonly file?: string) {
    this.header = parseCsv(headerRecord(text), { file, types: {} }).names;
    const types = Object.fromEntries(this.header.map((h) => [h, 'categorical' as const]));
    const ds = parseCsv(text, { file, types, naValues: [] });
    this.nRows = ds.nRows;
    this.cols = new Map(ds.columns.map((c) => [c.name, { values: c.values, categories: c.categories ?? [] }]));
    this.lines = recordLines(text);
  }

  has(column: string): boolean {
    return this.cols.has(column);
  }

  /** The trimmed text of a cell ('' when empty). */
  text(r: number, column: string): string {
    const c = this.cols.get(column);
    if (!c) throw new CreditkitError('E_COLUMN_UNKNOWN', `no column "${column}" (columns are: ${this.header.join(', ')})`, { file: this.file, column });
    const code = c.values[r];
    return code === code ? c.categories[code] : '';
  }

  /** 1-based file line of data row r (0-based). */
  line(r: number): number {
    return this.lines[r + 1] ?? r + 2;
  }

  /** A finite number, or undefined for an empty cell when `optional`. */
  number(r: number, column: string, optional = false): number | undefined {
    const s = this.text(r, column);
    if (s === '' && optional) return undefined;
    const v = s === '' ? NaN : Number(s);
    if (!Number.isFinite(v)) {
      throw new CreditkitError('E_CSV_NOT_NUMERIC', s === '' ? 'empty cell: a number is required' : `expected a number, got ${cellSnippet(s)}`, this.where(r, column));
    }
    return v;
  }

  where(r: number, column?: string): { file?: string; line: number; row: number; column?: string } {
    return { file: this.file, line: this.line(r), row: r, column };
  }

  /** Fails with E_COLUMN_UNKNOWN unless the column exists. */
  require(column: string, what: string): void {
    if (!this.has(column)) {
      throw new CreditkitError('E_COLUMN_UNKNOWN', `${what}: no column "${column}" (columns are: ${this.header.join(', ')})`, { file: this.file, column });
    }
  }
}

/** A cell quoted for an error message: at most 24 characters, escaped, so a message never carries a file's content. */
function cellSnippet(s: string): string {
  return JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** The header record's text, twice (so that parseCsv sees a header and a row). */
function headerRecord(text: string): string {
  const starts = recordStarts(text, 2);
  if (starts.length === 0) return text;
  const end = starts.length > 1 ? starts[1] : text.length;
  const h = text.slice(starts[0], end).replace(/\r?\n$/, '');
  return `${h}\n${h}\n`;
}

/** Offsets where records start (blank lines skipped), at most `limit` of them. */
function recordStarts(text: string, limit = Infinity): number[] {
  const out: number[] = [];
  const n = text.length;
  let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (p < n && out.length < limit) {
    const c0 = text.charCodeAt(p);
    if (c0 === LF) { p++; continue; }
    if (c0 === CR && (p + 1 === n || text.charCodeAt(p + 1) === LF)) { p += 2; continue; }
    out.push(p);
    let fieldStart = true;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (fieldStart && c === QUOTE) {
        let q = p + 1;
        for (;;) {
          q = text.indexOf('"', q);
          if (q < 0) return out;
          if (text.charCodeAt(q + 1) !== QUOTE) break;
          q += 2;
        }
        p = q + 1;
        fieldStart = false;
        continue;
      }
      p++;
      if (c === LF) break;
      fieldStart = c === COMMA;
    }
  }
  return out;
}

/** 1-based line number of every record (index 0 = header). */
function recordLines(text: string): number[] {
  const starts = recordStarts(text);
  const lines = new Array<number>(starts.length);
  let line = 1;
  let pos = 0;
  for (let k = 0; k < starts.length; k++) {
    for (let i = text.indexOf('\n', pos); i >= 0 && i < starts[k]; i = text.indexOf('\n', i + 1)) line++, (pos = i + 1);
    lines[k] = line;
  }
  return lines;
}
