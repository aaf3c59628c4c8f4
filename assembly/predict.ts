import {
  MISSING_BIN, TREE_I32_ARRAYS, TREE_I32_FEATURE, TREE_I32_BIN, TREE_I32_DEFAULT_LEFT, TREE_I32_LEFT, TREE_I32_RIGHT, TREE_F64_LEAF_VALUE,
} from './common';

/**
 * Adds one freshly grown tree's leaf values to `scores`, traversing binned rows.
 * The tree is growTree's output block (see grower.ts for its layout).
 *
 * @param bins    IN     u8 [nRows * stride], row-major
 * @param tree    IN     growTree output with `capacity` entries per array
 * @param scores  IN/OUT f64 [nRows]
 */
export function addTreeBinned(bins: usize, stride: i32, nRows: i32, tree: usize, capacity: i32, nLeaves: i32, scores: usize): void {
  const i32Array = <usize>capacity * 4;
  const feature = tree + <usize>TREE_I32_FEATURE * i32Array;
  const splitBin = tree + <usize>TREE_I32_BIN * i32Array;
  const defaultLeft = tree + <usize>TREE_I32_DEFAULT_LEFT * i32Array;
  const left = tree + <usize>TREE_I32_LEFT * i32Array;
  const right = tree + <usize>TREE_I32_RIGHT * i32Array;
  const leafValue = tree + <usize>TREE_I32_ARRAYS * i32Array + <usize>TREE_F64_LEAF_VALUE * <usize>capacity * 8;
  if (nLeaves == 1) {
    const v = load<f64>(leafValue);
    for (let i = 0; i < nRows; i++) store<f64>(scores + (<usize>i << 3), load<f64>(scores + (<usize>i << 3)) + v);
    return;
  }
  const st = <usize>stride;
  for (let i = 0; i < nRows; i++) {
    const rowBins = bins + <usize>i * st;
    let n = 0;
    while (n >= 0) {
      const o = <usize>n << 2;
      const b = <i32>load<u8>(rowBins + <usize>load<i32>(feature + o));
      const goLeft = b == MISSING_BIN ? load<i32>(defaultLeft + o) != 0 : b <= load<i32>(splitBin + o);
      n = goLeft ? load<i32>(left + o) : load<i32>(right + o);
    }
    const p = scores + (<usize>i << 3);
    store<f64>(p, load<f64>(p) + load<f64>(leafValue + (<usize>~n << 3)));
  }
}

/**
 * Raw scores of a packed forest over raw float rows.
 *
 * A packed node is 16 bytes: i32 byte offset of its feature's column in the
 * input chunk (f * colStride) with bit 31 = default-left, f32 threshold (go
 * left when value < threshold), i32 left, i32 right (node indices). A leaf is
 * a node whose children are itself, so every row of a tree takes exactly
 * depths[t] branch-free steps; values[n] is the leaf value of node n.
 * The façade validates trees before packing, so every index is in range.
 *
 * Rows are processed eight at a time, each group walking all trees while its
 * inputs stay in L1, with the eight walks interleaved so their dependent
 * loads overlap.
 *
 * @param x       IN  f32 column-major chunk: feature f of row i at x + f * colStride + 4 i
 * @param roots   IN  i32 [nTrees] root node of each tree
 * @param depths  IN  i32 [nTrees] steps needed to reach any leaf of each tree
 * @param values  IN  f64 [nNodes] leaf value per node (0 for internal nodes)
 * @param proba   1: write sigmoid(score) (probabilities), 0: raw scores
 * @param out     OUT f64 [nRows] = base + sum of the trees' leaf values, or its sigmoid
 *
 * The sigmoid is computed here rather than in JavaScript because
 * AssemblyScript's Math.exp is plain IEEE arithmetic, identical in every
 * engine, while JavaScript's Math.exp differs by an ulp between V8 versions.
 */
