import { sigmoid } from './predict';

/**
 * Binary logistic loss: gradient and hessian with respect to the raw score.
 * p = sigmoid(score); g = (p - y) w; h = max(p (1 - p), 1e-16) w; both then
 * rounded to the nearest multiple of 1 / scale (a positive hessian to at
 * least one step).
 *
 * Why the rounding: the façade picks scale = 2^k with scale × (total weight)
 * <= 2^52, so every sum of these values over any set of rows is a multiple of
 * 1 / scale below 2^53 / scale, which f64 represents exactly: histogram
 * sums, the subtraction trick and the sums over several threads' rows come
 * out the same in any order (for a million unit-weight rows the step is
 * 2^-32, far below float32 input precision).
 *
 * @param scores   IN  f64 [n], raw scores (log-odds)
 * @param labels   IN  f64 [n], 0 or 1
 * @param weights  IN  f64 [n] sample weights, or 0 for unit weights
 * @param scale    a power of two (see above)
 * @param gh       OUT f64 [n * 2], interleaved (gradient, hessian)
 */
export function logisticGradHess(scores: usize, labels: usize, weights: usize, n: i32, scale: f64, gh: usize): void {
  // Two rows at a time in f64x2 (IEEE lane operations: each lane's result is
  // logisticGradHessNaive's, bit for bit); only the exponentials are scalar.
  const one = f64x2.splat(1.0);
  const tiny = f64x2.splat(1e-16);
  const scalev = f64x2.splat(scale);
  const stepv = f64x2.splat(1.0 / scale);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const e = f64x2.replace_lane(f64x2.splat(Math.exp(-load<f64>(scores + o))), 1, Math.exp(-load<f64>(scores + o, 8)));
    const p = f64x2.div(one, f64x2.add(one, e));
    let h = f64x2.mul(p, f64x2.sub(one, p));
    h = v128.bitselect(tiny, h, f64x2.lt(h, tiny));
    let g = f64x2.sub(p, v128.load(labels + o));
    if (weights != 0) {
      const w = v128.load(weights + o);
      g = f64x2.mul(g, w);
      h = f64x2.mul(h, w);
    }
    g = f64x2.mul(f64x2.nearest(f64x2.mul(g, scalev)), stepv);
    // A positive hessian to at least one step, else +0.0.
    h = v128.and(f64x2.mul(f64x2.max(f64x2.nearest(f64x2.mul(h, scalev)), one), stepv), f64x2.gt(h, f64x2.splat(0.0)));
    v128.store(gh + (o << 1), v128.shuffle<f64>(g, h, 0, 2));
    v128.store(gh + (o << 1), v128.shuffle<f64>(g, h, 1, 3), 16);
  }
  if (i < n) logisticGradHessNaive(scores + (<usize>i << 3), labels + (<usize>i << 3), weights != 0 ? weights + (<usize>i << 3) : 0, n - i, scale, gh + (<usize>i << 4));
}

/** Scalar twin of logisticGradHess, kept as the reference a test compares against (and for an odd last row). */
export function logisticGradHessNaive(scores: usize, labels: usize, weights: usize, n: i32, scale: f64, gh: usize): void {
  const step = 1.0 / scale;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const p = sigmoid(load<f64>(scores + o));
    const y = load<f64>(labels + o);
    let h = p * (1.0 - p);
    if (h < 1e-16) h = 1e-16;
    let g = p - y;
    if (weights != 0) {
      const w = load<f64>(weights + o);
      g *= w;
      h *= w;
    }
    g = nearest<f64>(g * scale) * step;
    h = h > 0.0 ? max<f64>(nearest<f64>(h * scale), 1.0) * step : 0.0;
    store<f64>(gh + (o << 1), g);
    store<f64>(gh + (o << 1) + 8, h);
  }
}

/**
 * Mean (weighted) logistic loss of raw scores, computed stably:
 * loss = log(1 + exp(s)) - y s.
 *
 * @param scores   IN f64 [n]
 * @param labels   IN f64 [n]
 * @param weights  IN f64 [n] or 0
 */
export function logisticLoss(scores: usize, labels: usize, weights: usize, n: i32): f64 {
  let sum = 0.0;
  let wsum = 0.0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const s = load<f64>(scores + o);
    const y = load<f64>(labels + o);
    const w = weights != 0 ? load<f64>(weights + o) : 1.0;
    // log(1 + e^s) without overflow
    const softplus = s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
    sum += w * (softplus - y * s);
    wsum += w;
  }
  return wsum > 0 ? sum / wsum : 0.0;
}
