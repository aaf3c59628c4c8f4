/**
 * ln Γ(x) for x > 0 by Lanczos' approximation (g = 7, 9 terms), with the
 * shift x → x + 1 below 0.5 (no reflection needed for x > 0). Within
 * 1e-13 · max(1, |ln Γ(x)|) of scipy.special.gammaln over [1e-8, 1e7]
 * (test/math/distributions.test.ts). Large-shape callers that need more than
 * that absolute accuracy use Stirling's series instead (incompleteBeta.ts).
 */
const G = 7;
const COEF = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.9189385332046727;

export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  // Γ(x) = Γ(x + 1) / x keeps the series in its accurate range.
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const z = x - 1;
  let sum = COEF[0];
  for (let k = 1; k < COEF.length; k++) sum += COEF[k] / (z + k);
  const t = z + G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}