export function predictForest(
  x: usize, nRows: i32, nodes: usize, roots: usize, depths: usize, nTrees: i32, values: usize, base: f64, proba: i32, out: usize,
): void {
  let i = 0;
  for (; i + 8 <= nRows; i += 8) {
    const x0 = x + (<usize>i << 2);
    let s0 = base, s1 = base, s2 = base, s3 = base, s4 = base, s5 = base, s6 = base, s7 = base;
    for (let t = 0; t < nTrees; t++) {
      const root = load<i32>(roots + (<usize>t << 2));
      const depth = load<i32>(depths + (<usize>t << 2));
      let n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
      for (let d = 0; d < depth; d++) {
        n0 = step(nodes, x0, n0);
        n1 = step(nodes, x0 + 4, n1);
        n2 = step(nodes, x0 + 8, n2);
        n3 = step(nodes, x0 + 12, n3);
        n4 = step(nodes, x0 + 16, n4);
        n5 = step(nodes, x0 + 20, n5);
        n6 = step(nodes, x0 + 24, n6);
        n7 = step(nodes, x0 + 28, n7);
      }
      s0 += load<f64>(values + (<usize>n0 << 3));
      s1 += load<f64>(values + (<usize>n1 << 3));
      s2 += load<f64>(values + (<usize>n2 << 3));
      s3 += load<f64>(values + (<usize>n3 << 3));
      s4 += load<f64>(values + (<usize>n4 << 3));
      s5 += load<f64>(values + (<usize>n5 << 3));
      s6 += load<f64>(values + (<usize>n6 << 3));
      s7 += load<f64>(values + (<usize>n7 << 3));
    }
    const p = out + (<usize>i << 3);
    store<f64>(p, s0);
    store<f64>(p + 8, s1);
    store<f64>(p + 16, s2);
    store<f64>(p + 24, s3);
    store<f64>(p + 32, s4);
    store<f64>(p + 40, s5);
    store<f64>(p + 48, s6);
    store<f64>(p + 56, s7);
  }
  for (; i < nRows; i++) {
    const xi = x + (<usize>i << 2);
    let s = base;
    for (let t = 0; t < nTrees; t++) {
      let n = load<i32>(roots + (<usize>t << 2));
      const depth = load<i32>(depths + (<usize>t << 2));
      for (let d = 0; d < depth; d++) n = step(nodes, xi, n);
      s += load<f64>(values + (<usize>n << 3));
    }
    store<f64>(out + (<usize>i << 3), s);
  }
  if (proba != 0) {
    for (let r = 0; r < nRows; r++) {
      const p = out + (<usize>r << 3);
      store<f64>(p, sigmoid(load<f64>(p)));
    }
  }
}

/** The logistic function 1 / (1 + e^-s). */
export function sigmoid(s: f64): f64 {
  return 1.0 / (1.0 + Math.exp(-s));
}

/** One branch-free step down a packed tree for the row whose feature 0 is at `xi` (a leaf steps to itself). */
// @ts-ignore: decorator
@inline
function step(nodes: usize, xi: usize, n: i32): i32 {
  const node = nodes + (<usize>n << 4);
  const fd = load<i32>(node);
  const v = load<f32>(xi + <usize>(fd & 0x7fffffff));
  // NaN fails `v < threshold`; it goes left only when the default is left.
  const goLeft = (v < load<f32>(node, 4)) | ((fd < 0) & (v != v));
  return select<i32>(load<i32>(node, 8), load<i32>(node, 12), goLeft);
}

