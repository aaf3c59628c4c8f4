import { CreditkitError } from '../errors.js';
import type { Tree } from '../models/trees/tree.js';
import type { TreeEnsemble } from '../models/trees/treeEnsemble.js';
import { getRuntime } from '../wasm/load.js';
import { ShapForest } from './shapForest.js';

/** What TreeSHAP needs of a tree model: see `TreeEnsemble` in src/models/trees/treeEnsemble.ts. */
export type { TreeEnsemble };

/** Column-major feature values in the ensemble's feature order (NaN = missing). */
export interface FeatureColumns {
  columns: readonly Float32Array[];
  nRows: number;
}

export interface TreeShapResult {
  /** nRows × nFeatures, row-major: contribution of feature f to row r's raw score. */
  contributions: Float64Array;
  /** The expected raw score (base + scale × Σ cover-weighted mean leaf value), the same for every row. */
  bias: number;
  nRows: number;
  nFeatures: number;
}

/** Rows sent to wasm per kernel call (bounds the wasm memory used whatever the input size). */
export const SHAP_CHUNK_ROWS = 2048;

/**
 * Exact path-dependent TreeSHAP contributions (Lundberg et al. 2018,
 * Algorithm 2, as XGBoost's `pred_contribs`), computed in wasm: for every row,
 * bias + Σ_f contributions[r, f] equals the raw score base + scale × Σ leaf
 * values. Missing values follow each split's default direction; features
 * outside the row's subset follow the trees' covers (hessian sums).
 * Accumulation is in f64.
 */
export function treeShap(ensemble: TreeEnsemble, X: FeatureColumns): TreeShapResult {
  const { trees, base, scale } = ensemble;
  if (!Number.isFinite(base)) throw new CreditkitError('E_OPTION', `ensemble base must be finite, got ${base}`);
  if (!(Number.isFinite(scale) && scale > 0)) throw new CreditkitError('E_OPTION', `ensemble scale must be finite and > 0, got ${scale}`);
  const nf = X.columns.length;
  const n = X.nRows;
  X.columns.forEach((c, j) => {
    if (c.length < n) throw new CreditkitError('E_SHAPE', `column ${j} has ${c.length} values for ${n} rows`);
  });
  const forest = new ShapForest(trees);
  if (forest.maxFeature >= nf) {
    throw new CreditkitError('E_SHAPE', `the trees split on feature ${forest.maxFeature}, the data has ${nf} columns`);
  }
  const { kernels, heap } = getRuntime();
  const contributions = new Float64Array(n * nf);
  let bias = base;
  heap.scoped((scope) => {
    const nodes = scope.copyIn(forest.nodes);
    let sum = 0;
    for (const root of forest.roots) sum += kernels.treeExpectedValue(nodes, root);
    bias = base + scale * sum;
    if (n === 0 || nf === 0 || trees.length === 0) return;
    const roots = scope.copyIn(forest.roots);
    const path = scope.alloc(kernels.treeShapPathBytes(forest.maxDepth)); // at most 1.1 MB (MAX_TREE_DEPTH)
    const chunk = Math.min(SHAP_CHUNK_ROWS, n);
    const x = scope.alloc(chunk * nf * 4);
    const out = scope.alloc(chunk * nf * 8);
    const rowMajor = new Float32Array(chunk * nf);
    for (let start = 0; start < n; start += chunk) {
      const m = Math.min(chunk, n - start);
      for (let j = 0; j < nf; j++) {
        const col = X.columns[j];
        for (let i = 0; i < m; i++) rowMajor[i * nf + j] = col[start + i];
      }
      // Views are taken after the last allocation and dropped before the next call.
      heap.f32(x, m * nf).set(rowMajor.subarray(0, m * nf));
      kernels.treeShap(x, m, nf, nodes, roots, forest.roots.length, scale, path, out);
      contributions.set(heap.f64(out, m * nf), start * nf);
    }
  });
  // Covers and leaf values a file may hold keep each share in [0, 1], but extreme leaf
  // values (or covers of trees built by hand) can still overflow a sum.
  const overflow = contributions.findIndex((c) => !Number.isFinite(c));
  if (!Number.isFinite(bias) || overflow >= 0) {
    throw new CreditkitError('E_NONFINITE', `TreeSHAP ${overflow >= 0 ? `contribution of feature ${overflow % nf}` : 'bias'} is not finite: the trees' leaf values or covers are too extreme`,
      overflow >= 0 ? { row: Math.floor(overflow / nf) } : {});
  }
  return { contributions, bias, nRows: n, nFeatures: nf };
}
