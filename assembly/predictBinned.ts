import { addLeaves4, applySigmoid } from './predict';

// Scoring over rows binned by a model's threshold binning (src/models/thresholdBinning.ts):
// bin(v) = number of the feature's split thresholds <= v, missing = 255. A node
// whose threshold is the r-th (0-based) of its feature sends a non-missing row
// left when bin <= r, exactly when v < threshold. Missing values follow the
// node's default direction through one unsigned comparison: the node stores
// dl (1 = default left) and limit = r + dl, and a row goes left when
// (bin + dl) & 255 <= limit. With dl = 0 that is bin <= r and 255 > r; with
// dl = 1 a bin b <= 254 gives b + 1 <= r + 1, and 255 wraps to 0 <= limit.
// Bins are only compared, never used as addresses, so any byte is safe.

/**
 * Raw scores of a forest in the complete-tree encoding over binned rows.
 *
 * Same layout as predictForestComplete's (see predict.ts) with two changes:
 * an internal slot is i32 (feature index | dl << 31), i32 limit; and the
 * input is row-major u8. Four rows share one v128 of slot indices (i32
 * lanes); each step loads the four slots and the four bins lane by lane,
 * then compares and moves down with vector instructions; four such vectors
 * (16 rows) are walked interleaved. Leaf values are added in tree order, so
 * scores equal predictBinnedCompleteNaive's, and predictForestComplete's on
 * the raw rows, bit for bit.
 *
 * @param bins    IN  u8 [nRows * stride], row-major: feature f of row i at bins + i * stride + f
 * @param slots   IN  the trees' slots, one tree after another
 * @param trees   IN  i32 [2 * nTrees]: byte offset of the tree's first slot, its depth D
 * @param proba   1: write sigmoid(score), 0: raw scores
 * @param out     OUT f64 [nRows]
 */
export function predictBinnedComplete(
  bins: usize, stride: i32, nRows: i32, slots: usize, trees: usize, nTrees: i32, base: f64, proba: i32, out: usize,
): void {
  const rows16 = nRows & ~15;
  const b = f64x2.splat(base);
  const s = <usize>stride;
  for (let i = 0; i < rows16; i += 16) {
    const r0 = bins + <usize>i * s;
    const p = out + (<usize>i << 3);
    for (let k: usize = 0; k < 128; k += 16) v128.store(p + k, b);
    for (let t = 0; t < nTrees; t++) {
      const tree = slots + <usize>load<i32>(trees + (<usize>t << 3));
      const depth = load<i32>(trees + (<usize>t << 3), 4);
      let na = i32x4.splat(0), nb = i32x4.splat(0), nc = i32x4.splat(0), nd = i32x4.splat(0);
      if (depth > 0) {
        // Every row starts at the root: one slot for all lanes.
        const fd = i32x4.splat(load<i32>(tree));
        const lim = i32x4.splat(load<i32>(tree, 4));
        na = binnedStep4(r0, s, fd, lim, na);
        nb = binnedStep4(r0 + 4 * s, s, fd, lim, nb);
        nc = binnedStep4(r0 + 8 * s, s, fd, lim, nc);
        nd = binnedStep4(r0 + 12 * s, s, fd, lim, nd);
      }
      for (let d = 1; d < depth; d++) {
        na = binnedSlotStep4(tree, r0, s, na);
        nb = binnedSlotStep4(tree, r0 + 4 * s, s, nb);
        nc = binnedSlotStep4(tree, r0 + 8 * s, s, nc);
        nd = binnedSlotStep4(tree, r0 + 12 * s, s, nd);
      }
      addLeaves4(tree, na, p);
      addLeaves4(tree, nb, p + 32);
      addLeaves4(tree, nc, p + 64);
      addLeaves4(tree, nd, p + 96);
    }
  }
  binnedCompleteRows(bins, stride, rows16, nRows, slots, trees, nTrees, base, out);
  if (proba != 0) applySigmoid(out, nRows);
}

/**
 * Scalar twin of predictBinnedComplete (one row at a time), compared with it
 * by test/models/binnedScoring.test.ts. Same arguments, same results.
 */
export function predictBinnedCompleteNaive(
  bins: usize, stride: i32, nRows: i32, slots: usize, trees: usize, nTrees: i32, base: f64, proba: i32, out: usize,
): void {
  binnedCompleteRows(bins, stride, 0, nRows, slots, trees, nTrees, base, out);
  if (proba != 0) applySigmoid(out, nRows);
}

/**
 * Raw scores of a forest in the pointer encoding over binned rows (trees
 * deeper than the complete encoding allows). A node is 16 bytes: i32 feature
 * index | dl << 31, i32 limit, i32 left, i32 right; a leaf points to itself,
 * so every row of tree t takes depths[t] steps; values[n] is node n's leaf
 * value. Scalar, one row at a time.
 *
 * @param bins    IN  u8 [nRows * stride], row-major
 * @param nodes   IN  16-byte nodes of all trees
 * @param roots   IN  i32 [nTrees] root node of each tree
 * @param depths  IN  i32 [nTrees]
 * @param values  IN  f64 [nNodes]
 * @param out     OUT f64 [nRows]
 */
