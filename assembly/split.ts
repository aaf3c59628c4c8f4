import { BINS_PER_FEATURE, MISSING_BIN, OCCUPANCY_FEATURE_BYTES } from './common';
import { NodeRec } from './node';
import { listOccupiedBins } from './occupancy';

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
 * Same candidates, same arithmetic and so the same result, bit for bit, as
 * findBestSplitNaive; only faster: a node too light to split is not scanned,
 * features without monotone bounds are scanned by scanPlainFeature
 * (candidates screened without divisions), and with an occupancy bitmap
 * (occupancy.ts) a sparse feature visits only the bins it lists (the others
 * are empty, which the scan skips anyway).
 *
 * @param hist       IN f64 [nFeatures * BINS_PER_FEATURE * 2], the node's histogram
 * @param nBins      IN u32 [nFeatures], non-missing bins per feature
 * @param mask       IN u8 [nFeatures], 1 = feature usable in this tree
 * @param monotone   IN i8 [nFeatures], -1 / 0 / +1
 * @param occupancy  IN u8 [nFeatures * OCCUPANCY_FEATURE_BYTES], a bitmap whose
 *                   clear bits are entries of `hist` holding +0.0; or 0 (scan every bin)
 */
export function findBestSplit(
  node: NodeRec, hist: usize, nFeatures: i32, nBins: usize, mask: usize, monotone: usize,
  lambda: f64, alpha: f64, gamma: f64, minChildWeight: f64, occupancy: usize = 0,
): void {
  const G = node.sumG;
  const H = node.sumH;
  const parentScore = scoreAtWeight(G, H, node.weight, lambda, alpha);
  bestGain = gamma > 1e-6 ? gamma : 1e-6;
  found = false;
  // Each side needs a hessian of at least minChildWeight: a node lighter
  // than twice that has no valid candidate (the margin covers the rounding of
  // H - hl), so its histogram need not be scanned. Deep nodes often are.
  if (H < 2.0 * minChildWeight * (1.0 - 1e-12)) {
    node.splittable = 0;
    return;
  }
  // Without monotone bounds the best weights are never clamped and a side's
  // score is simply T(G)^2 / (H + lambda): the fast path.
  const bounded = node.lower != -Infinity || node.upper != Infinity;

  for (let f = 0; f < nFeatures; f++) {
    if (load<u8>(mask + <usize>f) == 0) continue;
    const nb = <i32>load<u32>(nBins + (<usize>f << 2));
    const c = <i32>load<i8>(monotone + <usize>f);
    const base = hist + ((<usize>f * <usize>BINS_PER_FEATURE) << 4);
    const occ = occupancy != 0 ? occupancy + <usize>f * <usize>OCCUPANCY_FEATURE_BYTES : 0;
    if (!bounded && c == 0) scanPlainFeature(node, f, base, nb, occ, G, H, parentScore, lambda, alpha, minChildWeight);
    else scanBoundedFeature(node, f, base, nb, c, G, H, parentScore, lambda, alpha, minChildWeight);
  }
  node.splittable = found ? 1 : 0;
}

// The best gain so far and whether a split was found, for one findBestSplit call.
let bestGain: f64 = 0.0;
let found: bool = false;

// A sparse feature's occupied bins, as u8, for scanPlainFeature (listOccupiedBins).
const occupiedBins: usize = memory.data(BINS_PER_FEATURE, 16);

/**
 * The bar of scanPlainFeature's screen: the score sum a candidate must beat,
 * parentScore + bestGain, lowered by 1e-9 of itself. Rounding moves the two
 * sides of the screen's comparison by a few ulps (~1e-15 relative), far less,
 * so a candidate the exact evaluation would keep always passes the screen.
 */
// @ts-ignore: decorator
@inline
function screenBar(parentScore: f64): f64 {
  const t = parentScore + bestGain;
  return t - Math.abs(t) * 1e-9;
}

