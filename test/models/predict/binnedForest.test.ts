// Threshold binning and the binned-row kernels against PackedForest on the raw
// floats: random forests with missing values, values exactly at thresholds,
// Infinity and ±0 thresholds; both encodings; the SIMD kernel against its twin.
import { describe, expect, it } from 'vitest';
import { BinnedForest } from '../../../src/models/predict/binnedForest.js';
import { packLevelPrograms } from '../../../src/models/predict/levelPrograms.js';
import { binnedScratchBytes } from '../../../src/models/predict/binnedCompleteKernel.js';
import { BINNED_PATH_MAX_DEPTH, BINNED_PATH_MIN_ROWS, CHUNK_ROWS, PackedForest } from '../../../src/models/predict/packedForest.js';
import { ThresholdBinning } from '../../../src/models/predict/thresholdBinning.js';
import { Tree } from '../../../src/models/trees/tree.js';
import { randomTree as randomTreeOf } from '../randomTree.js';
import { COMPLETE_MAX_DEPTH, MISSING_BIN } from '../../../src/wasm/layout.js';
import { Random } from '../../../src/random.js';
import { getRuntime, init } from '../../../src/wasm/load.js';
import { bitMismatches } from '../helpers.js';

await init();

/** A few values per feature the trees split at (including -0, 0 and Infinity), so rows can sit exactly on a threshold. */
function thresholdPool(rng: Random, nFeatures: number): Float32Array[] {
  return Array.from({ length: nFeatures }, () => Float32Array.from([-0, 0, Infinity, ...Array.from({ length: 20 }, () => rng.next() * 2 - 1)]));
}

/** A random tree of at most `maxDepth` levels whose branches stop early with probability pStop per level (ids in preorder). */
function randomTree(rng: Random, pool: Float32Array[], maxDepth: number, pStop = 0.2): Tree {
  return randomTreeOf(rng, maxDepth, pStop, () => {
    const feature = rng.int(pool.length);
    return { feature, threshold: pool[feature][rng.int(pool[feature].length)] };
  });
}

/** Columns mixing missing values, exact threshold values (both signs of zero) and uniform draws. */
function randomColumns(rng: Random, pool: Float32Array[], nRows: number): Float32Array[] {
  return pool.map((p) => Float32Array.from({ length: nRows }, () => {
    const u = rng.next();
    if (u < 0.1) return NaN;
    if (u < 0.4) {
      const t = p[rng.int(p.length)];
      return t === Infinity ? 3 : t;
    }
    return rng.next() * 2.4 - 1.2;
  }));
}

const features = (n: number) => Array.from({ length: n }, (_, j) => ({ name: `f${j}`, kind: 'numeric' as const }));

