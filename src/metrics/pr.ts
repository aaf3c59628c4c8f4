import { CreditkitError } from '../errors.js';
import { binaryClfCurve } from './roc.js';

/** Points of the precision–recall curve. */
export interface PrecisionRecallCurve {
  /**
   * Precision at each threshold, then a final 1 (the point at recall 0).
   * Length = thresholds.length + 1.
   */
  precision: Float64Array;
  /** Recall at each threshold, non-increasing, then a final 0. */
  recall: Float64Array;
  /** The distinct scores, increasing: point k counts rows with score >= thresholds[k] as positive. */
  thresholds: Float64Array;
}

/**
 * Precision and recall at every distinct score, as scikit-learn's
 * `precision_recall_curve` (1.1 and later: no truncation at full recall, no
 * dropped points). Labels are 0/1 with 1 = default; higher scores are riskier.
 */
export function precisionRecallCurve(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): PrecisionRecallCurve {
  const { tps, fps, thresholds } = binaryClfCurve(yTrue, scores, sampleWeight);
  const m = tps.length;
  const P = tps[m - 1];
  if (!(P > 0)) throw new CreditkitError('E_SINGLE_CLASS', 'a precision–recall curve needs positive labels (with positive weight)');
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const th = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const j = m - 1 - k; // reversed: increasing thresholds
    const predicted = tps[j] + fps[j];
    precision[k] = predicted > 0 ? tps[j] / predicted : 0;
    recall[k] = tps[j] / P;
    th[k] = thresholds[j];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: th };
}

/**
 * Average precision: Σ (R_k − R_{k−1}) · P_k over the thresholds, the
 * step-wise area under the precision–recall curve (no interpolation), as
 * scikit-learn's `average_precision_score`. Its baseline is the default rate.
 */
export function averagePrecision(yTrue: ArrayLike<number>, scores: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  const { precision, recall } = precisionRecallCurve(yTrue, scores, sampleWeight);
  let ap = 0;
  for (let k = 0; k + 1 < recall.length; k++) ap += (recall[k] - recall[k + 1]) * precision[k];
  return ap;
}
