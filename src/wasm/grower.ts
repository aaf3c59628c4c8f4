import { CreditkitError } from '../errors.js';
import type { TreeNodeArrays } from './treeNodeArrays.js';
import type { Heap, Scope } from './heap.js';
import {
  type GrowerLayout, type GrowPolicy, type GrowStage, HIST_FEATURE_BYTES, HIST_SLOT_FEATURE_BYTES, readGrowerLayout, TREE_F64_GLOBALS, TREE_I32_GLOBALS,
} from './layout.js';
import { getRuntime, type KernelExports } from './load.js';

/**
 * The one driver of the wasm grower (assembly/grower.ts growTree and
 * growTreeCart): it sizes the tree and histogram pools, writes the parameter
 * block, owns the row blocks and pools of a fit, and hands grown trees back
 * as named arrays. The boosting loop, the CART fits and the training worker
 * threads (each with its own instance) all use it.
 */

/** How the trees of a fit are grown. */
export interface GrowParams {
  /** L2 and L1 penalties on leaf weights, and the minimum split gain. */
  lambda: number;
  alpha: number;
  gamma: number;
  /** Minimum hessian sum of each child. */
  minChildWeight: number;
  learningRate: number;
  /** Deepest level grown (a finite limit: callers resolve "no limit"). */
  maxDepth: number;
  /** 0 = no leaf limit. */
  maxLeaves: number;
  policy: GrowPolicy;
  /** Time the grower's stages (`GrowerSession.stageTimes`). */
  profile: boolean;
  /**
   * Quantized gradients (boosting only; none when omitted): the rows' binned
   * matrix needs 2 spare bytes per row (stride >= nFeatures + 2), where each
   * round's levels go (assembly/quantize.ts).
   */
  quantization?: Quantization | null;
}

/** How a fit quantizes its gradients (the same on every thread; see models/gbdt/quantizedGradients.ts). */
export interface Quantization {
  /** The value of one gradient level and of one hessian level (powers of two). */
  gScale: number;
  hScale: number;
  /** qg in [-gLevels, gLevels], qh in [0, hLevels]. */
  gLevels: number;
  hLevels: number;
  /** Node sizes up to which a histogram entry packs (Σqg, Σqh) into one i32. */
  packRows: number;
  /** Seed of the stochastic rounding (with the round and the row index). */
  seed: number;
}

/** Pool sizes of a fit, the same for every thread that grows its trees. */
export interface GrowPlan {
  /** Most internal nodes + 1 (even, so the f64 arrays of the tree block stay 8-byte aligned). */
  capacity: number;
  /** Histograms kept at once. */
  nSlots: number;
  /** Bytes of the histogram pool: nSlots histograms and their occupancy bitmaps. */
  histBytes: number;
}

/** Largest histogram pool a fit may ask for. */
const MAX_HIST_BYTES = 2 ** 31;

/** The tree's size bounds and the histograms it needs, for trees over `nRows` rows of `nFeatures` features. */
export function planGrowth(params: Pick<GrowParams, 'maxDepth' | 'maxLeaves' | 'policy' | 'quantization'>, nRows: number, nFeatures: number): GrowPlan {
  const byDepth = 2 ** Math.min(params.maxDepth, 30);
  const byLeaves = params.maxLeaves > 0 ? params.maxLeaves : Infinity;
  let capacity = Math.max(2, Math.min(byDepth, byLeaves, nRows));
  capacity += capacity & 1;
  // Depth-first growth keeps at most one pending sibling per level.
  const nSlots = params.policy === 'depthwise' && params.maxLeaves === 0 ? Math.min(params.maxDepth + 2, capacity) : capacity;
  // The pool: each slot's histogram and occupancy bitmap, and in quantized training one more histogram's room (the integer scratch).
  const histBytes = nSlots * nFeatures * HIST_SLOT_FEATURE_BYTES + (params.quantization ? nFeatures * HIST_FEATURE_BYTES : 0);
  if (histBytes > MAX_HIST_BYTES) {
    throw new CreditkitError('E_OPTION', `histograms would need ${(histBytes / 2 ** 20).toFixed(0)} MiB: lower maxLeaves or maxDepth`);
  }
  return { capacity, nSlots, histBytes };
}

