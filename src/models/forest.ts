import { getRuntime } from '../wasm/load.js';
import { PACKED_NODE_BYTES } from '../wasm/layout.js';
import type { Tree } from './tree.js';

/** Rows scored per wasm call: bounds the wasm memory used by prediction. */
const CHUNK_ROWS = 1 << 16;

/**
 * Trees packed for the prediction kernel: one node array for the whole
 * forest (16 bytes a node: feature with the default-left flag in bit 31,
 * f32 threshold, left, right), tree roots and one leaf-value array.
 * Built once per model from validated trees.
 */
export class PackedForest {
  readonly nodes: Int32Array;
  readonly roots: Int32Array;
  readonly leaves: Float64Array;
  readonly nFeatures: number;

  constructor(trees: readonly Tree[], nFeatures: number) {
    let nNodes = 0;
    let nLeaves = 0;
    for (const t of trees) {
      nNodes += t.nInternal;
      nLeaves += t.nLeaves;
    }
    const nodes = new Int32Array(nNodes * (PACKED_NODE_BYTES / 4));
    const thresholds = new Float32Array(nodes.buffer);
    const roots = new Int32Array(trees.length);
    const leaves = new Float64Array(nLeaves);
    let nodeBase = 0;
    let leafBase = 0;
    trees.forEach((t, k) => {
      const ref = (c: number): number => (c >= 0 ? nodeBase + c : ~(leafBase + ~c));
      roots[k] = t.nInternal > 0 ? nodeBase : ~leafBase;
      for (let i = 0; i < t.nInternal; i++) {
        const o = (nodeBase + i) * 4;
        nodes[o] = t.feature[i] | (t.defaultLeft[i] << 31);
        thresholds[o + 1] = t.threshold[i];
        nodes[o + 2] = ref(t.left[i]);
        nodes[o + 3] = ref(t.right[i]);
      }
      leaves.set(t.leafValue, leafBase);
      nodeBase += t.nInternal;
      leafBase += t.nLeaves;
    });
    this.nodes = nodes;
    this.roots = roots;
    this.leaves = leaves;
    this.nFeatures = nFeatures;
  }

  /**
   * Raw scores (base + sum of leaf values) for column-major float input:
   * `columns[f][i]` is feature f of row i, NaN for missing.
   */
  predictRaw(columns: readonly Float32Array[], nRows: number, base: number): Float64Array {
    const { kernels, heap } = getRuntime();
    const out = new Float64Array(nRows);
    if (nRows === 0) return out;
    heap.scoped((scope) => {
      const nodes = scope.copyIn(this.nodes);
      const roots = scope.copyIn(this.roots);
      const leaves = scope.copyIn(this.leaves);
      const chunk = Math.min(CHUNK_ROWS, nRows);
      const x = scope.alloc(Math.max(1, this.nFeatures) * chunk * 4);
      const res = scope.alloc(chunk * 8);
      for (let start = 0; start < nRows; start += chunk) {
        const m = Math.min(chunk, nRows - start);
        for (let f = 0; f < this.nFeatures; f++) heap.f32(x + f * m * 4, m).set(columns[f].subarray(start, start + m));
        kernels.predictForest(x, m, nodes, roots, this.roots.length, leaves, base, res);
        out.set(heap.f64(res, m), start);
      }
    });
    return out;
  }
}
