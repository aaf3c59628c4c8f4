import { solveWithJitter } from '../../math/cholesky.js';
import type { LinearSvmSettings } from './linearSvm.js';
import type { DesignMatrix } from '../preprocess.js';

/**
 * The squared-hinge linear SVM solved in the primal by Newton's method
 * (Keerthi and DeCoste 2005; LIBLINEAR's primal L2-loss solver uses the same
 * generalized Hessian): f(θ) = ½‖θ‖² + Σ Cᵢ max(0, 1 − yᵢ θᵀxᵢ)², θ = [w; b]
 * with the bias as an extra input 1, regularized as in the dual solver, so
 * both reach the same optimum. Each step solves (I + 2 Σ_active Cᵢ xᵢxᵢᵀ) s = −∇f
 * by Cholesky; cost rows × columns² per step and a few dozen steps, where
 * the dual solver needs rows × columns per epoch but may need many epochs
 * on heavy-tailed data. Stops when ‖∇f‖ ≤ tol·‖∇f(0)‖ or after maxIter steps.
 */
export function trainLinearSvmPrimal(
  M: DesignMatrix, y: Float64Array, sampleWeight: Float64Array, s: LinearSvmSettings,
): { coef: Float64Array; bias: number; epochs: number } {
  const { data, nRows: n, nCols: p } = M;
  const d = p + (s.fitIntercept ? 1 : 0);
  const sign = Float64Array.from(y, (v) => (v === 1 ? 1 : -1));
  const cost = Float64Array.from(sampleWeight, (w) => s.C * w);
  const theta = new Float64Array(d);
  const x = new Float64Array(d);
  if (s.fitIntercept) x[p] = 1;
  const row = (i: number): Float64Array => {
    for (let j = 0; j < p; j++) x[j] = data[i * p + j];
    return x;
  };
  const margins = (t: Float64Array): Float64Array => {
    const m = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = row(i);
      let z = 0;
      for (let j = 0; j < d; j++) z += t[j] * r[j];
      m[i] = sign[i] * z;
    }
    return m;
  };
  const objective = (t: Float64Array, m: Float64Array): number => {
    let f = 0;
    for (let j = 0; j < d; j++) f += t[j] * t[j] / 2;
    for (let i = 0; i < n; i++) {
      const slack = 1 - m[i];
      if (slack > 0) f += cost[i] * (slack * slack);
    }
    return f;
  };
  let m = margins(theta);
  let f = objective(theta, m);
  let g0 = -1;
  let step = 0;
  for (; step < s.maxIter; step++) {
    const g = Float64Array.from(theta);
    const H = new Float64Array(d * d);
    for (let j = 0; j < d; j++) H[j * d + j] = 1;
    for (let i = 0; i < n; i++) {
      if (!(m[i] < 1) || cost[i] === 0) continue;
      const r = row(i);
      const c = 2 * cost[i];
      const resid = c * sign[i] * (1 - m[i]);
      for (let a = 0; a < d; a++) {
        const xa = r[a];
        if (xa === 0) continue;
        g[a] -= resid * xa;
        const cx = c * xa;
        for (let b = 0; b <= a; b++) H[a * d + b] += cx * r[b];
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) H[b * d + a] = H[a * d + b];
    let gNorm = 0;
    for (const v of g) gNorm += v * v;
    gNorm = Math.sqrt(gNorm);
    if (g0 < 0) g0 = gNorm;
    if (gNorm <= s.tol * g0 || gNorm === 0) break;
    const dir = solveWithJitter(H, g, d);
    let slope = 0;
    for (let j = 0; j < d; j++) {
      dir[j] = -dir[j];
      slope += g[j] * dir[j];
    }
    // Backtracking (Armijo) on the true objective.
    let t = 1;
    let next = theta.map((v, j) => v + dir[j]);
    let mNext = margins(next);
    let fNext = objective(next, mNext);
    for (let k = 0; k < 40 && !(fNext <= f + 1e-4 * t * slope); k++) {
      t /= 2;
      next = theta.map((v, j) => v + t * dir[j]);
      mNext = margins(next);
      fNext = objective(next, mNext);
    }
    if (!(fNext <= f)) break; // no descent left: at the optimum to machine precision
    theta.set(next);
    m = mNext;
    f = fNext;
  }
  return { coef: theta.slice(0, p), bias: s.fitIntercept ? theta[p] : 0, epochs: step };
}
