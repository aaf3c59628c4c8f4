// The two encodings of PackedForest (complete trees and child pointers) against
// a plain JavaScript walk of the trees: raw scores must be equal bit for bit.
import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, COLUMN_BYTES, PackedForest } from '../../../src/models/predict/packedForest.js';
import { Tree } from '../../../src/models/trees/tree.js';
import { randomTree as randomTreeOf } from '../randomTree.js';
import { COMPLETE_MAX_DEPTH } from '../../../src/wasm/layout.js';
import { Random } from '../../../src/random.js';
import { getRuntime, init } from '../../../src/wasm/load.js';

await init();

/** A random tree of at most `maxDepth` levels whose leaves stop at random depths (ids in preorder). */
function randomTree(rng: Random, nFeatures: number, maxDepth: number): Tree {
  return randomTreeOf(rng, maxDepth, 0.25, () => {
    const feature = rng.int(nFeatures);
    return { feature, threshold: rng.next() < 0.05 ? Infinity : rng.next() * 2 - 1 };
  });
}

function singleLeaf(value: number): Tree {
  const e = new Float64Array(0);
  return new Tree({
    feature: new Int32Array(0), threshold: new Float32Array(0), defaultLeft: new Uint8Array(0), left: new Int32Array(0),
    right: new Int32Array(0), gain: e, cover: e, value: e, leafValue: Float64Array.of(value), leafCover: Float64Array.of(1),
  });
}

/** Raw scores by walking each tree node by node, adding leaf values in tree order. */
function walk(trees: readonly Tree[], columns: readonly Float32Array[], nRows: number, base: number): Float64Array {
  const out = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let s = base;
    for (const t of trees) {
      let n = t.nInternal > 0 ? 0 : ~0;
      while (n >= 0) {
        const v = columns[t.feature[n]][i];
        const goLeft = v !== v ? t.defaultLeft[n] === 1 : v < t.threshold[n];
        n = goLeft ? t.left[n] : t.right[n];
      }
      s += t.leafValue[~n];
    }
    out[i] = s;
  }
  return out;
}

function randomColumns(rng: Random, nFeatures: number, nRows: number): Float32Array[] {
  return Array.from({ length: nFeatures }, () => Float32Array.from({ length: nRows }, () => (rng.next() < 0.1 ? NaN : rng.next() * 2.4 - 1.2)));
}

function expectSameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  let firstDiff = -1;
  for (let i = 0; i < a.length && firstDiff < 0; i++) if (!Object.is(a[i], b[i])) firstDiff = i;
  expect(firstDiff).toBe(-1);
}

describe('PackedForest', () => {
  const nFeatures = 7;
  // Not a multiple of 8 (the kernels' row groups) and spanning two input chunks.
  const nRows = CHUNK_ROWS + 1003;

  it('stores forests up to COMPLETE_MAX_DEPTH as complete trees, padding shallow leaves', () => {
    const rng = new Random(11);
    const trees = [singleLeaf(0.125), ...Array.from({ length: 40 }, (_, k) => randomTree(rng, nFeatures, 1 + (k % COMPLETE_MAX_DEPTH)))];
    const forest = new PackedForest(trees, nFeatures);
    expect(forest.complete).not.toBeNull();
    const depths = trees.map((t) => t.depth);
    expect(Math.max(...depths)).toBe(COMPLETE_MAX_DEPTH);
    // Each tree takes 2^(depth+1) - 1 slots; the table holds each tree's byte offset and depth.
    expect(forest.complete!.slots.length).toBe(depths.reduce((s, d) => s + 2 ** (d + 1) - 1, 0));
    expect(Array.from(forest.complete!.trees.filter((_, j) => j % 2 === 1))).toEqual(depths);
    const columns = randomColumns(rng, nFeatures, nRows);
    expectSameBits(forest.predict(columns, nRows, -1.5, false), walk(trees, columns, nRows, -1.5));
  });

  it('gives the pointer encoding and the complete encoding the same scores and probabilities', () => {
    const rng = new Random(12);
    const trees = Array.from({ length: 100 }, () => randomTree(rng, nFeatures, 6));
    const complete = new PackedForest(trees, nFeatures);
    const pointer = new PackedForest(trees, nFeatures, 'pointers');
    expect(pointer.complete).toBeNull();
    const columns = randomColumns(rng, nFeatures, nRows);
    for (const proba of [false, true]) {
      expectSameBits(complete.predict(columns, nRows, 0.3, proba), pointer.predict(columns, nRows, 0.3, proba));
    }
    expectSameBits(complete.predict(columns, nRows, 0.3, false), walk(trees, columns, nRows, 0.3));
  });

  it('falls back to child pointers when a tree is deeper than COMPLETE_MAX_DEPTH', () => {
    const rng = new Random(13);
    const trees = [randomTree(rng, nFeatures, 3), randomTree(rng, nFeatures, COMPLETE_MAX_DEPTH + 4)];
    expect(trees[1].depth).toBeGreaterThan(COMPLETE_MAX_DEPTH);
    const forest = new PackedForest(trees, nFeatures);
    expect(forest.complete).toBeNull();
    const columns = randomColumns(rng, nFeatures, nRows);
    expectSameBits(forest.predict(columns, nRows, 0, false), walk(trees, columns, nRows, 0));
  });

  it('predictForestComplete (SIMD, 16 rows at a time) equals its scalar twin predictForestCompleteNaive', () => {
    const rng = new Random(14);
    const trees = Array.from({ length: 30 }, (_, k) => randomTree(rng, nFeatures, 1 + (k % 7)));
    const complete = new PackedForest(trees, nFeatures).complete!;
    const m = 16 * 9 + 13; // full 16-row groups and a tail
    const columns = randomColumns(rng, nFeatures, m);
    const { kernels, heap } = getRuntime();
    for (const proba of [0, 1]) {
      const [simd, naive] = heap.scoped((scope) => {
        const slots = scope.copyIn(complete.slots);
        const table = scope.copyIn(complete.trees);
        const x = scope.alloc(nFeatures * COLUMN_BYTES);
        const a = scope.alloc(m * 8);
        const b = scope.alloc(m * 8);
        columns.forEach((c, f) => heap.f32(x + f * COLUMN_BYTES, m).set(c));
        kernels.predictForestComplete(x, m, slots, table, trees.length, -0.7, proba, a);
        kernels.predictForestCompleteNaive(x, m, slots, table, trees.length, -0.7, proba, b);
        return [heap.f64(a, m).slice(), heap.f64(b, m).slice()];
      });
      expectSameBits(simd, naive);
      if (proba === 0) expectSameBits(naive, walk(trees, columns, m, -0.7));
    }
  });
});
