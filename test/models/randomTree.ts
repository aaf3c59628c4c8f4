import { Tree } from '../../src/models/trees/tree.js';
import type { Random } from '../../src/random.js';

/**
 * A random tree of at most `maxDepth` levels (ids in preorder) for kernel
 * tests: below the root each branch stops with probability pStop; `split`
 * draws an internal node's feature and threshold; leaf values are in ±0.15.
 */
export function randomTree(rng: Random, maxDepth: number, pStop: number, split: () => { feature: number; threshold: number }): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const defaultLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const leafValue: number[] = [];
  const grow = (depth: number): number => {
    if (depth === maxDepth || (depth > 0 && rng.next() < pStop)) {
      leafValue.push((rng.next() - 0.5) * 0.3);
      return ~(leafValue.length - 1);
    }
    const id = feature.length;
    const s = split();
    feature.push(s.feature);
    threshold.push(s.threshold);
    defaultLeft.push(rng.int(2));
    left.push(0);
    right.push(0);
    left[id] = grow(depth + 1);
    right[id] = grow(depth + 1);
    return id;
  };
  grow(0);
  const n = feature.length;
  return new Tree({
    feature: Int32Array.from(feature), threshold: Float32Array.from(threshold), defaultLeft: Uint8Array.from(defaultLeft),
    left: Int32Array.from(left), right: Int32Array.from(right), gain: new Float64Array(n), cover: new Float64Array(n),
    value: new Float64Array(n), leafValue: Float64Array.from(leafValue), leafCover: new Float64Array(leafValue.length),
  });
}
