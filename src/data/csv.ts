import { CreditkitError } from '../errors.js';
import { RowOrigin } from './rowOrigin.js';
import { CsvTokenizer, ESCAPED, OFFSET } from './csvTokenizer.js';
import { countLineEnds } from '../io/lineEnds.js';
import { Dataset, FLOAT32_MAX, FLOAT32_OVERFLOW, type Column, type ColumnKind } from './dataset.js';

/**
 * CSV text → Dataset (RFC 4180). Universal: no Node imports.
 *
 * Reading is two steps: one pass over the characters records where every
 * cell starts and ends (no strings are built), then each selected column is
 * typed and converted from those bounds. Cells are trimmed of spaces and tabs
 * before they are interpreted; blank lines are skipped.
 */

export interface CsvOptions {
  /** Field separator, a single character (default `,`). */
  delimiter?: string;
  /** Force the kind of some columns instead of inferring it. */
  types?: Readonly<Record<string, ColumnKind>>;
  /**
   * A fixed dictionary for categorical columns (e.g. a fitted model's): codes
   * follow its order and labels not in it become missing (NaN).
   */
  categories?: Readonly<Record<string, readonly string[]>>;
  /** Cell texts that mean missing, compared after trimming. */
  naValues?: readonly string[];
  /** The file name used in error messages. */
  file?: string;
  /** Read only these columns, in this order. */
  columns?: readonly string[];
  /**
   * For text cut from a larger file (a header plus a block of its rows, as the
   * streaming reader makes): added to the line numbers (`lineOffset`) and data
   * row indices (`rowOffset`) of errors. Default 0. Such text does not start
   * the input, so a byte-order mark at its start is not skipped.
   */
  lineOffset?: number;
  rowOffset?: number;
}

export const DEFAULT_NA_VALUES: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL'];

/**
 * A column whose filled cells are at least this share numbers is taken to be
 * numeric with a few bad cells (an error), rather than categorical.
 */
const MOSTLY_NUMERIC = 0.9;

export function parseCsv(text: string, options: CsvOptions = {}): Dataset {
  return fastReader?.(text, options) ?? parseCsvJs(text, options);
}

/**
 * The wasm reader (csvWasmReader.ts), once a module that loads the wasm has
 * imported it; it returns undefined for any input it does not take. It registers
 * itself rather than being imported here, so that the lending entry, which
 * reads CSV tables but never loads the wasm, names no wasm file in a bundle.
 */
let fastReader: ((text: string, options: CsvOptions) => Dataset | undefined) | null = null;

/** @internal */
export function registerFastCsvReader(reader: (text: string, options: CsvOptions) => Dataset | undefined): void {
  fastReader = reader;
}

/**
 * The reader in JavaScript: every input the wasm reader does not take, and the
 * reference it is tested against.
 * @internal
 */
export function parseCsvJs(text: string, options: CsvOptions = {}): Dataset {
  const file = options.file;
  const offsets = { line: options.lineOffset ?? 0, row: options.rowOffset ?? 0 };
  const missing = new MissingValues(options.naValues ?? DEFAULT_NA_VALUES);
  let header: string[] = [];
  const tokenizer = new CsvTokenizer({
    delimiter: csvDelimiter(options),
    file,
    lineOffset: offsets.line,
    rowOffset: offsets.row,
    skipBom: options.lineOffset === undefined && options.rowOffset === undefined,
    keepCells: true,
    // The header is checked as soon as it is read, before any data row (as the streaming reader does).
    onRecordEnd: (_start, _end, line) => {
      if (tokenizer.nRecords === 1) header = checkHeader(new CellTable(text, tokenizer.bounds, tokenizer.nCols, 1, missing), options, line + offsets.line);
    },
  });
  tokenizer.push(text);
  tokenizer.end();
  if (tokenizer.nRecords === 0) throw new CreditkitError('E_CSV_EMPTY', 'no header row: the text is empty', { file });
  if (tokenizer.nRecords === 1) throw new CreditkitError('E_CSV_EMPTY', 'a header row but no data rows', { file });
  const table = new CellTable(text, tokenizer.bounds, tokenizer.nCols, tokenizer.nRecords, missing);
  const index = new Map(header.map((name, j) => [name, j]));
  const selected = options.columns ?? header;
  const columns = selected.map((name) => {
    const j = index.get(name)!;
    const dictionary = options.categories?.[name];
    if (dictionary !== undefined) return readCategorical(table, j, name, dictionary);
    if (options.types?.[name] === 'categorical') return readCategorical(table, j, name);
    return readNumericOrInfer(table, j, name, options.types?.[name] === 'numeric', file, offsets);
  });
  return new Dataset(columns, table.nRows, new RowOrigin(file, table.rowLines(offsets.line), offsets.row));
}

