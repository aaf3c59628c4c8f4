import { CreditkitError, type ErrorLocation } from '../errors.js';
import type { CsvOptions } from '../data/csv.js';
import type { CsvFileOptions } from '../data/csvFile.js';
import type { Dataset } from '../data/dataset.js';

/**
 * SME (small and micro enterprise) tables in the layout of CUMCM 2020
 * Problem C: an enterprise table and, per firm, its purchase invoices
 * ("input": the firm is the buyer) and sales invoices ("output": the firm is
 * the seller). See data/README.md for the bundled copy.
 *
 * Tables are columnar: strings are held once in dictionaries and rows carry
 * integer codes, so the 1.1 million CUMCM invoices take a few tens of MB.
 */

/** The enterprise table: one entry per firm, in file order. */
export interface Enterprises {
  /** Firm codes (`E1`, `E2`, …), unique. */
  readonly ids: readonly string[];
  /** Names as given (anonymised in CUMCM, e.g. `***电器销售有限公司`, `个体经营E124`). */
  readonly names: readonly string[];
  /** The bank's rating (A–D), when the table has one (CUMCM attachment 1 only). */
  readonly creditRating?: readonly string[];
  /** 1 = defaulted, 0 = not, when the table has it (CUMCM attachment 1 only). */
  readonly defaulted?: Float64Array;
}

/** Invoices of one direction, columnar. Row i is one invoice. */
export interface InvoiceTable {
  /** `input`: purchase invoices (the firm buys); `output`: sales invoices (the firm sells). */
  readonly direction: 'input' | 'output';
  readonly length: number;
  /** Dictionary of firm codes; `enterprise[i]` indexes it. */
  readonly enterpriseIds: readonly string[];
  readonly enterprise: Uint32Array;
  /** Dictionary of counterparty codes (the seller of an input invoice, the buyer of an output one). */
  readonly counterpartyIds: readonly string[];
  readonly counterparty: Uint32Array;
  /** Calendar month of the invoice date as year × 12 + (month − 1). */
  readonly month: Int32Array;
  /** Amount before tax, CNY (negative for a red-letter invoice: a return or refund). */
  readonly amount: Float64Array;
  /** Value-added tax, CNY. */
  readonly tax: Float64Array;
  /** 1 for a valid invoice, 0 for a void (cancelled) one. */
  readonly valid: Uint8Array;
}

/** One firm's tables. */
export interface SmeTables {
  readonly enterprises: Enterprises;
  readonly input: InvoiceTable;
  readonly output: InvoiceTable;
}

/** The two sets of CUMCM 2020 C: attachment 1 (123 rated firms) and attachment 2 (302 unrated). */
export interface SmeData {
  readonly rated: SmeTables;
  readonly unrated: SmeTables;
}

/** A plain invoice record, for building small tables by hand. */
export interface InvoiceRecord {
  enterprise: string;
  /** ISO date, `yyyy-mm-dd` (or `yyyy-mm`). */
  date: string;
  counterparty: string;
  amount: number;
  tax?: number;
  status?: 'valid' | 'void';
}

/** `yyyy-mm[-dd]` → year × 12 + (month − 1), or NaN. */
export function monthIndex(date: string): number {
  const m = /^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*$/.exec(date);
  if (m === null) return NaN;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return NaN;
  return Number(m[1]) * 12 + month - 1;
}

/** year × 12 + (month − 1) → `yyyy-mm`. */
export function monthLabel(index: number): string {
  const y = Math.floor(index / 12);
  return `${y}-${String(index - 12 * y + 1).padStart(2, '0')}`;
}

/** Builds an invoice table from records (tests, small examples, other sources). */
export function invoiceTable(direction: 'input' | 'output', records: readonly InvoiceRecord[]): InvoiceTable {
  checkDirection(direction);
  const n = records.length;
  const firms = new Dictionary();
  const parties = new Dictionary();
  const t = {
    direction,
    length: n,
    enterpriseIds: firms.labels,
    enterprise: new Uint32Array(n),
    counterpartyIds: parties.labels,
    counterparty: new Uint32Array(n),
    month: new Int32Array(n),
    amount: new Float64Array(n),
    tax: new Float64Array(n),
    valid: new Uint8Array(n),
  };
  records.forEach((r, i) => {
    const month = monthIndex(r.date);
    if (Number.isNaN(month)) throw new CreditkitError('E_OPTION', `invoice date must be yyyy-mm-dd (got ${JSON.stringify(r.date)})`, { row: i });
    if (!Number.isFinite(r.amount) || !Number.isFinite(r.tax ?? 0)) {
      throw new CreditkitError('E_NONFINITE', 'invoice amount and tax must be finite numbers', { row: i });
    }
    const status = r.status ?? 'valid';
    if (status !== 'valid' && status !== 'void') {
      throw new CreditkitError('E_OPTION', `invoice status must be 'valid' or 'void' (got ${JSON.stringify(status)})`, { row: i });
    }
    t.enterprise[i] = firms.code(r.enterprise);
    t.counterparty[i] = parties.code(r.counterparty);
    t.month[i] = month;
    t.amount[i] = r.amount;
    t.tax[i] = r.tax ?? 0;
    t.valid[i] = status === 'valid' ? 1 : 0;
  });
  return t;
}