/**
 * The depth limit of depth-first growth without one: it keeps one histogram
 * per level, so the limit bounds that memory (256 MiB, plus 1/128 for the
 * occupancy bitmaps: the limit, a model option's default, stays what it was),
 * between 32 and 128 levels.
 */
export function depthFirstDepthLimit(nFeatures: number): number {
  const perLevel = nFeatures * HIST_FEATURE_BYTES;
  return Math.max(32, Math.min(128, Math.floor(2 ** 28 / perLevel) - 2));
}

/** The features one thread searches splits over, [start, end), and the number of threads growing the tree. */
export interface FeatureShare {
  featureStart: number;
  featureEnd: number;
  threads: number;
  /** Index of this thread's first row in the whole training set (0 when omitted): quantized rounding draws by it. */
  rowStart?: number;
}

const layouts = new WeakMap<KernelExports, GrowerLayout>();

/** growTree's layout as the loaded binary defines it (read once per instance). */
export function growerLayout(kernels: KernelExports): GrowerLayout {
  let layout = layouts.get(kernels);
  if (layout === undefined) {
    layout = readGrowerLayout(kernels as unknown as Record<string, unknown>);
    layouts.set(kernels, layout);
  }
  return layout;
}

/** growTree's f64 parameter block for these parameters, plan and feature share. */
export function growParamBlock(layout: GrowerLayout, params: GrowParams, plan: GrowPlan, share: FeatureShare): Float64Array {
  const block = new Float64Array(layout.paramCount);
  const at = layout.param;
  block[at.lambda] = params.lambda;
  block[at.alpha] = params.alpha;
  block[at.gamma] = params.gamma;
  block[at.minChildWeight] = params.minChildWeight;
  block[at.learningRate] = params.learningRate;
  block[at.maxDepth] = params.maxDepth;
  block[at.maxLeaves] = params.maxLeaves;
  block[at.growPolicy] = layout.policy[params.policy];
  block[at.nSlots] = plan.nSlots;
  block[at.capacity] = plan.capacity;
  block[at.featureStart] = share.featureStart;
  block[at.featureEnd] = share.featureEnd;
  block[at.threads] = share.threads;
  block[at.profile] = params.profile ? 1 : 0;
  const q = params.quantization;
  block[at.quantGScale] = q ? q.gScale : 0;
  block[at.quantHScale] = q ? q.hScale : 0;
  block[at.quantPackRows] = q ? q.packRows : 0;
  block[at.quantGLevels] = q ? q.gLevels : 0;
  block[at.quantHLevels] = q ? q.hLevels : 0;
  block[at.quantSeed] = q ? q.seed : 0;
  block[at.quantRound] = 0;
  block[at.quantRowStart] = share.rowStart ?? 0;
  return block;
}

/**
 * A grown tree as the grower writes it (see treeOutBytes in
 * assembly/grower.ts): internal nodes in split order; split bins, not
 * thresholds, and the missing-value direction as the kernel's i32.
 */
export interface GrownTree extends TreeNodeArrays {
  bin: Int32Array;
  defaultLeft: Int32Array;
}

/** The rows a session grows trees over: binned by the caller into its scope. */
export interface GrowerRows {
  /** u8 [nRows × stride] binned matrix (BinMapper.transformInto). */
  bins: number;
  stride: number;
  nRows: number;
  nFeatures: number;
  /** Non-missing bins per feature. */
  nBins: Uint32Array;
  /** Monotone constraint per feature (-1, 0, +1); none when omitted. */
  monotone?: Int8Array;
}

/**
 * The wasm memory of growing trees over one binned matrix: gradient pairs,
 * row blocks, feature mask, histogram and node pools, parameter block and
 * tree block, all in the caller's scope (freed with it).
 */
export class GrowerSession {
  readonly plan: GrowPlan;
  readonly nRows: number;
  readonly nFeatures: number;
  private readonly kernels: KernelExports;
  private readonly heap: Heap;
  private readonly scope: Scope;
  /** Whether work block 2 is allocated (CART trees only: boosting partitions in place in block 1). */
  private secondWorkBlock = false;
  private readonly layout: GrowerLayout;
  private readonly rows: GrowerRows;
  private readonly gh: number;
  private readonly blocks: number;
  private readonly nBins: number;
  private readonly mask: number;
  private readonly monotone: number;
  private readonly histPool: number;
  private readonly slotStack: number;
  private readonly nodePool: number;
  private readonly params: number;
  private readonly treeOut: number;
  private readonly nodeScratch: number;
  private readonly quantization: Quantization | null;
  private nLeaves = 0;
  /** Trees grown so far: the round number of quantized rounding. */
  private rounds = 0;

