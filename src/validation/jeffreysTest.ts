import { incompleteBeta } from '../stats/incompleteBeta.js';

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
 * null for an empty grade. A PD of exactly 0 reads as the binomial test does
 * (p = 1 without defaults, 0 with any), where the formula would reject a grade
 * that had no default at all.
 */
export function jeffreysTest(defaults: number, count: number, pd: number): number | null {
  if (count === 0) return null;
  if (pd === 0) return defaults === 0 ? 1 : 0;
  return incompleteBeta(pd, defaults + 0.5, count - defaults + 0.5);
}
