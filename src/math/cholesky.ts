/**
 * Solves A x = b for a symmetric positive definite A (row-major d × d) by
 * Cholesky factorization A = L Lᵀ. Returns null when A is not numerically
 * positive definite, so the caller can add a ridge and retry. A and b are
 * not modified.
 *
 * Written here rather than taken from ml-matrix: the Newton steps of the
 * linear models only ever need this one solve on small dense matrices.
 */
export function choleskySolve(A: Float64Array, b: Float64Array, d: number): Float64Array | null {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j];
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        L[i * d + i] = Math.sqrt(s);
      } else {
        L[i * d + j] = s / L[j * d + j];
      }
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * x[k];
    x[i] = s / L[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * x[k];
    x[i] = s / L[i * d + i];
  }
  return x;
}

/**
 * Solves (A + ridge·I) x = b, raising the ridge from zero until the
 * factorization succeeds (singular Hessians: collinear one-hot columns with
 * no penalty).
 */
export function solveWithJitter(A: Float64Array, b: Float64Array, d: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < d; i++) trace += A[i * d + i];
  let ridge = 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    const M = ridge === 0 ? A : Float64Array.from(A);
    if (ridge > 0) for (let i = 0; i < d; i++) M[i * d + i] += ridge;
    const x = choleskySolve(M, b, d);
    if (x) return x;
    ridge = ridge === 0 ? 1e-10 * Math.max(trace / d, 1e-12) : ridge * 10;
  }
  throw new RangeError('creditkit: the Newton system could not be solved (the Hessian is not finite)');
}
