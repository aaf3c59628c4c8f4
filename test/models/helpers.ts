// Shared helpers for the model tests: seeded synthetic data, a logistic
// baseline and error capture. Not a test file itself.
import { expect } from 'vitest';
import { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/random.js';

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function normal(rng: Random): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export interface Synthetic {
  X: Dataset;
  y: Float64Array;
  /** The true probability of default of each row. */
  p: Float64Array;
}

/**
 * A nonlinear problem a linear model cannot learn: an XOR of the signs of x0
 * and x1, a U-shape in x2, a wave in x3, a small linear term in x4; x5 is noise.
 */
export function nonlinear(n: number, seed: number): Synthetic {
  const rng = new Random(seed);
  const cols = Array.from({ length: 6 }, () => new Float32Array(n));
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = rng.next() * 2 - 1;
    const [x0, x1, x2, x3, x4] = cols.map((c) => c[i]);
    const z = 2.5 * (x0 * x1 > 0 ? 1 : -1) + 4 * (x2 * x2 - 0.33) + 1.5 * Math.sin(4 * x3) + 0.5 * x4;
    p[i] = sigmoid(z);
    y[i] = rng.next() < p[i] ? 1 : 0;
  }
  return { X: new Dataset(cols.map((values, j) => ({ name: `x${j}`, kind: 'numeric' as const, values }))), y, p };
}

/** A simple additive problem with a few features (fast to fit). */
export function additive(n: number, seed: number, nFeatures = 4): Synthetic {
  const rng = new Random(seed);
  const cols = Array.from({ length: nFeatures }, () => new Float32Array(n));
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = -0.5;
    cols.forEach((c, j) => {
      c[i] = normal(rng);
      z += (j % 2 === 0 ? 1 : -1) * (1 + 0.3 * j) * c[i];
    });
    p[i] = sigmoid(z);
    y[i] = rng.next() < p[i] ? 1 : 0;
  }
  return { X: new Dataset(cols.map((values, j) => ({ name: `x${j}`, kind: 'numeric' as const, values }))), y, p };
}

/** Logistic regression fitted by Newton's method (a small ridge for stability); returns raw scores on `test`. */
export function logisticBaseline(train: Dataset, y: ArrayLike<number>, test: Dataset): Float64Array {
  const d = train.nColumns + 1;
  const row = (X: Dataset, i: number): number[] => [1, ...X.columns.map((c) => c.values[i])];
  const beta = new Float64Array(d);
  for (let iter = 0; iter < 25; iter++) {
    const grad = new Float64Array(d);
    const hess = Array.from({ length: d }, () => new Float64Array(d));
    for (let i = 0; i < train.nRows; i++) {
      const x = row(train, i);
      const p = sigmoid(x.reduce((s, v, j) => s + v * beta[j], 0));
      const w = p * (1 - p);
      for (let a = 0; a < d; a++) {
        grad[a] += (p - y[i]) * x[a];
        for (let b = 0; b < d; b++) hess[a][b] += w * x[a] * x[b];
      }
    }
    for (let a = 0; a < d; a++) hess[a][a] += 1e-6;
    const step = solve(hess, grad);
    for (let a = 0; a < d; a++) beta[a] -= step[a];
  }
  return Float64Array.from({ length: test.nRows }, (_, i) => row(test, i).reduce((s, v, j) => s + v * beta[j], 0));
}

/** Gaussian elimination with partial pivoting. */
function solve(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** Rows [from, to) of a dataset and its labels. */
export function slice(s: Synthetic, from: number, to: number): { X: Dataset; y: Float64Array; p: Float64Array } {
  const rows = Array.from({ length: to - from }, (_, i) => from + i);
  return { X: s.X.take(rows), y: s.y.slice(from, to), p: s.p.slice(from, to) };
}

/** Number of positions where two arrays differ bit for bit (Object.is). */
export function bitMismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) m++;
  return m;
}

export { errorOf } from '../errorOf.js';
