// The TreeSHAP kernel against exact Shapley values by subset enumeration on
// small random trees: repeated features along a path, missing values and their
// default direction, rows exactly at a threshold, Infinity thresholds,
// single-leaf trees, covers that do not add up, and nodes without cover.
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { Tree } from '../../src/models/trees/tree.js';
import { Random } from '../../src/random.js';
import { treeShap, type TreeEnsemble } from '../../src/explain/treeShap.js';
import { errorOf } from '../errorOf.js';
import { getRuntime } from '../../src/wasm/load.js';
import { bruteForceShap, subsetValue } from './bruteForceShap.js';

interface TreeShape {
  /** Leaf covers drawn in [0, 1) instead of (1, 10): some are nearly or exactly 0. */
  tinyCovers?: boolean;
  /** Internal covers drawn independently of the leaves (they do not add up). */
  inconsistent?: boolean;
  /** A long spine: one child of every split is a leaf, the other splits again, down to maxDepth. */
  spine?: boolean;
}

/** A random tree over `nf` features, ids in pre-order (children after parents), thresholds from `grid`. */
function randomTree(rng: Random, nf: number, maxDepth: number, grid: number[], shape: TreeShape = {}): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const defaultLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const cover: number[] = [];
  const leafValue: number[] = [];
  const leafCover: number[] = [];
  let leafNext = false;
  const build = (depth: number): { ref: number; cover: number } => {
    if (depth === maxDepth || (!shape.spine && depth > 0 && rng.next() < 0.25) || leafNext) {
      leafNext = false;
      leafValue.push(Math.round((rng.next() * 4 - 2) * 1000) / 1000);
      const c = shape.tinyCovers ? (rng.next() < 0.3 ? 0 : rng.next()) : 1 + 9 * rng.next();
      leafCover.push(c);
      return { ref: ~(leafValue.length - 1), cover: c };
    }
    const id = feature.length;
    // Few features, so paths often split on the same feature twice.
    feature.push(Math.floor(rng.next() * nf));
    threshold.push(rng.next() < 0.1 ? Infinity : grid[Math.floor(rng.next() * grid.length)]);
    defaultLeft.push(rng.next() < 0.5 ? 1 : 0);
    left.push(0);
    right.push(0);
    cover.push(0);
    const leafSide = shape.spine ? (rng.next() < 0.5 ? 0 : 1) : -1;
    leafNext = leafSide === 0;
    const l = build(depth + 1);
    leafNext = leafSide === 1;
    const r = build(depth + 1);
    left[id] = l.ref;
    right[id] = r.ref;
    cover[id] = shape.inconsistent ? 1 + 19 * rng.next() : l.cover + r.cover;
    return { ref: id, cover: cover[id] };
  };
  build(0);
  const n = feature.length;
  return Tree.fromLists({ feature, threshold, defaultLeft, left, right, gain: new Float64Array(n).fill(1), cover, value: new Float64Array(n), leafValue, leafCover });
}

function randomRows(rng: Random, nRows: number, nf: number, grid: number[]): Float32Array[] {
  const columns = Array.from({ length: nf }, () => new Float32Array(nRows));
  for (let i = 0; i < nRows; i++) {
    for (const c of columns) {
      const u = rng.next();
      // Missing, exactly at a threshold, or anywhere around them.
      c[i] = u < 0.2 ? NaN : u < 0.4 ? grid[Math.floor(rng.next() * grid.length)] : rng.next() * 4 - 2;
    }
  }
  return columns;
}

function check(ensemble: TreeEnsemble, columns: Float32Array[], nRows: number): number {
  const nf = columns.length;
  const got = treeShap(ensemble, { columns, nRows });
  let worst = 0;
  for (let i = 0; i < nRows; i++) {
    const x = columns.map((c) => c[i]);
    const want = bruteForceShap(ensemble, x, nf);
    worst = Math.max(worst, Math.abs(got.bias - want.bias));
    for (let f = 0; f < nf; f++) worst = Math.max(worst, Math.abs(got.contributions[i * nf + f] - want.phi[f]));
    // Efficiency: bias + Σ φ is the model's raw score (v of the full subset).
    let sum = got.bias;
    for (let f = 0; f < nf; f++) sum += got.contributions[i * nf + f];
    worst = Math.max(worst, Math.abs(sum - subsetValue(ensemble, x, (1 << nf) - 1)));
  }
  return worst;
}

const GRID = [-1.5, -0.5, 0, 0.25, 1, 1.75];

