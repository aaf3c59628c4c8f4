// The binned kernel's level programs (predictBinnedComplete, driven by
// levelPrograms.ts): levels column by column against every level node by node,
// the scalar twin and the float kernels: scores must be equal bit for bit, on random forests (depths
// 0 to 8, unequal branches, single leaves, missing values routed both ways,
// arbitrary bytes) and on a model fitted to Give Me Some Credit.
import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, readCsvFile, splitTarget } from '../../../src/index.js';
import { BinnedForest } from '../../../src/models/predict/binnedForest.js';
import { binnedScratchBytes } from '../../../src/models/predict/binnedCompleteKernel.js';
import { LEVELS_HEADER_BYTES, packLevelPrograms } from '../../../src/models/predict/levelPrograms.js';
import { CHUNK_ROWS, PackedForest } from '../../../src/models/predict/packedForest.js';
import { ThresholdBinning } from '../../../src/models/predict/thresholdBinning.js';
import { Tree } from '../../../src/models/trees/tree.js';
import { COMPLETE_MAX_DEPTH, MISSING_BIN } from '../../../src/wasm/layout.js';
import { Random } from '../../../src/random.js';
import { getRuntime, init } from '../../../src/wasm/load.js';
import { randomTree as randomTreeOf } from '../randomTree.js';
import { bitMismatches } from '../helpers.js';

await init();

const features = (n: number) => Array.from({ length: n }, (_, j) => ({ name: `f${j}`, kind: 'numeric' as const }));

/** A random tree over `nFeatures` features with thresholds from a small grid (so rows hit them exactly). */
function randomTree(rng: Random, nFeatures: number, maxDepth: number, pStop: number): Tree {
  return randomTreeOf(rng, maxDepth, pStop, () => ({ feature: rng.int(nFeatures), threshold: (rng.int(41) - 20) / 16 }));
}

function singleLeaf(value: number): Tree {
  const e = new Float64Array(0);
  return new Tree({
    feature: new Int32Array(0), threshold: new Float32Array(0), defaultLeft: new Uint8Array(0), left: new Int32Array(0),
    right: new Int32Array(0), gain: e, cover: e, value: e, leafValue: Float64Array.of(value), leafCover: Float64Array.of(1),
  });
}

/** A forest of every depth from 0 to COMPLETE_MAX_DEPTH, full trees and trees with early leaves, and single leaves. */
function mixedForest(rng: Random, nFeatures: number): Tree[] {
  const trees: Tree[] = [];
  for (let k = 0; k < 45; k++) trees.push(randomTree(rng, nFeatures, k % (COMPLETE_MAX_DEPTH + 1), k % 3 === 0 ? 0 : 0.2));
  trees.splice(7, 0, singleLeaf(0.125));
  trees.push(singleLeaf(-0.5));
  return trees;
}

/** Scores of arbitrary binned rows by the SIMD kernel with `levels`, with every level node by node, and by the scalar twin. */
function kernelScores(forest: BinnedForest, levels: Uint8Array, bins: Uint8Array, m: number, proba: number): Float64Array[] {
  const complete = forest.complete!;
  const nf = forest.nFeatures;
  const nTrees = complete.trees.length / 2;
  const { kernels, heap } = getRuntime();
  return heap.scoped((scope) => {
    const slots = scope.copyIn(complete.slots);
    const table = scope.copyIn(complete.trees);
    const lv = scope.copyIn(levels);
    const nodeByNode = scope.copyIn(packLevelPrograms(complete, nf, 'none'));
    const x = scope.copyIn(bins);
    const scratch = scope.alloc(binnedScratchBytes(nf));
    const outs = [0, 1, 2].map(() => scope.alloc(m * 8));
    kernels.predictBinnedComplete(x, nf, m, slots, table, nTrees, lv, -0.3, proba, scratch, outs[0]);
    kernels.predictBinnedComplete(x, nf, m, slots, table, nTrees, nodeByNode, -0.3, proba, scratch, outs[1]);
    kernels.predictBinnedCompleteNaive(x, nf, m, slots, table, nTrees, -0.3, proba, scratch, outs[2]);
    return outs.map((o) => heap.f64(o, m).slice());
  });
}

/** Bytes of one level's program: its mode byte, then (column by column) the 16-byte column ids and per node id (with its default-left flag in bit 7 when the columns are features') and limit. */
function levelBytes(mode: number, width: number): number {
  if (mode === 0) return 1;
  return 1 + 16 * (mode & 127) + 2 * width;
}

/** How many tree levels of a forest's level programs go column by column (`featureColumns`: only those reading the features' own columns). */
function columnLevels(forest: BinnedForest, program = forest.levels!, featureColumns = false): number {
  const view = new DataView(program.buffer);
  let count = 0;
  forest.depths.forEach((depth, t) => {
    let at = view.getInt32(LEVELS_HEADER_BYTES + 4 * t, true);
    for (let d = 0; d < depth; d++) {
      const nCols = program[at];
      if (featureColumns ? nCols & 128 : nCols > 0) count++;
      at += levelBytes(nCols, 2 ** d);
    }
  });
  return count;
}