/** The delimiter's char code; E_OPTION unless it is one character other than a quote or a line end. */
export function csvDelimiter(options: CsvOptions): number {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || '"\r\n'.includes(delimiter)) {
    throw new CreditkitError('E_OPTION', `delimiter must be one character other than a quote or a line end (got ${JSON.stringify(delimiter)})`, { file: options.file });
  }
  return delimiter.charCodeAt(0);
}

/**
 * The column names in a header record's text (which starts on `line` of the
 * input), checked as parseCsv checks them, with the column options.
 */
export function readCsvHeader(text: string, options: CsvOptions, line: number): string[] {
  const tokenizer = new CsvTokenizer({ delimiter: csvDelimiter(options), file: options.file, lineOffset: line - 1, skipBom: false, keepCells: true });
  tokenizer.push(text);
  tokenizer.end();
  const missing = new MissingValues([]);
  return checkHeader(new CellTable(text, tokenizer.bounds, tokenizer.nCols, tokenizer.nRecords, missing), options, line);
}

// ---------------------------------------------------------------------------
// Cells: the bounds csvTokenizer.ts found → texts and numbers

const SPACE = 0x20;
const TAB = 0x09;

/** Cell classes, see `CellTable.classify`. */
const MISSING = 0;
const NUMBER = 1;
const NONFINITE = 2;
const TEXT = 3;
type CellClass = typeof MISSING | typeof NUMBER | typeof NONFINITE | typeof TEXT;

/**
 * The texts that mean missing; an empty cell always does.
 * @internal
 */
export class MissingValues {
  private readonly set: Set<string>;
  /** Whether some of them are numbers (e.g. '-999'), so numbers must be checked too. */
  readonly anyNumber: boolean;

  constructor(naValues: readonly string[]) {
    this.set = new Set(naValues.map((s) => s.trim()));
    this.anyNumber = [...this.set].some((s) => !Number.isNaN(parseDecimal(s, 0, s.length)));
  }

  has(label: string): boolean {
    return label.length === 0 || this.set.has(label);
  }
}

/**
 * Row-major cell bounds of a tokenized CSV; row 0 is the header.
 * @internal
 */
export class CellTable {
  /** Trimmed bounds of the cell last passed to `locate`. */
  start = 0;
  end = 0;
  /** The number parsed by the last `classify` that returned NUMBER. */
  value = 0;
  /** The number of data rows (the header excluded). */
  readonly nRows: number;

  constructor(
    readonly text: string,
    private readonly bounds: Uint32Array,
    readonly nCols: number,
    nRecords: number,
    private readonly missing: MissingValues,
  ) {
    this.nRows = nRecords - 1;
  }

  /** Index of data row r (0-based), column j. */
  cell(r: number, j: number): number {
    return (r + 1) * this.nCols + j;
  }

  /** Sets start/end to the trimmed bounds of cell k; returns whether it has `""` escapes. */
  locate(k: number): boolean {
    const text = this.text;
    const raw = this.bounds[2 * k];
    let s = raw & OFFSET;
    let e = this.bounds[2 * k + 1];
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    this.start = s;
    this.end = e;
    return (raw & ESCAPED) !== 0;
  }

  /** The trimmed, unescaped text of cell k. */
  raw(k: number): string {
    const escaped = this.locate(k);
    const s = this.text.slice(this.start, this.end);
    return escaped ? s.replaceAll('""', '"') : s;
  }

  /** The label of cell k, or undefined when the cell means missing. */
  label(k: number): string | undefined {
    const s = this.raw(k);
    return this.missing.has(s) ? undefined : s;
  }

  /** Missing, a finite number (left in `value`), a non-finite number, or text. */
  classify(k: number): CellClass {
    this.locate(k);
    if (this.start === this.end) return MISSING;
    const v = parseDecimal(this.text, this.start, this.end);
    // The cell's string is built only when it is not a plain number.
    if (Number.isNaN(v) || this.missing.anyNumber) {
      const s = this.raw(k);
      if (this.missing.has(s)) return MISSING;
      if (Number.isNaN(v)) return NONFINITE_WORDS.has(s.toLowerCase()) ? NONFINITE : TEXT;
    }
    // Features are kept as float32: a number it rounds to ±Infinity is as non-finite as "inf".
    if (!(Math.abs(v) < FLOAT32_OVERFLOW)) return NONFINITE;
    this.value = v;
    return NUMBER;
  }

