import type { Column, Dataset } from './dataset.js';

/** Names that mark an identifier column: id, loan_id, id_number, … */
export const ID_COLUMN_NAME = /^id$|_id$|^id_/i;

/**
 * The columns of `ds` that identify rows rather than describe them, so are
 * no features: text with a different value on every row, or whole numbers
 * different on every row that are named like an id (`id`, `*_id`, `id_*`) or
 * are consecutive (row numbers, in any order). A column of distinct amounts
 * (incomes, loan sizes) is not an id: numbers count only by name or as a run.
 * Whole numbers above 2^24, which float32 cannot all tell apart, count by
 * name alone. No column with a missing cell is an id; `exclude` names columns never
 * returned (the target, columns the caller has given a role). Needs 2 rows.
 */
export function findIdColumns(ds: Dataset, exclude: readonly string[] = []): string[] {
  if (ds.nRows < 2) return [];
  return ds.columns.filter((c) => !exclude.includes(c.name) && isIdColumn(c, ds.nRows)).map((c) => c.name);
}

/** Every whole number up to 2^24 is a float32; above it, only every 2nd, 4th, … is. */
export const FLOAT32_EXACT_INTEGERS = 2 ** 24;

function isIdColumn(c: Column, nRows: number): boolean {
  const v = c.values;
  for (let i = 0; i < nRows; i++) if (v[i] !== v[i]) return false;
  if (c.kind === 'categorical') return new Set(v).size === nRows;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < nRows; i++) {
    if (!Number.isInteger(v[i])) return false;
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  // Read as float32, distinct ids above 2^24 (loan numbers such as 100000001)
  // can round to one value, so neither "different on every row" nor "a run"
  // can be judged: the name decides.
  if (Math.max(-lo, hi) > FLOAT32_EXACT_INTEGERS) return ID_COLUMN_NAME.test(c.name);
  // Unnamed, the numbers must be a run: n distinct whole numbers spanning exactly n - 1. Most
  // feature columns fail this at once, without the distinctness check.
  if (!ID_COLUMN_NAME.test(c.name) && hi - lo !== nRows - 1) return false;
  return allDistinct(v, nRows, lo, hi);
}

/** Whether the whole numbers v[0..n), all in [lo, hi] with hi - lo ≤ 2^25, are all different (one bit per value). */
function allDistinct(v: ArrayLike<number>, n: number, lo: number, hi: number): boolean {
  if (hi - lo + 1 < n) return false;
  const seen = new Uint32Array(Math.floor((hi - lo) / 32) + 1);
  for (let i = 0; i < n; i++) {
    const k = v[i] - lo;
    const bit = 1 << (k & 31);
    const word = k >>> 5;
    if ((seen[word] & bit) !== 0) return false;
    seen[word] |= bit;
  }
  return true;
}
