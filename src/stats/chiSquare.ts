import { gammaP, gammaQ } from './incompleteGamma.js';

/** P(X ≤ x) for X ~ χ²(df), df > 0: the regularized incomplete gamma P(df/2, x/2). */
export function chiSquareCdf(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return NaN;
  return x <= 0 ? 0 : gammaP(df / 2, x / 2);
}

/** P(X > x) for X ~ χ²(df): the p-value of a chi-square statistic, without cancellation in the tail. */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return NaN;
  return x <= 0 ? 1 : gammaQ(df / 2, x / 2);
}