describe('TreeSHAP kernel = brute-force Shapley values', () => {
  it('random boosted ensembles (consistent covers), up to depth 5', () => {
    const rng = new Random(11);
    let worst = 0;
    for (let k = 0; k < 25; k++) {
      const nf = 2 + (k % 5);
      const trees = Array.from({ length: 1 + (k % 4) }, () => randomTree(rng, nf, 1 + (k % 5), GRID));
      worst = Math.max(worst, check({ trees, base: -1.3, scale: 1 }, randomRows(rng, 40, nf, GRID), 40));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('averaging forest (scale 1/nTrees, base 0), including a single-leaf tree', () => {
    const rng = new Random(12);
    const trees = [randomTree(rng, 4, 4, GRID), randomTree(rng, 4, 0, GRID), randomTree(rng, 4, 3, GRID)];
    expect(trees[1].nInternal).toBe(0);
    expect(check({ trees, base: 0, scale: 1 / 3, link: 'identity' }, randomRows(rng, 60, 4, GRID), 60)).toBeLessThan(1e-12);
  });

  it('covers that do not add up (as in hand-made or rounded files): still exact Shapley values', () => {
    const rng = new Random(13);
    const trees = Array.from({ length: 3 }, () => randomTree(rng, 5, 4, GRID, { inconsistent: true }));
    expect(check({ trees, base: 0.4, scale: 1 }, randomRows(rng, 60, 5, GRID), 60)).toBeLessThan(1e-12);
  });

  it('leaves and nodes without cover: finite, exact, the cold side skipped', () => {
    const rng = new Random(14);
    const trees = Array.from({ length: 4 }, () => randomTree(rng, 4, 4, GRID, { tinyCovers: true }));
    expect(trees.some((t) => t.leafCover.some((c) => c === 0))).toBe(true);
    const columns = randomRows(rng, 80, 4, GRID);
    const got = treeShap({ trees, base: 0, scale: 1 }, { columns, nRows: 80 });
    expect(got.contributions.every(Number.isFinite)).toBe(true);
    expect(check({ trees, base: 0, scale: 1 }, columns, 80)).toBeLessThan(1e-12);
  });

  it('a deep tree (depth 12) on one feature split again and again', () => {
    const rng = new Random(15);
    const tree = randomTree(rng, 3, 12, GRID, { spine: true });
    expect(tree.depth).toBe(12);
    expect(check({ trees: [tree], base: 0, scale: 1 }, randomRows(rng, 30, 3, GRID), 30)).toBeLessThan(1e-11);
  });

  it('a hand-checked stump: φ = (leaf − mean) for the split feature, 0 elsewhere', () => {
    // x0 < 1 → 2 (cover 3), else → -1 (cover 1); mean = (6 - 1) / 4 = 1.25.
    const stump = new Tree({
      feature: Int32Array.of(0), threshold: Float32Array.of(1), defaultLeft: Uint8Array.of(0),
      left: Int32Array.of(~0), right: Int32Array.of(~1), gain: Float64Array.of(1), cover: Float64Array.of(4),
      value: Float64Array.of(0), leafValue: Float64Array.of(2, -1), leafCover: Float64Array.of(3, 1),
    });
    const r = treeShap({ trees: [stump], base: 0.5, scale: 1 }, { columns: [Float32Array.of(0, 5, NaN), Float32Array.of(7, 7, 7)], nRows: 3 });
    expect(r.bias).toBe(1.75);
    expect(Array.from(r.contributions)).toEqual([0.75, 0, -2.25, 0, -2.25, 0]);
  });

  it('more rows than one wasm chunk give the same values as row by row', () => {
    const rng = new Random(16);
    const trees = Array.from({ length: 5 }, () => randomTree(rng, 6, 5, GRID));
    const n = 5000;
    const columns = randomRows(rng, n, 6, GRID);
    const all = treeShap({ trees, base: 0, scale: 1 }, { columns, nRows: n });
    for (const i of [0, 2047, 2048, 4095, 4999]) {
      const one = treeShap({ trees, base: 0, scale: 1 }, { columns: columns.map((c) => c.subarray(i, i + 1)), nRows: 1 });
      expect(Array.from(all.contributions.subarray(i * 6, i * 6 + 6))).toEqual(Array.from(one.contributions));
    }
  });

  it('hand-built trees are checked before the kernel sees them', () => {
    const rng = new Random(17);
    const good = randomTree(rng, 3, 3, GRID);
    const columns = randomRows(rng, 4, 3, GRID);
    const broken = (patch: (t: Tree) => void): Tree => {
      const t = new Tree({ ...good, left: good.left.slice(), right: good.right.slice(), feature: good.feature.slice() });
      patch(t);
      return t;
    };
    const cases: [Tree, string][] = [
      [broken((t) => (t.left[0] = 0)), 'trees[1].left[0]'], //          a cycle
      [broken((t) => (t.right[0] = ~99)), 'trees[1].right[0]'], //      a leaf that does not exist
      [broken((t) => (t.feature[0] = -1)), 'trees[1].feature[0]'],
      [broken((t) => (t.right[0] = t.left[0])), 'trees[1].right[0]'], // two parents
    ];
    for (const [tree, path] of cases) {
      const e = errorOf(() => treeShap({ trees: [good, tree], base: 0, scale: 1 }, { columns, nRows: 4 }));
      expect(e.code).toBe('E_MODEL_FORMAT');
      expect(e.where.path).toBe(path);
    }
    const wide = broken((t) => (t.feature[0] = 3));
    expect(errorOf(() => treeShap({ trees: [wide], base: 0, scale: 1 }, { columns, nRows: 4 })).code).toBe('E_SHAPE');
    expect(errorOf(() => treeShap({ trees: [good], base: NaN, scale: 1 }, { columns, nRows: 4 })).code).toBe('E_OPTION');
    expect(errorOf(() => treeShap({ trees: [good], base: 0, scale: 0 }, { columns, nRows: 4 })).code).toBe('E_OPTION');
  });

  it('frees its wasm memory: repeated calls do not grow the heap', () => {
    const rng = new Random(18);
    const trees = Array.from({ length: 10 }, () => randomTree(rng, 8, 6, GRID));
    const columns = randomRows(rng, 3000, 8, GRID);
    treeShap({ trees, base: 0, scale: 1 }, { columns, nRows: 3000 });
    const { heap } = getRuntime();
    const before = heap.byteLength;
    for (let k = 0; k < 60; k++) treeShap({ trees, base: 0, scale: 1 }, { columns, nRows: 3000 });
    expect(heap.byteLength).toBe(before);
  });
});
