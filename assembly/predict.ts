import { MISSING_BIN } from './common';

/**
 * Adds one freshly grown tree's leaf values to `scores`, traversing binned rows.
 * The tree is growTree's output block (see grower.ts for its layout).
 *
 * @param bins    IN     u8 [nRows * stride], row-major
 * @param tree    IN     growTree output with `capacity` entries per array
 * @param scores  IN/OUT f64 [nRows]
 */
export function addTreeBinned(bins: usize, stride: i32, nRows: i32, tree: usize, capacity: i32, nLeaves: i32, scores: usize): void {
  const feature = tree;
  const splitBin = tree + <usize>capacity * 4;
  const defaultLeft = tree + <usize>capacity * 8;
  const left = tree + <usize>capacity * 12;
  const right = tree + <usize>capacity * 16;
  const leafValue = tree + <usize>capacity * 20 + <usize>capacity * 24;
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
 * A packed node is 16 bytes: i32 feature with bit 31 = default-left, f32
 * threshold (go left when value < threshold), i32 left, i32 right; a child
 * >= 0 is a node index, < 0 is ~leaf index. roots[t] is a node index or ~leaf.
 * The façade validates the forest (indices in range, children after parents)
 * before calling, so traversal always terminates inside the arrays.
 *
 * @param x       IN  f32 [nFeatures * nRows], column-major (column f at x + f * nRows)
 * @param nodes   IN  packed nodes
 * @param roots   IN  i32 [nTrees]
 * @param leaves  IN  f64 [nLeaves]
 * @param out     OUT f64 [nRows] = base + sum of the trees' leaf values
 */
export function predictForest(x: usize, nRows: i32, nodes: usize, roots: usize, nTrees: i32, leaves: usize, base: f64, out: usize): void {
  for (let i = 0; i < nRows; i++) store<f64>(out + (<usize>i << 3), base);
  const stride = <usize>nRows << 2;
  for (let t = 0; t < nTrees; t++) {
    const root = load<i32>(roots + (<usize>t << 2));
    // Eight rows walk the tree together so their dependent load chains
    // overlap; the child is chosen with `select` (no branch to mispredict).
    let i = 0;
    for (; i + 8 <= nRows; i += 8) {
      const x0 = x + (<usize>i << 2);
      let n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
      while ((n0 & n1 & n2 & n3 & n4 & n5 & n6 & n7) >= 0) {
        n0 = step(nodes, x0, stride, n0);
        n1 = step(nodes, x0 + 4, stride, n1);
        n2 = step(nodes, x0 + 8, stride, n2);
        n3 = step(nodes, x0 + 12, stride, n3);
        n4 = step(nodes, x0 + 16, stride, n4);
        n5 = step(nodes, x0 + 20, stride, n5);
        n6 = step(nodes, x0 + 24, stride, n6);
        n7 = step(nodes, x0 + 28, stride, n7);
      }
      const p = out + (<usize>i << 3);
      store<f64>(p, load<f64>(p) + load<f64>(leaves + (<usize>~n0 << 3)));
      store<f64>(p + 8, load<f64>(p + 8) + load<f64>(leaves + (<usize>~n1 << 3)));
      store<f64>(p + 16, load<f64>(p + 16) + load<f64>(leaves + (<usize>~n2 << 3)));
      store<f64>(p + 24, load<f64>(p + 24) + load<f64>(leaves + (<usize>~n3 << 3)));
      store<f64>(p + 32, load<f64>(p + 32) + load<f64>(leaves + (<usize>~n4 << 3)));
      store<f64>(p + 40, load<f64>(p + 40) + load<f64>(leaves + (<usize>~n5 << 3)));
      store<f64>(p + 48, load<f64>(p + 48) + load<f64>(leaves + (<usize>~n6 << 3)));
      store<f64>(p + 56, load<f64>(p + 56) + load<f64>(leaves + (<usize>~n7 << 3)));
    }
    for (; i < nRows; i++) {
      const xi = x + (<usize>i << 2);
      let n = root;
      while (n >= 0) n = step(nodes, xi, stride, n);
      const p = out + (<usize>i << 3);
      store<f64>(p, load<f64>(p) + load<f64>(leaves + (<usize>~n << 3)));
    }
  }
}

/** One step down a packed tree for the row whose feature 0 is at `xi`; a leaf (< 0) stays put. */
// @ts-ignore: decorator
@inline
function step(nodes: usize, xi: usize, stride: usize, n: i32): i32 {
  if (n < 0) return n;
  const node = nodes + (<usize>n << 4);
  const fd = load<i32>(node);
  const v = load<f32>(xi + <usize>(fd & 0x7fffffff) * stride);
  const goLeft = v != v ? fd < 0 : v < load<f32>(node, 4);
  return select<i32>(load<i32>(node, 8), load<i32>(node, 12), goLeft);
}
