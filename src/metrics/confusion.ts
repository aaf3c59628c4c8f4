import { checkScored } from './validate.js';

export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Confusion counts and the usual rates when rows with proba >= threshold are predicted to default. */
export function confusionAt(yTrue: ArrayLike<number>, proba: ArrayLike<number>, threshold: number): Confusion {
  checkScored(yTrue, proba);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const predicted = proba[i] >= threshold;
    if (yTrue[i] === 1) predicted ? tp++ : fn++;
    else predicted ? fp++ : tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return {
    threshold, tp, fp, tn, fn,
    accuracy: (tp + tn) / yTrue.length,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
  };
}
