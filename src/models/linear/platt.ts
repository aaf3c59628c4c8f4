import { exp, log, softplus } from '../../math/deterministic.js';

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
  let nPos = 0;
  for (let i = 0; i < y.length; i++) nPos += y[i] === 1 ? 1 : 0;
  const t = plattTargets(y, nPos, y.length - nPos);
  const [A, B] = fitPlattToTargets(Float64Array.from(f), t, w ? Float64Array.from(w) : new Float64Array(f.length).fill(1));
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
 * a gradient of ~1e-10 per row: the one Platt solver, behind the SVM's
 * probabilities (`fitPlatt`, targets from row counts) and the scorecard's
 * `PlattCalibrator` (targets from sample weights).
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
