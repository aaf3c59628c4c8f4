import { CreditkitError } from '../errors.js';
import type { ParsedDates } from './dates.js';

/**
 * Periods of the out-of-time view. `auto` chooses months when the dates span
 * at most MAX_MONTHS_FOR_MONTHLY calendar months (first to last, inclusive)
 * and no value names only a quarter, quarters otherwise (so a two-year sample
 * reads month by month and a longer one in at most a few dozen quarters).
 */
export type PeriodKind = 'month' | 'quarter';
export type PeriodChoice = PeriodKind | 'auto';

export const MAX_MONTHS_FOR_MONTHLY = 24;

export interface Periods {
  kind: PeriodKind;
  /** Labels in time order: "2024-01" or "2024-Q1"; only periods holding rows. */
  labels: string[];
  /** Index into `labels` of every row. */
  index: Int32Array;
}

export function assignPeriods(dates: ParsedDates, choice: PeriodChoice = 'auto'): Periods {
  const { month } = dates;
  if (month.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no rows to put in periods');
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < month.length; i++) {
    lo = Math.min(lo, month[i]);
    hi = Math.max(hi, month[i]);
  }
  if (choice === 'month' && dates.quarterOnly) throw new CreditkitError('E_OPTION', 'monthly periods asked for, but some dates name only a quarter');
  const kind: PeriodKind = choice !== 'auto' ? choice : dates.quarterOnly || hi - lo + 1 > MAX_MONTHS_FOR_MONTHLY ? 'quarter' : 'month';
  const key = (m: number) => (kind === 'month' ? m : Math.floor(m / 3));
  const keys = [...new Set(Array.from(month, key))].sort((a, b) => a - b);
  const position = new Map(keys.map((k, j) => [k, j]));
  const index = Int32Array.from(month, (m) => position.get(key(m))!);
  const labels = keys.map((k) => (kind === 'month' ? `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}` : `${Math.floor(k / 4)}-Q${(k % 4) + 1}`));
  return { kind, labels, index };
}