describe('ThresholdBinning', () => {
  it('keeps each feature\'s distinct thresholds sorted and bins v to the number of thresholds <= v, NaN to 255', () => {
    const rng = new Random(1);
    const pool = thresholdPool(rng, 3);
    const trees = Array.from({ length: 20 }, () => randomTree(rng, pool, 5));
    const binning = ThresholdBinning.fromTrees(trees, features(3));
    for (let f = 0; f < 3; f++) {
      const used = new Set<number>();
      for (const t of trees) t.feature.forEach((g, i) => { if (g === f) used.add(t.threshold[i] === 0 ? 0 : t.threshold[i]); });
      expect(Array.from(binning.thresholds[f]).map((v) => (v === 0 ? 0 : v))).toEqual([...used].sort((a, b) => a - b));
    }
    const columns = randomColumns(rng, pool, 500);
    const bins = binning.binColumns(columns, 500);
    for (let i = 0; i < 500; i++) {
      for (let f = 0; f < 3; f++) {
        const v = columns[f][i];
        const expected = Number.isNaN(v) ? MISSING_BIN : binning.thresholds[f].filter((t) => t <= v).length;
        expect(bins[i * 3 + f]).toBe(expected);
      }
    }
  });

  it('gives the same digest to the same thresholds and a different one when a threshold or a name changes', () => {
    const rng = new Random(2);
    const pool = thresholdPool(rng, 4);
    const trees = Array.from({ length: 10 }, () => randomTree(rng, pool, 4));
    const a = ThresholdBinning.fromTrees(trees, features(4));
    expect(a.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(ThresholdBinning.fromTrees(trees.slice().reverse(), features(4)).digest).toBe(a.digest);
    const moved = trees.map((t) => new Tree({ ...t, threshold: t.threshold.map((v) => (v === Infinity ? v : v + 0.5)) }));
    expect(ThresholdBinning.fromTrees(moved, features(4)).digest).not.toBe(a.digest);
    const renamed = features(4).map((f, j) => (j === 3 ? { ...f, name: 'other' } : f));
    expect(ThresholdBinning.fromTrees(trees, renamed).digest).not.toBe(a.digest);
  });
});

describe('BinnedForest', () => {
  const nFeatures = 6;
  // Not a multiple of 16 (the SIMD kernel's row group) and spanning two chunks.
  const nRows = CHUNK_ROWS + 1011;

  it('scores binned rows bit-identically to PackedForest on the raw rows (complete encoding, SIMD)', () => {
    const rng = new Random(3);
    const pool = thresholdPool(rng, nFeatures);
    const trees = Array.from({ length: 60 }, (_, k) => randomTree(rng, pool, k % (COMPLETE_MAX_DEPTH + 1)));
    const binning = ThresholdBinning.fromTrees(trees, features(nFeatures));
    const binned = new BinnedForest(trees, binning);
    expect(binned.complete).not.toBeNull();
    const raw = new PackedForest(trees, nFeatures);
    const columns = randomColumns(rng, pool, nRows);
    const bins = binning.binColumns(columns, nRows);
    for (const proba of [false, true]) {
      expect(bitMismatches(binned.predict(bins, nRows, -0.4, proba), raw.predict(columns, nRows, -0.4, proba))).toBe(0);
    }
  });

  it('raw rows binned into blocks (binColumnToBlocks, predictBinnedBlocks) score as the float kernel, for any tree count and partial groups', () => {
    const rng = new Random(13);
    const pool = thresholdPool(rng, nFeatures);
    // 1 to 17 trees: a full batch of the kernel's leaf additions (16 trees) and every remainder.
    for (let nTrees = 1; nTrees <= 17; nTrees++) {
      const trees = Array.from({ length: nTrees }, (_, k) => randomTree(rng, pool, 1 + ((k + nTrees) % 7)));
      const viaBins = new PackedForest(trees, nFeatures);
      expect(viaBins.binned).not.toBeNull();
      const float = new PackedForest(trees, nFeatures, 'complete');
      const n = [1, 63, 64, 130, CHUNK_ROWS + 67][nTrees % 5];
      const columns = randomColumns(rng, pool, n);
      for (const proba of [false, true]) {
        expect(bitMismatches(viaBins.predict(columns, n, 0.1, proba), float.predict(columns, n, 0.1, proba))).toBe(0);
      }
    }
  });

  it('scores binned rows bit-identically with the pointer encoding, and for trees deeper than the complete encoding', () => {
    const rng = new Random(4);
    const pool = thresholdPool(rng, nFeatures);
    const shallow = Array.from({ length: 30 }, () => randomTree(rng, pool, 6));
    const deep = [...shallow, randomTree(rng, pool, COMPLETE_MAX_DEPTH + 2, 0)];
    expect(deep[deep.length - 1].depth).toBeGreaterThan(COMPLETE_MAX_DEPTH);
    const columns = randomColumns(rng, pool, nRows);
    for (const [trees, encoding] of [[shallow, 'pointers'], [deep, 'auto']] as const) {
      const binning = ThresholdBinning.fromTrees(trees, features(nFeatures));
      const binned = new BinnedForest(trees, binning, encoding);
      expect(binned.complete).toBeNull();
      const bins = binning.binColumns(columns, nRows);
      const raw = new PackedForest(trees, nFeatures);
      for (const proba of [false, true]) {
        expect(bitMismatches(binned.predict(bins, nRows, 0.25, proba), raw.predict(columns, nRows, 0.25, proba))).toBe(0);
      }
    }
  });

  it('predictBinnedComplete (SIMD, level by level over 64 rows) equals its scalar twin on any bytes, and the pointer kernel', () => {
    const rng = new Random(5);
    const pool = thresholdPool(rng, nFeatures);
    const trees = Array.from({ length: 40 }, (_, k) => randomTree(rng, pool, k % (COMPLETE_MAX_DEPTH + 1)));
    const binning = ThresholdBinning.fromTrees(trees, features(nFeatures));
    const complete = new BinnedForest(trees, binning).complete!;
    const pointers = new BinnedForest(trees, binning, 'pointers');
    const m = 16 * 11 + 7;
    // Arbitrary bytes: in-range bins, 255 (missing) and out-of-range codes.
    const bins = Uint8Array.from({ length: m * nFeatures }, () => (rng.next() < 0.15 ? MISSING_BIN : rng.int(256)));
    const { kernels, heap } = getRuntime();
    for (const proba of [0, 1]) {
      const [simd, naive, pointer] = heap.scoped((scope) => {
        const slots = scope.copyIn(complete.slots);
        const table = scope.copyIn(complete.trees);
        const nodes = scope.copyIn(pointers.nodes);
        const roots = scope.copyIn(pointers.roots);
        const depths = scope.copyIn(pointers.depths);
        const values = scope.copyIn(pointers.values);
        const x = scope.copyIn(bins);
        const lv = scope.copyIn(packLevelPrograms(complete, nFeatures, 'none'));
        const scratch = scope.alloc(binnedScratchBytes(nFeatures));
        const a = scope.alloc(m * 8);
        const b = scope.alloc(m * 8);
        const c = scope.alloc(m * 8);
        kernels.predictBinnedComplete(x, nFeatures, m, slots, table, trees.length, lv, 0.1, proba, scratch, a);
        kernels.predictBinnedCompleteNaive(x, nFeatures, m, slots, table, trees.length, 0.1, proba, scratch, b);
        kernels.predictBinnedPointers(x, nFeatures, m, nodes, roots, depths, trees.length, values, 0.1, proba, c);
        return [heap.f64(a, m).slice(), heap.f64(b, m).slice(), heap.f64(c, m).slice()];
      });
      expect(bitMismatches(simd, naive)).toBe(0);
      expect(bitMismatches(naive, pointer)).toBe(0);
    }
  });
});

describe('PackedForest through the binned kernel (raw rows binned in wasm)', () => {
  const nFeatures = 5;
  const nRows = CHUNK_ROWS * 2 + 77;

  it('is used when every tree is at most BINNED_PATH_MAX_DEPTH deep and gives the float kernels\' scores bit for bit', () => {
    const rng = new Random(6);
    const pool = thresholdPool(rng, nFeatures);
    const trees = Array.from({ length: 50 }, (_, k) => randomTree(rng, pool, k % (BINNED_PATH_MAX_DEPTH + 1)));
    const viaBins = new PackedForest(trees, nFeatures);
    expect(viaBins.binned).not.toBeNull();
    const floats = new PackedForest(trees, nFeatures, 'complete');
    expect(floats.binned).toBeNull();
    const columns = randomColumns(rng, pool, nRows);
    for (const proba of [false, true]) {
      expect(bitMismatches(viaBins.predict(columns, nRows, 0.7, proba), floats.predict(columns, nRows, 0.7, proba))).toBe(0);
    }
    // A feature without any split (no thresholds: every value in bin 0) and a forest of single leaves.
    const unused = new PackedForest(trees.filter((t) => !t.feature.includes(2)), nFeatures);
    expect(unused.binned!.binning.thresholds[2].length).toBe(0);
    expect(bitMismatches(unused.predict(columns, nRows, 0, false), new PackedForest(trees.filter((t) => !t.feature.includes(2)), nFeatures, 'complete').predict(columns, nRows, 0, false))).toBe(0);
  });

  it('scores fewer than BINNED_PATH_MIN_ROWS rows by the float kernel, bit for bit as the binned kernel, with the same ±Infinity error', () => {
    const rng = new Random(9);
    const pool = thresholdPool(rng, nFeatures);
    const trees = Array.from({ length: 40 }, (_, k) => randomTree(rng, pool, 1 + (k % 6)));
    const auto = new PackedForest(trees, nFeatures);
    const binnedOnly = new PackedForest(trees, nFeatures, 'binned');
    const floats = new PackedForest(trees, nFeatures, 'complete');
    const { heap } = getRuntime();
    for (let n = 1; n <= BINNED_PATH_MIN_ROWS + 1; n++) {
      const columns = randomColumns(rng, pool, n);
      for (const proba of [false, true]) {
        const got = auto.predict(columns, n, 0.3, proba);
        expect(bitMismatches(got, binnedOnly.predict(columns, n, 0.3, proba))).toBe(0);
        expect(bitMismatches(got, floats.predict(columns, n, 0.3, proba))).toBe(0);
      }
      // Which kernel ran shows in the tables made resident: the float complete trees alone below the limit.
      heap.residents.clear();
      auto.predict(columns, n, 0, false);
      const floatTables = auto.complete!.slots.byteLength + auto.complete!.trees.byteLength;
      if (n < BINNED_PATH_MIN_ROWS) expect(heap.residents.residentBytes).toBe(floatTables);
      else expect(heap.residents.residentBytes).not.toBe(floatTables);
      // Two ±Infinity cells: both paths name the first in column order.
      const bad = columns.map((c) => c.slice());
      bad[3][0] = Infinity;
      bad[1][n - 1] = -Infinity;
      const errorOf = (forest: PackedForest): unknown => {
        try {
          forest.predict(bad, n, 0, true, ['a', 'b', 'c', 'd', 'e']);
        } catch (e) {
          return e;
        }
        return null;
      };
      expect(errorOf(auto)).toMatchObject({ code: 'E_NONFINITE', where: { row: n - 1, column: 'b' } });
      expect(errorOf(binnedOnly)).toMatchObject({ code: 'E_NONFINITE', where: { row: n - 1, column: 'b' } });
      // Cells past nRows in a longer buffer are not scored, nor checked.
      const longer = columns.map((c) => Float32Array.from([...c, Infinity]));
      expect(bitMismatches(auto.predict(longer, n, 0, true, ['a', 'b', 'c', 'd', 'e']), binnedOnly.predict(columns, n, 0, true))).toBe(0);
    }
  });

  it('falls back to the float kernels for deeper trees or more than 254 thresholds on a feature', () => {
    const rng = new Random(7);
    const pool = thresholdPool(rng, nFeatures);
    expect(new PackedForest([randomTree(rng, pool, BINNED_PATH_MAX_DEPTH + 1, 0)], nFeatures).binned).toBeNull();
    const wide = [Float32Array.from({ length: 400 }, (_, k) => k / 400), ...pool.slice(1)];
    const trees = Array.from({ length: 60 }, () => randomTree(rng, wide, 6, 0));
    expect(new Set(trees.flatMap((t) => Array.from(t.threshold.filter((_, i) => t.feature[i] === 0)))).size).toBeGreaterThan(254);
    const forest = new PackedForest(trees, nFeatures);
    expect(forest.binned).toBeNull();
    const columns = randomColumns(rng, wide, 300);
    expect(bitMismatches(forest.predict(columns, 300, 0, false), new PackedForest(trees, nFeatures, 'pointers').predict(columns, 300, 0, false))).toBe(0);
  });
});

describe('the ±Infinity check of PackedForest.predict', () => {
  it('firstInfinite (SIMD) equals its scalar twin: first ±Infinity index or -1, NaN allowed', () => {
    const { kernels, heap } = getRuntime();
    const n = 37;
    const cases: [number, number][] = [[-1, 0], [0, Infinity], [3, -Infinity], [4, Infinity], [17, -Infinity], [n - 1, Infinity]];
    for (const [at, v] of cases) {
      const values = Float32Array.from({ length: n }, (_, i) => (i % 5 === 2 ? NaN : i - 10));
      if (at >= 0) values[at] = v;
      if (at >= 0 && at + 3 < n) values[at + 3] = -v; // a later one is not reported
      const [simd, naive] = heap.scoped((scope) => {
        const p = scope.copyIn(values);
        return [kernels.firstInfinite(p, n), kernels.firstInfiniteNaive(p, n)];
      });
      expect(simd).toBe(at);
      expect(naive).toBe(at);
    }
  });

  it('throws E_NONFINITE with the row and feature name on the binned path and on the float path', () => {
    const rng = new Random(8);
    const pool = thresholdPool(rng, 3);
    const nRows = CHUNK_ROWS + 50;
    const shallow = Array.from({ length: 10 }, () => randomTree(rng, pool, 4));
    const deep = [...shallow, randomTree(rng, pool, 9, 0)];
    for (const trees of [shallow, deep]) {
      const forest = new PackedForest(trees, 3);
      expect(forest.binned === null).toBe(trees === deep);
      const columns = randomColumns(rng, pool, nRows);
      columns[1][CHUNK_ROWS + 7] = -Infinity;
      let e: unknown = null;
      try {
        forest.predict(columns, nRows, 0, true, ['a', 'b', 'c']);
      } catch (err) {
        e = err;
      }
      expect(e).toMatchObject({ code: 'E_NONFINITE', where: { row: CHUNK_ROWS + 7, column: 'b' } });
      // Without names the caller has checked: no error.
      expect(forest.predict(columns, nRows, 0, true).length).toBe(nRows);
    }
  });
});
