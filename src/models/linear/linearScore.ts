import type { DesignMatrix } from '../preprocess.js';
import { sigmoid } from '../../math/deterministic.js';

/** Xβ + b for each row of a design matrix. */
export function linearScores(M: DesignMatrix, coef: Float64Array, bias: number): Float64Array {
  const { data, nRows, nCols: p } = M;
  const z = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let s = bias;
    const r = i * p;
    for (let j = 0; j < p; j++) s += data[r + j] * coef[j];
    z[i] = s;
  }
  return z;
}

/** Turns log-odds into probabilities, 1 / (1 + e^-z), in place; returns `z`. */
export function logOddsToProbabilities(z: Float64Array): Float64Array {
  for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]);
  return z;
}
