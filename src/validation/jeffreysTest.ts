import { incompleteBeta } from '../math/incompleteBeta.js';

/**
 * The Jeffreys test of a grade's PD, as the ECB's instructions for reporting
 * IRB validation results define it: with D defaults among N obligors, the
 * posterior of the default rate under Jeffreys' prior Beta(½, ½) is
 * Beta(D + ½, N − D + ½), and the p-value is its CDF at the grade's PD,
 *
 *   p = P(default rate ≤ PD | D, N).
 *
 * A small p-value says the observed default rate is too high for the PD (the
 * PD underestimates risk). One-sided: an overestimated PD is not rejected.
 * null for an empty grade.
 */
export function jeffreysTest(defaults: number, count: number, pd: number): number | null {
  if (count === 0) return null;
  return incompleteBeta(pd, defaults + 0.5, count - defaults + 0.5);
}
