import type { LoanDecision } from './evaluate.js';

/** Where a strategy's decisions break the PD order. */
export interface PdOrderCheck {
  /** Eligible applicants declined although their PD is below the highest PD that got a loan. */
  inversions: number;
  /** The highest PD lent to (null when nobody is lent to). */
  highestPdLent: number | null;
  /** The declined applicant with the lowest PD among the inversions, or null. */
  safestDeclined: { id: string; pd: number; rating: string } | null;
  /** Applicants lent to whose PD is above that of `safestDeclined`. */
  riskierLent: number;
}

/**
 * Counts the declined applicants that are safer (lower PD) than someone the
 * strategy lends to: a strategy that decides on PD alone has none. Excluded
 * applicants are left out; budget and caps can make such inversions
 * legitimate, so this is a check to read, not a constraint.
 */
export function pdOrderCheck(strategy: readonly LoanDecision[]): PdOrderCheck {
  const lent = strategy.filter((d) => d.decision === 'lend');
  if (lent.length === 0) return { inversions: 0, highestPdLent: null, safestDeclined: null, riskierLent: 0 };
  const highest = Math.max(...lent.map((d) => d.pd));
  const inverted = strategy.filter((d) => d.decision === 'decline' && d.pd < highest);
  if (inverted.length === 0) return { inversions: 0, highestPdLent: highest, safestDeclined: null, riskierLent: 0 };
  const safest = inverted.reduce((a, b) => (b.pd < a.pd ? b : a));
  return {
    inversions: inverted.length,
    highestPdLent: highest,
    safestDeclined: { id: safest.id, pd: safest.pd, rating: safest.rating },
    riskierLent: lent.filter((d) => d.pd > safest.pd).length,
  };
}
