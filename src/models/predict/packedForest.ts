import { getRuntime } from '../../wasm/load.js';
import { COMPLETE_MAX_DEPTH, COMPLETE_SLOT_BYTES } from '../../wasm/layout.js';
import type { Tree } from '../trees/tree.js';
import { BinnedForest } from './binnedForest.js';
import { blockBytes } from './thresholdLookup.js';
import { columnBinner } from './lookupBinning.js';
import { GROUP_WORK_BYTES } from './binnedCompleteKernel.js';
import { type CompleteForest, packCompleteTrees } from './completeTrees.js';
import { packPointerNodes } from './pointerNodes.js';
import { isCreditkitError } from '../../errors.js';
import { checkFinite, nonFinite } from '../../data/finiteFeatures.js';
import { ThresholdBinning } from './thresholdBinning.js';

export type { CompleteForest } from './completeTrees.js';

/**
 * Rows scored per wasm call. The input chunk always has this column stride,
 * so each packed node can hold its feature's byte offset directly.
 */
export const CHUNK_ROWS = 4096;
/**
 * Byte stride between the columns of an input chunk: the column plus one
 * cache line. Without the pad every column starts at a multiple of 16 KiB,
 * so the 30 cache lines an eight-row group reads all fall in the same L1 set
 * (4 KiB aliasing) and evict each other; with it they fall in 30 sets.
 */
export const COLUMN_BYTES = CHUNK_ROWS * 4 + 64;
/**
 * Deepest forest predict scores by binning the rows first: binning plus the
 * level-wise binned kernel beat the float kernel up to depth 7 and tie at 8
 * (bench/RESULTS.md §16).
 */
export const BINNED_PATH_MAX_DEPTH = 7;
/**
 * Calls with fewer rows than this skip the binned path for the float kernel
 * (same scores, bit for bit): the binned kernel scores a whole group of 64
 * rows however few are real, so one row cost 14 µs there against 6.6 through
 * the float kernel, which ties with it at 4 rows (100 trees of depth 6 × 30
 * features; bench/RESULTS.md §56).
 */
export const BINNED_PATH_MIN_ROWS = 4;

/**
 * Trees packed for the prediction kernels (assembly/predict.ts). When every
 * tree is at most COMPLETE_MAX_DEPTH deep (the usual boosted model), they are
 * also stored as complete trees (`complete`), which the faster
 * predictForestComplete walks without child pointers; deeper forests use the
 * pointer encoding: one node array for the whole forest, 16 bytes a node
 * (feature column offset with the default-left flag in bit 31, f32
 * threshold, left, right), where a leaf is a node pointing to itself; per
 * tree its root and depth; per node its leaf value. Built once per model from
 * validated trees. Both encodings give bit-identical scores.
 */
export class PackedForest {
  readonly nodes: Int32Array;
  readonly roots: Int32Array;
  readonly depths: Int32Array;
  readonly values: Float64Array;
  readonly complete: CompleteForest | null;
  readonly nFeatures: number;
  /** Byte stride of the input chunk's columns the node offsets were computed for. */
  readonly columnBytes: number;
  /** Whether calls of fewer than BINNED_PATH_MIN_ROWS rows use the float kernel (not with a forced encoding). */
  private readonly smallBatchesByFloat: boolean;

  /**
   * Raw rows scored by binning them in wasm (the trees' threshold binning)
   * and running the binned kernel (wide levels column by column, see BinnedForest): used when every tree is at most
   * BINNED_PATH_MAX_DEPTH deep and every feature has at most 254 thresholds.
   */
  readonly binned: { binning: ThresholdBinning; forest: BinnedForest } | null;

  /**
   * `encoding: 'pointers'` keeps only the pointer encoding whatever the depth,
   * 'complete' the float kernels without binning, 'binned' the binned path
   * even for the fewest rows, 'binnedNodes' the binned path with every level
   * node by node (to compare the kernels in tests and
   * bench/predict-throughput.ts).
   */
  constructor(trees: readonly Tree[], nFeatures: number, encoding: 'auto' | 'binned' | 'binnedNodes' | 'complete' | 'pointers' = 'auto') {
    const columnBytes = COLUMN_BYTES;
    const depths = Int32Array.from(trees, (t) => t.depth);
    // Word 0: the feature's byte offset in a chunk, default-left in the sign bit; word 1: the f32 threshold.
    const threshold = new Float32Array(1);
    const thresholdBits = new Int32Array(threshold.buffer);
    const { nodes, roots, values } = packPointerNodes(trees, (words, o, t, i) => {
      words[o] = (t.feature[i] * columnBytes) | (t.defaultLeft[i] << 31);
      threshold[0] = t.threshold[i];
      words[o + 1] = thresholdBits[0];
    });
    this.nodes = nodes;
    this.roots = roots;
    this.depths = depths;
    this.values = values;
    this.complete = encoding !== 'pointers' && depths.every((d) => d <= COMPLETE_MAX_DEPTH) ? packComplete(trees, depths, columnBytes) : null;
    const binned = encoding === 'auto' || encoding === 'binned' || encoding === 'binnedNodes';
    this.smallBatchesByFloat = encoding === 'auto';
    this.binned = binned && nFeatures > 0 && depths.every((d) => d <= BINNED_PATH_MAX_DEPTH) ? binnedPath(trees, nFeatures, encoding === 'binnedNodes' ? 'nodes' : 'auto') : null;
    this.nFeatures = nFeatures;
    this.columnBytes = columnBytes;
  }

