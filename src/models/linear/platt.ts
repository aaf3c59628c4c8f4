import { exp, log, log1p, softplus } from '../../math/deterministic.js';

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
  const t = plattTargets(y, nPos, nNeg);
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

/**
 * Platt's smoothed targets: (N₊ + 1)/(N₊ + 2) for defaulters (y = 1) and
 * 1/(N₋ + 2) for the others. The class counts are the caller's: `fitPlatt`
 * (the SVM's probabilities) counts rows, as Platt and LIBSVM do; the
 * scorecard's `PlattCalibrator` counts sample weights, as scikit-learn does.
 */
export function plattTargets(y: ArrayLike<number>, nPos: number, nNeg: number): Float64Array {
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  return Float64Array.from({ length: y.length }, (_, i) => (y[i] === 1 ? hi : lo));
}

/** Log loss of Platt's model at (a, b) against targets t, in a form that never overflows. */
function plattLoss(f: Float64Array, t: Float64Array, w: Float64Array, a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < f.length; i++) {
    const z = a * f[i] + b;
    // −[t ln p + (1 − t) ln(1 − p)] with p = 1/(1 + e^z) is ln(1 + e^z) − (1 − t)·z.
    s += w[i] * (softplus(z) - (1 - t[i]) * z);
  }
  return s;
}

/**
 * (a, b) minimising the weighted log loss against given targets t (defaulters
 * have t > 0.5), by Newton's method with a backtracking line search solved to
 * a gradient of ~1e-10 per row: the scorecard calibrator's solver. It differs
 * from `fitPlatt`'s in its stopping rule and its floating-point forms (p =
 * 1/(1 + e^z), softplus loss), so each keeps the results it has always given.
 */
export function fitPlattToTargets(f: Float64Array, t: Float64Array, w: Float64Array): [number, number] {
  let neg = 0;
  let pos = 0;
  for (let i = 0; i < f.length; i++) {
    if (t[i] > 0.5) pos += w[i];
    else neg += w[i];
  }
  let a = 0;
  let b = log((neg + 1) / (pos + 1));
  let loss = plattLoss(f, t, w, a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < f.length; i++) {
      const p = 1 / (1 + exp(a * f[i] + b));
      const d = w[i] * (t[i] - p); // dLoss/dz
      const h = w[i] * p * (1 - p);
      ga += d * f[i];
      gb += d;
      haa += h * f[i] * f[i];
      hab += h * f[i];
      hbb += h;
    }
    if (Math.abs(ga) < 1e-10 * f.length && Math.abs(gb) < 1e-10 * f.length) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(-hab * ga + haa * gb) / det;
    const slope = ga * da + gb * db;
    let step = 1;
    let next = plattLoss(f, t, w, a + step * da, b + step * db);
    while (next > loss + 1e-4 * step * slope && step > 1e-10) {
      step /= 2;
      next = plattLoss(f, t, w, a + step * da, b + step * db);
    }
    if (step <= 1e-10) break;
    a += step * da;
    b += step * db;
    const improved = loss - next;
    loss = next;
    if (Math.abs(step * da) < 1e-12 && Math.abs(step * db) < 1e-12 && improved < 1e-15 * Math.abs(loss)) break;
  }
  return [a, b];
}
