import { CreditkitError } from '../core.js';

/** Runs `body`; a CreditkitError it throws is re-thrown naming `file` in its `where`. */
export function withFile<T>(file: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof CreditkitError) throw e.locatedAt({ file });
    throw e;
  }
}
