import { checkScored } from './validate.js';

/** Probabilities are clipped to [eps, 1 - eps] as scikit-learn does. */
const EPS = 1e-15;

/** Mean (weighted) binary cross-entropy of predicted probabilities. */
export function logLoss(yTrue: ArrayLike<number>, proba: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  checkScored(yTrue, proba, sampleWeight);
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, proba[i]));
    const w = sampleWeight ? sampleWeight[i] : 1;
    sum -= w * (yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p));
    wsum += w;
  }
  return sum / wsum;
}
