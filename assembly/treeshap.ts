import { SHAP_NODE_BYTES, SHAP_PATH_ELEMENT_BYTES } from './common';

// Exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, "Consistent
// individualized feature attribution for tree ensembles", Algorithm 2): for
// each row and tree, one walk over the tree keeps, along the current path, the
// share of all feature subsets that reach the node (EXTEND); a feature met a
// second time is first taken out of the path (UNWIND); at a leaf, each path
// feature gets the leaf value weighted by the subsets it completes
// (UNWOUND_SUM). The cost is O(leaves × depth²) per tree and row.
//
// A node that the row does not follow ("cold") is entered with the share of
// training cover that goes there (features not in the subset follow the cover);
// the followed ("hot") child also carries the row itself (one_fraction 1).
// Shares are child cover / node cover, as in XGBoost's pred_contribs. They
// need not add up to one (rounded or hand-made covers): the contributions are
// still the exact Shapley values of that expectation, and bias + Σ
// contributions = raw score holds, with the bias of treeExpectedValue.
//
// Shap node (SHAP_NODE_BYTES = 40, 8-byte aligned), packed by src/explain/shapForest.ts:
//   0 i32 feature (-1 for a leaf)   4 i32 default-left (1: a missing value goes left)
//   8 f32 threshold (go left when value < threshold)   12 i32 left   16 i32 right (node indices)
//   24 f64 cover (hessian sum of the training rows that reached the node)
//   32 f64 value (leaf value; 0 for an internal node)
// Path element (SHAP_PATH_ELEMENT_BYTES = 32):
//   0 f64 zero fraction   8 f64 one fraction   16 f64 permutation weight   24 i32 feature

const N_FEATURE: usize = 0;
const N_DEFAULT_LEFT: usize = 4;
const N_THRESHOLD: usize = 8;
const N_LEFT: usize = 12;
const N_RIGHT: usize = 16;
const N_COVER: usize = 24;
const N_VALUE: usize = 32;

const P_ZERO: usize = 0;
const P_ONE: usize = 8;
const P_WEIGHT: usize = 16;
const P_FEATURE: usize = 24;

// @ts-ignore: decorator
@inline
function nodeAt(nodes: usize, n: i32): usize {
  return nodes + <usize>n * <usize>SHAP_NODE_BYTES;
}

// @ts-ignore: decorator
@inline
function elementAt(path: usize, i: i32): usize {
  return path + <usize>i * <usize>SHAP_PATH_ELEMENT_BYTES;
}

/**
 * Bytes of path scratch space treeShap needs for trees up to `maxDepth` deep
 * (a triangle of path copies, one per level of the walk, plus one spare element).
 * Computed in f64 (exact far beyond any depth the façade admits: no i32 wrap).
 */
export function treeShapPathBytes(maxDepth: i32): f64 {
  const d = <f64>maxDepth;
  return ((d + 2) * (d + 3) / 2 + 1) * <f64>SHAP_PATH_ELEMENT_BYTES;
}

/**
 * SHAP contributions of every feature for a block of rows, summed over trees.
 * Adds nothing for the bias: that is `treeExpectedValue` of each root.
 *
 * @param x      IN  f32 [nRows * nFeatures], row-major, NaN = missing
 * @param nodes  IN  shap nodes of all trees (layout above); children of a node
 *                   are valid node indices and the trees are acyclic
 * @param roots  IN  i32 [nTrees] root node index of each tree
 * @param scale  each tree's weight (1 for boosting, 1/nTrees for an averaging forest)
 * @param path   scratch, treeShapPathBytes(deepest tree) bytes
 * @param out    OUT f64 [nRows * nFeatures], row-major: contribution of feature f to row r
 */
export function treeShap(
  x: usize, nRows: i32, nFeatures: i32, nodes: usize, roots: usize, nTrees: i32, scale: f64, path: usize, out: usize,
): void {
  const rowBytesIn = <usize>nFeatures << 2;
  const rowBytesOut = <usize>nFeatures << 3;
  memory.fill(out, 0, <usize>nRows * rowBytesOut);
  for (let r = 0; r < nRows; r++) {
    const xi = x + <usize>r * rowBytesIn;
    const phi = out + <usize>r * rowBytesOut;
    for (let t = 0; t < nTrees; t++) {
      const root = load<i32>(roots + (<usize>t << 2));
      // A tree that is a single leaf moves every row alike: only the bias.
      if (load<i32>(nodeAt(nodes, root), N_FEATURE) < 0) continue;
      walk(nodes, xi, phi, scale, root, path, 0, 1.0, 1.0, -1);
    }
  }
}

