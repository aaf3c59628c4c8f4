import type { Random } from '../../random.js';
import type { DesignMatrix } from '../preprocess.js';

export type SvmLoss = 'hinge' | 'squared_hinge';

export interface LinearSvmSettings {
  C: number;
  loss: SvmLoss;
  fitIntercept: boolean;
  maxIter: number;
  tol: number;
}

/**
 * Trains a linear SVM by dual coordinate descent (Hsieh, Chang, Lin, Keerthi
 * and Sundararajan 2008; LIBLINEAR's solver for L2-regularized hinge and
 * squared-hinge loss, with shrinking). The primal is
 * ½‖w‖² + Σ Cᵢ·loss(yᵢ (wᵀxᵢ + b)), Cᵢ = C × sample weight; the bias is an
 * extra input fixed at 1 and, as in LIBLINEAR, regularized with w.
 * Coordinates are visited in a fresh seeded order each epoch; it stops when
 * the spread of projected gradients falls under `tol` or after `maxIter`
 * epochs.
 */
export function trainLinearSvm(
  M: DesignMatrix, y: Float64Array, sampleWeight: Float64Array, s: LinearSvmSettings, rng: Random,
): { coef: Float64Array; bias: number; epochs: number } {
  const { data, nRows: n, nCols: p } = M;
  const bias = s.fitIntercept ? 1 : 0;
  const w = new Float64Array(p);
  let wb = 0;
  const alpha = new Float64Array(n);
  const sign = Float64Array.from(y, (v) => (v === 1 ? 1 : -1));
  const upper = new Float64Array(n);
  const diag = new Float64Array(n);
  const qii = new Float64Array(n);
  const active: number[] = [];
  for (let i = 0; i < n; i++) {
    const ci = s.C * sampleWeight[i];
    if (ci <= 0) continue;
    upper[i] = s.loss === 'hinge' ? ci : Infinity;
    diag[i] = s.loss === 'hinge' ? 0 : 1 / (2 * ci);
    let q = bias * bias + diag[i];
    for (let j = 0; j < p; j++) q += data[i * p + j] * data[i * p + j];
    qii[i] = q;
    if (q > 0) active.push(i);
  }
  // Shrinking (Hsieh et al., Algorithm 3): a coordinate stuck at a bound
  // whose gradient points outward is dropped from the sweeps; when the rest
  // has converged, every coordinate is checked once more before stopping.
  const all = Uint32Array.from(active);
  let order = all.slice();
  let size = order.length;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  let epoch = 0;
  while (epoch < s.maxIter) {
    epoch++;
    shufflePrefix(order, size, rng);
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let t = 0; t < size; t++) {
      const i = order[t];
      const r = i * p;
      let dot = wb * bias;
      for (let j = 0; j < p; j++) dot += w[j] * data[r + j];
      const a = alpha[i];
      const G = sign[i] * dot - 1 + diag[i] * a;
      let PG = 0;
      if (a === 0) {
        if (G > pgMaxOld) {
          order[t--] = order[--size];
          order[size] = i;
          continue;
        }
        PG = Math.min(G, 0);
      } else if (a === upper[i]) {
        if (G < pgMinOld) {
          order[t--] = order[--size];
          order[size] = i;
          continue;
        }
        PG = Math.max(G, 0);
      } else {
        PG = G;
      }
      if (PG > pgMax) pgMax = PG;
      if (PG < pgMin) pgMin = PG;
      if (PG === 0) continue;
      const next = Math.min(Math.max(a - G / qii[i], 0), upper[i]);
      const delta = (next - a) * sign[i];
      alpha[i] = next;
      for (let j = 0; j < p; j++) w[j] += delta * data[r + j];
      wb += delta * bias;
    }
    if (pgMax - pgMin < s.tol) {
      if (size === all.length) break;
      // Converged on the shrunk set: sweep everything again without shrinking.
      order = all.slice();
      size = order.length;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMax > 0 ? pgMax : Infinity;
    pgMinOld = pgMin < 0 ? pgMin : -Infinity;
  }
  return { coef: w, bias: wb * bias, epochs: epoch };
}

/** Fisher–Yates shuffle of the first `size` entries. */
function shufflePrefix(a: Uint32Array, size: number, rng: Random): void {
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
