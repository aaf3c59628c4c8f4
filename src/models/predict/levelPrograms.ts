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
  const forced = choice === 'every' || choice === 'everyByFeature';
  const words = new Int32Array(complete.slots.buffer, complete.slots.byteOffset, complete.slots.length * 2);
  const nTrees = complete.trees.length / 2;
  let maxDepth = 0;
  for (let t = 0; t < nTrees; t++) maxDepth = Math.max(maxDepth, complete.trees[2 * t + 1]);
  const header = LEVELS_HEADER_BYTES + 4 * nTrees;
  // Programs are written here as they are built; a level takes at most 1 + 16 × 32 + 2 × 32 bytes.
  let out = new Uint8Array(header + nTrees * 64);
  let at = header;
  const programAt = new Int32Array(nTrees);
  // Per level: node ids and limits, the distinct ids and features (seen[x] === stamp once x is listed).
  const ids = new Int32Array(GATHER_MAX_WIDTH);
  const limits = new Int32Array(GATHER_MAX_WIDTH);
  const distinct = new Int32Array(GATHER_MAX_WIDTH);
  const distinctFeatures = new Int32Array(GATHER_MAX_WIDTH);
  const seen = new Int32Array(256);
  const seenFeature = new Int32Array(256);
  let stamp = 0;
  // Per node of the current tree, in level order: 1 when its leaves all hold the same value.
  const uniform = new Uint8Array(2 ** (Math.min(maxDepth, COMPLETE_MAX_DEPTH) + 1));
  for (let t = 0; t < nTrees; t++) {
    const first = complete.trees[2 * t] / 8;
    const depth = complete.trees[2 * t + 1];
    programAt[t] = at;
    sameLeafSubtrees(words, first, depth, uniform);
    for (let d = 0; d < depth; d++) {
      const width = 2 ** d;
      // The kernel evaluates the first three levels of a tree at least 3 deep at once when they all go node by node.
      const top = d < 3 && depth >= 3;
      if (!byColumnAllowed || width > GATHER_MAX_WIDTH || (!forced && top)) {
        out = room(out, at, 1);
        out[at++] = 0;
        continue;
      }
      // A node whose leaves all hold the same value (a padding node's copies of one leaf, say)
      // may send a row either way: it reads any column the level reads anyway (the first one
      // that matters; when none does, every node counts).
      let anyId = -1;
      for (let j = 0; j < width; j++) {
        const w = words[2 * (first + width - 1 + j) + 1];
        ids[j] = (w >>> 8) >>> 4;
        limits[j] = w & 255;
        if (anyId < 0 && !uniform[width - 1 + j]) anyId = ids[j];
      }
      if (anyId >= 0) for (let j = 0; j < width; j++) if (uniform[width - 1 + j]) ids[j] = anyId;
      // Distinct columns and distinct features, in order of first appearance.
      stamp++;
      let nDistinct = 0;
      let nFeaturesUsed = 0;
      for (let j = 0; j < width; j++) {
        const id = ids[j];
        if (seen[id] !== stamp) { seen[id] = stamp; distinct[nDistinct++] = id; }
        const f = id % nFeatures;
        if (seenFeature[f] !== stamp) { seenFeature[f] = stamp; distinctFeatures[nFeaturesUsed++] = f; }
      }
      // Column by column costs 3F + 2L, by feature columns 3F' + 2L + 3, node by node about 4W.
      const lookup = width <= 16 ? 2 : 5;
      const byColumn = 3 * nDistinct + 2 * lookup;
      const byFeature = 3 * nFeaturesUsed + 2 * lookup + 3;
      if (!forced && Math.min(byColumn, byFeature) >= 4 * width) {
        out = room(out, at, 1);
        out[at++] = 0;
      } else if (choice === 'every' || (choice === 'cheaper' && byColumn <= byFeature)) {
        out = room(out, at, 1 + 16 * nDistinct + 2 * width);
        out[at++] = nDistinct;
        for (let k = 0; k < nDistinct; k++, at += 16) out.fill(distinct[k], at, at + 16);
        for (let j = 0; j < width; j++) out[at++] = ids[j];
        for (let j = 0; j < width; j++) out[at++] = limits[j];
      } else {
        out = room(out, at, 1 + 16 * nFeaturesUsed + 2 * width);
        out[at++] = 128 | nFeaturesUsed;
        for (let k = 0; k < nFeaturesUsed; k++, at += 16) out.fill(distinctFeatures[k], at, at + 16);
        for (let j = 0; j < width; j++) out[at++] = (ids[j] % nFeatures) | (ids[j] >= nFeatures ? 128 : 0);
        for (let j = 0; j < width; j++) out[at++] = limits[j];
      }
    }
  }
  // The programs, 16 bytes of padding (tables are read as v128), then the leaf table at a multiple of 8.
  const leafTableAt = Math.ceil((at + 16) / 8) * 8;
  const stride = 8 * 2 ** (maxDepth <= SHALLOW_LEAF_DEPTH ? SHALLOW_LEAF_DEPTH : COMPLETE_MAX_DEPTH);
  const bytes = new Uint8Array(leafTableAt + nTrees * stride);
  bytes.set(out.subarray(0, at));
  const view = new DataView(bytes.buffer);
  view.setInt32(0, leafTableAt, true);
  view.setInt32(4, stride, true);
  for (let t = 0; t < nTrees; t++) view.setInt32(LEVELS_HEADER_BYTES + 4 * t, programAt[t], true);
  // Tree t's leaves (2^depth of them) at leafTableAt + t * stride: in a batch of trees each one's is a constant offset away.
  const leafTable = new Float64Array(bytes.buffer, leafTableAt, nTrees * (stride / 8));
  for (let t = 0; t < nTrees; t++) {
    const depth = complete.trees[2 * t + 1];
    const firstLeaf = complete.trees[2 * t] / 8 + 2 ** depth - 1;
    leafTable.set(complete.slots.subarray(firstLeaf, firstLeaf + 2 ** depth), t * (stride / 8));
  }
  return bytes;
}