/**
 * The expected value of a tree: each node's value is its children's weighted
 * by the same cover shares treeShap uses, child cover / node cover (an even
 * split for a node without cover), as XGBoost's node mean values. Bias = base
 * + scale × Σ over trees.
 *
 * @param nodes IN shap nodes (layout above)
 */
export function treeExpectedValue(nodes: usize, node: i32): f64 { // recursion bounded as walk's
  const nd = nodeAt(nodes, node);
  if (load<i32>(nd, N_FEATURE) < 0) return load<f64>(nd, N_VALUE);
  const l = load<i32>(nd, N_LEFT);
  const r = load<i32>(nd, N_RIGHT);
  const cover = load<f64>(nd, N_COVER);
  const el = treeExpectedValue(nodes, l);
  const er = treeExpectedValue(nodes, r);
  if (!(cover > 0)) return 0.5 * (el + er);
  return (el * load<f64>(nodeAt(nodes, l), N_COVER) + er * load<f64>(nodeAt(nodes, r), N_COVER)) / cover;
}

/**
 * One step of the recursive walk (Algorithm 2's RECURSE). The frame's path
 * starts right after the parent's, copies the parent's `depth` elements and
 * extends them by the feature that led here.
 */
// Recursion depth is the tree's depth + 1: the façade (src/explain/shapForest.ts)
// admits trees up to MAX_TREE_DEPTH levels only.
function walk(
  nodes: usize, xi: usize, phi: usize, scale: f64, node: i32,
  parentPath: usize, depth: i32, zeroFraction: f64, oneFraction: f64, feature: i32,
): void {
  const path = elementAt(parentPath, depth + 1);
  memory.copy(path, parentPath, <usize>depth * <usize>SHAP_PATH_ELEMENT_BYTES);
  extendPath(path, depth, zeroFraction, oneFraction, feature);

  const nd = nodeAt(nodes, node);
  const split = load<i32>(nd, N_FEATURE);
  if (split < 0) {
    const v = load<f64>(nd, N_VALUE) * scale;
    // For an element the row did not follow (one fraction 0), UNWOUND_SUM is
    // (depth + 1) / zero × Σ_i w_i / (depth − i), the same sum for all of them,
    // and its contribution w × (0 − zero) × v = −(depth + 1) × Σ × v.
    let coldShare = 0.0;
    for (let i = 0; i < depth; i++) coldShare += load<f64>(elementAt(path, i), P_WEIGHT) / <f64>(depth - i);
    const coldContribution = -<f64>(depth + 1) * coldShare * v;
    for (let i = 1; i <= depth; i++) {
      const e = elementAt(path, i);
      const one = load<f64>(e, P_ONE);
      const zero = load<f64>(e, P_ZERO);
      let c = 0.0;
      if (one != 0) c = unwoundPathSum(path, depth, i) * (one - zero) * v;
      else if (zero != 0) c = coldContribution;
      const p = phi + (<usize>load<i32>(e, P_FEATURE) << 3);
      store<f64>(p, load<f64>(p) + c);
    }
    return;
  }

  // The child the row follows, as the predictor decides it.
  const value = load<f32>(xi + (<usize>split << 2));
  const l = load<i32>(nd, N_LEFT);
  const r = load<i32>(nd, N_RIGHT);
  const goLeft = value != value ? load<i32>(nd, N_DEFAULT_LEFT) != 0 : value < load<f32>(nd, N_THRESHOLD);
  const hot = goLeft ? l : r;
  const cold = goLeft ? r : l;
  const cover = load<f64>(nd, N_COVER);
  const hotZero = cover > 0 ? load<f64>(nodeAt(nodes, hot), N_COVER) / cover : 0.5;
  const coldZero = cover > 0 ? load<f64>(nodeAt(nodes, cold), N_COVER) / cover : 0.5;

  // A feature split on again further down: undo its earlier extension.
  let incomingZero = 1.0;
  let incomingOne = 1.0;
  let k = 0;
  for (; k <= depth; k++) {
    if (load<i32>(elementAt(path, k), P_FEATURE) == split) break;
  }
  let d = depth;
  if (k <= depth) {
    const e = elementAt(path, k);
    incomingZero = load<f64>(e, P_ZERO);
    incomingOne = load<f64>(e, P_ONE);
    unwindPath(path, depth, k);
    d -= 1;
  }

  walk(nodes, xi, phi, scale, hot, path, d + 1, hotZero * incomingZero, incomingOne, split);
  // With no cover share the cold subtree's permutation weights are all zero: it adds nothing.
  const coldFraction = coldZero * incomingZero;
  if (coldFraction != 0) walk(nodes, xi, phi, scale, cold, path, d + 1, coldFraction, 0.0, split);
}

