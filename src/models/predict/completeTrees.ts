import { COMPLETE_SLOT_BYTES } from '../../wasm/layout.js';
import type { Tree } from '../trees/tree.js';

/** The complete-tree encoding of a forest (see assembly/predict.ts, predictForestComplete). */
export interface CompleteForest {
  /** 8-byte slots of every tree, one after another. */
  readonly slots: Float64Array;
  /** Per tree: byte offset of its first slot, its depth. */
  readonly trees: Int32Array;
}

/**
 * Trees in the complete-tree layout (see packComplete in forest.ts) with internal slots
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
