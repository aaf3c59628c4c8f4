import { CreditkitError } from '../src/errors.js';

/** The CreditkitError that `f` throws (fails the test if it throws nothing or something else). */
export function errorOf(f: () => unknown): CreditkitError {
  try {
    f();
  } catch (e) {
    if (e instanceof CreditkitError) return e;
    throw e;
  }
  throw new Error('expected a CreditkitError');
}
