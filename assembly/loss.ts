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
