import { CreditkitError } from '../errors.js';
import { normalQuantile, normalTwoSidedP } from '../stats/normal.js';

/**
 * DeLong, DeLong & Clarke-Pearson (1988), "Comparing the areas under two or
 * more correlated ROC curves", in the O(n log n) midrank form of Sun & Xu
 * (2014). With m defaulters (label 1) and n non-defaulters, a higher score
 * meaning more risk:
 *
 *   placement of defaulter i      V10_i = (Tz_i − Tx_i) / n
 *   placement of non-defaulter j  V01_j = 1 − (Tz_j − Ty_j) / m
 *
 * where Tz is the midrank among all rows, Tx among defaulters, Ty among
 * non-defaulters (ties count ½, as in the AUC). AUC = mean(V10), and
 * Var(AUC) = S10/m + S01/n with S10, S01 the sample (co)variances of the
 * placements; for two models on the same rows the covariances give the
 * variance of their difference.
 */

/** One model's AUC with DeLong's standard error, or why it is not defined. */
export interface DelongAuc {
  /** null when the rows hold one class only (see `note`). */
  auc: number | null;
  gini: number | null;
  variance: number | null;
  se: number | null;
  /** Normal-approximation interval auc ± z·se, clipped to [0, 1]. */
  ci: [number, number] | null;
  /** 2·ci − 1, the same interval on the Gini scale. */
  giniCi: [number, number] | null;
  defaults: number;
  nonDefaults: number;
  /** Why a figure is null ("no defaults", "no non-defaults", "one defaulter: no variance"). */
  note?: string;
}

/** DeLong's test that two correlated AUCs (same rows) are equal. */
export interface DelongPairedTest {
  /** aucA − aucB. */
  difference: number | null;
  varianceDifference: number | null;
  covariance: number | null;
  z: number | null;
  /** Two-sided p-value of H0: AUC_A = AUC_B. */
  p: number | null;
  ci: [number, number] | null;
  note?: string;
}

interface Placements {
  m: number;
  n: number;
  /** Per model: placements of the defaulters, then of the non-defaulters. */
  v10: Float64Array[];
  v01: Float64Array[];
}

/** AUC, Gini, DeLong variance and confidence interval of one score. */
export function delongAuc(y: ArrayLike<number>, scores: ArrayLike<number>, confidence = 0.95): DelongAuc {
  const z = zOf(confidence);
  const p = placements(y, [scores]);
  const base = { defaults: p.m, nonDefaults: p.n };
  const missing = oneClassNote(p.m, p.n);
  if (missing) return { auc: null, gini: null, variance: null, se: null, ci: null, giniCi: null, ...base, note: missing };
  const auc = mean(p.v10[0]);
  if (p.m < 2 || p.n < 2) {
    const note = p.m < 2 ? 'one defaulter: the variance is not defined' : 'one non-defaulter: the variance is not defined';
    return { auc, gini: 2 * auc - 1, variance: null, se: null, ci: null, giniCi: null, ...base, note };
  }
  const variance = covariance(p.v10[0], p.v10[0]) / p.m + covariance(p.v01[0], p.v01[0]) / p.n;
  const se = Math.sqrt(variance);
  const ci: [number, number] = [Math.max(0, auc - z * se), Math.min(1, auc + z * se)];
  return { auc, gini: 2 * auc - 1, variance, se, ci, giniCi: [2 * ci[0] - 1, 2 * ci[1] - 1], ...base };
}

/** DeLong's paired test of two scores of the same rows (model A against model B). */
export function delongPairedTest(y: ArrayLike<number>, scoresA: ArrayLike<number>, scoresB: ArrayLike<number>, confidence = 0.95): DelongPairedTest {
  const zc = zOf(confidence);
  const p = placements(y, [scoresA, scoresB]);
  const none = { difference: null, varianceDifference: null, covariance: null, z: null, p: null, ci: null };
  const missing = oneClassNote(p.m, p.n);
  if (missing) return { ...none, note: missing };
  const difference = mean(p.v10[0]) - mean(p.v10[1]);
  if (p.m < 2 || p.n < 2) return { ...none, difference, note: 'fewer than two rows of a class: the variance is not defined' };
  const cov = (a: number, b: number) => covariance(p.v10[a], p.v10[b]) / p.m + covariance(p.v01[a], p.v01[b]) / p.n;
  const covAB = cov(0, 1);
  const varianceDifference = Math.max(0, cov(0, 0) + cov(1, 1) - 2 * covAB);
  if (varianceDifference === 0) {
    return { difference, varianceDifference, covariance: covAB, z: null, p: null, ci: null, note: 'the two scores rank the rows alike: the difference has no variance' };
  }
  const se = Math.sqrt(varianceDifference);
  const z = difference / se;
  return { difference, varianceDifference, covariance: covAB, z, p: normalTwoSidedP(z), ci: [difference - zc * se, difference + zc * se] };
}

function zOf(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new CreditkitError('E_OPTION', `confidence must be in (0, 1), got ${confidence}`);
  return normalQuantile(0.5 + confidence / 2);
}

function oneClassNote(m: number, n: number): string | undefined {
  if (m === 0 && n === 0) return 'no rows';
  if (m === 0) return 'no defaults: AUC is not defined';
  if (n === 0) return 'no non-defaults: AUC is not defined';
  return undefined;
}

function placements(y: ArrayLike<number>, scores: ArrayLike<number>[]): Placements {
  const len = y.length;
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < len; i++) {
    if (y[i] === 1) pos.push(i);
    else if (y[i] === 0) neg.push(i);
    else throw new CreditkitError('E_TARGET_INVALID', `label must be 0 or 1, got ${y[i]}`, { row: i });
  }
  const m = pos.length;
  const n = neg.length;
  const v10: Float64Array[] = [];
  const v01: Float64Array[] = [];
  for (const s of scores) {
    if (s.length !== len) throw new CreditkitError('E_SHAPE', `${len} labels but ${s.length} scores`);
    for (let i = 0; i < len; i++) if (!Number.isFinite(s[i])) throw new CreditkitError('E_NONFINITE', `score is ${s[i]}`, { row: i });
    const all = midranks(Float64Array.from(s));
    const tx = midranks(Float64Array.from(pos, (i) => s[i]));
    const ty = midranks(Float64Array.from(neg, (i) => s[i]));
    v10.push(Float64Array.from(pos, (i, k) => (n > 0 ? (all[i] - tx[k]) / n : NaN)));
    v01.push(Float64Array.from(neg, (j, k) => (m > 0 ? 1 - (all[j] - ty[k]) / m : NaN)));
  }
  return { m, n, v10, v01 };
}

/**
 * 1-based ranks with ties given the mean of their ranks (O(n log n)): the
 * values sorted natively, then each value's run of equal values found by
 * binary search — ranks lo + 1 … hi, mean (lo + 1 + hi) / 2.
 */
export function midranks(values: Float64Array): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = (bound(sorted, v, false) + 1 + bound(sorted, v, true)) / 2;
  }
  return out;
}

/** The number of sorted values < v (or ≤ v with `upper`). */
function bound(sorted: Float64Array, v: number, upper: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v || (upper && sorted[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

/** Sample covariance (divisor length − 1). */
function covariance(a: Float64Array, b: Float64Array): number {
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1);
}
