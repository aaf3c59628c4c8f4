import { CreditkitError } from '../errors.js';
import type { Column, Dataset } from '../data/dataset.js';

/**
 * Calendar months of a date column, for the out-of-time view. A value is one of
 *
 *   yyyy-mm-dd, yyyy/mm/dd, yyyymmdd     a day (checked against the calendar)
 *   yyyy-mm-ddThh:mm…                    an ISO date-time (the date part counts)
 *   yyyy-mm, yyyy/mm                     a month
 *   yyyy-Qn, yyyyQn                      a quarter (then periods are quarters)
 *
 * with surrounding spaces ignored. Anything else, an empty cell included, is
 * E_DATE_PARSE naming the file, line and column. A month is stored as
 * year·12 + (month − 1); a quarter as the month it starts with.
 */
export interface ParsedDates {
  /** Month number (year·12 + month − 1) of each row. */
  month: Int32Array;
  /** Some value named only a quarter, so months cannot be told apart. */
  quarterOnly: boolean;
}

const DAY = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/;
const MONTH = /^(\d{4})[-/](\d{1,2})$/;
const QUARTER = /^(\d{4})-?Q([1-4])$/i;

export function parseDates(data: Dataset, column: string): ParsedDates {
  const col = data.column(column);
  if (col.kind !== 'categorical') {
    throw new CreditkitError('E_COLUMN_TYPE', 'a date column must be read as text (numbers such as 20240131 do not fit a float32 column exactly)', { column });
  }
  const byCode = (col.categories ?? []).map((label) => parseDate(label));
  const month = new Int32Array(data.nRows);
  let quarterOnly = false;
  for (let i = 0; i < data.nRows; i++) {
    const code = col.values[i];
    const parsed = code === code ? byCode[code] : undefined;
    if (parsed === undefined) throw dateError(data, col, i);
    month[i] = parsed.month;
    if (parsed.quarter) quarterOnly = true;
  }
  return { month, quarterOnly };
}

/** The month number of one value, or undefined when it is not a date creditkit reads. */
export function parseDate(text: string): { month: number; quarter: boolean } | undefined {
  const s = text.trim();
  let m = DAY.exec(s) ?? COMPACT_DAY.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
    return { month: y * 12 + mo - 1, quarter: false };
  }
  m = MONTH.exec(s);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return undefined;
    return { month: y * 12 + mo - 1, quarter: false };
  }
  m = QUARTER.exec(s);
  if (m) return { month: Number(m[1]) * 12 + (Number(m[2]) - 1) * 3, quarter: true };
  return undefined;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function dateError(data: Dataset, col: Column, i: number): CreditkitError {
  const code = col.values[i];
  const text = code === code ? col.categories![code] : '';
  const what = text.trim() === '' ? 'an empty date' : `"${text}" is not a date`;
  return new CreditkitError('E_DATE_PARSE', `${what} (dates are yyyy-mm-dd, yyyy/mm/dd, yyyymmdd, yyyy-mm-ddThh:mm, yyyy-mm, yyyy/mm or yyyy-Qn)`, data.where(i, col.name));
}