  constructor(scope: Scope, rows: GrowerRows, params: GrowParams, plan: GrowPlan, share?: FeatureShare) {
    const { kernels, heap } = getRuntime();
    this.kernels = kernels;
    this.heap = heap;
    this.layout = growerLayout(kernels);
    this.rows = rows;
    this.plan = plan;
    const n = rows.nRows;
    const nf = rows.nFeatures;
    this.nRows = n;
    this.nFeatures = nf;
    this.quantization = params.quantization ?? null;
    if (this.quantization && rows.stride < nf + 2) {
      throw new Error(`quantized gradients need 2 spare bytes per binned row: stride ${rows.stride} for ${nf} features`);
    }
    this.gh = scope.alloc(n * 16);
    this.scope = scope;
    this.blocks = allocRowBlocks(scope, heap, kernels.rowBlockBytes(), rows.bins, this.gh, n, rows.stride);
    this.nBins = scope.copyIn(rows.nBins);
    this.mask = scope.alloc(nf);
    heap.u8(this.mask, nf).fill(1);
    this.monotone = rows.monotone ? scope.copyIn(rows.monotone) : scope.alloc(nf);
    if (!rows.monotone) heap.i8(this.monotone, nf).fill(0);
    this.histPool = scope.alloc(plan.histBytes);
    // Before the first tree any histogram entry may be non-zero: every occupancy bit set (growTree's contract).
    const occupancyStart = (plan.nSlots + (params.quantization ? 1 : 0)) * nf * HIST_FEATURE_BYTES;
    heap.u8(this.histPool + occupancyStart, plan.histBytes - occupancyStart).fill(0xff);
    this.slotStack = scope.alloc(plan.nSlots * 4);
    this.nodePool = scope.alloc(plan.capacity * kernels.nodeRecordBytes());
    this.params = scope.copyIn(growParamBlock(this.layout, params, plan, share ?? { featureStart: 0, featureEnd: nf, threads: 1 }));
    this.treeOut = scope.alloc(kernels.treeOutBytes(plan.capacity));
    this.nodeScratch = scope.alloc(kernels.nodeSamplingBytes(nf));
  }

  /** Pointer to the f64 [2 × nRows] (gradient, hessian) pairs the next tree is grown on (logisticGradHess's output). */
  get gradientPairs(): number {
    return this.gh;
  }

  /** A view of the gradient pairs, to fill from TypeScript (take it after the last allocation). */
  gradientView(): Float64Array {
    return this.heap.f64(this.gh, 2 * this.nRows);
  }

  /** Marks the features usable in the next tree (all 1 until set). */
  setFeatureMask(mask: Uint8Array): void {
    this.heap.u8(this.mask, this.nFeatures).set(mask);
  }

  /** Sets the features this thread searches, in a multi-threaded fit. */
  setFeatureShare(share: FeatureShare): void {
    const p = this.heap.f64(this.params, this.layout.paramCount);
    p[this.layout.param.featureStart] = share.featureStart;
    p[this.layout.param.featureEnd] = share.featureEnd;
    p[this.layout.param.threads] = share.threads;
  }

  /**
   * Grows one boosting tree over the first `nUsed` rows of `sample` (u32
   * row indices; 0 = every row). With `scores` (f64 [nRows], not 0) each
   * used row's leaf value is added to it. Returns the number of leaves.
   */
  grow(sample: number, nUsed: number, scores: number): number {
    const r = this.rows;
    // Quantized training: the round numbers the rounding's draws (the grower rounds each root's rows).
    if (this.quantization) this.heap.f64(this.params, this.layout.paramCount)[this.layout.param.quantRound] = this.rounds;
    this.rounds++;
    this.nLeaves = this.kernels.growTree(
      this.blocks, r.stride, r.nFeatures, this.nBins, this.mask, this.monotone, sample, nUsed,
      this.histPool, this.slotStack, this.nodePool, this.params, this.treeOut, scores,
    );
    return this.nLeaves;
  }

