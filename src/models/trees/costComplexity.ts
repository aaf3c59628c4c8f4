import { Tree } from './tree.js';

/**
 * Minimal cost-complexity pruning (Breiman et al.; scikit-learn's
 * `ccp_alpha` and `cost_complexity_pruning_path`) for Gini trees whose node
 * values are class-1 shares and whose covers are weight sums.
 *
 * R(t) = W_t / W_root * Gini(t) with Gini = 2p(1-p); a subtree T_t costs the
 * sum of R over its leaves. The weakest link is the internal node with the
 * smallest effective alpha (R(t) - R(T_t)) / (leaves(T_t) - 1); it is pruned
 * (turned into a leaf) while that alpha is <= ccpAlpha. Ties go to the first
 * node in depth-first, left-first order, as in scikit-learn.
 */

/** The pruning path: alphas ascending (the first is 0: the full tree). */
export interface PruningPath {
  ccpAlphas: number[];
  /** Total leaf impurity sum R(T) of the tree pruned at the matching alpha. */
  impurities: number[];
}

interface PruneState {
  /** Internal nodes in depth-first, left-first order. */
  order: number[];
  parent: Int32Array;
  rNode: Float64Array;
  rBranch: Float64Array;
  nLeaves: Int32Array;
  /** 1 when the node is still internal in the pruned tree. */
  internal: Uint8Array;
  /** 1 when the node is still reachable (not inside a pruned subtree). */
  alive: Uint8Array;
}

const gini = (p: number): number => 2 * p * (1 - p);

function initState(t: Tree): PruneState {
  const ni = t.nInternal;
  const wRoot = ni > 0 ? t.cover[0] : t.leafCover[0];
  const parent = new Int32Array(ni).fill(-1);
  const rNode = new Float64Array(ni);
  const rBranch = new Float64Array(ni);
  const nLeaves = new Int32Array(ni);
  const leafR = (l: number): number => (t.leafCover[l] / wRoot) * gini(t.leafValue[l]);
  for (let i = 0; i < ni; i++) {
    rNode[i] = (t.cover[i] / wRoot) * gini(t.value[i]);
    for (const c of [t.left[i], t.right[i]]) if (c >= 0) parent[c] = i;
  }
  // Children have larger ids than parents: one backward pass sums subtrees.
  for (let i = ni - 1; i >= 0; i--) {
    for (const c of [t.left[i], t.right[i]]) {
      rBranch[i] += c >= 0 ? rBranch[c] : leafR(~c);
      nLeaves[i] += c >= 0 ? nLeaves[c] : 1;
    }
  }
  const order: number[] = [];
  const stack = ni > 0 ? [0] : [];
  while (stack.length > 0) {
    const i = stack.pop()!;
    order.push(i);
    if (t.right[i] >= 0) stack.push(t.right[i]);
    if (t.left[i] >= 0) stack.push(t.left[i]);
  }
  return { order, parent, rNode, rBranch, nLeaves, internal: new Uint8Array(ni).fill(1), alive: new Uint8Array(ni).fill(1) };
}

/** The weakest link and its effective alpha, or null when only the root leaf is left. */
function weakestLink(s: PruneState): { node: number; alpha: number } | null {
  let best: { node: number; alpha: number } | null = null;
  for (const i of s.order) {
    if (!s.alive[i] || !s.internal[i]) continue;
    const alpha = (s.rNode[i] - s.rBranch[i]) / (s.nLeaves[i] - 1);
    if (best === null || alpha < best.alpha) best = { node: i, alpha };
  }
  return best;
}

function pruneAt(t: Tree, s: PruneState, node: number): void {
  const removedLeaves = s.nLeaves[node] - 1;
  const delta = s.rNode[node] - s.rBranch[node];
  s.internal[node] = 0;
  const stack = [t.left[node], t.right[node]];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (c < 0) continue;
    s.alive[c] = 0;
    stack.push(t.left[c], t.right[c]);
  }
  s.nLeaves[node] = 1;
  s.rBranch[node] = s.rNode[node];
  for (let a = s.parent[node]; a >= 0; a = s.parent[a]) {
    s.nLeaves[a] -= removedLeaves;
    s.rBranch[a] += delta;
  }
}

function totalImpurity(t: Tree, s: PruneState): number {
  if (t.nInternal === 0) return gini(t.leafValue[0]);
  return s.internal[0] ? s.rBranch[0] : s.rNode[0];
}

/** The effective alphas at which the tree loses subtrees, with the impurity left after each. */
export function pruningPath(t: Tree): PruningPath {
  const s = initState(t);
  const path: PruningPath = { ccpAlphas: [0], impurities: [totalImpurity(t, s)] };
  for (let link = weakestLink(s); link !== null; link = weakestLink(s)) {
    pruneAt(t, s, link.node);
    path.ccpAlphas.push(link.alpha);
    path.impurities.push(totalImpurity(t, s));
  }
  return path;
}

/** The tree pruned at ccpAlpha (the same tree object when nothing is pruned). */
export function pruneTree(t: Tree, ccpAlpha: number): Tree {
  const s = initState(t);
  let pruned = false;
  for (let link = weakestLink(s); link !== null && link.alpha <= ccpAlpha; link = weakestLink(s)) {
    pruneAt(t, s, link.node);
    pruned = true;
  }
  return pruned ? rebuild(t, s) : t;
}

/** The kept part of the tree, renumbered depth-first (children after parents); a pruned node becomes a leaf with its own value and cover. */
function rebuild(t: Tree, s: PruneState): Tree {
  const feature: number[] = [], threshold: number[] = [], defaultLeft: number[] = [], left: number[] = [], right: number[] = [];
  const gain: number[] = [], cover: number[] = [], value: number[] = [], leafValue: number[] = [], leafCover: number[] = [];
  // Returns the new reference (internal id or ~leaf) of old child reference c.
  const visit = (c: number): number => {
    if (c < 0 || !s.internal[c]) {
      leafValue.push(c < 0 ? t.leafValue[~c] : t.value[c]);
      leafCover.push(c < 0 ? t.leafCover[~c] : t.cover[c]);
      return ~(leafValue.length - 1);
    }
    const id = feature.length;
    feature.push(t.feature[c]);
    threshold.push(t.threshold[c]);
    defaultLeft.push(t.defaultLeft[c]);
    gain.push(t.gain[c]);
    cover.push(t.cover[c]);
    value.push(t.value[c]);
    left.push(0);
    right.push(0);
    left[id] = visit(t.left[c]);
    right[id] = visit(t.right[c]);
    return id;
  };
  visit(0);
  return Tree.fromLists({ feature, threshold, defaultLeft, left, right, gain, cover, value, leafValue, leafCover });
}
