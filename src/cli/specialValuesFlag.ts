import { CreditkitError, parseSpecialValues } from '../core.js';

/** `--special-values 'COL:v1,v2;COL2:v3'` read by the library's parser (`parseSpecialValues`); a malformed flag is E_USAGE. */
export function specialValuesFlag(text: string): Record<string, number[]> {
  try {
    return parseSpecialValues(text, '--special-values');
  } catch (e) {
    if (e instanceof CreditkitError) throw new CreditkitError('E_USAGE', e.reason);
    throw e;
  }
}
