import { getRuntime } from '../../wasm/load.js';
import { binnedScratchBytes, scoreBinnedComplete } from './binnedCompleteKernel.js';
import { COMPLETE_MAX_DEPTH } from '../../wasm/layout.js';
import { type CompleteForest, packCompleteTrees } from './completeTrees.js';
import { packLevelPrograms } from './levelPrograms.js';
import { packPointerNodes } from './pointerNodes.js';
import type { ThresholdBinning } from './thresholdBinning.js';
import type { Tree } from '../trees/tree.js';

/** Rows copied into wasm and scored per kernel call. */
const CHUNK_ROWS = 4096;

/**
 * Trees packed for the binned-row kernels (assembly/predictBinned.ts). A node
 * holds its feature index with the default-left flag in bit 31 and its limit
 * (threshold rank + default-left), so a row goes left when
 * (bin + defaultLeft) & 255 <= limit. Trees up to COMPLETE_MAX_DEPTH deep use
 * the complete-tree layout of PackedForest (the level-wise SIMD kernel
 * predictBinnedComplete; its slots also hold each node's column offset in
 * the kernel's transposed block); deeper forests use 16-byte pointer nodes
 * (scalar kernel). The complete trees come with level programs (`levels`):
 * up to 128 features, their wide levels are evaluated column by column,
 * which is faster on boosted trees whose last levels reuse columns. Scores equal PackedForest's on the raw rows bit for bit.
 */
export class BinnedForest {
  readonly complete: CompleteForest | null;
  /** The complete trees' level programs for predictBinnedComplete (null with the pointer encoding). */
  readonly levels: Uint8Array | null;
  readonly nodes: Int32Array;
  readonly roots: Int32Array;
  readonly depths: Int32Array;
  readonly values: Float64Array;
  readonly nFeatures: number;

  /**
   * `encoding: 'pointers'` keeps only the pointer encoding, 'nodes' the
   * complete trees with every level evaluated node by node (to compare the
   * two ways in tests and bench/predict-throughput.ts).
   */
  constructor(trees: readonly Tree[], binning: ThresholdBinning, encoding: 'auto' | 'nodes' | 'pointers' = 'auto') {
    const word0 = (t: Tree, c: number): number => t.feature[c] | (t.defaultLeft[c] << 31);
    const limit = (t: Tree, c: number): number => binning.rank(t.feature[c], t.threshold[c]) + t.defaultLeft[c];
    const depths = Int32Array.from(trees, (t) => t.depth);
    this.depths = depths;
    this.nFeatures = binning.nFeatures;
    // The transposed block's column offsets (in 4-byte units) must fit in 24 bits.
    if (encoding !== 'pointers' && depths.every((d) => d <= COMPLETE_MAX_DEPTH) && 32 * binning.nFeatures < 2 ** 24) {
      this.complete = packCompleteTrees(trees, depths, (words, s, t, c) => {
        words[s] = word0(t, c);
        // Bits 8..31: the node's column in predictBinnedComplete's transposed block (4-byte units).
        words[s + 1] = limit(t, c) | ((t.feature[c] * 16 + t.defaultLeft[c] * 16 * binning.nFeatures) << 8);
      });
      this.levels = packLevelPrograms(this.complete, binning.nFeatures, encoding === 'auto' ? 'cheaper' : 'none');
      this.nodes = new Int32Array(0);
      this.roots = new Int32Array(0);
      this.values = new Float64Array(0);
      return;
    }
    this.complete = null;
    this.levels = null;
    const packed = packPointerNodes(trees, (nodes, o, t, i) => {
      nodes[o] = word0(t, i);
      nodes[o + 1] = limit(t, i);
    });
    this.nodes = packed.nodes;
    this.roots = packed.roots;
    this.values = packed.values;
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
        const slots = scope.resident(complete.slots);
        const trees = scope.resident(complete.trees);
        const nTrees = complete.trees.length / 2;
        const levels = this.levels ? scope.resident(this.levels) : 0;
        const scratch = scope.alloc(binnedScratchBytes(nf));
        score = (x, m, res) => scoreBinnedComplete(kernels, x, nf, m, slots, trees, nTrees, levels, base, proba, scratch, res);
      } else {
        const nodes = scope.resident(this.nodes);
        const roots = scope.resident(this.roots);
        const depths = scope.resident(this.depths);
        const values = scope.resident(this.values);
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
