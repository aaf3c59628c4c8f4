import { checkScored } from './validate.js';

/** Mean squared difference between predicted probability and outcome. */
export function brierScore(yTrue: ArrayLike<number>, proba: ArrayLike<number>): number {
  checkScored(yTrue, proba);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (proba[i] - yTrue[i]) ** 2;
  return s / yTrue.length;
}
