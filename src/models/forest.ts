import { getRuntime } from '../wasm/load.js';
import { PACKED_NODE_BYTES } from '../wasm/layout.js';
import type { Tree } from './tree.js';

/**
 * Rows scored per wasm call. The input chunk always has this column stride,
 * so each packed node can hold its feature's byte offset directly.
 */
export const CHUNK_ROWS = 4096;
export const COLUMN_BYTES = CHUNK_ROWS * 4;

/**
 * Trees packed for the prediction kernel (assembly/predict.ts): one node
 * array for the whole forest, 16 bytes a node (feature column offset with
 * the default-left flag in bit 31, f32 threshold, left, right), where a leaf
 * is a node pointing to itself; per tree its root and depth; per node its
 * leaf value. Built once per model from validated trees.
 */
export class PackedForest {
  readonly nodes: Int32Array;
  readonly roots: Int32Array;
  readonly depths: Int32Array;
  readonly values: Float64Array;
  readonly nFeatures: number;

  constructor(trees: readonly Tree[], nFeatures: number) {
    let total = 0;
    for (const t of trees) total += t.nInternal + t.nLeaves;
    const nodes = new Int32Array(total * (PACKED_NODE_BYTES / 4));
    const thresholds = new Float32Array(nodes.buffer);
    const values = new Float64Array(total);
    const roots = new Int32Array(trees.length);
    const depths = new Int32Array(trees.length);
    let base = 0;
    trees.forEach((t, k) => {
      // Internal node i is base + i; leaf l is base + nInternal + l.
      const leafBase = base + t.nInternal;
      const ref = (c: number): number => (c >= 0 ? base + c : leafBase + ~c);
      roots[k] = t.nInternal > 0 ? base : leafBase;
      depths[k] = t.depth;
      for (let i = 0; i < t.nInternal; i++) {
        const o = (base + i) * 4;
        nodes[o] = (t.feature[i] * COLUMN_BYTES) | (t.defaultLeft[i] << 31);
        thresholds[o + 1] = t.threshold[i];
        nodes[o + 2] = ref(t.left[i]);
        nodes[o + 3] = ref(t.right[i]);
      }
      for (let l = 0; l < t.nLeaves; l++) {
        const n = leafBase + l;
        nodes[n * 4 + 2] = n;
        nodes[n * 4 + 3] = n;
        values[n] = t.leafValue[l];
      }
      base += t.nInternal + t.nLeaves;
    });
    this.nodes = nodes;
    this.roots = roots;
    this.depths = depths;
    this.values = values;
    this.nFeatures = nFeatures;
  }

  /**
   * Raw scores (base + sum of leaf values), or their sigmoid when `proba`,
   * for column-major float input: `columns[f][i]` is feature f of row i,
   * NaN for missing.
   */
  predict(columns: readonly Float32Array[], nRows: number, base: number, proba: boolean): Float64Array {
    const { kernels, heap } = getRuntime();
    const out = new Float64Array(nRows);
    if (nRows === 0) return out;
    heap.scoped((scope) => {
      const nodes = scope.copyIn(this.nodes);
      const roots = scope.copyIn(this.roots);
      const depths = scope.copyIn(this.depths);
      const values = scope.copyIn(this.values);
      const x = scope.alloc(Math.max(1, this.nFeatures) * COLUMN_BYTES);
      const res = scope.alloc(CHUNK_ROWS * 8);
      for (let start = 0; start < nRows; start += CHUNK_ROWS) {
        const m = Math.min(CHUNK_ROWS, nRows - start);
        for (let f = 0; f < this.nFeatures; f++) heap.f32(x + f * COLUMN_BYTES, m).set(columns[f].subarray(start, start + m));
        kernels.predictForest(x, m, nodes, roots, depths, this.roots.length, values, base, proba ? 1 : 0, res);
        out.set(heap.f64(res, m), start);
      }
    });
    return out;
  }
}
