import { CreditkitError } from './errors.js';

/**
 * The documented range of a count option, both ends included. The maximum
 * bounds the memory or time one value can ask for (rounds, depth, threads,
 * folds, ...); each option table declares its ranges in one constant, which
 * the library's checks, the CLI's flags and the docs' option tables share.
 */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/** True when `v` is an integer within `range`. */
export function inIntegerRange(v: unknown, range: IntegerRange): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= range.min && v <= range.max;
}

/** E_OPTION naming `key` unless `v` is an integer within `range`. */
export function checkIntegerRange(key: string, v: unknown, range: IntegerRange): number {
  if (!inIntegerRange(v, range)) {
    throw new CreditkitError('E_OPTION', `${key} must be an integer in ${range.min}..${range.max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** A range with no maximum of its own, for counts that something else already bounds (e.g. reasons ≤ features). */
export function atLeast(min: number): IntegerRange {
  return { min, max: Number.MAX_SAFE_INTEGER };
}
