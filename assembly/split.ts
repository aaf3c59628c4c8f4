import { BINS_PER_FEATURE, MISSING_BIN } from './common';
import { NodeRec } from './node';

// Second-order leaf objective with L2 (lambda) and L1 (alpha) penalties.
// For a node with gradient sum G and hessian sum H, its loss at weight w is
// G w + (H + lambda) w^2 / 2 + alpha |w|. Gains are on XGBoost's scale
// (twice the loss reduction), so `gamma` means what it means in XGBoost.

/** L1 soft threshold of the gradient sum. */
// @ts-ignore: decorator
@inline
function thresholdL1(g: f64, alpha: f64): f64 {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0.0;
}

/** The optimal weight of a node, clamped to its monotone bounds. */
// @ts-ignore: decorator
@inline
export function leafWeight(g: f64, h: f64, lambda: f64, alpha: f64, lower: f64, upper: f64): f64 {
  let w = -thresholdL1(g, alpha) / (h + lambda);
  if (w < lower) w = lower;
  if (w > upper) w = upper;
  return w;
}

/** -2 x loss at weight w: the score a node contributes to a split gain. */
// @ts-ignore: decorator
@inline
export function scoreAtWeight(g: f64, h: f64, w: f64, lambda: f64, alpha: f64): f64 {
  return -(2.0 * g * w + (h + lambda) * w * w + 2.0 * alpha * Math.abs(w));
}

/**
 * Finds the best split of `node` from its histogram and stores it in the node
 * (splittable = 1) or marks it unsplittable. Candidates: for each usable
 * feature, each bin boundary with missing values sent left or right, plus
 * "non-missing left / missing right". Ties keep the first candidate in
 * (feature, bin) order, so the result is deterministic.
 *
 * @param hist      IN f64 [nFeatures * BINS_PER_FEATURE * 2], the node's histogram
 * @param nBins     IN u32 [nFeatures], non-missing bins per feature
 * @param mask      IN u8 [nFeatures], 1 = feature usable in this tree
 * @param monotone  IN i8 [nFeatures], -1 / 0 / +1
 */
export function findBestSplit(
  node: NodeRec, hist: usize, nFeatures: i32, nBins: usize, mask: usize, monotone: usize,
  lambda: f64, alpha: f64, gamma: f64, minChildWeight: f64,
): void {
  const G = node.sumG;
  const H = node.sumH;
  const parentScore = scoreAtWeight(G, H, node.weight, lambda, alpha);
  const lower = node.lower;
  const upper = node.upper;
  let bestGain = gamma > 1e-6 ? gamma : 1e-6;
  let found = false;

  // Without monotone bounds the best weights are never clamped and a side's
  // score is simply T(G)^2 / (H + lambda): the fast path below.
  const bounded = lower != -Infinity || upper != Infinity;

  for (let f = 0; f < nFeatures; f++) {
    if (load<u8>(mask + <usize>f) == 0) continue;
    const nb = <i32>load<u32>(nBins + (<usize>f << 2));
    const c = <i32>load<i8>(monotone + <usize>f);
    const plain = !bounded && c == 0;
    const base = hist + ((<usize>f * <usize>BINS_PER_FEATURE) << 4);
    const missG = load<f64>(base + (<usize>MISSING_BIN << 4));
    const missH = load<f64>(base + (<usize>MISSING_BIN << 4) + 8);
    const hasMissing = missH > 0.0;
    let accG = 0.0;
    let accH = 0.0;
    // b = split after bin b (bins <= b go left). b = nb - 1 separates non-missing from missing.
    for (let b = 0; b < nb; b++) {
      const binH = load<f64>(base + (<usize>b << 4) + 8);
      const last = b == nb - 1;
      // An empty bin moves no row: the split after it is the split after the previous bin.
      if (binH == 0.0 && !last) continue;
      accG += load<f64>(base + (<usize>b << 4));
      accH += binH;
      // direction 0: missing right; direction 1: missing left (only when missing rows exist)
      for (let dir = 0; dir < 2; dir++) {
        if (dir == 1 && (!hasMissing || last)) break;
        if (last && !hasMissing) break;
        const gl = dir == 1 ? accG + missG : accG;
        const hl = dir == 1 ? accH + missH : accH;
        const gr = G - gl;
        const hr = H - hl;
        if (hl < minChildWeight || hr < minChildWeight || hl <= 0.0 || hr <= 0.0) continue;
        let gain: f64;
        let wl: f64;
        let wr: f64;
        if (plain) {
          const tl = thresholdL1(gl, alpha);
          const tr = thresholdL1(gr, alpha);
          const dl = hl + lambda;
          const dr = hr + lambda;
          gain = tl * tl / dl + tr * tr / dr - parentScore;
          if (!(gain > bestGain)) continue;
          wl = -tl / dl;
          wr = -tr / dr;
        } else {
          wl = leafWeight(gl, hl, lambda, alpha, lower, upper);
          wr = leafWeight(gr, hr, lambda, alpha, lower, upper);
          if ((c > 0 && wl > wr) || (c < 0 && wl < wr)) continue;
          gain = scoreAtWeight(gl, hl, wl, lambda, alpha) + scoreAtWeight(gr, hr, wr, lambda, alpha) - parentScore;
          if (!(gain > bestGain)) continue;
        }
        bestGain = gain;
        found = true;
        node.feature = f;
        node.bin = b;
        // Without missing rows the default direction follows the larger side.
        node.defaultLeft = hasMissing ? dir : (hl >= hr ? 1 : 0);
        node.gain = gain;
        node.leftG = gl;
        node.leftH = hl;
        node.leftW = wl;
        node.rightW = wr;
      }
    }
  }
  node.splittable = found ? 1 : 0;
}