  /**
   * Raw scores (base + sum of leaf values), or their sigmoid when `proba`,
   * for column-major float input: `columns[f][i]` is feature f of row i,
   * NaN for missing. With `finiteCheck` (the features' names), ±Infinity
   * throws E_NONFINITE naming the row and feature (in wasm on the binned
   * path), so callers can skip their own check.
   */
  predict(columns: readonly Float32Array[], nRows: number, base: number, proba: boolean, finiteCheck?: readonly string[]): Float64Array {
    const floatForFew = nRows < BINNED_PATH_MIN_ROWS && this.complete !== null && this.smallBatchesByFloat;
    if (this.binned && !floatForFew) return this.predictByBinning(this.binned, columns, nRows, base, proba, finiteCheck);
    // Only the rows scored: a caller may pass longer buffers.
    finiteCheck?.forEach((name, f) => checkFinite(columns[f].subarray(0, nRows), name));
    const { kernels, heap } = getRuntime();
    const out = new Float64Array(nRows);
    if (nRows === 0) return out;
    heap.scoped((scope) => {
      const complete = this.complete;
      const score = complete
        ? ((slots: number, trees: number) => (x: number, m: number, res: number) =>
            kernels.predictForestComplete(x, m, slots, trees, complete.trees.length / 2, base, proba ? 1 : 0, res))(
            scope.resident(complete.slots),
            scope.resident(complete.trees),
          )
        : ((nodes: number, roots: number, depths: number, values: number) => (x: number, m: number, res: number) =>
            kernels.predictForest(x, m, nodes, roots, depths, this.roots.length, values, base, proba ? 1 : 0, res))(
            scope.resident(this.nodes),
            scope.resident(this.roots),
            scope.resident(this.depths),
            scope.resident(this.values),
          );
      const x = scope.alloc(Math.max(1, this.nFeatures) * this.columnBytes);
      const res = scope.alloc(CHUNK_ROWS * 8);
      for (let start = 0; start < nRows; start += CHUNK_ROWS) {
        const m = Math.min(CHUNK_ROWS, nRows - start);
        for (let f = 0; f < this.nFeatures; f++) heap.f32(x + f * this.columnBytes, m).set(columns[f].subarray(start, start + m));
        score(x, m, res);
        out.set(heap.f64(res, m), start);
      }
    });
    return out;
  }

  /**
   * predict through the binned kernel: each chunk's float columns are binned
   * in wasm (binColumnToBlocks) straight into the transposed blocks that
   * predictBinnedBlocks scores.
   */
  private predictByBinning(
    binned: NonNullable<PackedForest['binned']>, columns: readonly Float32Array[], nRows: number, base: number, proba: boolean, finiteCheck?: readonly string[],
  ): Float64Array {
    const { kernels, heap } = getRuntime();
    const out = new Float64Array(nRows);
    if (nRows === 0) return out;
    const nf = this.nFeatures;
    const complete = binned.forest.complete as CompleteForest;
    heap.scoped((scope) => {
      const slots = scope.resident(complete.slots);
      const trees = scope.resident(complete.trees);
      const levels = binned.forest.levels ? scope.resident(binned.forest.levels) : 0;
      const binColumn = columnBinner(binned.binning.lookup, nf, scope, true);
      const pos = scope.alloc(GROUP_WORK_BYTES);
      const x = scope.alloc(CHUNK_ROWS * 4);
      const blocks = scope.alloc(blockBytes(CHUNK_ROWS, nf));
      const res = scope.alloc(CHUNK_ROWS * 8);
      const nTrees = complete.trees.length / 2;
      for (let start = 0; start < nRows; start += CHUNK_ROWS) {
        const m = Math.min(CHUNK_ROWS, nRows - start);
        for (let f = 0; f < nf; f++) {
          heap.f32(x, m).set(columns[f].subarray(start, start + m));
          binColumn(x, m, f, blocks, finiteCheck && ((bad) => nonFinite(columns[f][start + bad], start + bad, finiteCheck[f])));
        }
        kernels.predictBinnedBlocks(blocks, nf, m, slots, trees, nTrees, levels, base, proba ? 1 : 0, pos, res);
        out.set(heap.f64(res, m), start);
      }
    });
    return out;
  }
}

/** The threshold binning of the trees and their binned packing, or null when a feature has too many thresholds. */
function binnedPath(trees: readonly Tree[], nFeatures: number, encoding: 'auto' | 'nodes'): PackedForest['binned'] {
  let binning: ThresholdBinning;
  try {
    binning = ThresholdBinning.fromTrees(trees, Array.from({ length: nFeatures }, (_, j) => ({ name: `feature ${j}`, kind: 'numeric' as const })));
  } catch (e) {
    if (isCreditkitError(e) && e.code === 'E_TOO_MANY_THRESHOLDS') return null;
    throw e;
  }
  const forest = new BinnedForest(trees, binning, encoding);
  return forest.complete ? { binning, forest } : null;
}

/**
 * The complete-tree encoding: tree k of depth D takes 2^(D+1)-1 slots in
 * level order, internal slots (i32 column offset | default-left << 31, f32
 * threshold) then 2^D leaf slots (f64). A leaf shallower than D is pushed
 * down through padding nodes (column 0, threshold 0) whose descendants are
 * all copies of that leaf, so the branch a padding node picks never matters.
 */
function packComplete(trees: readonly Tree[], depths: Int32Array, columnBytes: number): CompleteForest {
  return packCompleteTrees(trees, depths, (words, s, t, c) => {
    words[s] = (t.feature[c] * columnBytes) | (t.defaultLeft[c] << 31);
    words[s + 1] = f32Bits(t.threshold[c]);
  });
}

const bitsF32 = new Float32Array(1);
const bitsI32 = new Int32Array(bitsF32.buffer);
/** The bits of a float32 as an int32. */
function f32Bits(v: number): number {
  bitsF32[0] = v;
  return bitsI32[0];
}
