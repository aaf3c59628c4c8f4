import type { CompleteForest } from './completeTrees.js';
import { COMPLETE_MAX_DEPTH } from '../../wasm/layout.js';

/** Widest level the gather kernel looks up by position (two 16-byte swizzle tables). */
const GATHER_MAX_WIDTH = 32;

/**
 * The tables of predictBinnedComplete and predictBinnedBlocks (assembly/predictBinned.ts):
 * a header (the leaf table's byte offset, its stride per tree: i32 each), each tree's
 * program offset, the programs, then the leaf table (each tree's leaves, 2^6 or
 * 2^COMPLETE_MAX_DEPTH f64 entries apart, so that the kernel adds a batch of trees'
 * leaves at constant offsets from one address).
 *
 * A tree's program says which levels the kernel
 * evaluates column by column, and their tables, built from the binned
 * complete-tree slots (word 1 of a slot: limit in bits 0..7, column in the
 * transposed block in 4-byte units in bits 8..31, i.e. 16 × the column id).
 *
 * A level of W nodes costs about 4W vector operations node by node and
 * 3F + 2L column by column, F being its number of distinct columns and L a
 * lookup by position (2 operations up to 16 nodes, 5 for 32). Nodes of one
 * feature with both default directions use two columns (the feature's bins
 * and the same plus one); a level may instead read the feature's own column
 * only, each lane adding its node's default-left flag, bit 7 of its id (3F' + 2L + 3, F' its
 * distinct features). `choice`: 'cheaper' picks the cheapest for each level;
 * 'every' sends every level up to 32 nodes wide column by column,
 * 'everyByFeature' the same by feature columns, and 'none' none (to compare
 * the ways in tests and bench/predict-throughput.ts). 'cheaper' keeps the
 * first three levels of trees at least 3 deep node by node: the kernel then
 * evaluates them together, cheaper than either way level by level. Nodes whose leaves all
 * hold the same value (padding) decide nothing: they take a column the level reads anyway. With more than 128
 * features column ids do not fit a byte: every level then goes node by node.
 */
export function packLevelPrograms(
  complete: CompleteForest, nFeatures: number, choice: 'cheaper' | 'every' | 'everyByFeature' | 'none' = 'cheaper',
): Uint8Array {
  const byColumnAllowed = choice !== 'none' && 2 * nFeatures <= 256;
  const words = new Int32Array(complete.slots.buffer, complete.slots.byteOffset, complete.slots.length * 2);
  const nTrees = complete.trees.length / 2;
  const programs: number[][] = [];
  for (let t = 0; t < nTrees; t++) {
    const first = complete.trees[2 * t] / 8;
    const depth = complete.trees[2 * t + 1];
    const program: number[] = [];
    const sameLeaves = sameLeafRuns(words, first, depth);
    for (let d = 0; d < depth; d++) {
      const width = 2 ** d;
      const ids: number[] = [];
      const limits: number[] = [];
      const matters: boolean[] = [];
      for (let j = 0; j < width; j++) {
        const w = words[2 * (first + width - 1 + j) + 1];
        ids.push((w >>> 8) >>> 4);
        limits.push(w & 255);
        matters.push(!sameLeaves(j * 2 ** (depth - d), 2 ** (depth - d)));
      }
      // A node whose leaves all hold the same value (a padding node's copies of one leaf, say)
      // may send a row either way: it reads any column the level reads anyway.
      if (matters.every((m) => !m)) matters.fill(true);
      const anyId = ids[matters.indexOf(true)];
      for (let j = 0; j < width; j++) if (!matters[j]) ids[j] = anyId;
      const distinct = [...new Set(ids)];
      // The same nodes read from the feature's own column, each adding its default-left flag.
      const features = ids.map((id) => id % nFeatures);
      const distinctFeatures = [...new Set(features)];
      const lookup = width <= 16 ? 2 : 5;
      const byColumn = 3 * distinct.length + 2 * lookup;
      const byFeature = 3 * distinctFeatures.length + 2 * lookup + 3;
      const splat = (cols: number[]) => cols.flatMap((id) => new Array<number>(16).fill(id));
      const forced = choice === 'every' || choice === 'everyByFeature';
      // The kernel evaluates the first three levels of a tree at least 3 deep at once when they all go node by node.
      const top = d < 3 && depth >= 3;
      if (!byColumnAllowed || width > GATHER_MAX_WIDTH || (!forced && (top || Math.min(byColumn, byFeature) >= 4 * width))) program.push(0);
      else if (choice === 'every' || (choice === 'cheaper' && byColumn <= byFeature)) program.push(distinct.length, ...splat(distinct), ...ids, ...limits);
      else program.push(128 | distinctFeatures.length, ...splat(distinctFeatures), ...features.map((f, j) => f | (ids[j] >= nFeatures ? 128 : 0)), ...limits);
    }
    programs.push(program);
  }
  const header = LEVELS_HEADER_BYTES + 4 * nTrees;
  // The programs, 16 bytes of padding (tables are read as v128), then the leaf table at a multiple of 8.
  const leafTableAt = Math.ceil((header + programs.reduce((s, p) => s + p.length, 0) + 16) / 8) * 8;
  const maxDepth = Math.max(0, ...Array.from({ length: nTrees }, (_, t) => complete.trees[2 * t + 1]));
  const stride = 8 * 2 ** (maxDepth <= SHALLOW_LEAF_DEPTH ? SHALLOW_LEAF_DEPTH : COMPLETE_MAX_DEPTH);
  const bytes = new Uint8Array(leafTableAt + nTrees * stride);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, leafTableAt, true);
  view.setInt32(4, stride, true);
  let at = header;
  programs.forEach((p, t) => {
    view.setInt32(LEVELS_HEADER_BYTES + 4 * t, at, true);
    bytes.set(p, at);
    at += p.length;
  });
  // Tree t's leaves (2^depth of them) at leafTableAt + t * stride: in a batch of trees each one's is a constant offset away.
  const leafTable = new Float64Array(bytes.buffer, leafTableAt, nTrees * (stride / 8));
  for (let t = 0; t < nTrees; t++) {
    const depth = complete.trees[2 * t + 1];
    const firstLeaf = complete.trees[2 * t] / 8 + 2 ** depth - 1;
    leafTable.set(complete.slots.subarray(firstLeaf, firstLeaf + 2 ** depth), t * (stride / 8));
  }
  return bytes;
}

/** Bytes before the trees' program offsets: the leaf table's offset and its stride per tree (i32 each). */
export const LEVELS_HEADER_BYTES = 8;
/** Forests up to this deep get 2^6 leaf entries per tree in the leaf table, deeper ones 2^COMPLETE_MAX_DEPTH. */
const SHALLOW_LEAF_DEPTH = 6;

/**
 * Whether the `count` leaves of a complete tree from leaf index `from` on all
 * hold the same bits (the tree's first slot at slot index `first`, leaves after
 * its 2^depth - 1 internal slots; `words` are the slots' i32 halves).
 */
function sameLeafRuns(words: Int32Array, first: number, depth: number): (from: number, count: number) => boolean {
  const leaf0 = first + 2 ** depth - 1;
  return (from, count) => {
    const lo = words[2 * (leaf0 + from)];
    const hi = words[2 * (leaf0 + from) + 1];
    for (let k = from + 1; k < from + count; k++) if (words[2 * (leaf0 + k)] !== lo || words[2 * (leaf0 + k) + 1] !== hi) return false;
    return true;
  };
}
