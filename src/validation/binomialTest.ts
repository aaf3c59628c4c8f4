import { binomialUpperTail } from '../stats/binomial.js';

/**
 * The one-sided exact binomial test of a grade's PD: the probability of D or
 * more defaults among N obligors if each defaults independently with
 * probability PD, P(X ≥ D | N, PD). Small = PD underestimated. null for an
 * empty grade.
 */
export function binomialTest(defaults: number, count: number, pd: number): number | null {
  if (count === 0) return null;
  return binomialUpperTail(defaults, count, pd);
}
