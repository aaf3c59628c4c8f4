import type { Column } from '../data/dataset.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { CreditkitError } from '../errors.js';
import { binOf, quantileCuts as quantileCutsOf } from '../math/quantileCuts.js';

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

/** Quantile bins of information gain (`bins`), docs/guides/modelling.md: feature selection. (WOE pre-bins have their own range, PREBIN_RANGE.) */
export const QUANTILE_BIN_RANGE: IntegerRange = { min: 1, max: 1000 };

/** Quantile cut points (each the first value of its bin) for at most `maxBins` bins; see `src/math/quantileCuts.ts`. */
export function quantileCuts(values: ArrayLike<number>, maxBins: number): number[] {
  checkIntegerRange('bins', maxBins, QUANTILE_BIN_RANGE);
  return quantileCutsOf(values, maxBins, 'lower');
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
  for (let i = 0; i < n; i++) codes[i] = Number.isNaN(col.values[i]) ? missingBin : binOf(cuts, col.values[i], 'lower');
  return { codes, nBins: cuts.length + 1 + (hasMissing ? 1 : 0), missingBin, cuts };
}
