import { getRuntime } from '../wasm/load.js';
import { COMPLETE_MAX_DEPTH, COMPLETE_SLOT_BYTES, PACKED_NODE_BYTES } from '../wasm/layout.js';
import type { Tree } from './tree.js';

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

/** The complete-tree encoding of a forest (see assembly/predict.ts, predictForestComplete). */
export interface CompleteForest {
  /** 8-byte slots of every tree, one after another. */
  readonly slots: Float64Array;
  /** Per tree: byte offset of its first slot, its depth. */
  readonly trees: Int32Array;
}

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

  /**
   * `encoding: 'pointers'` keeps only the pointer encoding whatever the depth
   * (to compare the two kernels in tests and bench/predict-throughput.ts).
   */
  constructor(trees: readonly Tree[], nFeatures: number, encoding: 'auto' | 'pointers' = 'auto') {
    const columnBytes = COLUMN_BYTES;
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
        nodes[o] = (t.feature[i] * columnBytes) | (t.defaultLeft[i] << 31);
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
    this.complete = encoding === 'auto' && depths.every((d) => d <= COMPLETE_MAX_DEPTH) ? packComplete(trees, depths, columnBytes) : null;
    this.nFeatures = nFeatures;
    this.columnBytes = columnBytes;
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
      const complete = this.complete;
      const score = complete
        ? ((slots: number, trees: number) => (x: number, m: number, res: number) =>
            kernels.predictForestComplete(x, m, slots, trees, complete.trees.length / 2, base, proba ? 1 : 0, res))(
            scope.copyIn(complete.slots),
            scope.copyIn(complete.trees),
          )
        : ((nodes: number, roots: number, depths: number, values: number) => (x: number, m: number, res: number) =>
            kernels.predictForest(x, m, nodes, roots, depths, this.roots.length, values, base, proba ? 1 : 0, res))(
            scope.copyIn(this.nodes),
            scope.copyIn(this.roots),
            scope.copyIn(this.depths),
            scope.copyIn(this.values),
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

/**
 * Trees in the complete-tree layout (see packComplete) with internal slots
 * written by `writeNode(words, s, tree, c)`: node c of the tree goes to the
 * two i32 words words[s], words[s + 1]. Padding slots stay all zero.
 */
export function packCompleteTrees(
  trees: readonly Tree[], depths: Int32Array, writeNode: (words: Int32Array, s: number, t: Tree, c: number) => void,
): CompleteForest {
  let total = 0;
  for (const d of depths) total += 2 ** (d + 1) - 1;
  const slots = new Float64Array(total);
  const words = new Int32Array(slots.buffer);
  const table = new Int32Array(trees.length * 2);
  let first = 0;
  trees.forEach((t, k) => {
    const depth = depths[k];
    const nInternalSlots = 2 ** depth - 1;
    table[2 * k] = first * COMPLETE_SLOT_BYTES;
    table[2 * k + 1] = depth;
    // Place node `c` (internal >= 0, leaf ~l) at slot `n` of this tree.
    const place = (c: number, n: number): void => {
      if (c >= 0) {
        writeNode(words, 2 * (first + n), t, c);
        place(t.left[c], 2 * n + 1);
        place(t.right[c], 2 * n + 2);
      } else if (n >= nInternalSlots) {
        slots[first + n] = t.leafValue[~c];
      } else {
        // Padding slot stays zero; both sides lead to the leaf.
        place(c, 2 * n + 1);
        place(c, 2 * n + 2);
      }
    };
    place(t.nInternal > 0 ? 0 : ~0, 0);
    first += 2 ** (depth + 1) - 1;
  });
  return { slots, trees: table };
}
