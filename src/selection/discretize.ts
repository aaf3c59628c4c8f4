import type { Column } from '../data/dataset.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { CreditkitError } from '../errors.js';

/**
 * A column cut into bins for counting: bin codes 0..nBins−1 per row, with
 * missing values (NaN) in a bin of their own (code `missingBin`, the last one,
 * present only when the column has missing values).
 */
export interface Discretized {
  codes: Uint32Array;
  /** Bins including the missing bin. */
  nBins: number;
  /** Code of the missing bin, or −1 when no value is missing. */
  missingBin: number;
  /** Numeric columns: bin b holds values in [cuts[b−1], cuts[b]) (open at both ends). */
  cuts?: number[];
  /** Categorical columns: bin b holds the category codes in `categoryCodes[b]`. */
  categoryCodes?: number[][];
}

/** Quantile bins of information gain (`bins`) and WOE binning (`fineBins`), README: feature selection. */
export const QUANTILE_BIN_RANGE: IntegerRange = { min: 1, max: 1000 };

/**
 * Quantile cut points of the non-missing values: at most `maxBins` bins of
 * about equal counts. A cut is placed between distinct values only, so a
 * value frequent enough to fill several quantiles stays in one bin (bins may
 * then be fewer and unequal).
 */
export function quantileCuts(values: ArrayLike<number>, maxBins: number): number[] {
  checkIntegerRange('bins', maxBins, QUANTILE_BIN_RANGE);
  const sorted = Float64Array.from(Array.prototype.filter.call(values, (v: number) => !Number.isNaN(v)) as number[]).sort();
  const n = sorted.length;
  const cuts: number[] = [];
  for (let b = 1; b < maxBins && n > 0; b++) {
    const i = Math.floor((b * n) / maxBins);
    if (i <= 0 || i >= n) continue;
    // The cut is the value at the quantile: rows below it go left.
    const c = sorted[i];
    if (c > sorted[0] && (cuts.length === 0 || c > cuts[cuts.length - 1])) cuts.push(c);
  }
  return cuts;
}

/** Index of the bin of `v` among `cuts` (values equal to a cut go right). */
export function binOf(cuts: readonly number[], v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v >= cuts[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Numeric: quantile bins (`maxBins`) + missing bin. Categorical: one bin per category present + missing bin. */
export function discretize(col: Column, maxBins: number): Discretized {
  const n = col.values.length;
  const codes = new Uint32Array(n);
  let hasMissing = false;
  for (let i = 0; i < n; i++) if (Number.isNaN(col.values[i])) hasMissing = true;
  if (col.kind === 'categorical') {
    const present = [...new Set(Array.from(col.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
    const binOfCode = new Map(present.map((c, b) => [c, b]));
    const missingBin = hasMissing ? present.length : -1;
    for (let i = 0; i < n; i++) codes[i] = Number.isNaN(col.values[i]) ? missingBin : binOfCode.get(col.values[i])!;
    return { codes, nBins: present.length + (hasMissing ? 1 : 0), missingBin, categoryCodes: present.map((c) => [c]) };
  }
  const cuts = quantileCuts(col.values, maxBins);
  const missingBin = hasMissing ? cuts.length + 1 : -1;
  for (let i = 0; i < n; i++) codes[i] = Number.isNaN(col.values[i]) ? missingBin : binOf(cuts, col.values[i]);
  return { codes, nBins: cuts.length + 1 + (hasMissing ? 1 : 0), missingBin, cuts };
}
