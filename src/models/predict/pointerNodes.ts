import { PACKED_NODE_BYTES } from '../../wasm/layout.js';
import type { Tree } from '../trees/tree.js';

/** Trees packed as pointer nodes: four 32-bit words per node, leaf values apart. */
export interface PointerNodes {
  nodes: Int32Array;
  roots: Int32Array;
  values: Float64Array;
}

/**
 * Packs trees one after the other as PACKED_NODE_BYTES-byte nodes: internal
 * node i of a tree is base + i, leaf l is base + nInternal + l. Words 2 and 3
 * are the children's node numbers (a leaf points to itself, so a walk can
 * take extra steps); words 0 and 1 of an internal node are the kernel's own
 * (feature and threshold, or feature and bin limit), written by `head` into
 * `nodes` at word offset `o`.
 */
export function packPointerNodes(trees: readonly Tree[], head: (nodes: Int32Array, o: number, t: Tree, i: number) => void): PointerNodes {
  let total = 0;
  for (const t of trees) total += t.nInternal + t.nLeaves;
  const nodes = new Int32Array(total * (PACKED_NODE_BYTES / 4));
  const values = new Float64Array(total);
  const roots = new Int32Array(trees.length);
  let base = 0;
  trees.forEach((t, k) => {
    const leafBase = base + t.nInternal;
    const ref = (c: number): number => (c >= 0 ? base + c : leafBase + ~c);
    roots[k] = t.nInternal > 0 ? base : leafBase;
    for (let i = 0; i < t.nInternal; i++) {
      const o = (base + i) * 4;
      head(nodes, o, t, i);
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
  return { nodes, roots, values };
}
