// Exact Shapley values by enumerating every feature subset: the naive twin of
// the TreeSHAP kernel. Path-dependent expectation of a tree for a subset S:
// a split on a feature in S follows the row (missing values take the default
// direction); any other split averages its children by cover share
// (child cover / node cover, an even split when the node has no cover).
// Not a test file itself.
import type { Tree } from '../../src/models/trees/tree.js';
import type { TreeEnsemble } from '../../src/explain/treeShap.js';

function expectation(t: Tree, x: ArrayLike<number>, inS: (f: number) => boolean, node: number): number {
  if (node < 0) return t.leafValue[~node];
  const f = t.feature[node];
  const l = t.left[node];
  const r = t.right[node];
  if (inS(f)) {
    const v = x[f];
    const goLeft = Number.isNaN(v) ? t.defaultLeft[node] === 1 : v < t.threshold[node];
    return expectation(t, x, inS, goLeft ? l : r);
  }
  const cover = t.cover[node];
  const cov = (c: number): number => (c >= 0 ? t.cover[c] : t.leafCover[~c]);
  const el = expectation(t, x, inS, l);
  const er = expectation(t, x, inS, r);
  return cover > 0 ? (el * cov(l) + er * cov(r)) / cover : 0.5 * (el + er);
}

/** v(S) of the whole ensemble: base + scale × Σ trees. */
export function subsetValue(e: TreeEnsemble, x: ArrayLike<number>, mask: number): number {
  let s = 0;
  for (const t of e.trees) s += expectation(t, x, (f) => ((mask >> f) & 1) === 1, t.nInternal > 0 ? 0 : ~0);
  return e.base + e.scale * s;
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));

/** φ_i = Σ_{S ⊆ F∖{i}} |S|! (M − |S| − 1)! / M! · (v(S ∪ {i}) − v(S)), for M ≤ 12 features. */
export function bruteForceShap(e: TreeEnsemble, x: ArrayLike<number>, nFeatures: number): { phi: Float64Array; bias: number } {
  const M = nFeatures;
  const v = new Float64Array(1 << M);
  for (let mask = 0; mask < 1 << M; mask++) v[mask] = subsetValue(e, x, mask);
  const phi = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    for (let mask = 0; mask < 1 << M; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let m = mask; m; m &= m - 1) size++;
      const w = (factorial(size) * factorial(M - size - 1)) / factorial(M);
      phi[i] += w * (v[mask | (1 << i)] - v[mask]);
    }
  }
  return { phi, bias: v[0] };
}
