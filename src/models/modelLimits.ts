import { CreditkitError } from '../errors.js';

/**
 * What one model may hold, checked wherever a model enters creditkit (its own
 * files, XGBoost files, trees built by hand and passed to TreeSHAP). The
 * limits keep scoring and explaining a model bounded in time and memory, and
 * are far above what the trainers produce: unlimited depths stop at 128
 * levels (CART) or MAX_TREE_DEPTH (best-first growth), and XGBoost's and
 * LightGBM's usual trees are 6–30 levels deep.
 */

/** Deepest leaf of one tree (a stump has depth 1). TreeSHAP's cost grows with depth². */
export const MAX_TREE_DEPTH = 256;

/** Most leaves of one tree (2^24: a tree this size is a 1.5 GB JSON file). */
export const MAX_TREE_LEAVES = 2 ** 24;

/** Most input features of one model (XGBoost's num_feature, creditkit's feature list). */
export const MAX_MODEL_FEATURES = 100_000;

/**
 * How far a child's cover may exceed its parent's, relatively: covers are
 * hessian or weight sums, so a child's is at most its parent's up to the
 * rounding of float32 files.
 */
export const COVER_SLACK = 1e-3;

/**
 * Depth of every leaf (children after their parents, as Tree.fromJSON and
 * ShapForest check first), or an E_MODEL_FORMAT error at `path` when it
 * passes MAX_TREE_DEPTH.
 */
export function checkTreeDepth(t: { left: ArrayLike<number>; right: ArrayLike<number> }, path: string): number {
  const n = t.left.length;
  if (n + 1 > MAX_TREE_LEAVES) throw new CreditkitError('E_MODEL_FORMAT', `a tree has ${n + 1} leaves, more than ${MAX_TREE_LEAVES}`, { path });
  if (n === 0) return 0;
  const d = new Int32Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    for (const c of [t.left[i], t.right[i]]) {
      if (c >= 0) d[c] = d[i] + 1;
      else max = Math.max(max, d[i] + 1);
    }
    if (d[i] + 1 > MAX_TREE_DEPTH) {
      throw new CreditkitError('E_MODEL_FORMAT', `a tree deeper than ${MAX_TREE_DEPTH} levels (node ${i} has depth ${d[i]}) is not supported`, { path });
    }
  }
  return max;
}

/** Why a node's cover is unusable, or null: finite and >= 0, and no more than its parent's (up to COVER_SLACK). */
export function coverProblem(cover: number, parentCover?: number): string | null {
  if (!(Number.isFinite(cover) && cover >= 0)) return `a cover must be finite and >= 0, got ${cover}`;
  if (parentCover !== undefined && cover > parentCover * (1 + COVER_SLACK)) {
    return `a child's cover (${cover}) exceeds its parent's (${parentCover}): covers are sums over the rows reaching a node`;
  }
  return null;
}

/**
 * Checks every cover of a tree with coverProblem, so that each cover share
 * TreeSHAP takes is in [0, 1] and the contributions are finite; a problem is
 * an E_MODEL_FORMAT error naming `path` + `.cover[i]` or `.leafCover[l]`.
 */
export function checkCovers(t: { [K in 'left' | 'right' | 'cover' | 'leafCover']: ArrayLike<number> }, path: string): void {
  const check = (c: number, parent: number | undefined): void => {
    const cover = c >= 0 ? t.cover[c] : t.leafCover[~c];
    const problem = coverProblem(cover, parent);
    if (problem !== null) throw new CreditkitError('E_MODEL_FORMAT', problem, { path: c >= 0 ? `${path}.cover[${c}]` : `${path}.leafCover[${~c}]` });
  };
  check(t.left.length > 0 ? 0 : ~0, undefined);
  for (let i = 0; i < t.left.length; i++) {
    check(t.left[i], t.cover[i]);
    check(t.right[i], t.cover[i]);
  }
}