/** `buf`, or a copy twice as large, with room for `n` more bytes at `at`. */
function room(buf: Uint8Array<ArrayBuffer>, at: number, n: number): Uint8Array<ArrayBuffer> {
  if (at + n <= buf.length) return buf;
  const grown = new Uint8Array(Math.max(2 * buf.length, at + n));
  grown.set(buf);
  return grown;
}

/** Bytes before the trees' program offsets: the leaf table's offset and its stride per tree (i32 each). */
export const LEVELS_HEADER_BYTES = 8;
/** Forests up to this deep get 2^6 leaf entries per tree in the leaf table, deeper ones 2^COMPLETE_MAX_DEPTH. */
const SHALLOW_LEAF_DEPTH = 6;

/**
 * Marks, in level order (node j of level d at 2^d - 1 + j), the nodes of a
 * complete tree whose leaves all hold the same bits (the tree's first slot at
 * slot index `first`, its leaves after its 2^depth - 1 internal slots; `words`
 * are the slots' i32 halves): a leaf is uniform, a node is when both its
 * children are and their first leaves are equal.
 */
function sameLeafSubtrees(words: Int32Array, first: number, depth: number, uniform: Uint8Array): void {
  const leaf0 = first + 2 ** depth - 1;
  for (let n = 2 ** depth - 1; n < 2 ** (depth + 1) - 1; n++) uniform[n] = 1;
  // firstLeaf(n) at level d: leaf index (n - (2^d - 1)) × 2^(depth - d); the right child's first leaf is compared with the left's.
  for (let d = depth - 1; d >= 0; d--) {
    const span = 2 ** (depth - d);
    for (let j = 0; j < 2 ** d; j++) {
      const n = 2 ** d - 1 + j;
      const left = leaf0 + j * span;
      const right = left + span / 2;
      uniform[n] = uniform[2 * n + 1] & uniform[2 * n + 2] & (words[2 * left] === words[2 * right] && words[2 * left + 1] === words[2 * right + 1] ? 1 : 0);
    }
  }
}