  /**
   * The input line (1-based, plus `lineOffset`) on which each data row
   * starts: an array only when some rows are not on consecutive lines (blank
   * lines, line ends inside quotes), else the first row's line. One pass.
   */
  rowLines(lineOffset: number): Uint32Array | number {
    const text = this.text;
    const n = this.nRows;
    let line = 1 + lineOffset;
    let first = line;
    let lines: Uint32Array | null = null;
    let pos = 0;
    for (let r = 0; r < n; r++) {
      const start = this.bounds[2 * this.cell(r, 0)] & OFFSET;
      line += countLineEnds(text, pos, start);
      pos = start;
      if (r === 0) first = line;
      else if (lines === null && line !== first + r) {
        lines = new Uint32Array(n);
        for (let i = 0; i < r; i++) lines[i] = first + i;
      }
      if (lines !== null) lines[r] = line;
    }
    return lines ?? first;
  }

  /** The 1-based line on which cell k starts. */
  line(k: number): number {
    return lineAt(this.text, this.bounds[2 * k] & OFFSET);
  }
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Added to the line and row numbers of errors in data rows (see CsvOptions.lineOffset). */
/** @internal */
export interface Offsets {
  line: number;
  row: number;
}

/** 1-based line number of a character offset. */
function lineAt(text: string, offset: number): number {
  return countLineEnds(text, 0, offset) + 1;
}

// ---------------------------------------------------------------------------
// Header and options

/**
 * The names in the header (row 0 of `table`, which starts on `line`), checked
 * with the column options. Linear in the number of columns.
 */
function checkHeader(table: CellTable, options: CsvOptions, line: number): string[] {
  const file = options.file;
  const names: string[] = new Array(table.nCols);
  const seen = new Set<string>();
  for (let j = 0; j < table.nCols; j++) {
    const name = table.raw(j);
    if (name.length === 0) {
      throw new CreditkitError('E_CSV_PARSE', `empty column name in the header (field ${j + 1})`, { file, line });
    }
    if (seen.has(name)) {
      throw new CreditkitError('E_CSV_PARSE', 'duplicate column name in the header', { file, line, column: name });
    }
    seen.add(name);
    names[j] = name;
  }
  checkColumnOptions(names, seen, options);
  return names;
}

function checkColumnOptions(header: readonly string[], known: ReadonlySet<string>, options: CsvOptions): void {
  const file = options.file;
  const require = (name: string, what: string): void => {
    if (!known.has(name)) {
      throw new CreditkitError('E_COLUMN_UNKNOWN', `${what} names a column the file does not have (columns are: ${listNames(header)})`, { file, column: name });
    }
  };
  const listed = new Set<string>();
  for (const name of options.columns ?? []) {
    require(name, 'columns');
    if (listed.has(name)) throw new CreditkitError('E_OPTION', 'column listed twice in columns', { file, column: name });
    listed.add(name);
  }
  for (const [name, kind] of Object.entries(options.types ?? {})) {
    require(name, 'types');
    if (kind !== 'numeric' && kind !== 'categorical') {
      throw new CreditkitError('E_OPTION', `types: kind must be 'numeric' or 'categorical' (got ${JSON.stringify(kind)})`, { file, column: name });
    }
  }
  for (const [name, labels] of Object.entries(options.categories ?? {})) {
    require(name, 'categories');
    if (options.types?.[name] === 'numeric') {
      throw new CreditkitError('E_OPTION', 'a column with a categories dictionary cannot be typed numeric', { file, column: name });
    }
    if (new Set(labels).size !== labels.length) {
      throw new CreditkitError('E_OPTION', 'categories: the dictionary lists a label twice', { file, column: name });
    }
  }
}

/** Column names for a message: all of them, or the first few of a very wide header. */
function listNames(names: readonly string[]): string {
  const shown = 50;
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

// ---------------------------------------------------------------------------
// Columns

/** Numeric when every filled cell is a finite number; categorical when mostly text. @internal */
export function readNumericOrInfer(table: CellTable, j: number, name: string, forceNumeric: boolean, file: string | undefined, offsets: Offsets): Column {
  const values = new Float32Array(table.nRows);
  let nNumeric = 0;
  let nText = 0;
  let firstBad = -1;
  for (let r = 0; r < table.nRows; r++) {
    const cls = table.classify(table.cell(r, j));
    if (cls === NUMBER) {
      values[r] = table.value;
      nNumeric++;
      continue;
    }
    values[r] = NaN;
    if (cls === MISSING) continue;
    if (cls === NONFINITE) nNumeric++;
    else nText++;
    if (firstBad < 0) firstBad = r;
  }
  if (firstBad < 0) return { name, kind: 'numeric', values };
  if (!forceNumeric && nNumeric / (nNumeric + nText) < MOSTLY_NUMERIC) return readCategorical(table, j, name);

  const k = table.cell(firstBad, j);
  const where = { file, line: table.line(k) + offsets.line, row: firstBad + offsets.row, column: name };
  const bad = table.raw(k);
  if (table.classify(k) === NONFINITE) {
    const why = Number.isFinite(parseDecimal(bad, 0, bad.length)) ? `is beyond float32's range (±${FLOAT32_MAX}), in which features are kept` : 'is not a finite number';
    throw new CreditkitError('E_CSV_NONFINITE', `"${bad}" ${why}; use an empty field for a missing value`, where);
  }
  const why = forceNumeric ? 'the column is typed numeric' : `${nNumeric} of ${nNumeric + nText} filled cells in this column are numbers`;
  throw new CreditkitError(
    'E_CSV_NOT_NUMERIC',
    `"${bad}" is not a number (${why}); fix the cell, leave it empty for missing, or read the column as categorical with types: { "${name}": 'categorical' }`,
    where,
  );
}

/**
 * Integer codes into a dictionary: the given one (unseen labels become NaN) or
 * the column's own labels in sorted order, so codes do not depend on row order.
 * @internal
 */
export function readCategorical(table: CellTable, j: number, name: string, dictionary?: readonly string[]): Column {
  const values = new Float32Array(table.nRows);
  const labels = dictionary ? [...dictionary] : [];
  const codes = new Map(labels.map((label, i) => [label, i]));
  for (let r = 0; r < table.nRows; r++) {
    const label = table.label(table.cell(r, j));
    let code = label === undefined ? undefined : codes.get(label);
    if (code === undefined && label !== undefined && dictionary === undefined) {
      code = labels.length;
      labels.push(label);
      codes.set(label, code);
    }
    values[r] = code ?? NaN;
  }
  if (dictionary !== undefined) return { name, kind: 'categorical', values, categories: labels };

  const sorted = [...labels].sort(compareLabels);
  const rank = new Float32Array(labels.length);
  sorted.forEach((label, i) => (rank[codes.get(label)!] = i));
  for (let r = 0; r < values.length; r++) {
    if (!Number.isNaN(values[r])) values[r] = rank[values[r]];
  }
  return { name, kind: 'categorical', values, categories: sorted };
}

/** Numbers first in numeric order, then text by UTF-16 code units (locale-independent). */
export function compareLabels(a: string, b: string): number {
  const x = parseDecimal(a, 0, a.length);
  const y = parseDecimal(b, 0, b.length);
  const xNumber = !Number.isNaN(x);
  const yNumber = !Number.isNaN(y);
  if (xNumber && yNumber && x !== y) return x - y;
  if (xNumber !== yNumber) return xNumber ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Numbers

export const NONFINITE_WORDS = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity', 'nan', '+nan', '-nan']);

/**
 * The number in text[s, e) written in strict decimal syntax — optional sign,
 * digits with an optional point, optional exponent — or NaN when the text is
 * anything else (hex, '1,5', 'Infinity', …). Overflow gives ±Infinity.
 */
export function parseDecimal(text: string, s: number, e: number): number {
  let p = s;
  let c = text.charCodeAt(p);
  const negative = c === 0x2d;
  if (negative || c === 0x2b) c = text.charCodeAt(++p);
  const intStart = p;
  let int = 0;
  while (p < e && c >= 0x30 && c <= 0x39) {
    int = int * 10 + (c - 0x30);
    c = text.charCodeAt(++p);
  }
  let nDigits = p - intStart;
  // Fast path for short integers: exact in a double, no string is built.
  if (p === e && nDigits > 0 && nDigits <= 15) return negative ? -int : int;
  if (p < e && c === 0x2e) {
    c = text.charCodeAt(++p);
    const fracStart = p;
    while (p < e && c >= 0x30 && c <= 0x39) c = text.charCodeAt(++p);
    nDigits += p - fracStart;
  }
  if (nDigits === 0) return NaN;
  if (p < e && (c === 0x65 || c === 0x45)) {
    c = text.charCodeAt(++p);
    if (c === 0x2b || c === 0x2d) c = text.charCodeAt(++p);
    const expStart = p;
    while (p < e && c >= 0x30 && c <= 0x39) c = text.charCodeAt(++p);
    if (p === expStart) return NaN;
  }
  return p === e ? Number(text.slice(s, e)) : NaN;
}