export function predictBinnedPointers(
  bins: usize, stride: i32, nRows: i32, nodes: usize, roots: usize, depths: usize, nTrees: i32, values: usize, base: f64, proba: i32, out: usize,
): void {
  for (let i = 0; i < nRows; i++) {
    const row = bins + <usize>i * <usize>stride;
    let sum = base;
    for (let t = 0; t < nTrees; t++) {
      let n = load<i32>(roots + (<usize>t << 2));
      const depth = load<i32>(depths + (<usize>t << 2));
      for (let d = 0; d < depth; d++) {
        const node = nodes + (<usize>n << 4);
        const goLeft = binnedGoLeft(row, load<i32>(node), load<i32>(node, 4));
        n = select<i32>(load<i32>(node, 8), load<i32>(node, 12), goLeft);
      }
      sum += load<f64>(values + (<usize>n << 3));
    }
    store<f64>(out + (<usize>i << 3), sum);
  }
  if (proba != 0) applySigmoid(out, nRows);
}

/** Raw scores of rows [from, to) walked one at a time (the SIMD kernel's tail and its twin). */
function binnedCompleteRows(bins: usize, stride: i32, from: i32, to: i32, slots: usize, trees: usize, nTrees: i32, base: f64, out: usize): void {
  for (let i = from; i < to; i++) {
    const row = bins + <usize>i * <usize>stride;
    let sum = base;
    for (let t = 0; t < nTrees; t++) {
      const tree = slots + <usize>load<i32>(trees + (<usize>t << 3));
      const depth = load<i32>(trees + (<usize>t << 3), 4);
      let n = 0;
      for (let d = 0; d < depth; d++) {
        const slot = tree + (<usize>n << 3);
        n = (n << 1) + 2 - <i32>binnedGoLeft(row, load<i32>(slot), load<i32>(slot, 4));
      }
      sum += load<f64>(tree + (<usize>n << 3));
    }
    store<f64>(out + (<usize>i << 3), sum);
  }
}

/** Whether the row goes left at a node (feature index | dl << 31, limit): see the file comment. */
// @ts-ignore: decorator
@inline
function binnedGoLeft(row: usize, fd: i32, limit: i32): bool {
  const b = <u32>load<u8>(row + <usize>(fd & 0x7fffffff));
  return ((b + (<u32>fd >>> 31)) & 255) <= <u32>limit;
}

/**
 * One step for four rows (row k's bins at r0 + k * s) at the slots whose
 * fields are in fd and lim; n holds their slot indices.
 */
// @ts-ignore: decorator
@inline
function binnedStep4(r0: usize, s: usize, fd: v128, lim: v128, n: v128): v128 {
  const off = v128.and(fd, i32x4.splat(0x7fffffff));
  // Each bin lands in the low byte of its i32 lane (the other bytes stay 0).
  let b = v128.load8_lane(r0 + <usize>i32x4.extract_lane(off, 0), i32x4.splat(0), 0);
  b = v128.load8_lane(r0 + s + <usize>i32x4.extract_lane(off, 1), b, 4);
  b = v128.load8_lane(r0 + 2 * s + <usize>i32x4.extract_lane(off, 2), b, 8);
  b = v128.load8_lane(r0 + 3 * s + <usize>i32x4.extract_lane(off, 3), b, 12);
  const key = v128.and(i32x4.add(b, i32x4.shr_u(fd, 31)), i32x4.splat(255));
  // goLeft lanes are -1 (left) or 0: n = 2n + 2 - 1 or 2n + 2.
  return i32x4.add(i32x4.add(i32x4.shl(n, 1), i32x4.splat(2)), i32x4.le_u(key, lim));
}

/** binnedStep4 below the root: loads the four rows' slots (lane by lane) first. */
// @ts-ignore: decorator
@inline
function binnedSlotStep4(tree: usize, r0: usize, s: usize, n: v128): v128 {
  const a0 = tree + (<usize>i32x4.extract_lane(n, 0) << 3);
  const a1 = tree + (<usize>i32x4.extract_lane(n, 1) << 3);
  const a2 = tree + (<usize>i32x4.extract_lane(n, 2) << 3);
  const a3 = tree + (<usize>i32x4.extract_lane(n, 3) << 3);
  const p = v128.load64_lane(a1, v128.load64_zero(a0), 1);
  const q = v128.load64_lane(a3, v128.load64_zero(a2), 1);
  return binnedStep4(r0, s, i32x4.shuffle(p, q, 0, 2, 4, 6), i32x4.shuffle(p, q, 1, 3, 5, 7), n);
}
