import { CreditkitError } from '../errors.js';
import { normalSf } from '../stats/normal.js';

/**
 * The test of the AUC's change since the initial validation, as the ECB's
 * instructions for reporting IRB validation results set it: with AUC_init
 * from the initial validation and the current AUC with its (DeLong) standard
 * error s,
 *
 *   S = (AUC_init − AUC_current) / s,   p = 1 − Φ(S),
 *
 * so a small p-value says the model discriminates worse than when it was
 * approved (one-sided: an improvement is not rejected).
 */
export interface AucChangeTest {
  initialAuc: number;
  currentAuc: number | null;
  statistic: number | null;
  p: number | null;
  note?: string;
}

export function aucChangeTest(initialAuc: number, currentAuc: number | null, se: number | null): AucChangeTest {
  if (!(initialAuc >= 0 && initialAuc <= 1)) throw new CreditkitError('E_OPTION', `the initial AUC must be in [0, 1], got ${initialAuc}`);
  if (currentAuc === null || se === null) return { initialAuc, currentAuc, statistic: null, p: null, note: 'the current AUC or its standard error is not defined' };
  if (se === 0) return { initialAuc, currentAuc, statistic: null, p: null, note: 'the current AUC has no variance (perfect separation)' };
  const statistic = (initialAuc - currentAuc) / se;
  return { initialAuc, currentAuc, statistic, p: normalSf(statistic) };
}
