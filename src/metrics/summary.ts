import { rocAuc } from './auc.js';
import { brierScore } from './brier.js';
import { type Confusion, confusionAt } from './confusion.js';
import { ksStatistic } from './ks.js';
import { logLoss } from './logloss.js';
import { averagePrecision } from './pr.js';

export interface BinaryMetrics {
  rows: number;
  defaultRate: number;
  auc: number;
  gini: number;
  ks: number;
  /** Area under the precision–recall curve (step-wise, as scikit-learn's average_precision_score). */
  averagePrecision: number;
  logLoss: number;
  brier: number;
  /** Confusion at the threshold asked for. */
  atThreshold: Confusion;
  /** Confusion at the KS-optimal threshold. */
  atKs: Confusion;
}

/** The standard scorecard-validation figures for predicted PDs. */
export function evaluateBinary(yTrue: ArrayLike<number>, proba: ArrayLike<number>, threshold = 0.5): BinaryMetrics {
  const auc = rocAuc(yTrue, proba);
  const ks = ksStatistic(yTrue, proba);
  let pos = 0;
  for (let i = 0; i < yTrue.length; i++) pos += yTrue[i];
  return {
    rows: yTrue.length,
    defaultRate: pos / yTrue.length,
    auc,
    gini: 2 * auc - 1,
    ks: ks.ks,
    averagePrecision: averagePrecision(yTrue, proba),
    logLoss: logLoss(yTrue, proba),
    brier: brierScore(yTrue, proba),
    atThreshold: confusionAt(yTrue, proba, threshold),
    atKs: confusionAt(yTrue, proba, ks.threshold),
  };
}
