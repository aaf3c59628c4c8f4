import type { CompleteForest } from './completeTrees.js';

/** Widest level the gather kernel looks up by position (two 16-byte swizzle tables). */
const GATHER_MAX_WIDTH = 32;

/**
 * Per tree, which levels predictBinnedComplete (assembly/predictBinned.ts)
 * evaluates column by column, and their tables, built from the binned
 * complete-tree slots (word 1 of a slot: limit in bits 0..7, column in the
 * transposed block in 4-byte units in bits 8..31, i.e. 16 × the column id).
 *
 * A level of W nodes costs about 4W vector operations node by node and
 * 3F + 4 (W <= 16) or 3F + 10 (W = 32) column by column, F being its number
 * of distinct columns. `choice`: 'cheaper' picks the cheaper for each level;
 * 'every' sends every level up to 32 nodes wide column by column and 'none'
 * none (both to compare the two ways in tests and bench/predict-throughput.ts).
 * With more than 128 features column ids do not fit a byte: every level then
 * goes node by node.
 */
export function packLevelPrograms(complete: CompleteForest, nFeatures: number, choice: 'cheaper' | 'every' | 'none' = 'cheaper'): Uint8Array {
  const byColumnAllowed = choice !== 'none' && 2 * nFeatures <= 256;
  const words = new Int32Array(complete.slots.buffer, complete.slots.byteOffset, complete.slots.length * 2);
  const nTrees = complete.trees.length / 2;
  const programs: number[][] = [];
  for (let t = 0; t < nTrees; t++) {
    const first = complete.trees[2 * t] / 8;
    const depth = complete.trees[2 * t + 1];
    const program: number[] = [];
    for (let d = 0; d < depth; d++) {
      const width = 2 ** d;
      const ids: number[] = [];
      const limits: number[] = [];
      for (let j = 0; j < width; j++) {
        const w = words[2 * (first + width - 1 + j) + 1];
        ids.push((w >>> 8) >>> 4);
        limits.push(w & 255);
      }
      const distinct = [...new Set(ids)];
      const byColumn = 3 * distinct.length + (width <= 16 ? 4 : 10);
      if (byColumnAllowed && width <= GATHER_MAX_WIDTH && (choice === 'every' || byColumn < 4 * width)) program.push(distinct.length, ...distinct.flatMap((id) => new Array<number>(16).fill(id)), ...ids, ...limits);
      else program.push(0);
    }
    programs.push(program);
  }
  const header = 4 * nTrees;
  const total = header + programs.reduce((s, p) => s + p.length, 0) + 16;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  let at = header;
  programs.forEach((p, t) => {
    view.setInt32(4 * t, at, true);
    bytes.set(p, at);
    at += p.length;
  });
  return bytes;
}