class Dictionary {
  readonly labels: string[] = [];
  private readonly codes = new Map<string, number>();
  code(label: string): number {
    let c = this.codes.get(label);
    if (c === undefined) {
      c = this.labels.length;
      this.labels.push(label);
      this.codes.set(label, c);
    }
    return c;
  }
}

function checkDirection(direction: string): void {
  if (direction !== 'input' && direction !== 'output') {
    throw new CreditkitError('E_OPTION', `direction must be 'input' or 'output' (got ${JSON.stringify(direction)})`);
  }
}

// ---------------------------------------------------------------------------
// From Datasets (as read by readCsvFile) to tables

/**
 * The enterprise table from a dataset read with `enterprise_id` and
 * `enterprise_name` as categorical columns, and optionally `credit_rating`
 * (categorical) and `defaulted` (0/1).
 */
export function enterprisesFromDataset(ds: Dataset, file?: string): Enterprises {
  const ids = labels(ds, 'enterprise_id', file);
  if (new Set(ids).size !== ids.length) {
    throw new CreditkitError('E_SHAPE', 'enterprise_id has duplicates', { file, column: 'enterprise_id' });
  }
  const names = ds.has('enterprise_name') ? labels(ds, 'enterprise_name', file) : ids.map(() => '');
  const creditRating = ds.has('credit_rating') ? labels(ds, 'credit_rating', file) : undefined;
  let defaulted: Float64Array | undefined;
  if (ds.has('defaulted')) {
    const col = ds.column('defaulted');
    defaulted = new Float64Array(ds.nRows);
    for (let i = 0; i < ds.nRows; i++) {
      const v = col.kind === 'numeric' ? col.values[i] : Number(col.categories![col.values[i]]);
      if (v !== 0 && v !== 1) {
        throw new CreditkitError('E_TARGET_INVALID', 'defaulted must be 0 or 1', rowAt(ds, i, 'defaulted', file));
      }
      defaulted[i] = v;
    }
  }
  return { ids, names, creditRating, defaulted };
}

/**
 * An invoice table from a dataset with columns `enterprise_id`,
 * `invoice_date`, `seller_id` (input) or `buyer_id` (output), `status`
 * (categorical), `amount` and `tax` (numeric).
 */
export function invoicesFromDataset(ds: Dataset, direction: 'input' | 'output', file?: string): InvoiceTable {
  checkDirection(direction);
  const n = ds.nRows;
  const firm = categorical(ds, 'enterprise_id', file);
  const party = categorical(ds, direction === 'input' ? 'seller_id' : 'buyer_id', file);
  const date = categorical(ds, 'invoice_date', file);
  const status = categorical(ds, 'status', file);
  const amount = numeric(ds, 'amount', file);
  const tax = numeric(ds, 'tax', file);

  const monthOf = date.categories.map((d, c) => {
    const m = monthIndex(d);
    if (Number.isNaN(m)) {
      const row = date.values.indexOf(c);
      throw new CreditkitError('E_CSV_PARSE', `invoice_date must be yyyy-mm-dd (got ${JSON.stringify(d)})`, rowAt(ds, row, 'invoice_date', file));
    }
    return m;
  });
  const validOf = status.categories.map((s, c) => {
    const v = s.trim().toLowerCase();
    if (v !== 'valid' && v !== 'void') {
      const row = status.values.indexOf(c);
      throw new CreditkitError('E_CSV_PARSE', `status must be "valid" or "void" (got ${JSON.stringify(s)})`, rowAt(ds, row, 'status', file));
    }
    return v === 'valid' ? 1 : 0;
  });

  const t = {
    direction,
    length: n,
    enterpriseIds: firm.categories,
    enterprise: new Uint32Array(n),
    counterpartyIds: party.categories,
    counterparty: new Uint32Array(n),
    month: new Int32Array(n),
    amount: new Float64Array(n),
    tax: new Float64Array(n),
    valid: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = firm.values[i];
    const p = party.values[i];
    const d = date.values[i];
    const s = status.values[i];
    const a = amount[i];
    const x = tax[i];
    if (Number.isNaN(f) || Number.isNaN(p) || Number.isNaN(d) || Number.isNaN(s) || Number.isNaN(a) || Number.isNaN(x)) {
      const column = ['enterprise_id', party.name, 'invoice_date', 'status', 'amount', 'tax'][[f, p, d, s, a, x].findIndex(Number.isNaN)];
      throw new CreditkitError('E_CSV_PARSE', 'missing value in an invoice', rowAt(ds, i, column, file));
    }
    t.enterprise[i] = f;
    t.counterparty[i] = p;
    t.month[i] = monthOf[d];
    t.valid[i] = validOf[s];
    t.amount[i] = a;
    t.tax[i] = x;
  }
  return t;
}

