import type { TreeJSON } from '../../src/models/trees/tree.js';

/**
 * A tree as a chain of `depth` splits on feature 0 (node i: x0 < i goes down
 * to node i + 1, else to leaf i), with covers that add up: each split's cover
 * is its leaves' count. Not a test file itself.
 */
export function chainTreeJSON(depth: number): TreeJSON {
  const ids = Array.from({ length: depth }, (_, i) => i);
  return {
    feature: ids.map(() => 0),
    threshold: ids.map((i) => i),
    defaultLeft: ids.map(() => 0),
    left: ids.map((i) => (i < depth - 1 ? i + 1 : ~depth)),
    right: ids.map((i) => ~i),
    gain: ids.map(() => 1),
    cover: ids.map((i) => depth + 1 - i),
    value: ids.map(() => 0),
    leafValue: [...ids.map((i) => (i % 2 ? 0.01 : -0.01)), 0.02],
    leafCover: [...ids.map(() => 1), 1],
  };
}