/** EXTEND: adds a path element with the given fractions and updates the permutation weights. */
function extendPath(path: usize, depth: i32, zeroFraction: f64, oneFraction: f64, feature: i32): void {
  const e = elementAt(path, depth);
  store<f64>(e, zeroFraction, P_ZERO);
  store<f64>(e, oneFraction, P_ONE);
  store<f64>(e, depth == 0 ? 1.0 : 0.0, P_WEIGHT);
  store<i32>(e, feature, P_FEATURE);
  const inv = 1.0 / <f64>(depth + 1);
  const oneStep = oneFraction * inv;
  const zeroStep = zeroFraction * inv;
  for (let i = depth - 1; i >= 0; i--) {
    const ei = elementAt(path, i);
    const w = load<f64>(ei, P_WEIGHT);
    const next = ei + <usize>SHAP_PATH_ELEMENT_BYTES;
    store<f64>(next, load<f64>(next, P_WEIGHT) + oneStep * w * <f64>(i + 1), P_WEIGHT);
    store<f64>(ei, zeroStep * w * <f64>(depth - i), P_WEIGHT);
  }
}

/** UNWIND: removes element `k` from a path of depth + 1 elements (the inverse of EXTEND). */
function unwindPath(path: usize, depth: i32, k: i32): void {
  const ek = elementAt(path, k);
  const one = load<f64>(ek, P_ONE);
  const zero = load<f64>(ek, P_ZERO);
  const d1 = <f64>(depth + 1);
  const zeroStep = zero / d1;
  let nextOne = load<f64>(elementAt(path, depth), P_WEIGHT);
  for (let i = depth - 1; i >= 0; i--) {
    const ei = elementAt(path, i);
    if (one != 0) {
      // The factors are computed apart from nextOne, keeping divisions off the loop's dependency chain.
      const up = d1 / (<f64>(i + 1) * one);
      const down = zeroStep * <f64>(depth - i);
      const tmp = load<f64>(ei, P_WEIGHT);
      const w = nextOne * up;
      store<f64>(ei, w, P_WEIGHT);
      nextOne = tmp - w * down;
    } else {
      store<f64>(ei, load<f64>(ei, P_WEIGHT) * d1 / (zero * <f64>(depth - i)), P_WEIGHT);
    }
  }
  for (let i = k; i < depth; i++) {
    const ei = elementAt(path, i);
    const next = ei + <usize>SHAP_PATH_ELEMENT_BYTES;
    store<f64>(ei, load<f64>(next, P_ZERO), P_ZERO);
    store<f64>(ei, load<f64>(next, P_ONE), P_ONE);
    store<i32>(ei, load<i32>(next, P_FEATURE), P_FEATURE);
  }
}

/** UNWOUND_SUM: the total permutation weight of the path with element `k` unwound, without changing it. */
function unwoundPathSum(path: usize, depth: i32, k: i32): f64 {
  const ek = elementAt(path, k);
  const one = load<f64>(ek, P_ONE);
  const zero = load<f64>(ek, P_ZERO);
  const d1 = <f64>(depth + 1);
  let total = 0.0;
  if (one != 0) {
    // As in unwindPath, the factors stay off the nextOne dependency chain.
    const zeroStep = zero / d1;
    const upBase = d1 / one;
    let nextOne = load<f64>(elementAt(path, depth), P_WEIGHT);
    for (let i = depth - 1; i >= 0; i--) {
      const w = load<f64>(elementAt(path, i), P_WEIGHT);
      const up = upBase / <f64>(i + 1);
      const down = zeroStep * <f64>(depth - i);
      const tmp = nextOne * up;
      total += tmp;
      nextOne = w - tmp * down;
    }
  } else if (zero != 0) {
    const scale = d1 / zero;
    for (let i = depth - 1; i >= 0; i--) {
      total += load<f64>(elementAt(path, i), P_WEIGHT) / <f64>(depth - i);
    }
    total *= scale;
  }
  return total;
}
