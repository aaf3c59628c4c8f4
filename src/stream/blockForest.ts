import type { Classifier } from '../models/classifier.js';
import { GROUP_WORK_BYTES } from '../models/predict/binnedCompleteKernel.js';
import type { CompleteForest } from '../models/predict/completeTrees.js';
import { binLookupColumn } from '../models/predict/lookupBinning.js';
import { PackedForest } from '../models/predict/packedForest.js';
import { blockBytes } from '../models/predict/thresholdLookup.js';
import type { ThresholdLookup } from '../models/predict/thresholdLookup.js';
import { PackedTreeModel } from '../models/trees/packedTreeModel.js';
import { Scope } from '../wasm/heap.js';
import type { Runtime } from '../wasm/load.js';

/**
 * A tree model's PD scoring of float columns that already sit in wasm memory
 * (the CSV record session's), without copying them out: each column binned
 * by the trees' threshold table straight into predictBinnedBlocks' transposed
 * blocks (binColumnToBlocks), then scored with the sigmoid in wasm — the
 * kernels and the packing `predictProba` runs on the same rows (PackedForest's
 * binned path), so the PDs are its PDs bit for bit. Its wasm memory (the
 * forest, the lookup tables, the blocks and the PDs of up to `maxRows` rows)
 * is allocated once and freed by `free`.
 */
export class BlockForest {
  private readonly scope: Scope;
  private readonly lookup: ThresholdLookup;
  private readonly cuts: number;
  private readonly tables: number;
  private readonly slots: number;
  private readonly trees: number;
  private readonly nTrees: number;
  private readonly levels: number;
  private readonly pos: number;
  private readonly blocks: number;
  /** f64 [maxRows]: the PDs of the last `score`. */
  readonly pd: number;

  private constructor(
    private readonly rt: Runtime, forest: PackedForest & { binned: NonNullable<PackedForest['binned']> }, private readonly base: number,
    private readonly nFeatures: number, readonly maxRows: number,
  ) {
    const { binning, forest: binned } = forest.binned;
    const complete = binned.complete as CompleteForest;
    this.lookup = binning.lookup;
    this.scope = new Scope(rt.heap);
    try {
      this.cuts = this.scope.copyIn(this.lookup.cuts);
      this.tables = this.scope.copyIn(this.lookup.tables);
      this.slots = this.scope.copyIn(complete.slots);
      this.trees = this.scope.copyIn(complete.trees);
      this.nTrees = complete.trees.length / 2;
      this.levels = binned.levels ? this.scope.copyIn(binned.levels) : 0;
      this.pos = this.scope.alloc(GROUP_WORK_BYTES);
      this.blocks = this.scope.alloc(blockBytes(maxRows, nFeatures));
      this.pd = this.scope.alloc(8 * maxRows);
    } catch (e) {
      this.scope.freeAll();
      throw e;
    }
  }

  /**
   * The scorer of `model` when its predictProba is a forest scored through
   * the binned kernels (a tree model whose PD is the sigmoid of base + the sum
   * of its trees, at most BINNED_PATH_MAX_DEPTH deep, at most 254 thresholds a
   * feature); null otherwise.
   */
  static create(rt: Runtime, model: Classifier, maxRows: number): BlockForest | null {
    if (!(model instanceof PackedTreeModel) || !model.isFitted) return null;
    const { trees, base, scale, link = 'logit' } = model.treeEnsemble();
    if (link !== 'logit' || scale !== 1) return null;
    const nFeatures = model.featureSpecs.length;
    const forest = new PackedForest(trees, nFeatures);
    if (forest.binned === null || forest.binned.forest.complete === null) return null;
    return new BlockForest(rt, forest as PackedForest & { binned: NonNullable<PackedForest['binned']> }, base, nFeatures, maxRows);
  }

  /**
   * PDs of `rows` rows (≤ maxRows) into `pd`; feature f's f32 values are at
   * `column(f)`. False, with nothing else changed, when a value is ±Infinity
   * (predictProba's E_NONFINITE: the caller lets the usual path report it).
   */
  score(column: (f: number) => number, rows: number): boolean {
    const k = this.rt.kernels;
    const nf = this.nFeatures;
    for (let f = 0; f < nf; f++) {
      if (binLookupColumn(k, this.lookup, this.cuts, this.tables, column(f), rows, f, this.blocks, nf, true) >= 0) return false;
    }
    k.predictBinnedBlocks(this.blocks, nf, rows, this.slots, this.trees, this.nTrees, this.levels, this.base, 1, this.pos, this.pd);
    return true;
  }

  free(): void {
    this.scope.freeAll();
  }
}
