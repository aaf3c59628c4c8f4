import { MISSING_BIN } from './common';
import { NodeRec } from './node';
import { RowBlock } from './rowblock';

// Quantized gradients (LightGBM 4's quantized training, done our way): each
// row's gradient and hessian are rounded stochastically to a few integer
// levels, g ≈ qg × gScale and h ≈ qh × hScale, stored in the last two bytes
// of the row's bin codes (i8 qg, u8 qh at byte stride - 2): the row
// partition copies them with the bins for free. Histograms are then integer
// sums (histogramQuantized.ts), split gains are evaluated from them with the
// true scale, and the grower refits every leaf from the full-precision pairs.
//
// The scales are powers of two, so q × scale and every sum of such values are
// exact in f64: histograms, subtractions and the sums over several threads'
// rows come out the same in any order, and the tree whatever the thread count.

/** Byte offset of a row's (qg, qh) pair within its `stride` bytes of bin codes. */
// @ts-ignore: decorator
@inline
export function quantOffset(stride: i32): usize {
  return <usize>(stride - 2);
}

/** Murmur3's 32-bit finalizer: a well-mixed u32 from a u32. */
// @ts-ignore: decorator
@inline
function fmix32(x: u32): u32 {
  x ^= x >> 16;
  x *= 0x85EBCA6B;
  x ^= x >> 13;
  x *= 0xC2B2AE35;
  x ^= x >> 16;
  return x;
}

/**
 * Rounds each row's (g, h) to integer levels, stochastically and without bias
 * (q = floor(x + u), u uniform in [0, 1), so E[q] = x, up to the draw's 16
 * bits): qg in [-gLevels, gLevels], qh in [0, hLevels]. The draws are the two
 * halves of a hash of (seed, round, rowStart + k), not a sequence, so a row
 * rounds the same way whichever thread holds it, and in every engine (integer
 * arithmetic and exact f64 operations only).
 *
 * @param gh     IN  f64 [n * 2], (gradient, hessian) per row, |g| <= gLevels × gScale
 * @param bins   OUT u8 [n * stride]: bytes stride - 2 (i8 qg) and stride - 1 (u8 qh) of each row
 * @param gScale, hScale  the value of one level (powers of two)
 * @param rowStart  index of row 0 in the whole training set (threads hold shares)
 *
 * The grower rounds the rows as it builds each root's histogram
 * (buildRootHistogramQuantized); this pass is its reference in the tests.
 */
export function quantizeGradients(
  gh: usize, n: i32, bins: usize, stride: i32, gScale: f64, hScale: f64, gLevels: i32, hLevels: i32,
  seed: u32, round: u32, rowStart: i32,
): void {
  const gInv = 1.0 / gScale;
  const hInv = 1.0 / hScale;
  const key = roundKey(seed, round);
  let p = bins + quantOffset(stride);
  for (let k = 0; k < n; k++) {
    store<u16>(p, <u16>quantizeRow(gh + (<usize>k << 4), <u32>(rowStart + k), key, gInv, hInv, gLevels, hLevels));
    p += <usize>stride;
  }
}

/** The hash key of a round's draws. */
// @ts-ignore: decorator
@inline
export function roundKey(seed: u32, round: u32): u32 {
  return fmix32(seed ^ fmix32(round + 0x9E3779B9));
}

/**
 * One row's levels as quantizeGradients stores them: (qg & 0xFF) | (qh << 8).
 *
 * @param ghRow  IN f64 [2], the row's (gradient, hessian)
 * @param row    the row's index in the whole training set
 */
// @ts-ignore: decorator
@inline
export function quantizeRow(ghRow: usize, row: u32, key: u32, gInv: f64, hInv: f64, gLevels: i32, hLevels: i32): i32 {
  const r = fmix32(row * 0x9E3779B1 ^ key);
  const ug = <f64>(r & 0xFFFF) * (1.0 / 65536.0);
  const uh = <f64>(r >> 16) * (1.0 / 65536.0);
  const g = load<f64>(ghRow) * gInv;
  const h = load<f64>(ghRow, 8) * hInv;
  // floor(x + u) stays within the levels for |x| <= levels; the clamps catch a hessian rounded a step above.
  const qg = min<i32>(max<i32>(<i32>Math.floor(g + ug), -gLevels), gLevels);
  const qh = min<i32>(max<i32>(<i32>Math.floor(h + uh), 0), hLevels);
  return (qg & 0xFF) | (qh << 8);
}

/**
 * The full-precision (gradient, hessian) sums of the two sides of a split
 * whose children stay leaves (their rows are not partitioned): into the
 * left and right records' sumG and sumH.
 *
 * @param block  IN RowBlock holding the split node's rows start..end
 */
export function sumSplitSides(
  blockPtr: usize, stride: i32, start: i32, end: i32, feature: i32, splitBin: i32, defaultLeft: i32,
  left: NodeRec, right: NodeRec,
): void {
  const block = changetype<RowBlock>(blockPtr);
  const col = <usize>feature;
  const missingLeft = defaultLeft != 0;
  let all = f64x2.splat(0.0);
  let l = f64x2.splat(0.0);
  for (let k = start; k < end; k++) {
    const b = <i32>load<u8>(block.bins + <usize>k * <usize>stride + col);
    const goLeft = b == MISSING_BIN ? missingLeft : b <= splitBin;
    const v = v128.load(block.gh + (<usize>k << 4));
    all = f64x2.add(all, v);
    // The left side adds v or +0 (the pair masked out): exact either way.
    l = f64x2.add(l, v128.and(v, i64x2.splat(goLeft ? -1 : 0)));
  }
  left.sumG = f64x2.extract_lane(l, 0);
  left.sumH = f64x2.extract_lane(l, 1);
  right.sumG = f64x2.extract_lane(all, 0) - left.sumG;
  right.sumH = f64x2.extract_lane(all, 1) - left.sumH;
}
