import { CreditkitError } from '../errors.js';
import type { ChurnTable } from './problem.js';

/**
 * How churn (the share of customers who decline an offer) depends on the rate:
 *
 * - `table`: the table's points as given, interpolated linearly between them.
 * - `smooth`: churn(r) = 1 − exp(−exp(a + b · ln(r − r₀))), a complementary
 *   log-log (Weibull) curve in the rate above the base rate r₀, the highest
 *   table rate at which churn is 0 (4% in CUMCM attachment 3). It is 0 at r₀
 *   and rises to 1; b > 0 makes it strictly increasing.
 * - `logistic`: churn(r) = 1 / (1 + exp(−(a + b · r))), the logistic
 *   rate-elasticity model of offer/acceptance data (take-up = 1 − churn);
 *   b > 0 makes it strictly increasing.
 *
 * Both curves are fitted per rating by binomial (quasi-)likelihood, so a
 * table's churn shares and a file of accepted/declined offers are fitted by
 * the same iteratively reweighted least squares.
 */
export type ChurnModel = 'table' | 'smooth' | 'logistic';

export const CHURN_MODELS: readonly ChurnModel[] = ['table', 'smooth', 'logistic'];

/** One rating's fitted churn curve. */
export interface ChurnCurve {
  model: 'smooth' | 'logistic';
  /** Intercept and slope on the link scale (b > 0: churn rises with the rate). */
  a: number;
  b: number;
  /** The base rate r₀ of a smooth curve (churn 0 there and below); undefined for a logistic one. */
  baseRate?: number;
  /** Points (table rates or offers) the curve was fitted on. */
  n: number;
  /** R² of the fitted churn against the table's churn (1 − SSE / SST), or null when fitted to offers. */
  r2: number | null;
  /** Log-likelihood of the offers under the curve, or null when fitted to a table. */
  logLikelihood: number | null;
}

/** Churned share at `rate` under a fitted curve. */
export function churnAt(curve: ChurnCurve, rate: number): number {
  if (curve.model === 'logistic') return 1 / (1 + Math.exp(-(curve.a + curve.b * rate)));
  const excess = rate - curve.baseRate!;
  if (excess <= 0) return 0;
  return -Math.expm1(-Math.exp(curve.a + curve.b * Math.log(excess)));
}

/**
 * Fits a binomial model with mean μ = link⁻¹(a + b·x) to responses y ∈ [0, 1]
 * with weights w by iteratively reweighted least squares (Newton's method for
 * the canonical logit link, Fisher scoring for the complementary log-log).
 */
export function fitBinomialCurve(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, link: 'logit' | 'cloglog'): { a: number; b: number; converged: boolean } {
  const n = x.length;
  let a = 0;
  let b = 0;
  let converged = false;
  // Start from the least-squares line through the link-transformed (clipped) responses.
  {
    let sw = 0, sx = 0, sz = 0, sxx = 0, sxz = 0;
    for (let i = 0; i < n; i++) {
      const m = Math.min(Math.max(y[i], 0.02), 0.98);
      const z = link === 'logit' ? Math.log(m / (1 - m)) : Math.log(-Math.log1p(-m));
      sw += w[i]; sx += w[i] * x[i]; sz += w[i] * z; sxx += w[i] * x[i] * x[i]; sxz += w[i] * x[i] * z;
    }
    const det = sw * sxx - sx * sx;
    if (det > 0) {
      b = (sw * sxz - sx * sz) / det;
      a = (sz - b * sx) / sw;
    }
  }
  for (let iter = 0; iter < 200; iter++) {
    let s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0;
    for (let i = 0; i < n; i++) {
      const eta = a + b * x[i];
      let mu: number, dmu: number;
      if (link === 'logit') {
        mu = 1 / (1 + Math.exp(-eta));
        dmu = mu * (1 - mu);
      } else {
        const e = Math.exp(eta);
        mu = -Math.expm1(-e);
        dmu = e * Math.exp(-e);
      }
      const v = mu * (1 - mu);
      if (!(v > 1e-300) || !(dmu > 1e-300)) continue;
      const wi = (w[i] * dmu * dmu) / v;
      // Score contribution w (y − μ) μ' / V on each coefficient; the information matrix is Σ wi [1 x; x x²].
      const g = (w[i] * (y[i] - mu) * dmu) / v;
      s0 += wi; s1 += wi * x[i]; s2 += wi * x[i] * x[i];
      t0 += g; t1 += g * x[i];
    }
    const det = s0 * s2 - s1 * s1;
    if (!(det > 0)) break;
    const da = (s2 * t0 - s1 * t1) / det;
    const db = (s0 * t1 - s1 * t0) / det;
    a += da;
    b += db;
    if (!Number.isFinite(a) || !Number.isFinite(b)) break;
    if (Math.abs(da) <= 1e-12 * (1 + Math.abs(a)) && Math.abs(db) <= 1e-12 * (1 + Math.abs(b))) {
      converged = true;
      break;
    }
  }
  return { a, b, converged };
}

