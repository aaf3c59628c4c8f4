import { CreditkitError } from '../errors.js';

/**
 * Exact binomial tail probabilities, for the calibration tests of the
 * validation (observed defaults against the count a PD predicts).
 * Terms are summed from k outward, the smaller tail directly and the other as
 * its complement, so neither loses digits to cancellation.
 */

/** ln n! : a direct sum for small n, Stirling's series (error below 1e-16 relative) beyond. */
function logFactorial(n: number): number {
  if (n < 30) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  const n2 = n * n;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * n2)) / n2) / n2) / n;
}

/** P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
function binomialPmf(k: number, n: number, p: number): number {
  return Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

function checkArgs(k: number, n: number, p: number): void {
  if (!Number.isInteger(n) || n < 0) throw new CreditkitError('E_OPTION', `binomial n must be a whole number >= 0, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new CreditkitError('E_OPTION', `binomial k must be a whole number from 0 to n = ${n}, got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new CreditkitError('E_OPTION', `binomial p must be in [0, 1], got ${p}`);
}

/** Both tails at k: lower = P(X ≤ k), upper = P(X ≥ k), X ~ Binomial(n, p). */
export function binomialTails(k: number, n: number, p: number): { lower: number; upper: number } {
  checkArgs(k, n, p);
  if (p === 0) return { lower: 1, upper: k === 0 ? 1 : 0 };
  if (p === 1) return { lower: k === n ? 1 : 0, upper: 1 };
  const atK = binomialPmf(k, n, p);
  const odds = p / (1 - p);
  if (k <= n * p) {
    // k is at or left of the mode: the terms shrink going left.
    let sum = atK;
    let term = atK;
    for (let i = k; i > 0; i--) {
      term *= (i / (n - i + 1)) / odds;
      sum += term;
      if (term < sum * 1e-17) break;
    }
    const lower = Math.min(1, sum);
    return { lower, upper: Math.min(1, Math.max(0, 1 - lower + atK)) };
  }
  // k is right of the mode: the terms shrink going right.
  let sum = atK;
  let term = atK;
  for (let i = k; i < n; i++) {
    term *= ((n - i) / (i + 1)) * odds;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const upper = Math.min(1, sum);
  return { lower: Math.min(1, Math.max(0, 1 - upper + atK)), upper };
}

/**
 * Two-sided exact binomial test of k successes in n trials against p: twice
 * the smaller tail, at most 1 (the "doubling" rule; scipy's `binomtest`
 * defaults to another two-sided rule, summing outcomes no more likely than k).
 */
export function binomialTwoSidedPValue(k: number, n: number, p: number): number {
  const { lower, upper } = binomialTails(k, n, p);
  return Math.min(1, 2 * Math.min(lower, upper));
}
