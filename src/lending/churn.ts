import { CreditkitError } from '../errors.js';
import type { ChurnTable } from './problem.js';
import { TextTable } from './textTable.js';

/**
 * Churn at `rate`, interpolated linearly between the table's points. `rates`
 * is strictly increasing and `rate` within its range (validateProblem checks
 * both); a rate on a table point gets that point's value exactly.
 */
export function interpolateChurn(rates: ArrayLike<number>, churn: ArrayLike<number>, rate: number): number {
  const n = rates.length;
  if (n === 1 || rate <= rates[0]) return churn[0];
  if (rate >= rates[n - 1]) return churn[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (rates[mid] <= rate) lo = mid;
    else hi = mid;
  }
  if (rate === rates[lo]) return churn[lo];
  const t = (rate - rates[lo]) / (rates[hi] - rates[lo]);
  return churn[lo] + t * (churn[hi] - churn[lo]);
}

/**
 * A churn table from CSV text laid out like CUMCM 2020 C attachment 3: a rate
 * column (`annual_interest_rate` or `rate`) and one churn column per rating,
 * named `churn_rate_<rating>` or just `<rating>`. Cells are read as text and
 * converted here, so values keep full double precision.
 */
export function churnTableFromCsv(text: string, file?: string): ChurnTable {
  const t = new TextTable(text, file);
  const rateCol = t.header.find((h) => h === 'annual_interest_rate' || h === 'rate');
  if (rateCol === undefined) {
    // Only the count: the file may not be a churn table at all, and its header is not ours to print.
    throw new CreditkitError('E_COLUMN_UNKNOWN', `a churn table needs a rate column named "annual_interest_rate" or "rate" (found ${t.header.length} columns)`, { file });
  }
  const rates = Array.from({ length: t.nRows }, (_, r) => t.number(r, rateCol)!);
  const byRating = Object.create(null) as Record<string, number[]>; // a rating named "__proto__" stays a key
  for (const h of t.header) {
    if (h === rateCol) continue;
    const rating = h.startsWith('churn_rate_') ? h.slice('churn_rate_'.length) : h;
    if (rating.length === 0) continue;
    byRating[rating] = Array.from({ length: t.nRows }, (_, r) => t.number(r, h)!);
  }
  if (Object.keys(byRating).length === 0) {
    throw new CreditkitError('E_COLUMN_UNKNOWN', 'a churn table needs at least one churn column (e.g. churn_rate_A)', { file });
  }
  return { rates, byRating };
}
