import { csvDelimiter, parseCsv, readCsvHeader } from '../data/csv.js';
import { CsvTokenizer } from '../data/csvTokenizer.js';
import { CreditkitError } from '../errors.js';

/**
 * A CSV read as text cells, for small input tables (applicants, churn) whose
 * numbers must keep full double precision and whose ids must keep their exact
 * spelling. Parsing is `parseCsv`'s (RFC 4180, BOM, CRLF or CR, blank lines
 * skipped); this adds the line number of every record, so errors can name the
 * file line of a bad cell.
 */
/** How a small input table's CSV text is written: its field separator. */
export interface TextTableCsv {
  delimiter?: string;
}

export class TextTable {
  readonly header: string[];
  readonly nRows: number;
  private readonly cols: Map<string, { values: Float32Array; categories: readonly string[] }>;
  private readonly lines: number[];

  /** `csv.delimiter` separates the fields (default `,`). */
  constructor(text: string, readonly file?: string, csv: TextTableCsv = {}) {
    // One pass for the header's names and the line of every record, then the cells as text.
    const { header, lines } = headerAndLines(text, file, csv.delimiter);
    this.header = header;
    this.lines = lines;
    const types = Object.fromEntries(this.header.map((h) => [h, 'categorical' as const]));
    const ds = parseCsv(text, { file, types, naValues: [], ...(csv.delimiter !== undefined ? { delimiter: csv.delimiter } : {}) });
    this.nRows = ds.nRows;
    this.cols = new Map(ds.columns.map((c) => [c.name, { values: c.values, categories: c.categories ?? [] }]));
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

/**
 * The header's names and the 1-based line of every record (index 0 = header),
 * read with parseCsv's tokenizer; structural errors are parseCsv's own.
 */
function headerAndLines(text: string, file: string | undefined, delimiter: string | undefined): { header: string[]; lines: number[] } {
  const options = { file, ...(delimiter !== undefined ? { delimiter } : {}) };
  let header: string[] = [];
  const lines: number[] = [];
  const tokenizer = new CsvTokenizer({
    delimiter: csvDelimiter(options),
    file,
    onRecordStart: (_start, line) => lines.push(line),
    onRecordEnd: (start, end, line) => {
      if (lines.length === 1) header = readCsvHeader(text.slice(start, end), options, line);
    },
  });
  tokenizer.push(text);
  tokenizer.end();
  return { header, lines };
}
