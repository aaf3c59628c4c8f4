import { getRuntime } from '../wasm/load.js';
import { COMPLETE_MAX_DEPTH, PACKED_NODE_BYTES } from '../wasm/layout.js';
import { type CompleteForest, packCompleteTrees } from './completeTrees.js';
import type { ThresholdBinning } from './thresholdBinning.js';
import type { Tree } from './tree.js';

/** Rows copied into wasm and scored per kernel call. */
const CHUNK_ROWS = 4096;

/** Bytes of predictBinnedComplete's scratch block (two transposed 64-row blocks and the row positions). */
export const binnedScratchBytes = (nFeatures: number): number => (2 * nFeatures + 1) * 64;

/**
 * Trees packed for the binned-row kernels (assembly/predictBinned.ts). A node
 * holds its feature index with the default-left flag in bit 31 and its limit
 * (threshold rank + default-left), so a row goes left when
 * (bin + defaultLeft) & 255 <= limit. Trees up to COMPLETE_MAX_DEPTH deep use
 * the complete-tree layout of PackedForest (the level-wise SIMD kernel
 * predictBinnedComplete; its slots also hold each node's column offset in
 * the kernel's transposed block); deeper forests use 16-byte pointer nodes
 * (scalar kernel). Scores equal PackedForest's on
 * the raw rows bit for bit.
 */
export class BinnedForest {
  readonly complete: CompleteForest | null;
  readonly nodes: Int32Array;
  readonly roots: Int32Array;
  readonly depths: Int32Array;
  readonly values: Float64Array;
  readonly nFeatures: number;

  /** `encoding: 'pointers'` keeps only the pointer encoding (to compare the kernels in tests). */
  constructor(trees: readonly Tree[], binning: ThresholdBinning, encoding: 'auto' | 'pointers' = 'auto') {
    const word0 = (t: Tree, c: number): number => t.feature[c] | (t.defaultLeft[c] << 31);
    const limit = (t: Tree, c: number): number => binning.rank(t.feature[c], t.threshold[c]) + t.defaultLeft[c];
    const depths = Int32Array.from(trees, (t) => t.depth);
    this.depths = depths;
    this.nFeatures = binning.nFeatures;
    // The transposed block's column offsets (in 4-byte units) must fit in 24 bits.
    if (encoding === 'auto' && depths.every((d) => d <= COMPLETE_MAX_DEPTH) && 32 * binning.nFeatures < 2 ** 24) {
      this.complete = packCompleteTrees(trees, depths, (words, s, t, c) => {
        words[s] = word0(t, c);
        // Bits 8..31: the node's column in predictBinnedComplete's transposed block (4-byte units).
        words[s + 1] = limit(t, c) | ((t.feature[c] * 16 + t.defaultLeft[c] * 16 * binning.nFeatures) << 8);
      });
      this.nodes = new Int32Array(0);
      this.roots = new Int32Array(0);
      this.values = new Float64Array(0);
      return;
    }
    this.complete = null;
    let total = 0;
    for (const t of trees) total += t.nInternal + t.nLeaves;
    const nodes = new Int32Array(total * (PACKED_NODE_BYTES / 4));
    const values = new Float64Array(total);
    const roots = new Int32Array(trees.length);
    let base = 0;
    trees.forEach((t, k) => {
      // Internal node i is base + i; leaf l is base + nInternal + l; a leaf points to itself.
      const leafBase = base + t.nInternal;
      const ref = (c: number): number => (c >= 0 ? base + c : leafBase + ~c);
      roots[k] = t.nInternal > 0 ? base : leafBase;
      for (let i = 0; i < t.nInternal; i++) {
        const o = (base + i) * 4;
        nodes[o] = word0(t, i);
        nodes[o + 1] = limit(t, i);
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
    this.values = values;
  }

  /**
   * Raw scores (base + sum of leaf values), or their sigmoid when `proba`,
   * of row-major binned rows (nFeatures bytes per row).
   */
  predict(bins: Uint8Array, nRows: number, base: number, proba: boolean): Float64Array {
    const { kernels, heap } = getRuntime();
    const out = new Float64Array(nRows);
    if (nRows === 0) return out;
    const nf = this.nFeatures;
    const p = proba ? 1 : 0;
    heap.scoped((scope) => {
      const complete = this.complete;
      let score: (x: number, m: number, res: number) => void;
      if (complete) {
        const slots = scope.copyIn(complete.slots);
        const trees = scope.copyIn(complete.trees);
        const nTrees = complete.trees.length / 2;
        const scratch = scope.alloc(binnedScratchBytes(nf));
        score = (x, m, res) => kernels.predictBinnedComplete(x, nf, m, slots, trees, nTrees, base, p, scratch, res);
      } else {
        const nodes = scope.copyIn(this.nodes);
        const roots = scope.copyIn(this.roots);
        const depths = scope.copyIn(this.depths);
        const values = scope.copyIn(this.values);
        const nTrees = this.roots.length;
        score = (x, m, res) => kernels.predictBinnedPointers(x, nf, m, nodes, roots, depths, nTrees, values, base, p, res);
      }
      const x = scope.alloc(CHUNK_ROWS * nf);
      const res = scope.alloc(CHUNK_ROWS * 8);
      for (let start = 0; start < nRows; start += CHUNK_ROWS) {
        const m = Math.min(CHUNK_ROWS, nRows - start);
        heap.u8(x, m * nf).set(bins.subarray(start * nf, (start + m) * nf));
        score(x, m, res);
        out.set(heap.f64(res, m), start);
      }
    });
    return out;
  }
}
