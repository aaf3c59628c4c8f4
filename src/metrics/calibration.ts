import { CreditkitError } from '../errors.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { checkScored } from './validate.js';

export interface CalibrationOptions {
  /** Number of bins (default 10). */
  bins?: number;
  /**
   * `uniform` (default): equal-width bins over [0, 1]; probabilities must lie
   * in [0, 1]. `quantile`: bin edges at quantiles of the predictions, so bins
   * hold about the same number of rows.
   */
  strategy?: 'uniform' | 'quantile';
}

/** One bin of a calibration table. */
export interface CalibrationRow {
  /** Bin edges: the bin holds predictions p with lower < p <= upper (the first bin also holds p = lower). */
  lower: number;
  upper: number;
  /** Rows in the bin, and how many of them defaulted. */
  count: number;
  positives: number;
  /** Mean predicted probability of the rows in the bin. */
  meanPredicted: number;
  /** Observed default rate in the bin (positives / count). */
  observedRate: number;
}

/**
 * Predicted versus observed default rate by bin of predicted probability
 * (a reliability diagram as a table). Bins that receive no row are left out,
 * as in scikit-learn's `calibration_curve`, whose binning this follows
 * (edges from `numpy.percentile` with linear interpolation for `quantile`;
 * a prediction equal to an inner edge falls in the lower bin).
 */
/** Bins of a calibration table (docs/guides/modelling.md: metrics). */
export const CALIBRATION_BIN_RANGE: IntegerRange = { min: 1, max: 1000 };

export function calibrationTable(yTrue: ArrayLike<number>, proba: ArrayLike<number>, options: CalibrationOptions = {}): CalibrationRow[] {
  checkScored(yTrue, proba);
  const bins = options.bins ?? 10;
  const strategy = options.strategy ?? 'uniform';
  checkIntegerRange('bins', bins, CALIBRATION_BIN_RANGE);
  if (strategy !== 'uniform' && strategy !== 'quantile') {
    throw new CreditkitError('E_OPTION', `strategy must be 'uniform' or 'quantile' (got ${JSON.stringify(strategy)})`);
  }
  const n = yTrue.length;
  let edges: Float64Array;
  if (strategy === 'uniform') {
    for (let i = 0; i < n; i++) {
      if (proba[i] < 0 || proba[i] > 1) {
        throw new CreditkitError('E_OPTION', `strategy 'uniform' bins probabilities in [0, 1], got ${proba[i]}; use strategy 'quantile' for other scores`, { row: i });
      }
    }
    edges = Float64Array.from({ length: bins + 1 }, (_, k) => k / bins);
  } else {
    const sorted = Float64Array.from(proba).sort();
    edges = Float64Array.from({ length: bins + 1 }, (_, k) => percentile(sorted, k / bins));
  }

  const count = new Float64Array(bins);
  const positives = new Float64Array(bins);
  const sum = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = proba[i];
    // Number of inner edges strictly below p (numpy.searchsorted, side 'left').
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid + 1] < p) lo = mid + 1;
      else hi = mid;
    }
    count[lo]++;
    positives[lo] += yTrue[i];
    sum[lo] += p;
  }
  const rows: CalibrationRow[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    rows.push({
      lower: edges[b],
      upper: edges[b + 1],
      count: count[b],
      positives: positives[b],
      meanPredicted: sum[b] / count[b],
      observedRate: positives[b] / count[b],
    });
  }
  return rows;
}

/** numpy.percentile's default (linear) of ascending values, q in [0, 1]. */
function percentile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  if (i + 1 >= sorted.length) return sorted[sorted.length - 1];
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}
