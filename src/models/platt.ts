import { exp, log, log1p } from '../math/deterministic.js';

/**
 * Platt scaling: P(default | f) = 1 / (1 + exp(A·f + B)) fitted to decision
 * values f by maximum likelihood with Platt's (2000) smoothed targets,
 * t₊ = (N₊ + 1) / (N₊ + 2) for defaulters and t₋ = 1 / (N₋ + 2) for the
 * others, which keeps the fit from overconfidence on separable data. The
 * solver is the Newton method with backtracking of Lin, Lin and Weng (2007),
 * "A note on Platt's probabilistic outputs for support vector machines",
 * written for numerical stability. Optional weights scale each row's term.
 */
export interface PlattSigmoid {
  A: number;
  B: number;
}

export function fitPlatt(f: ArrayLike<number>, y: ArrayLike<number>, w?: ArrayLike<number>): PlattSigmoid {
  const n = f.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i] === 1 ? 1 : 0;
  const nNeg = n - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const t = Float64Array.from({ length: n }, (_, i) => (y[i] === 1 ? hi : lo));
  const weight = (i: number): number => (w ? w[i] : 1);
  const objective = (A: number, B: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = f[i] * A + B;
      s += weight(i) * (z >= 0 ? t[i] * z + log1p(exp(-z)) : (t[i] - 1) * z + log1p(exp(z)));
    }
    return s;
  };
  let A = 0;
  let B = log((nNeg + 1) / (nPos + 1));
  let fval = objective(A, B);
  const sigma = 1e-12; // keeps the Hessian positive definite
  for (let iter = 0; iter < 100; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const z = f[i] * A + B;
      // p = P(default) = 1 / (1 + e^z), q = 1 − p, both computed without overflow
      let p: number;
      let q: number;
      if (z >= 0) {
        const e = exp(-z);
        p = e / (1 + e);
        q = 1 / (1 + e);
      } else {
        const e = exp(z);
        p = 1 / (1 + e);
        q = e / (1 + e);
      }
      const wi = weight(i);
      const d2 = wi * p * q;
      h11 += f[i] * f[i] * d2;
      h22 += d2;
      h21 += f[i] * d2;
      const d1 = wi * (t[i] - p);
      g1 += f[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= 1e-10) {
      const nA = A + step * dA;
      const nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break; // line search failed: no further progress possible
  }
  return { A, B };
}

/** P(default) for decision value f. */
export function plattProbability(s: PlattSigmoid, f: number): number {
  const z = f * s.A + s.B;
  return z >= 0 ? exp(-z) / (1 + exp(-z)) : 1 / (1 + exp(z));
}