function rSquared(observed: ArrayLike<number>, fitted: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < observed.length; i++) mean += observed[i];
  mean /= observed.length;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < observed.length; i++) {
    sse += (observed[i] - fitted[i]) ** 2;
    sst += (observed[i] - mean) ** 2;
  }
  return sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
}

/** E_CHURN_FIT for a fitted curve whose churn falls as the rate rises. */
export function churnNotRising(rating: string, b: number, what: string): CreditkitError {
  return new CreditkitError('E_CHURN_FIT',
    `the ${what} for rating "${rating}" does not rise with the rate (fitted slope ${b.toPrecision(4)}): a take-up curve that falls as the rate rises cannot be used; check the data or use the table`,
    { column: rating });
}

/**
 * The churn curve of one rating fitted to a table's points (rates
 * increasing). Fails with E_CHURN_FIT when the fit does not rise with the
 * rate, when fewer than two rates carry information, or (smooth) when no
 * rate has churn 0 to serve as the base rate.
 */
export function fitChurnCurve(rates: ArrayLike<number>, churn: ArrayLike<number>, model: 'smooth' | 'logistic', rating = ''): ChurnCurve {
  const n = rates.length;
  let curve: ChurnCurve;
  if (model === 'smooth') {
    let base = -1;
    for (let j = 0; j < n && churn[j] === 0; j++) base = j;
    if (base < 0) {
      throw new CreditkitError('E_CHURN_FIT',
        `the smooth churn model for rating "${rating}" needs a base rate at which churn is 0 (the table's first rate has churn ${churn[0]}); use the logistic model or the table`,
        { column: rating });
    }
    const r0 = rates[base];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let j = base + 1; j < n; j++) {
      xs.push(Math.log(rates[j] - r0));
      ys.push(churn[j]);
    }
    if (xs.length < 2) {
      throw new CreditkitError('E_CHURN_FIT', `the smooth churn model for rating "${rating}" needs at least two rates above the base rate ${r0} (got ${xs.length})`, { column: rating });
    }
    const { a, b } = fitBinomialCurve(xs, ys, xs.map(() => 1), 'cloglog');
    curve = { model, a, b, baseRate: r0, n, r2: 0, logLikelihood: null };
  } else {
    if (n < 2) throw new CreditkitError('E_CHURN_FIT', `the logistic churn model for rating "${rating}" needs at least two rates (got ${n})`, { column: rating });
    const { a, b } = fitBinomialCurve(rates, churn, Array.from(rates, () => 1), 'logit');
    curve = { model, a, b, n, r2: 0, logLikelihood: null };
  }
  if (!(curve.b > 0) || !Number.isFinite(curve.a)) throw churnNotRising(rating, curve.b, `${model} churn curve`);
  curve.r2 = rSquared(churn, Array.from(rates, (r) => churnAt(curve, r)));
  return curve;
}

/** The curves of every rating of a table, by rating. */
export function fitChurnTable(table: ChurnTable, model: 'smooth' | 'logistic'): Record<string, ChurnCurve> {
  const out = Object.create(null) as Record<string, ChurnCurve>; // a rating named "__proto__" stays a key
  for (const [rating, churn] of Object.entries(table.byRating)) out[rating] = fitChurnCurve(table.rates, churn, model, rating);
  return out;
}

/**
 * A churn table holding the fitted curves' values at `rates` (e.g. the bank's
 * rate grid): the optimizer reads churn only at its grid rates, where linear
 * interpolation of this table returns the curve's value exactly.
 */
export function churnTableFromCurves(curves: Record<string, ChurnCurve>, rates: ArrayLike<number>): ChurnTable {
  const byRating = Object.create(null) as Record<string, number[]>;
  for (const [rating, curve] of Object.entries(curves)) byRating[rating] = Array.from(rates, (r) => churnAt(curve, r));
  return { rates: Array.from(rates), byRating };
}
