import { incompleteBeta } from './incompleteBeta.js';

/**
 * Binomial tail probabilities through the incomplete beta function,
 * P(X ≤ k) = I_{1−p}(n − k, k + 1) and P(X ≥ k) = I_p(k, n − k + 1), exact up
 * to the accuracy of incompleteBeta (tested against scipy.stats.binom to 1e-10).
 * n is a whole number ≥ 0, p in [0, 1]; k is rounded down.
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (!valid(n, p) || Number.isNaN(k)) return NaN;
  k = Math.floor(k);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  return incompleteBeta(1 - p, n - k, k + 1);
}

/** P(X ≥ k): the one-sided binomial test's p-value for k or more events. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (!valid(n, p) || Number.isNaN(k)) return NaN;
  k = Math.ceil(k);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return incompleteBeta(p, k, n - k + 1);
}

function valid(n: number, p: number): boolean {
  return Number.isInteger(n) && n >= 0 && p >= 0 && p <= 1;
}

/**
 * Two-sided exact binomial p-value of k events in n at probability p: twice
 * the smaller tail, at most 1 (the doubling rule; scipy's `binomtest` default
 * sums the outcomes no likelier than k instead).
 */
export function binomialTwoSidedP(k: number, n: number, p: number): number {
  return Math.min(1, 2 * Math.min(binomialCdf(k, n, p), binomialUpperTail(k, n, p)));
}