/**
 * Raw scores of a forest in the complete-tree encoding, over raw float rows.
 *
 * Every tree of depth D is stored as a complete binary tree of 2^(D+1)-1
 * eight-byte slots in level order: slot n (n < 2^D-1) is an internal node,
 * i32 feature column byte offset with bit 31 = default-left, then f32
 * threshold; its children are slots 2n+1 (left) and 2n+2 (right); the last
 * 2^D slots are the leaves, each an f64 leaf value. Shallower branches are
 * padded (their copies all end in the same leaf value), so every row takes
 * exactly D steps `n = 2n + 2 - goLeft` with no child pointers to load, and
 * one tree of depth 6 fits in 1 KiB.
 *
 * SIMD: four rows share one v128 of slot indices. Wasm has no gather, so each
 * step loads the four slots and the four input values lane by lane
 * (load64_lane / load32_lane), then compares, handles missing values and
 * moves down for the four rows with vector instructions (at the root, shared by
 * all rows, the four inputs are one contiguous load). Four such vectors
 * (16 rows) are walked interleaved so their dependent loads overlap; the
 * rows' scores accumulate in `out` (f64x2), leaf values added in tree order,
 * so every score equals predictForestCompleteNaive's (and predictForest's)
 * bit for bit.
 *
 * @param x       IN  f32 column-major chunk: feature f of row i at x + f * colStride + 4 i
 * @param slots   IN  the trees' slots, one tree after another
 * @param trees   IN  i32 [2 * nTrees]: byte offset of the tree's first slot, its depth D
 * @param proba   1: write sigmoid(score), 0: raw scores
 * @param out     OUT f64 [nRows]
 */
export function predictForestComplete(
  x: usize, nRows: i32, slots: usize, trees: usize, nTrees: i32, base: f64, proba: i32, out: usize,
): void {
  const rows16 = nRows & ~15;
  const b = f64x2.splat(base);
  for (let i = 0; i < rows16; i += 16) {
    const x0 = x + (<usize>i << 2);
    const p = out + (<usize>i << 3);
    for (let k: usize = 0; k < 128; k += 16) v128.store(p + k, b);
    for (let t = 0; t < nTrees; t++) {
      const tree = slots + <usize>load<i32>(trees + (<usize>t << 3));
      const depth = load<i32>(trees + (<usize>t << 3), 4);
      let na = i32x4.splat(0), nb = i32x4.splat(0), nc = i32x4.splat(0), nd = i32x4.splat(0);
      if (depth > 0) {
        // Every row starts at the root: one node for all lanes, four contiguous inputs per vector.
        const fd = load<i32>(tree);
        const xr = x0 + <usize>(fd & 0x7fffffff);
        const th = f32x4.splat(load<f32>(tree, 4));
        const dl = i32x4.splat(fd >> 31);
        na = rootStep4(xr, th, dl);
        nb = rootStep4(xr + 16, th, dl);
        nc = rootStep4(xr + 32, th, dl);
        nd = rootStep4(xr + 48, th, dl);
      }
      for (let d = 1; d < depth; d++) {
        na = completeStep4(tree, x0, na);
        nb = completeStep4(tree, x0 + 16, nb);
        nc = completeStep4(tree, x0 + 32, nc);
        nd = completeStep4(tree, x0 + 48, nd);
      }
      addLeaves4(tree, na, p);
      addLeaves4(tree, nb, p + 32);
      addLeaves4(tree, nc, p + 64);
      addLeaves4(tree, nd, p + 96);
    }
  }
  completeRows(x, rows16, nRows, slots, trees, nTrees, base, out);
  if (proba != 0) applySigmoid(out, nRows);
}

/**
 * Scalar twin of predictForestComplete (one row at a time), compared with it
 * by test/models/packedForest.test.ts. Same arguments, same results.
 */
export function predictForestCompleteNaive(
  x: usize, nRows: i32, slots: usize, trees: usize, nTrees: i32, base: f64, proba: i32, out: usize,
): void {
  completeRows(x, 0, nRows, slots, trees, nTrees, base, out);
  if (proba != 0) applySigmoid(out, nRows);
}

/** Raw scores of rows [from, to) walked one at a time (the SIMD kernel's tail). */
function completeRows(x: usize, from: i32, to: i32, slots: usize, trees: usize, nTrees: i32, base: f64, out: usize): void {
  for (let i = from; i < to; i++) {
    const xi = x + (<usize>i << 2);
    let s = base;
    for (let t = 0; t < nTrees; t++) {
      const tree = slots + <usize>load<i32>(trees + (<usize>t << 3));
      const depth = load<i32>(trees + (<usize>t << 3), 4);
      let n = 0;
      for (let d = 0; d < depth; d++) n = completeStep(tree, xi, n);
      s += load<f64>(tree + (<usize>n << 3));
    }
    store<f64>(out + (<usize>i << 3), s);
  }
}

