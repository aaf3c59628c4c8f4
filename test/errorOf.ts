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

/** The CreditkitError that the promise `f()` rejects with (fails the test otherwise). */
export async function asyncErrorOf(f: () => Promise<unknown>): Promise<CreditkitError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof CreditkitError) return e;
    throw e;
  }
  throw new Error('expected a CreditkitError');
}
