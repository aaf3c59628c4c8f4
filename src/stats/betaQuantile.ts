import { incompleteBeta } from './incompleteBeta.js';

/**
 * The x in [0, 1] with I_x(a, b) = q (the Beta(a, b) quantile), by bisection
 * to 1e-14 in x: slow but sure, for the few quantiles a report needs.
 */
export function betaQuantile(q: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !(q >= 0 && q <= 1)) return NaN;
  if (q === 0) return 0;
  if (q === 1) return 1;
  let lo = 0;
  let hi = 1;
  while (hi - lo > 1e-14) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (incompleteBeta(mid, a, b) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
