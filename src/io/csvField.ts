/**
 * The one writer of CSV cells: every CSV creditkit writes (scores, reason
 * codes, scorecards, strategies, reports) formats its cells here.
 */

/** How text cells are written. */
export interface CsvCellOptions {
  /**
   * Spreadsheet-safe text (OWASP's advice against CSV injection): a text cell
   * starting with `=`, `+`, `-`, `@`, a tab or a carriage return, which
   * Excel, LibreOffice and Google Sheets would run as a formula, is written
   * with a leading single quote (`'=1+2`), quoted. Numbers, and text that is
   * just a number (`-12.5`, `+3e2`), are never changed.
   * Off by default: it alters such cells, so a file read back by a program no
   * longer joins on them.
   */
  safe?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field: text is quoted (RFC 4180) when it holds a comma, quote or
 * line break; numbers are written as `String(n)`; null and undefined as an
 * empty cell; other values as JSON.
 */
export function csvField(v: unknown, options: CsvCellOptions = {}): string {
  if (typeof v === 'number') return String(v);
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (options.safe && FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without its line break) of the given cells. */
export function csvLine(cells: readonly unknown[], options: CsvCellOptions = {}): string {
  return cells.map((c) => csvField(c, options)).join(',');
}