/** Row i of ds for an error: its input line when ds was read from a file, and `file`. */
function rowAt(ds: Dataset, i: number, column: string, file?: string): ErrorLocation {
  return file === undefined ? ds.where(i, column) : { ...ds.where(i, column), file };
}

function categorical(ds: Dataset, name: string, file?: string): { name: string; values: Float32Array; categories: readonly string[] } {
  if (!ds.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `the table needs a column "${name}" (columns are: ${ds.names.join(', ')})`, { file, column: name });
  const c = ds.column(name);
  if (c.kind !== 'categorical') throw new CreditkitError('E_COLUMN_TYPE', 'expected a text (categorical) column', { file, column: name });
  return { name, values: c.values, categories: c.categories! };
}

function numeric(ds: Dataset, name: string, file?: string): Float32Array {
  if (!ds.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `the table needs a column "${name}" (columns are: ${ds.names.join(', ')})`, { file, column: name });
  const c = ds.column(name);
  if (c.kind !== 'numeric') throw new CreditkitError('E_COLUMN_TYPE', 'expected a numeric column', { file, column: name });
  return c.values;
}

/** The cells of a column as text (a numeric column's numbers are printed). */
function labels(ds: Dataset, name: string, file?: string): string[] {
  if (!ds.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `the table needs a column "${name}" (columns are: ${ds.names.join(', ')})`, { file, column: name });
  const c = ds.column(name);
  return Array.from(c.values, (v, row) => {
    if (Number.isNaN(v)) throw new CreditkitError('E_CSV_PARSE', 'missing value', { file, row, column: name });
    return c.kind === 'categorical' ? c.categories![v] : String(v);
  });
}

// ---------------------------------------------------------------------------
// Files (Node)

/**
 * Reads one set of CUMCM-layout tables from `dir`:
 * `{prefix}_enterprises.csv[.gz]`, `{prefix}_input_invoices.csv[.gz]`,
 * `{prefix}_output_invoices.csv[.gz]` (plain or gzipped; the first that exists).
 *
 * Amounts pass through creditkit's Float32 CSV columns (relative error below
 * 6e-8, i.e. under 0.1 CNY on a 1 million CNY invoice): ample for features.
 */
export async function loadSmeTables(dir: string, prefix: string, text: SmeTextOptions = {}): Promise<SmeTables> {
  const [enterprises, input, output] = await Promise.all([
    readTable(dir, `${prefix}_enterprises`, { ...text }, (ds, file) => enterprisesFromDataset(ds, file)),
    readInvoices(dir, `${prefix}_input_invoices`, 'input', text),
    readInvoices(dir, `${prefix}_output_invoices`, 'output', text),
  ]);
  return { enterprises, input, output };
}

/** How the CUMCM files are written, when not UTF-8 with commas. */
export type SmeTextOptions = Pick<CsvFileOptions, 'encoding' | 'delimiter'>;

/**
 * Reads the CUMCM 2020 C tables (the repository ships them in `data/cumcm/`):
 * `a1_*` → `rated` (123 firms with rating and default flag), `a2_*` →
 * `unrated` (302 firms). `text` gives the files' encoding and delimiter when
 * they are not UTF-8 with commas.
 */
export async function loadSmeData(dir: string, text: SmeTextOptions = {}): Promise<SmeData> {
  const [rated, unrated] = await Promise.all([loadSmeTables(dir, 'a1', text), loadSmeTables(dir, 'a2', text)]);
  return { rated, unrated };
}

/** How an invoice CSV is read: only the columns `invoicesFromDataset` needs, with their kinds forced. */
export function invoiceCsvOptions(direction: 'input' | 'output'): CsvOptions {
  checkDirection(direction);
  const party = direction === 'input' ? 'seller_id' : 'buyer_id';
  return {
    columns: ['enterprise_id', 'invoice_date', party, 'amount', 'tax', 'status'],
    types: { enterprise_id: 'categorical', invoice_date: 'categorical', [party]: 'categorical', status: 'categorical', amount: 'numeric', tax: 'numeric' },
  };
}

function readInvoices(dir: string, base: string, direction: 'input' | 'output', text: SmeTextOptions): Promise<InvoiceTable> {
  return readTable(dir, base, { ...invoiceCsvOptions(direction), ...text }, (ds, file) => invoicesFromDataset(ds, direction, file));
}

async function readTable<T>(dir: string, base: string, options: CsvFileOptions, convert: (ds: Dataset, file: string) => T): Promise<T> {
  const { access } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { readCsvFile } = await import('../data/csvFile.js');
  for (const name of [`${base}.csv.gz`, `${base}.csv`]) {
    const file = join(dir, name);
    const exists = await access(file).then(() => true, () => false);
    if (exists) return convert(await readCsvFile(file, options), file);
  }
  throw new CreditkitError('E_FILE_NOT_FOUND', `no ${base}.csv.gz or ${base}.csv in this folder`, { file: join(dir, `${base}.csv.gz`) });
}
