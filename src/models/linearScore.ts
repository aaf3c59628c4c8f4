import type { DesignMatrix } from './preprocess.js';

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

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
