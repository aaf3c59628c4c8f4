import { checkScored } from './validate.js';

/**
 * Kolmogorov–Smirnov statistic: the largest gap between the cumulative score
 * distributions of defaulters and non-defaulters, max |TPR − FPR| over all
 * thresholds (tied scores move together). Returns the statistic and the score
 * threshold where it is reached (rows with score >= threshold are "bad").
 */
export function ksStatistic(yTrue: ArrayLike<number>, scores: ArrayLike<number>): { ks: number; threshold: number } {
  checkScored(yTrue, scores);
  const n = yTrue.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += yTrue[i];
  const neg = n - pos;
  let tp = 0;
  let fp = 0;
  let best = { ks: 0, threshold: Infinity };
  for (let k = 0; k < n; ) {
    const s = scores[order[k]];
    while (k < n && scores[order[k]] === s) {
      if (yTrue[order[k]] === 1) tp++;
      else fp++;
      k++;
    }
    const gap = Math.abs((pos > 0 ? tp / pos : 0) - (neg > 0 ? fp / neg : 0));
    if (gap > best.ks) best = { ks: gap, threshold: s };
  }
  return best;
}