describe('predictBinnedComplete with level programs', () => {
  it('equals every level node by node and the scalar twin on any bytes, with levels chosen by cost or all by column', () => {
    const rng = new Random(11);
    for (const nf of [1, 6, 40]) {
      const trees = mixedForest(rng, nf);
      const binning = ThresholdBinning.fromTrees(trees, features(nf));
      const forest = new BinnedForest(trees, binning);
      // Not a multiple of the 64-row group; in-range bins, 255 (missing) and out-of-range codes.
      const m = 64 * 5 + 27;
      const bins = Uint8Array.from({ length: m * nf }, () => (rng.next() < 0.15 ? MISSING_BIN : rng.int(256)));
      const programs = [forest.levels!, packLevelPrograms(forest.complete!, nf, 'every'), packLevelPrograms(forest.complete!, nf, 'everyByFeature')];
      expect(columnLevels(forest, programs[2], true)).toBe(columnLevels(forest, programs[1]));
      expect(columnLevels(forest, programs[1], true)).toBe(0);
      for (const levels of programs) {
        for (const proba of [0, 1]) {
          const [gather, nodes, naive] = kernelScores(forest, levels, bins, m, proba);
          expect(bitMismatches(gather, naive)).toBe(0);
          expect(bitMismatches(nodes, naive)).toBe(0);
        }
      }
    }
  });

  it('goes column by column where a level reuses few columns and node by node on wide or varied levels', () => {
    const rng = new Random(12);
    // One feature everywhere: every level from 8 nodes up to 32 goes by column; 64 and more never; the first
    // three node by node (the kernel evaluates them together).
    const drawn = randomTree(rng, 1, 8, 0);
    // Missing values all right, so the level's nodes share one column (not also its plus-one copy).
    const full = [new Tree({ ...drawn, defaultLeft: new Uint8Array(drawn.defaultLeft.length) })];
    const oneFeature = new BinnedForest(full, ThresholdBinning.fromTrees(full, features(1)));
    const program = oneFeature.levels!;
    const view = new DataView(program.buffer);
    let at = view.getInt32(LEVELS_HEADER_BYTES, true);
    const modes: number[] = [];
    for (let d = 0; d < 8; d++) {
      const width = 2 ** d;
      const nCols = program[at];
      modes.push(nCols);
      at += levelBytes(nCols, width);
    }
    expect(modes).toEqual([0, 0, 0, 1, 1, 1, 0, 0]);
    // 128 features: column ids up to 255 still fit a byte; 129 do not, and the trees are scored node by node.
    const wideForest = (nf: number) => {
      const wide = Array.from({ length: 10 }, () => randomTree(rng, nf, 6, 0));
      return new BinnedForest(wide, ThresholdBinning.fromTrees(wide, features(nf)));
    };
    expect(columnLevels(wideForest(128))).toBeGreaterThan(0);
    const forest = wideForest(129);
    expect(forest.complete).not.toBeNull();
    expect(columnLevels(forest)).toBe(0);
  });

  it('gives PackedForest\'s float-kernel scores on raw rows with missing values, through the binned path', () => {
    const rng = new Random(13);
    const nf = 9;
    const trees = Array.from({ length: 80 }, (_, k) => randomTree(rng, nf, 1 + (k % 7), k % 2 === 0 ? 0 : 0.25));
    const nRows = CHUNK_ROWS + 700;
    const columns = Array.from({ length: nf }, () => Float32Array.from({ length: nRows }, () => {
      const u = rng.next();
      return u < 0.12 ? NaN : u < 0.4 ? (rng.int(41) - 20) / 16 : rng.next() * 3 - 1.5;
    }));
    const viaBins = new PackedForest(trees, nf);
    expect(columnLevels(viaBins.binned!.forest)).toBeGreaterThan(0);
    const floats = new PackedForest(trees, nf, 'complete');
    const binning = viaBins.binned!.binning;
    const nodes = new BinnedForest(trees, binning, 'nodes');
    expect(columnLevels(nodes)).toBe(0);
    for (const proba of [false, true]) {
      const reference = floats.predict(columns, nRows, 0.2, proba);
      expect(bitMismatches(viaBins.predict(columns, nRows, 0.2, proba), reference)).toBe(0);
      expect(bitMismatches(nodes.predict(binning.binColumns(columns, nRows), nRows, 0.2, proba), reference)).toBe(0);
    }
  });

  it('scores Give Me Some Credit with a 100-tree depth-6 model exactly as the float kernel and the node-by-node kernel do', async () => {
    const ds = await readCsvFile(new URL('../../../data/give-me-some-credit.csv.gz', import.meta.url).pathname);
    const { X, y } = splitTarget(ds.drop(['Id']), 'SeriousDlqin2yrs');
    const train = Array.from({ length: 20000 }, (_, i) => i);
    const model = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6, seed: 3 });
    model.fit(X.take(train), Float64Array.from(train, (i) => y[i]));
    const trees = model.getTrees();
    const nf = model.featureSpecs.length;
    const columns = model.featureSpecs.map((f) => X.column(f.name).values as Float32Array);
    const nRows = X.nRows;
    const viaBins = new PackedForest(trees, nf);
    expect(columnLevels(viaBins.binned!.forest)).toBeGreaterThan(0);
    // Missing incomes go both ways: some levels read the features' own columns, adding the default-left flags.
    expect(columnLevels(viaBins.binned!.forest, undefined, true)).toBeGreaterThan(0);
    const reference = new PackedForest(trees, nf, 'complete').predict(columns, nRows, model.baseScoreMargin, true);
    expect(bitMismatches(viaBins.predict(columns, nRows, model.baseScoreMargin, true), reference)).toBe(0);
    expect(bitMismatches(model.predictProba(X), reference)).toBe(0);
    const nodes = new BinnedForest(trees, viaBins.binned!.binning, 'nodes');
    expect(bitMismatches(nodes.predict(viaBins.binned!.binning.binColumns(columns, nRows), nRows, model.baseScoreMargin, true), reference)).toBe(0);
    // Rows with a missing MonthlyIncome are among them.
    expect(X.column('MonthlyIncome').values.some((v) => Number.isNaN(v))).toBe(true);
  }, 120_000);
});