/** Replaces each of the nRows scores at out by its sigmoid. */
export function applySigmoid(out: usize, nRows: i32): void {
  for (let r = 0; r < nRows; r++) {
    const p = out + (<usize>r << 3);
    store<f64>(p, sigmoid(load<f64>(p)));
  }
}

/** One step down a complete tree: slot n's child on the row's side (see predictForestComplete). */
// @ts-ignore: decorator
@inline
function completeStep(tree: usize, xi: usize, n: i32): i32 {
  const slot = tree + (<usize>n << 3);
  const fd = load<i32>(slot);
  const v = load<f32>(xi + <usize>(fd & 0x7fffffff));
  const goLeft = (v < load<f32>(slot, 4)) | ((fd < 0) & (v != v));
  return (n << 1) + 2 - <i32>goLeft;
}

/** completeStep for the four rows whose feature 0 is at x0 .. x0+12, slot indices in the lanes of n. */
// @ts-ignore: decorator
@inline
function completeStep4(tree: usize, x0: usize, n: v128): v128 {
  const a0 = tree + (<usize>i32x4.extract_lane(n, 0) << 3);
  const a1 = tree + (<usize>i32x4.extract_lane(n, 1) << 3);
  const a2 = tree + (<usize>i32x4.extract_lane(n, 2) << 3);
  const a3 = tree + (<usize>i32x4.extract_lane(n, 3) << 3);
  // The four slots as [fd0, t0, fd1, t1] and [fd2, t2, fd3, t3], split into fd and threshold vectors.
  const p = v128.load64_lane(a1, v128.load64_zero(a0), 1);
  const q = v128.load64_lane(a3, v128.load64_zero(a2), 1);
  const fd = i32x4.shuffle(p, q, 0, 2, 4, 6);
  const th = i32x4.shuffle(p, q, 1, 3, 5, 7);
  const off = v128.and(fd, i32x4.splat(0x7fffffff));
  let v = v128.load32_zero(x0 + <usize>i32x4.extract_lane(off, 0));
  v = v128.load32_lane(x0 + 4 + <usize>i32x4.extract_lane(off, 1), v, 1);
  v = v128.load32_lane(x0 + 8 + <usize>i32x4.extract_lane(off, 2), v, 2);
  v = v128.load32_lane(x0 + 12 + <usize>i32x4.extract_lane(off, 3), v, 3);
  // NaN fails `v < threshold`; it goes left only where the default-left bit (sign of fd) is set.
  const goLeft = v128.or(f32x4.lt(v, th), v128.and(i32x4.shr_s(fd, 31), f32x4.ne(v, v)));
  // goLeft lanes are -1 (left) or 0: n = 2n + 2 - 1 or 2n + 2.
  return i32x4.add(i32x4.add(i32x4.shl(n, 1), i32x4.splat(2)), goLeft);
}

/** completeStep from the root (slot 0) for four rows whose inputs for the root's feature are at xr. */
// @ts-ignore: decorator
@inline
function rootStep4(xr: usize, th: v128, defaultLeft: v128): v128 {
  const v = v128.load(xr);
  const goLeft = v128.or(f32x4.lt(v, th), v128.and(defaultLeft, f32x4.ne(v, v)));
  return i32x4.add(i32x4.splat(2), goLeft);
}

/** Adds the leaf values reached by four rows (slot indices in n) to their f64 scores at p. */
// @ts-ignore: decorator
@inline
export function addLeaves4(tree: usize, n: v128, p: usize): void {
  let l = v128.load64_zero(tree + (<usize>i32x4.extract_lane(n, 0) << 3));
  l = v128.load64_lane(tree + (<usize>i32x4.extract_lane(n, 1) << 3), l, 1);
  v128.store(p, f64x2.add(v128.load(p), l));
  l = v128.load64_zero(tree + (<usize>i32x4.extract_lane(n, 2) << 3));
  l = v128.load64_lane(tree + (<usize>i32x4.extract_lane(n, 3) << 3), l, 1);
  v128.store(p, f64x2.add(v128.load(p, 16), l), 16);
}
