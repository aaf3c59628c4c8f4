import { BINS_PER_FEATURE, MISSING_BIN, OCCUPANCY_FEATURE_BYTES } from './common';
import { NodeRec } from './node';
import { isDenseFeature } from './occupancy';

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

// scanPlainFeature's first pass: after each non-empty bin before a feature's
// last, the running sums (accG, accH) as an f64x2, and the bin as u8. One
// entry more than a feature has bins: the pass also writes one past its count.
const runningSums: usize = memory.data((BINS_PER_FEATURE + 1) * 16, 16);
const runningBins: usize = memory.data(BINS_PER_FEATURE + 1, 16);

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
 * Two candidates at once, one per f64x2 lane (gl, hl): a lane mask, all ones
 * unless the lane's candidate certainly does not beat `bar` (=
 * screenBar(parentScore)) or is invalid (a side's hessian below minSide).
 * With d = h + lambda > 0: tl^2/dl + tr^2/dr > bar  <=>  tl^2 dr + tr^2 dl > bar dl dr,
 * so no division is needed (divisions were most of the naive scan's time).
 * `!(x < y)` rather than `x >= y`: a NaN goes on to the exact evaluation.
 */
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
  // T(g)^2 for the L1 soft threshold T: (|g| - alpha)^2 when positive, else 0.
  const tl2 = v128.and(f64x2.mul(al, al), f64x2.gt(al, zero));
  const tr2 = v128.and(f64x2.mul(ar, ar), f64x2.gt(ar, zero));
  const below = f64x2.lt(f64x2.add(f64x2.mul(tl2, dr), f64x2.mul(tr2, dl)), f64x2.mul(bar, f64x2.mul(dl, dr)));
  const valid = v128.and(f64x2.ge(hl, minSide), f64x2.ge(hr, minSide));
  return v128.andnot(valid, below);
}

/** mayBeatBoth when alpha = 0 (T(g) = g), the common case, with fewer operations. */
// @ts-ignore: decorator
@inline
function mayBeatBothNoL1(gl: v128, hl: v128, G: v128, H: v128, bar: v128, lambda: v128, minSide: v128): v128 {
  const gr = f64x2.sub(G, gl);
  const hr = f64x2.sub(H, hl);
  const dl = f64x2.add(hl, lambda);
  const dr = f64x2.add(hr, lambda);
  const lhs = f64x2.add(f64x2.mul(f64x2.mul(gl, gl), dr), f64x2.mul(f64x2.mul(gr, gr), dl));
  const below = f64x2.lt(lhs, f64x2.mul(bar, f64x2.mul(dl, dr)));
  const valid = v128.and(f64x2.ge(hl, minSide), f64x2.ge(hr, minSide));
  return v128.andnot(valid, below);
}

/**
 * All ones in both lanes when the hessian lane of a bin's (G, H) is not 0
 * (a NaN counts, as in the naive scan), else all zeros: `v & mask` is the
 * bin's sums, or +0.0 in both lanes for an empty bin.
 */
// @ts-ignore: decorator
@inline
function nonEmptyMask(v: v128): v128 {
  return v128.shuffle<f64>(f64x2.ne(v, f64x2.splat(0.0)), f64x2.splat(0.0), 1, 1);
}

/**
 * scanPlainFeature's first pass: the running sums after each non-empty bin
 * among the `count` bins from 0, in runningSums / runningBins; returns how
 * many. With an occupancy bitmap (occ != 0) that is not dense, only the bins
 * it lists are visited (the others are empty). The sums are added in the
 * naive scan's order, so they are its sums, bit for bit. Branch-free: an
 * empty bin adds +0.0 and its entry is overwritten by the next one; acc + 0.0
 * = acc because the sums, which start at +0.0, are never -0.0 (a sum is -0.0
 * only if both terms are).
 */
// @ts-ignore: decorator
@inline
function runningSumsOf(base: usize, count: i32, occ: usize): i32 {
  let acc = f64x2.splat(0.0);
  let n = 0;
  if (occ != 0 && !isDenseFeature(occ)) {
    for (let w = 0; w < 4; w++) {
      const first = w << 6;
      if (first >= count) break;
      let word = load<u64>(occ + (<usize>w << 3));
      if (count - first < 64) word &= (<u64>1 << <u64>(count - first)) - 1;
      while (word != 0) {
        const b = first + <i32>ctz<u64>(word);
        word &= word - 1;
        const v = v128.load(base + (<usize>b << 4));
        const keep = nonEmptyMask(v);
        acc = f64x2.add(acc, v128.and(v, keep));
        v128.store(runningSums + (<usize>n << 4), acc);
        store<u8>(runningBins + <usize>n, <u8>b);
        n -= <i32>i64x2.extract_lane(keep, 0);
      }
    }
  } else {
    for (let b = 0; b < count; b++) {
      const v = v128.load(base + (<usize>b << 4));
      const keep = nonEmptyMask(v);
      acc = f64x2.add(acc, v128.and(v, keep));
      v128.store(runningSums + (<usize>n << 4), acc);
      store<u8>(runningBins + <usize>n, <u8>b);
      n -= <i32>i64x2.extract_lane(keep, 0);
    }
  }
  return n;
}

/**
 * The candidates of one feature without monotone bounds, in
 * findBestSplitNaive's order, in two passes. The first (runningSumsOf) adds
 * up the bins before the last one in order and keeps the sums after each
 * non-empty bin, without a branch per bin: an empty bin adds nothing and
 * yields no candidate (as in the naive scan). The second screens the
 * candidates two at a time in an f64x2 without a division (mayBeatBoth:
 * two bins, or with missing values both directions of one bin); the few
 * that pass are evaluated exactly, in order, by tryPlainCandidate, which
 * keeps the first of equal gains. The last non-missing bin always counts.
 */
function scanPlainFeature(
  node: NodeRec, f: i32, base: usize, nb: i32, occ: usize,
  G: f64, H: f64, parentScore: f64, lambda: f64, alpha: f64, minChildWeight: f64,
): void {
  const missG = load<f64>(base + (<usize>MISSING_BIN << 4));
  const missH = load<f64>(base + (<usize>MISSING_BIN << 4) + 8);
  const hasMissing = missH > 0.0;
  const last = nb - 1;
  const n = runningSumsOf(base, last, occ);
  // A side is valid when its hessian is >= minChildWeight and > 0: >= minSide
  // (the smallest positive f64 at least; a NaN option lets everything through).
  const minSide = minChildWeight > 5e-324 ? minChildWeight : 5e-324;
  const Gv = f64x2.splat(G);
  const Hv = f64x2.splat(H);
  const lambdav = f64x2.splat(lambda);
  const alphav = f64x2.splat(alpha);
  const minSidev = f64x2.splat(minSide);
  let barv = f64x2.splat(screenBar(parentScore));
  const l1 = alpha != 0.0;
  if (hasMissing) {
    // Both directions of a bin at once: lane 0 sends the missing rows right, lane 1 left.
    const missGv = f64x2.replace_lane(f64x2.splat(0.0), 1, missG);
    const missHv = f64x2.replace_lane(f64x2.splat(0.0), 1, missH);
    for (let j = nextMissingPass(0, n, l1, missGv, missHv, Gv, Hv, barv, lambdav, alphav, minSidev); j < n;
      j = nextMissingPass(j + 1, n, l1, missGv, missHv, Gv, Hv, barv, lambdav, alphav, minSidev)) {
      const sums = runningSums + (<usize>j << 4);
      const b = <i32>load<u8>(runningBins + <usize>j);
      const accG = load<f64>(sums);
      const accH = load<f64>(sums, 8);
      // missing right, then missing left
      let kept = tryPlainCandidate(node, f, b, 0, true, accG, accH, G, H, parentScore, lambda, alpha, minChildWeight);
      kept = tryPlainCandidate(node, f, b, 1, true, accG + missG, accH + missH, G, H, parentScore, lambda, alpha, minChildWeight) || kept;
      if (kept) barv = f64x2.splat(screenBar(parentScore));
    }
    // After the last bin: every non-missing row left, the missing rows right.
    if (last >= 0) {
      let accG = 0.0;
      let accH = 0.0;
      if (n > 0) {
        accG = load<f64>(runningSums + (<usize>(n - 1) << 4));
        accH = load<f64>(runningSums + (<usize>(n - 1) << 4), 8);
      }
      accG += load<f64>(base + (<usize>last << 4));
      accH += load<f64>(base + (<usize>last << 4) + 8);
      tryPlainCandidate(node, f, last, 0, true, accG, accH, G, H, parentScore, lambda, alpha, minChildWeight);
    }
    return;
  }
  // Two bins at a time: lane 0 is entry j, lane 1 entry j + 1 (when n is odd,
  // the last pair's lane 1 reads the spare entry n and is ignored). Both
  // candidates of a pair that passes are evaluated exactly (one that fails
  // the screen is simply not kept).
  for (let j = nextPairPass(0, n, l1, Gv, Hv, barv, lambdav, alphav, minSidev); j < n;
    j = nextPairPass(j + 2, n, l1, Gv, Hv, barv, lambdav, alphav, minSidev)) {
    const sums = runningSums + (<usize>j << 4);
    let kept = tryPlainCandidate(node, f, <i32>load<u8>(runningBins + <usize>j), 0, false, load<f64>(sums), load<f64>(sums, 8), G, H, parentScore, lambda, alpha, minChildWeight);
    if (j + 1 < n) {
      kept = tryPlainCandidate(node, f, <i32>load<u8>(runningBins + <usize>(j + 1)), 0, false, load<f64>(sums, 16), load<f64>(sums, 24), G, H, parentScore, lambda, alpha, minChildWeight) || kept;
    }
    if (kept) barv = f64x2.splat(screenBar(parentScore));
  }
}

// The screening loops of scanPlainFeature's second pass, apart from the exact
// evaluations (which would otherwise crowd the loops' registers): each returns
// the first entry from j at which a candidate passes the screen, or n.

/** The first pair of entries (j, j + 1), j = j0, j0 + 2, ..., with a candidate that passes mayBeatBoth (l1) or mayBeatBothNoL1; or n. */
function nextPairPass(j0: i32, n: i32, l1: bool, G: v128, H: v128, bar: v128, lambda: v128, alpha: v128, minSide: v128): i32 {
  let j = j0;
  if (l1) {
    for (; j < n; j += 2) {
      const sums = runningSums + (<usize>j << 4);
      const a = v128.load(sums);
      const c = v128.load(sums, 16);
      if (v128.any_true(mayBeatBoth(v128.shuffle<f64>(a, c, 0, 2), v128.shuffle<f64>(a, c, 1, 3), G, H, bar, lambda, alpha, minSide))) return j;
    }
  } else {
    for (; j < n; j += 2) {
      const sums = runningSums + (<usize>j << 4);
      const a = v128.load(sums);
      const c = v128.load(sums, 16);
      if (v128.any_true(mayBeatBothNoL1(v128.shuffle<f64>(a, c, 0, 2), v128.shuffle<f64>(a, c, 1, 3), G, H, bar, lambda, minSide))) return j;
    }
  }
  return n;
}

/** The first entry from j0 with missing values one of whose two directions passes mayBeatBoth (l1) or mayBeatBothNoL1; or n. */
function nextMissingPass(
  j0: i32, n: i32, l1: bool, missG: v128, missH: v128, G: v128, H: v128, bar: v128, lambda: v128, alpha: v128, minSide: v128,
): i32 {
  let j = j0;
  if (l1) {
    for (; j < n; j++) {
      const acc = v128.load(runningSums + (<usize>j << 4));
      const gl = f64x2.add(v128.shuffle<f64>(acc, acc, 0, 0), missG);
      const hl = f64x2.add(v128.shuffle<f64>(acc, acc, 1, 1), missH);
      if (v128.any_true(mayBeatBoth(gl, hl, G, H, bar, lambda, alpha, minSide))) return j;
    }
  } else {
    for (; j < n; j++) {
      const acc = v128.load(runningSums + (<usize>j << 4));
      const gl = f64x2.add(v128.shuffle<f64>(acc, acc, 0, 0), missG);
      const hl = f64x2.add(v128.shuffle<f64>(acc, acc, 1, 1), missH);
      if (v128.any_true(mayBeatBothNoL1(gl, hl, G, H, bar, lambda, minSide))) return j;
    }
  }
  return n;
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
