import { CreditkitError } from '../errors.js';

/** Throws E_NONFINITE at the first ±Infinity (NaN is a missing value and fine). */
export function checkFinite(values: Float32Array, column: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Infinity || v === -Infinity) throw nonFinite(v, i, column);
  }
}

/** The E_NONFINITE error for value v (±Infinity) at a row of a feature. */
export function nonFinite(v: number, row: number, column: string): CreditkitError {
  return new CreditkitError('E_NONFINITE', `${v} is not allowed in a feature (use NaN or an empty field for a missing value)`, { row, column });
}
