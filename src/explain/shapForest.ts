import { CreditkitError } from '../errors.js';
import { SHAP_NODE_BYTES } from '../wasm/layout.js';
import { checkTreeDepth } from '../models/modelLimits.js';
import type { Tree } from '../models/trees/tree.js';

/**
 * Trees packed for the TreeSHAP kernel (assembly/treeshap.ts): one node array
 * for all trees, SHAP_NODE_BYTES a node (feature or -1 for a leaf,
 * default-left, f32 threshold, left, right, f64 cover, f64 leaf value).
 * Internal node i of a tree is `offset + i`, its leaf l is
 * `offset + nInternal + l`.
 * Covers are the trees' own (hessian sums), as XGBoost's pred_contribs uses them.
 * The structure is checked first (trees built by hand reach this too): the
 * kernel may then trust every index, and the path scratch sized by depth
 * (at most MAX_TREE_DEPTH, which also bounds the kernel's recursion).
 */
export class ShapForest {
  /** The packed nodes as bytes, ready to copy into wasm memory. */
  readonly nodes: Uint8Array;
  readonly roots: Int32Array;
  /** Depth of the deepest tree (sizes the kernel's path scratch). */
  readonly maxDepth: number;
  /** Largest feature index any split uses, -1 when no tree splits. */
  readonly maxFeature: number;

  constructor(trees: readonly Tree[]) {
    const depths = trees.map((t, k) => {
      checkStructure(t, `trees[${k}]`);
      return checkTreeDepth(t, `trees[${k}]`);
    });
    let total = 0;
    for (const t of trees) total += t.nInternal + t.nLeaves;
    const buffer = new ArrayBuffer(Math.max(1, total) * SHAP_NODE_BYTES);
    const view = new DataView(buffer);
    const roots = new Int32Array(trees.length);
    let maxDepth = 0;
    let maxFeature = -1;
    let base = 0;
    trees.forEach((t, k) => {
      const ni = t.nInternal;
      const ref = (c: number): number => (c >= 0 ? base + c : base + ni + ~c);
      roots[k] = ni > 0 ? base : base + ni;
      maxDepth = Math.max(maxDepth, depths[k]);
      for (let i = 0; i < ni; i++) {
        const o = (base + i) * SHAP_NODE_BYTES;
        view.setInt32(o, t.feature[i], true);
        view.setInt32(o + 4, t.defaultLeft[i], true);
        view.setFloat32(o + 8, t.threshold[i], true);
        view.setInt32(o + 12, ref(t.left[i]), true);
        view.setInt32(o + 16, ref(t.right[i]), true);
        view.setFloat64(o + 24, t.cover[i], true);
        view.setFloat64(o + 32, 0, true);
        maxFeature = Math.max(maxFeature, t.feature[i]);
      }
      for (let l = 0; l < t.nLeaves; l++) {
        const o = (base + ni + l) * SHAP_NODE_BYTES;
        view.setInt32(o, -1, true);
        view.setInt32(o + 12, base + ni + l, true);
        view.setInt32(o + 16, base + ni + l, true);
        view.setFloat64(o + 24, t.leafCover[l], true);
        view.setFloat64(o + 32, t.leafValue[l], true);
      }
      base += ni + t.nLeaves;
    });
    this.nodes = new Uint8Array(buffer);
    this.roots = roots;
    this.maxDepth = maxDepth;
    this.maxFeature = maxFeature;
  }
}

/**
 * Array lengths agree, features are non-negative integers, every child comes
 * after its parent and has one parent, and every leaf index exists: a finite
 * tree whose depth bounds every walk.
 */
function checkStructure(t: Tree, path: string): void {
  const fail = (msg: string, at: string): never => {
    throw new CreditkitError('E_MODEL_FORMAT', msg, { path: `${path}.${at}` });
  };
  const ni = t.feature.length;
  const nl = t.leafValue.length;
  if (nl !== ni + 1) fail(`a tree with ${ni} splits must have ${ni + 1} leaves, found ${nl}`, 'leafValue');
  for (const key of ['threshold', 'defaultLeft', 'left', 'right', 'cover'] as const) {
    if (t[key].length !== ni) fail(`has ${t[key].length} entries, expected ${ni}`, key);
  }
  if (t.leafCover.length !== nl) fail(`has ${t.leafCover.length} entries, expected ${nl}`, 'leafCover');
  const seen = new Uint8Array(ni + nl);
  for (let i = 0; i < ni; i++) {
    if (!(Number.isInteger(t.feature[i]) && t.feature[i] >= 0)) fail('feature index must be an integer >= 0', `feature[${i}]`);
    for (const key of ['left', 'right'] as const) {
      const c = t[key][i];
      const slot = c >= 0 ? c : ni + ~c;
      if (c >= 0 ? c <= i || c >= ni : ~c >= nl) fail(`child ${c} is out of range or not after its parent`, `${key}[${i}]`);
      if (seen[slot]++) fail(`node ${c} has two parents`, `${key}[${i}]`);
    }
  }
}
