import { CreditkitError } from '../errors.js';
import { checkScored } from './validate.js';

/** Points of the ROC curve, one per distinct score plus the origin. */
export interface RocCurve {
  /** False-positive rate at each threshold, non-decreasing from 0 to 1. */
  fpr: Float64Array;
  /** True-positive rate (recall) at each threshold, non-decreasing from 0 to 1. */
  tpr: Float64Array;
  /**
   * Decreasing score thresholds: point k counts rows with score >= thresholds[k]
   * as positive. The first is +Infinity (nothing predicted positive).
   */
  thresholds: Float64Array;
}

/**
 * Cumulative (weighted) true and false positives at each distinct score, in
 * decreasing score order: the counts of rows with score >= thresholds[k].
 * scikit-learn's `_binary_clf_curve`.
 */
export function binaryClfCurve(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): { tps: Float64Array; fps: Float64Array; thresholds: Float64Array } {
  checkScored(yTrue, scores, sampleWeight);
  const n = yTrue.length;
  const s = Float64Array.from(scores);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b] - s[a] || a - b);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; ) {
    const t = s[order[k]];
    while (k < n && s[order[k]] === t) {
      const i = order[k++];
      const w = sampleWeight ? sampleWeight[i] : 1;
      if (yTrue[i] === 1) tp += w;
      else fp += w;
    }
    tps.push(tp);
    fps.push(fp);
    thresholds.push(t);
  }
  return { tps: Float64Array.from(tps), fps: Float64Array.from(fps), thresholds: Float64Array.from(thresholds) };
}

/**
 * The receiver operating characteristic: (FPR, TPR) at every distinct score,
 * tied scores forming one point, starting at (0, 0) with threshold +Infinity —
 * scikit-learn's `roc_curve(..., drop_intermediate=False)`. Labels are 0/1,
 * 1 = default (the positive class); higher scores mean riskier.
 * The trapezoidal area under (fpr, tpr) equals `rocAuc`.
 */
export function rocCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>, sampleWeight?: ArrayLike<number>): RocCurve {
  const { tps, fps, thresholds } = binaryClfCurve(yTrue, scores, sampleWeight);
  const m = tps.length;
  const P = tps[m - 1];
  const N = fps[m - 1];
  if (!(P > 0) || !(N > 0)) {
    throw new CreditkitError('E_SINGLE_CLASS', 'a ROC curve needs both classes (with positive weight) in the labels');
  }
  const fpr = new Float64Array(m + 1);
  const tpr = new Float64Array(m + 1);
  const th = new Float64Array(m + 1);
  th[0] = Infinity;
  for (let k = 0; k < m; k++) {
    fpr[k + 1] = fps[k] / N;
    tpr[k + 1] = tps[k] / P;
    th[k + 1] = thresholds[k];
  }
  return { fpr, tpr, thresholds: th };
}

/** Area under a piecewise-linear curve through (x[k], y[k]) by the trapezoidal rule. */
export function trapezoidArea(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new CreditkitError('E_SHAPE', `${x.length} x values but ${y.length} y values`);
  let area = 0;
  for (let k = 1; k < x.length; k++) area += ((x[k] - x[k - 1]) * (y[k] + y[k - 1])) / 2;
  return area;
}
