import type { BinMapper } from '../../data/binMapper.js';
import type { GrownTree } from '../../wasm/grower.js';
import { Tree } from './tree.js';

/** A tree from the grower, its split bins turned into raw thresholds by the fit's bin mapper. */
export function treeFromGrown(grown: GrownTree, bins: BinMapper): Tree {
  const ni = grown.feature.length;
  const threshold = new Float32Array(ni);
  for (let i = 0; i < ni; i++) threshold[i] = bins.threshold(grown.feature[i], grown.bin[i]);
  return new Tree({
    feature: grown.feature,
    threshold,
    defaultLeft: Uint8Array.from(grown.defaultLeft),
    left: grown.left,
    right: grown.right,
    gain: grown.gain,
    cover: grown.cover,
    value: grown.value,
    leafValue: grown.leafValue,
    leafCover: grown.leafCover,
  });
}