  /**
   * Grows one CART tree over every row (assembly/grower.ts growTreeCart): nodes
   * lighter than `minSplitWeight` stay leaves; `nodeFeatures` > 0 draws that
   * many features per node, seeded by `seed`. Returns the number of leaves.
   */
  growCart(minSplitWeight: number, nodeFeatures: number, seed: number): number {
    const r = this.rows;
    if (!this.secondWorkBlock) {
      setRowBlock(this.heap, this.blocks, this.kernels.rowBlockBytes(), 2, allocWorkBlock(this.scope, r.nRows, r.stride));
      this.secondWorkBlock = true;
    }
    this.nLeaves = this.kernels.growTreeCart(
      this.blocks, r.stride, r.nFeatures, this.nBins, this.mask, this.monotone, 0, r.nRows,
      this.histPool, this.slotStack, this.nodePool, this.params, this.treeOut, 0,
      minSplitWeight, nodeFeatures, seed >>> 0, this.nodeScratch,
    );
    return this.nLeaves;
  }

  /** Adds the last grown tree's leaf values to `scores` (f64 [nRows]) for the binned rows `bins` (traversal). */
  addTree(bins: number, nRows: number, scores: number): void {
    this.kernels.addTreeBinned(bins, this.rows.stride, nRows, this.treeOut, this.plan.capacity, this.nLeaves, scores);
  }

  /** The last grown tree, copied out of wasm memory. */
  tree(): GrownTree {
    const { heap, treeOut, layout } = this;
    const cap = this.plan.capacity;
    const ni = this.nLeaves - 1;
    const f64Base = treeOut + layout.treeI32Count * cap * 4;
    const out = {} as GrownTree;
    for (const name of Object.keys(TREE_I32_GLOBALS) as (keyof typeof TREE_I32_GLOBALS)[]) {
      out[name] = heap.i32(treeOut + layout.treeI32[name] * cap * 4, ni).slice();
    }
    for (const name of Object.keys(TREE_F64_GLOBALS) as (keyof typeof TREE_F64_GLOBALS)[]) {
      const length = name === 'leafValue' || name === 'leafCover' ? this.nLeaves : ni;
      out[name] = heap.f64(f64Base + layout.treeF64[name] * cap * 8, length).slice();
    }
    return out;
  }

  /** The grower's stage timers (milliseconds since resetStageTimes), when grown with `profile`. */
  stageTimes(): Record<GrowStage, number> {
    const t = this.heap.f64(this.kernels.growStageTimes(), this.layout.stageCount);
    const at = this.layout.stage;
    return { histogram: t[at.histogram], split: t[at.split], partition: t[at.partition], leaves: t[at.leaves] };
  }

  /** Zeroes the grower's stage timers. */
  resetStageTimes(): void {
    this.kernels.resetStageTimes();
  }
}

/**
 * The row blocks of the grower (assembly/rowblock.ts): block 0 is the full
 * binned matrix with its gradients and an identity row list; block 1 is the
 * work space boosting trees partition node rows in (in place, after the
 * root's copy out of block 0). Block 2, the second work block CART trees copy
 * rows into in order, is left empty here and allocated by the first growCart.
 */
function allocRowBlocks(scope: Scope, heap: Heap, blockBytes: number, bins: number, gh: number, n: number, stride: number): number {
  const blocks = scope.alloc(3 * blockBytes);
  const identity = scope.alloc(n * 4);
  const ids = heap.u32(identity, n);
  for (let i = 0; i < n; i++) ids[i] = i;
  setRowBlock(heap, blocks, blockBytes, 0, [bins, gh, identity]);
  setRowBlock(heap, blocks, blockBytes, 1, allocWorkBlock(scope, n, stride));
  setRowBlock(heap, blocks, blockBytes, 2, [0, 0, 0]);
  return blocks;
}

/** Room for n rows of a row block: bins (plus a v128 of slack), gradient pairs, row ids. */
function allocWorkBlock(scope: Scope, n: number, stride: number): [number, number, number] {
  return [scope.alloc(n * stride + 16), scope.alloc(n * 16), scope.alloc(n * 4)];
}

function setRowBlock(heap: Heap, blocks: number, blockBytes: number, index: number, ptrs: [number, number, number]): void {
  heap.u32(blocks + index * blockBytes, 3).set(ptrs);
}
