import { gammaQ } from './incompleteGamma.js';

/**
 * The standard normal distribution. Tails come from Q(1/2, z²/2) = erfc(|z|/√2)
 * (src/math/incompleteGamma.ts), so a small tail probability keeps its
 * relative accuracy (tested against scipy.stats.norm to 1e-12).
 */

/** P(Z ≤ z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const tail = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** P(Z > z). */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/** Two-sided p-value of a z statistic: P(|Z| ≥ |z|). */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return gammaQ(0.5, (z * z) / 2);
}

/**
 * The z with P(Z ≤ z) = p, for p in (0, 1): bisection to a bracket, then
 * Newton steps on normalCdf until the step is below 1e-15 (|error| < 1e-12).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  let lo = -40;
  let hi = 40;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-3) break;
  }
  let z = (lo + hi) / 2;
  for (let k = 0; k < 50; k++) {
    const density = Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);
    if (density === 0) break;
    const step = (normalCdf(z) - p) / density;
    z -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}