/** Stores candidate (f, b, dir) as the node's best split. */
// @ts-ignore: decorator
@inline
function keepCandidate(
  node: NodeRec, f: i32, b: i32, dir: i32, hasMissing: bool,
  gain: f64, gl: f64, hl: f64, hr: f64, wl: f64, wr: f64,
): void {
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

/**
 * Evaluates one unbounded candidate exactly as findBestSplitNaive does and
 * keeps it if its gain beats the best so far. Returns whether it was kept.
 */
// @ts-ignore: decorator
@inline
function tryPlainCandidate(
  node: NodeRec, f: i32, b: i32, dir: i32, hasMissing: bool, gl: f64, hl: f64,
  G: f64, H: f64, parentScore: f64, lambda: f64, alpha: f64, minChildWeight: f64,
): bool {
  const gr = G - gl;
  const hr = H - hl;
  if (hl < minChildWeight || hr < minChildWeight || hl <= 0.0 || hr <= 0.0) return false;
  const tl = thresholdL1(gl, alpha);
  const tr = thresholdL1(gr, alpha);
  const dl = hl + lambda;
  const dr = hr + lambda;
  const gain = tl * tl / dl + tr * tr / dr - parentScore;
  if (!(gain > bestGain)) return false;
  keepCandidate(node, f, b, dir, hasMissing, gain, gl, hl, hr, -tl / dl, -tr / dr);
  return true;
}

/**
 * True unless the candidate (gl, hl) certainly does not beat `bar`
 * (= screenBar(parentScore)) or is invalid (a side's hessian below minSide). With
 * d = h + lambda > 0: tl^2/dl + tr^2/dr > bar  <=>  tl^2 dr + tr^2 dl > bar dl dr,
 * so no division is needed (divisions were most of the naive scan's time).
 */
// @ts-ignore: decorator
@inline
function mayBeat(gl: f64, hl: f64, G: f64, H: f64, bar: f64, lambda: f64, alpha: f64, minSide: f64): bool {
  const gr = G - gl;
  const hr = H - hl;
  const dl = hl + lambda;
  const dr = hr + lambda;
  // T(g)^2 for the L1 soft threshold T: (|g| - alpha)^2 when positive, else 0.
  const al = Math.abs(gl) - alpha;
  const ar = Math.abs(gr) - alpha;
  const tl2 = al > 0.0 ? al * al : 0.0;
  const tr2 = ar > 0.0 ? ar * ar : 0.0;
  const valid = <i32>(hl >= minSide) & <i32>(hr >= minSide);
  // `!(x < y)` rather than `x >= y`: a NaN goes on to the exact evaluation.
  return (valid & <i32>!(tl2 * dr + tr2 * dl < bar * (dl * dr))) != 0;
}

/** mayBeat on two candidates at once, one per f64x2 lane: a lane mask. */
// @ts-ignore: decorator
@inline
function mayBeatBoth(gl: v128, hl: v128, G: v128, H: v128, bar: v128, lambda: v128, alpha: v128, minSide: v128): v128 {
  const zero = f64x2.splat(0.0);
  const gr = f64x2.sub(G, gl);
  const hr = f64x2.sub(H, hl);
  const dl = f64x2.add(hl, lambda);
  const dr = f64x2.add(hr, lambda);
  const al = f64x2.sub(f64x2.abs(gl), alpha);
  const ar = f64x2.sub(f64x2.abs(gr), alpha);
  const tl2 = v128.and(f64x2.mul(al, al), f64x2.gt(al, zero));
  const tr2 = v128.and(f64x2.mul(ar, ar), f64x2.gt(ar, zero));
  const below = f64x2.lt(f64x2.add(f64x2.mul(tl2, dr), f64x2.mul(tr2, dl)), f64x2.mul(bar, f64x2.mul(dl, dr)));
  const valid = v128.and(f64x2.ge(hl, minSide), f64x2.ge(hr, minSide));
  return v128.andnot(valid, below);
}

/** mayBeat when alpha = 0 (T(g) = g), the common case, with fewer operations. */
// @ts-ignore: decorator
@inline
function mayBeatNoL1(gl: f64, hl: f64, G: f64, H: f64, bar: f64, lambda: f64, minSide: f64): bool {
  const gr = G - gl;
  const hr = H - hl;
  const dl = hl + lambda;
  const dr = hr + lambda;
  const valid = <i32>(hl >= minSide) & <i32>(hr >= minSide);
  return (valid & <i32>!(gl * gl * dr + gr * gr * dl < bar * (dl * dr))) != 0;
}

/**
 * The candidates of one feature without monotone bounds, in
 * findBestSplitNaive's order. Every candidate is first screened without a
 * division (mayBeat; with missing values both directions of a bin in one
 * f64x2, mayBeatBoth); the few that pass are evaluated exactly. An empty bin
 * adds nothing and yields no candidate (as in the naive scan); the last
 * non-missing bin always counts.
 */
function scanPlainFeature(
  node: NodeRec, f: i32, base: usize, nb: i32, occ: usize,
  G: f64, H: f64, parentScore: f64, lambda: f64, alpha: f64, minChildWeight: f64,
): void {
  const missG = load<f64>(base + (<usize>MISSING_BIN << 4));
  const missH = load<f64>(base + (<usize>MISSING_BIN << 4) + 8);
  const hasMissing = missH > 0.0;
  const last = nb - 1;
  // The bins before `last` to visit: occupiedBins[0 .. count) when listed, else 0 .. count - 1.
  let count = last;
  let listedBins = false;
  if (occ != 0 && last > 0) {
    const listed = listOccupiedBins(occ, last, occupiedBins);
    if (listed >= 0) {
      listedBins = true;
      count = listed;
    }
  }
  // A side is valid when its hessian is >= minChildWeight and > 0: >= minSide
  // (the smallest positive f64 at least; a NaN option lets everything through).
  const minSide = minChildWeight > 5e-324 ? minChildWeight : 5e-324;
  let bar = screenBar(parentScore);
  let accG = 0.0;
  let accH = 0.0;
  if (hasMissing) {
    // Both directions at once: lane 0 sends the missing rows right, lane 1 left.
    const missGv = f64x2.replace_lane(f64x2.splat(0.0), 1, missG);
    const missHv = f64x2.replace_lane(f64x2.splat(0.0), 1, missH);
    const Gv = f64x2.splat(G);
    const Hv = f64x2.splat(H);
    const lambdav = f64x2.splat(lambda);
    const alphav = f64x2.splat(alpha);
    const minSidev = f64x2.splat(minSide);
    let barv = f64x2.splat(bar);
    for (let i = 0; i < count; i++) {
      const b = listedBins ? <i32>load<u8>(occupiedBins + <usize>i) : i;
      const binG = load<f64>(base + (<usize>b << 4));
      const binH = load<f64>(base + (<usize>b << 4) + 8);
      if (binH == 0.0) continue;
      accG += binG;
      accH += binH;
      const gl = f64x2.add(f64x2.splat(accG), missGv);
      const hl = f64x2.add(f64x2.splat(accH), missHv);
      if (!v128.any_true(mayBeatBoth(gl, hl, Gv, Hv, barv, lambdav, alphav, minSidev))) continue;
      // missing right, then missing left
      let kept = tryPlainCandidate(node, f, b, 0, true, accG, accH, G, H, parentScore, lambda, alpha, minChildWeight);
      kept = tryPlainCandidate(node, f, b, 1, true, accG + missG, accH + missH, G, H, parentScore, lambda, alpha, minChildWeight) || kept;
      if (kept) barv = f64x2.splat(screenBar(parentScore));
    }
    // After the last bin: every non-missing row left, the missing rows right.
    if (last >= 0) {
      accG += load<f64>(base + (<usize>last << 4));
      accH += load<f64>(base + (<usize>last << 4) + 8);
      tryPlainCandidate(node, f, last, 0, true, accG, accH, G, H, parentScore, lambda, alpha, minChildWeight);
    }
  } else if (alpha == 0.0) {
    for (let i = 0; i < count; i++) {
      const b = listedBins ? <i32>load<u8>(occupiedBins + <usize>i) : i;
      const binG = load<f64>(base + (<usize>b << 4));
      const binH = load<f64>(base + (<usize>b << 4) + 8);
      if (binH == 0.0) continue;
      accG += binG;
      accH += binH;
      if (mayBeatNoL1(accG, accH, G, H, bar, lambda, minSide)) {
        if (tryPlainCandidate(node, f, b, 0, false, accG, accH, G, H, parentScore, lambda, alpha, minChildWeight)) {
          bar = screenBar(parentScore);
        }
      }
    }
  } else {
    for (let i = 0; i < count; i++) {
      const b = listedBins ? <i32>load<u8>(occupiedBins + <usize>i) : i;
      const binG = load<f64>(base + (<usize>b << 4));
      const binH = load<f64>(base + (<usize>b << 4) + 8);
      if (binH == 0.0) continue;
      accG += binG;
      accH += binH;
      if (mayBeat(accG, accH, G, H, bar, lambda, alpha, minSide)) {
        if (tryPlainCandidate(node, f, b, 0, false, accG, accH, G, H, parentScore, lambda, alpha, minChildWeight)) {
          bar = screenBar(parentScore);
        }
      }
    }
  }
}

/** The candidates of one feature under monotone bounds or a constraint (findBestSplitNaive's loop). */
function scanBoundedFeature(
  node: NodeRec, f: i32, base: usize, nb: i32, c: i32,
  G: f64, H: f64, parentScore: f64, lambda: f64, alpha: f64, minChildWeight: f64,
): void {
  const lower = node.lower;
  const upper = node.upper;
  const missG = load<f64>(base + (<usize>MISSING_BIN << 4));
  const missH = load<f64>(base + (<usize>MISSING_BIN << 4) + 8);
  const hasMissing = missH > 0.0;
  let accG = 0.0;
  let accH = 0.0;
  for (let b = 0; b < nb; b++) {
    const binH = load<f64>(base + (<usize>b << 4) + 8);
    const last = b == nb - 1;
    if (binH == 0.0 && !last) continue;
    accG += load<f64>(base + (<usize>b << 4));
    accH += binH;
    for (let dir = 0; dir < 2; dir++) {
      if (dir == 1 && (!hasMissing || last)) break;
      if (last && !hasMissing) break;
      const gl = dir == 1 ? accG + missG : accG;
      const hl = dir == 1 ? accH + missH : accH;
      const gr = G - gl;
      const hr = H - hl;
      if (hl < minChildWeight || hr < minChildWeight || hl <= 0.0 || hr <= 0.0) continue;
      const wl = leafWeight(gl, hl, lambda, alpha, lower, upper);
      const wr = leafWeight(gr, hr, lambda, alpha, lower, upper);
      if ((c > 0 && wl > wr) || (c < 0 && wl < wr)) continue;
      const gain = scoreAtWeight(gl, hl, wl, lambda, alpha) + scoreAtWeight(gr, hr, wr, lambda, alpha) - parentScore;
      if (!(gain > bestGain)) continue;
      keepCandidate(node, f, b, dir, hasMissing, gain, gl, hl, hr, wl, wr);
    }
  }
}

/**
 * Scalar twin of findBestSplit, kept as the reference a test compares against:
 * finds the best split of `node` from its histogram and stores it in the node
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
export function findBestSplitNaive(
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
