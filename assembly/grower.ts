import {
  TREE_I32_ARRAYS, TREE_I32_FEATURE, TREE_I32_BIN, TREE_I32_DEFAULT_LEFT, TREE_I32_LEFT, TREE_I32_RIGHT,
  TREE_F64_ARRAYS, TREE_F64_GAIN, TREE_F64_COVER, TREE_F64_WEIGHT, TREE_F64_LEAF_VALUE, TREE_F64_LEAF_COVER,
  BINS_PER_FEATURE, HIST_ENTRY_BYTES, OCCUPANCY_FEATURE_BYTES, GROW_LOSSGUIDE,
  P_ALPHA, P_CAPACITY, P_GAMMA, P_GROW_POLICY, P_LAMBDA, P_LEARNING_RATE,
  P_MAX_DEPTH, P_MAX_LEAVES, P_MIN_CHILD_WEIGHT, P_N_SLOTS,
  P_FEATURE_START, P_FEATURE_END, P_THREADS, P_PROFILE, P_QUANT_G_SCALE, P_QUANT_H_SCALE, P_QUANT_PACK_ROWS,
  P_QUANT_G_LEVELS, P_QUANT_H_LEVELS, P_QUANT_SEED, P_QUANT_ROUND, P_QUANT_ROW_START,
  STAGE_HISTOGRAM, STAGE_SPLIT, STAGE_PARTITION, STAGE_LEAVES, STAGE_COUNT,
} from './common';
import { subtractHistogram } from './histogram';
import { buildHistogramQuantized, buildRootHistogramQuantized } from './histogramQuantized';
import { buildHistogramMarked, markFull, subtractOccupied } from './occupancy';
import { sumSplitSides } from './quantize';
import { NodeRec } from './node';
import { addSplitLeaves, gatherRows, splitRows } from './partition';
import { partitionRowsInPlace } from './partitionInPlace';
import { RowBlock } from './rowblock';
import { findBestSplit, leafWeight } from './split';
import { findSplitSampled, seedNodeSampling } from './nodeSampling';

// Output of growTree: parallel arrays with `capacity` entries each, laid out
// one after the other in the `out` block. Internal nodes are numbered in the
// order they are split (the root is 0, a child always has a larger id than its
// parent); children are internal ids (>= 0) or ~leafIndex (< 0).
//   i32: feature, bin, defaultLeft, left, right
//   f64: gain, cover (hessian sum), weight (shrunk), leafValue (shrunk), leafCover
// in the order of the TREE_I32_* and TREE_F64_* indices (common.ts).
export function treeOutBytes(capacity: i32): i32 {
  return capacity * (TREE_I32_ARRAYS * 4 + TREE_F64_ARRAYS * 8);
}

// @ts-ignore: decorator
@inline
function i32At(out: usize, capacity: i32, array: i32, index: i32): usize {
  return out + <usize>(array * capacity + index) * 4;
}

// @ts-ignore: decorator
@inline
function f64At(out: usize, capacity: i32, array: i32, index: i32): usize {
  return out + <usize>(TREE_I32_ARRAYS * capacity * 4) + <usize>(array * capacity + index) * 8;
}

function histAt(pool: usize, slot: i32, nFeatures: i32): usize {
  return pool + <usize>slot * <usize>nFeatures * <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES;
}

// The pool's occupancy bitmaps (occupancy.ts) follow its nSlots histograms.
let occupancyBase: usize = 0;

function occupancyAt(slot: i32, nFeatures: i32): usize {
  return occupancyBase + <usize>slot * <usize>nFeatures * <usize>OCCUPANCY_FEATURE_BYTES;
}

/**
 * Builds the histogram of rows start..end into a slot and keeps its
 * occupancy bitmap valid; with several threads, sums the threads' histograms
 * (whose entries this thread's bitmap does not know: it is marked full).
 */
function buildSlot(bins: usize, stride: i32, nFeatures: i32, gh: usize, start: i32, end: i32, histPool: usize, slot: i32, threaded: bool): void {
  const h = histAt(histPool, slot, nFeatures);
  const occ = occupancyAt(slot, nFeatures);
  if (quantG > 0.0) {
    // Quantized training writes every entry of the table: the bitmap is full.
    buildHistogramQuantized(bins, stride, nFeatures, start, end, quantScratch, h, quantG, quantH, quantPackRows);
    markFull(occ, nFeatures);
  } else buildHistogramMarked(bins, stride, nFeatures, gh, start, end, h, occ);
  if (threaded) {
    reduceHistogram(h);
    markFull(occ, nFeatures);
  }
}

// Free histogram slots, as a stack held in module globals for one growTree call.
let freeSlots: usize = 0;
let nFree: i32 = 0;

function takeSlot(): i32 {
  if (nFree == 0) return -1;
  nFree--;
  return load<i32>(freeSlots + (<usize>nFree << 2));
}

function releaseSlot(slot: i32): void {
  if (slot < 0) return;
  store<i32>(freeSlots + (<usize>nFree << 2), slot);
  nFree++;
}

// Multi-threaded training (P_THREADS > 1). Every thread grows the same tree
// in lock step over its own share of the rows: it partitions its rows and
// builds histograms of them; the host sums the threads' histograms, each
// thread searches splits over its own range of features, and the host hands
// every thread the best split. Gradients and hessians are rounded to a grid
// fine enough that every sum of them is exact (logisticGradHess), so the
// sums, and the tree, are the same whatever the thread count and row shares.
// The host functions below block until every thread has called them.

/** Sets the node's sumG and sumH to the sums over every thread's rows. */
// @ts-ignore: decorator
@external("env", "reduceSums")
declare function reduceSums(node: usize): void;

/**
 * `hist` holds the histogram of this thread's rows of a node; afterwards its
 * entries for this thread's features hold the histogram of all threads' rows
 * (the other features' entries are left as they were, and never read).
 */
// @ts-ignore: decorator
@external("env", "reduceHistogram")
declare function reduceHistogram(hist: usize): void;

/**
 * Publishes the splits this thread found for up to two nodes (b = 0: one)
 * over its features, and leaves in each node the best over all threads: the
 * largest gain, ties to the lowest feature, which is the split one thread
 * scanning every feature picks. Reads and writes NodeRec's split fields
 * (NODE_* in node.ts).
 */
// @ts-ignore: decorator
@external("env", "exchangeSplits")
declare function exchangeSplits(a: usize, b: usize): void;

/** Milliseconds since some origin (the host's performance.now); called only when P_PROFILE is set. */
// @ts-ignore: decorator
@external("env", "now")
declare function now(): f64;

// Milliseconds spent in each stage of growTree since the last resetStageTimes
// (STAGE_* in common.ts), when the parameter block's P_PROFILE is set.
const stageTimes: usize = memory.data(STAGE_COUNT * 8, 16);
let profiling = false;
let stageStart: f64 = 0.0;

/** The stage timers (f64 [STAGE_COUNT], milliseconds). */
export function growStageTimes(): usize {
  return stageTimes;
}

export function resetStageTimes(): void {
  memory.fill(stageTimes, 0, STAGE_COUNT * 8);
}

// @ts-ignore: decorator
@inline
function stageBegin(): void {
  if (profiling) stageStart = now();
}

/** Adds the time since stageBegin to `stage` (with several threads, waiting for partners included). */
// @ts-ignore: decorator
@inline
function stageEnd(stage: i32): void {
  if (profiling) {
    const p = stageTimes + (<usize>stage << 3);
    store<f64>(p, load<f64>(p) + now() - stageStart);
  }
}

/**
 * findBestSplit over this thread's features f0 .. f0 + nLocal - 1, or a node
 * too light to split, or the split search over a per-node feature draw
 * (CART, always one thread). With several threads, exchangeSplits follows.
 */
// @ts-ignore: decorator
@inline
function findSplit(
  node: NodeRec, hist: usize, nFeatures: i32, nBins: usize, mask: usize, monotone: usize,
  lambda: f64, alpha: f64, gamma: f64, minChildWeight: f64,
  minSplitWeight: f64, nodeFeatures: i32, nodeScratch: usize,
  f0: i32, nLocal: i32,
): void {
  if (node.sumH < minSplitWeight) node.splittable = 0;
  else if (nodeFeatures > 0) findSplitSampled(node, hist, nFeatures, nBins, mask, monotone, lambda, alpha, gamma, minChildWeight, nodeFeatures, nodeScratch);
  else {
    findBestSplit(
      node, hist + featureHistOffset(f0), nLocal, nBins + (<usize>f0 << 2), mask + <usize>f0, monotone + <usize>f0,
      lambda, alpha, gamma, minChildWeight, occupancyAt(node.slot, nFeatures) + <usize>f0 * <usize>OCCUPANCY_FEATURE_BYTES,
    );
    if (node.splittable != 0) node.feature += f0;
  }
}

/** Byte offset of feature f's entries in a histogram. */
// @ts-ignore: decorator
@inline
function featureHistOffset(f: i32): usize {
  return <usize>f * <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES;
}

// Splittable nodes pending in depth-first CART growth (at most maxDepth + 1 <= 129 at a time).
const PENDING_CAPACITY: i32 = 1024;
const pending: usize = memory.data(PENDING_CAPACITY * 4, 16);
let nPending: i32 = 0;

function pushPending(rec: usize): void {
  if (nPending >= PENDING_CAPACITY) return; // unreachable with maxDepth <= 128: the node would stay a leaf
  store<u32>(pending + (<usize>nPending << 2), <u32>rec);
  nPending++;
}

function popPending(): usize {
  if (nPending == 0) return 0;
  nPending--;
  return <usize>load<u32>(pending + (<usize>nPending << 2));
}

// Quantized training (P_QUANT_G_SCALE > 0, see quantize.ts), for one growTree
// call: the level scales, the i32 packing limit and the integer scratch (the
// histogram pool's extra slot after its nSlots slots).
let quantG: f64 = 0.0;
let quantH: f64 = 0.0;
let quantPackRows: i32 = 0;
let quantScratch: usize = 0;

/**
 * Quantized training: a leaf's weight from the full-precision sums now in
 * its record (summed over every thread's rows), within its monotone bounds.
 */
function refitLeaf(node: NodeRec, threaded: bool, lambda: f64, alpha: f64): void {
  if (threaded) reduceSums(changetype<usize>(node));
  node.weight = leafWeight(node.sumG, node.sumH, lambda, alpha, node.lower, node.upper);
  node.refitted = 1;
}

/**
 * Quantized training, once the leaves are refitted: every internal node's
 * cover and weight from the full-precision sums of the leaves below it
 * (exact sums, see loss.ts), so covers add up as TreeSHAP expects. The
 * weights are not clamped to monotone bounds (they are only reported).
 */
function refitInternalNodes(out: usize, capacity: i32, nodePool: usize, nRecs: i32, nInternal: i32, lambda: f64, alpha: f64, eta: f64): void {
  const recBytes = <usize>offsetof<NodeRec>();
  // The weight array holds gradient sums until the last loop.
  for (let id = 0; id < nInternal; id++) {
    store<f64>(f64At(out, capacity, TREE_F64_WEIGHT, id), 0.0);
    store<f64>(f64At(out, capacity, TREE_F64_COVER, id), 0.0);
  }
  for (let leaf = 0; leaf < nRecs; leaf++) {
    const n = changetype<NodeRec>(nodePool + <usize>leaf * recBytes);
    if (n.parent < 0) continue;
    const g = f64At(out, capacity, TREE_F64_WEIGHT, n.parent);
    const h = f64At(out, capacity, TREE_F64_COVER, n.parent);
    store<f64>(g, load<f64>(g) + n.sumG);
    store<f64>(h, load<f64>(h) + n.sumH);
  }
  // A child's id is larger than its parent's: descending ids complete children first.
  for (let id = nInternal - 1; id >= 0; id--) {
    const g = f64At(out, capacity, TREE_F64_WEIGHT, id);
    const h = f64At(out, capacity, TREE_F64_COVER, id);
    for (let side = 0; side < 2; side++) {
      const c = load<i32>(i32At(out, capacity, side == 0 ? TREE_I32_LEFT : TREE_I32_RIGHT, id));
      if (c < 0) continue;
      store<f64>(g, load<f64>(g) + load<f64>(f64At(out, capacity, TREE_F64_WEIGHT, c)));
      store<f64>(h, load<f64>(h) + load<f64>(f64At(out, capacity, TREE_F64_COVER, c)));
    }
  }
  for (let id = 0; id < nInternal; id++) {
    const g = f64At(out, capacity, TREE_F64_WEIGHT, id);
    store<f64>(g, leafWeight(load<f64>(g), load<f64>(f64At(out, capacity, TREE_F64_COVER, id)), lambda, alpha, -Infinity, Infinity) * eta);
  }
}

function sumGradHess(gh: usize, start: i32, end: i32, node: NodeRec): void {
  let acc = f64x2.splat(0.0);
  for (let k = start; k < end; k++) acc = f64x2.add(acc, v128.load(gh + (<usize>k << 4)));
  node.sumG = f64x2.extract_lane(acc, 0);
  node.sumH = f64x2.extract_lane(acc, 1);
}

/** Writes `childRef` into the parent's left or right pointer (or nothing for the root). */
function linkToParent(out: usize, capacity: i32, node: NodeRec, childRef: i32): void {
  if (node.parent < 0) return;
  store<i32>(i32At(out, capacity, node.isLeft != 0 ? TREE_I32_LEFT : TREE_I32_RIGHT, node.parent), childRef);
}

/**
 * Grows one regression tree on (gradient, hessian) pairs from the binned matrix.
 *
 * Depth-wise growth expands the most recently created splittable node first
 * (depth-first, which needs only O(maxDepth) live histograms) or, when
 * maxLeaves is set, the shallowest; loss-guided growth expands the node with
 * the largest gain. A node's rows are split in place in work block 1
 * (partitionInPlace.ts: the order of the rows within a node changes, which
 * boosting's exact sums allow, see loss.ts); the root's are first copied there
 * out of the full matrix. Histograms: the smaller child's is built from its
 * now contiguous rows; the larger child's is the parent's minus the smaller's.
 * The gradient pairs must lie on loss.ts's exact grid (logisticGradHess).
 *
 * @param blocks    IN  RowBlock [3]: 0 = the full matrix (bins, gh, and an
 *                      identity row list), 1 = a work block of nRows rows
 *                      (2 is not used; growTreeCart's work block)
 * @param stride    bytes per row of bins
 * @param nBins     IN  u32 [nFeatures], non-missing bins per feature
 * @param mask      IN  u8 [nFeatures], features usable in this tree
 * @param monotone  IN  i8 [nFeatures]
 * @param sample    IN  u32 [nUsed]: the rows used by this tree, or 0 for all rows
 * @param histPool  scratch: nSlots histograms, f64 [nFeatures * BINS_PER_FEATURE * 2]
 *                  each, then their occupancy bitmaps, u8 [nFeatures *
 *                  OCCUPANCY_FEATURE_BYTES] each (occupancy.ts). Kept from call to
 *                  call: the bitmaps must be all ones before the first call
 *                  on a pool (any entry may be non-zero), and growTree keeps
 *                  them valid for the next.
 * @param slotStack scratch i32 [nSlots]
 * @param nodePool  scratch NodeRec [capacity]
 * @param params    IN  f64 [PARAM_COUNT]
 * @param out       OUT tree arrays, treeOutBytes(capacity) bytes
 * @param scores    IN/OUT f64 [nRows] raw scores, or 0: each used row's leaf
 *                  value is added as the tree is grown, which saves a
 *                  traversal (pass 0 with a row sample: the rows left out
 *                  need the traversal anyway)
 * @returns the number of leaves (internal nodes = leaves - 1)
 */
export function growTree(
  blocks: usize, stride: i32, nFeatures: i32, nBins: usize, mask: usize, monotone: usize,
  sample: usize, nUsed: i32,
  histPool: usize, slotStack: usize, nodePool: usize, params: usize, out: usize, scores: usize,
): i32 {
  return growTreeImpl(blocks, stride, nFeatures, nBins, mask, monotone, sample, nUsed, histPool, slotStack, nodePool, params, out, scores, false, 0.0, 0, 0, 0);
}

/**
 * growTree for CART-style trees (decision tree, random forest, AdaBoost):
 * the same grower plus two limits the boosting path does not use. Their
 * weights are not on an exact grid, so a node's sums depend on the order of
 * its rows: rows are copied in a fixed order (splitRows) between work blocks
 * 1 and 2 (`blocks` holds all three).
 *
 * @param minSplitWeight  a node whose hessian sum is below this is not split
 *                        (scikit-learn's min_samples_split on weights)
 * @param nodeFeatures    > 0: each node draws this many of the tree's usable
 *                        features (per-split feature sampling, as random
 *                        forests do); if none of them gives a valid split, it
 *                        keeps drawing one at a time, like scikit-learn
 * @param seed            seed of the node draws (xoshiro128**, see nodeSampling.ts)
 * @param nodeScratch     scratch nodeSamplingBytes(nFeatures) bytes (used when nodeFeatures > 0)
 * The other arguments are growTree's.
 */
export function growTreeCart(
  blocks: usize, stride: i32, nFeatures: i32, nBins: usize, mask: usize, monotone: usize,
  sample: usize, nUsed: i32,
  histPool: usize, slotStack: usize, nodePool: usize, params: usize, out: usize, scores: usize,
  minSplitWeight: f64, nodeFeatures: i32, seed: u32, nodeScratch: usize,
): i32 {
  return growTreeImpl(blocks, stride, nFeatures, nBins, mask, monotone, sample, nUsed, histPool, slotStack, nodePool, params, out, scores, true, minSplitWeight, nodeFeatures, seed, nodeScratch);
}

function growTreeImpl(
  blocks: usize, stride: i32, nFeatures: i32, nBins: usize, mask: usize, monotone: usize,
  sample: usize, nUsed: i32,
  histPool: usize, slotStack: usize, nodePool: usize, params: usize, out: usize, scores: usize,
  cart: bool, minSplitWeight: f64, nodeFeatures: i32, seed: u32, nodeScratch: usize,
): i32 {
  const lambda = load<f64>(params + (<usize>P_LAMBDA << 3));
  const alpha = load<f64>(params + (<usize>P_ALPHA << 3));
  const gamma = load<f64>(params + (<usize>P_GAMMA << 3));
  const minChildWeight = load<f64>(params + (<usize>P_MIN_CHILD_WEIGHT << 3));
  const eta = load<f64>(params + (<usize>P_LEARNING_RATE << 3));
  const maxDepth = <i32>load<f64>(params + (<usize>P_MAX_DEPTH << 3));
  const maxLeaves = <i32>load<f64>(params + (<usize>P_MAX_LEAVES << 3));
  const lossGuided = <i32>load<f64>(params + (<usize>P_GROW_POLICY << 3)) == GROW_LOSSGUIDE;
  const nSlots = <i32>load<f64>(params + (<usize>P_N_SLOTS << 3));
  const capacity = <i32>load<f64>(params + (<usize>P_CAPACITY << 3));
  const leafLimit = maxLeaves > 0 && maxLeaves < capacity ? maxLeaves : capacity;
  const recBytes = <usize>offsetof<NodeRec>();
  const blockBytes = <usize>offsetof<RowBlock>();
  const full = changetype<RowBlock>(blocks);
  // This thread's features (all of them unless training is feature-parallel).
  const threaded = <i32>load<f64>(params + (<usize>P_THREADS << 3)) > 1;
  const f0 = threaded ? <i32>load<f64>(params + (<usize>P_FEATURE_START << 3)) : 0;
  const nLocal = threaded ? <i32>load<f64>(params + (<usize>P_FEATURE_END << 3)) - f0 : nFeatures;
  const fOff = featureHistOffset(f0);
  profiling = load<f64>(params + (<usize>P_PROFILE << 3)) != 0.0;
  quantG = load<f64>(params + (<usize>P_QUANT_G_SCALE << 3));
  quantH = load<f64>(params + (<usize>P_QUANT_H_SCALE << 3));
  quantPackRows = <i32>load<f64>(params + (<usize>P_QUANT_PACK_ROWS << 3));
  const quant = quantG > 0.0;
  // The pool: nSlots histograms, then (quantized training) one slot of integer scratch, then the slots' bitmaps.
  quantScratch = histAt(histPool, nSlots, nFeatures);
  occupancyBase = histAt(histPool, nSlots + (quant ? 1 : 0), nFeatures);
  freeSlots = slotStack;
  nFree = 0;
  for (let s = nSlots - 1; s >= 0; s--) releaseSlot(s);

  // The pool holds exactly the current leaves of the tree: splitting a node
  // turns its record into the left child and appends the right child.
  let nRecs = 0;
  let nInternal = 0;
  let nextId = 1;

  const root = changetype<NodeRec>(nodePool);
  root.start = 0;
  root.end = nUsed;
  root.depth = 0;
  root.id = 0;
  root.parent = -1;
  root.isLeft = 0;
  root.lower = -Infinity;
  root.upper = Infinity;
  root.block = 0;
  root.refitted = 0;
  if (sample != 0) {
    // A row sample is gathered into work block 1 so that the root is contiguous too.
    stageBegin();
    gatherRows(full.bins, full.gh, sample, nUsed, stride, blocks + blockBytes);
    stageEnd(STAGE_PARTITION);
    root.block = 1;
  }
  const rootBlock = changetype<RowBlock>(blocks + <usize>root.block * blockBytes);
  root.splittable = 0;
  root.slot = -1;
  nRecs = 1;
  if (nodeFeatures > 0) seedNodeSampling(seed);
  // maxDepth <= 0 means no depth limit (loss-guided growth bounded by maxLeaves).
  const rootSplits = leafLimit > 1;
  if (rootSplits) root.slot = takeSlot();
  const h = rootSplits ? histAt(histPool, root.slot, nFeatures) : 0;
  if (quant && rootSplits) {
    // The root's rows are rounded as its histogram is built, which gives its quantized sums too.
    stageBegin();
    buildRootHistogramQuantized(
      blocks + <usize>root.block * blockBytes, stride, nFeatures, 0, nUsed, quantScratch, h, quantG, quantH, quantPackRows,
      <i32>load<f64>(params + (<usize>P_QUANT_G_LEVELS << 3)), <i32>load<f64>(params + (<usize>P_QUANT_H_LEVELS << 3)),
      <u32>load<f64>(params + (<usize>P_QUANT_SEED << 3)), <u32>load<f64>(params + (<usize>P_QUANT_ROUND << 3)),
      <i32>load<f64>(params + (<usize>P_QUANT_ROW_START << 3)), root,
    );
    // Every entry of a quantized histogram is written: its slot's bitmap is full.
    markFull(occupancyAt(root.slot, nFeatures), nFeatures);
    stageEnd(STAGE_HISTOGRAM);
  } else {
    // (A lone quantized root is refitted from these full-precision sums anyway.)
    sumGradHess(rootBlock.gh, 0, nUsed, root);
  }
  if (threaded) reduceSums(changetype<usize>(root));
  root.weight = leafWeight(root.sumG, root.sumH, lambda, alpha, root.lower, root.upper);
  if (rootSplits) {
    stageBegin();
    if (!quant) buildSlot(rootBlock.bins, stride, nFeatures, rootBlock.gh, 0, nUsed, histPool, root.slot, threaded);
    else if (threaded) reduceHistogram(h);
    stageEnd(STAGE_HISTOGRAM);
    stageBegin();
    findSplit(root, h, nFeatures, nBins, mask, monotone, lambda, alpha, gamma, minChildWeight, minSplitWeight, nodeFeatures, nodeScratch, f0, nLocal);
    if (threaded) exchangeSplits(changetype<usize>(root), 0);
    stageEnd(STAGE_SPLIT);
  }

  // Deep CART trees (thousands of leaves) grow depth-first from a stack of
  // the splittable nodes instead of scanning every leaf for the largest id:
  // ids only grow, so the top of the stack is that node (same tree, O(1) pick).
  const useStack = cart && !lossGuided && maxLeaves <= 0;
  nPending = 0;
  if (useStack && root.splittable != 0) pushPending(nodePool);

  while (nRecs < leafLimit) {
    // Pick the next node to split (0 = none left).
    let pickPtr: usize = 0;
    if (useStack) pickPtr = popPending();
    else for (let i = 0; i < nRecs; i++) {
      const ptr = nodePool + <usize>i * recBytes;
      const n = changetype<NodeRec>(ptr);
      if (n.splittable == 0) continue;
      if (pickPtr == 0) { pickPtr = ptr; continue; }
      const p = changetype<NodeRec>(pickPtr);
      let better: bool;
      if (lossGuided) better = n.gain > p.gain;
      else if (maxLeaves > 0) better = n.depth < p.depth || (n.depth == p.depth && n.id < p.id);
      else better = n.id > p.id;
      if (better) pickPtr = ptr;
    }
    if (pickPtr == 0) break;
    const node = changetype<NodeRec>(pickPtr);

    // The node becomes internal node `id`.
    const id = nInternal++;
    linkToParent(out, capacity, node, id);
    store<i32>(i32At(out, capacity, TREE_I32_FEATURE, id), node.feature);
    store<i32>(i32At(out, capacity, TREE_I32_BIN, id), node.bin);
    store<i32>(i32At(out, capacity, TREE_I32_DEFAULT_LEFT, id), node.defaultLeft);
    store<f64>(f64At(out, capacity, TREE_F64_GAIN, id), node.gain);
    store<f64>(f64At(out, capacity, TREE_F64_COVER, id), node.sumH);
    store<f64>(f64At(out, capacity, TREE_F64_WEIGHT, id), node.weight * eta);

    // Children reuse the parent's record (left) and a new record (right).
    const left = node;
    const right = changetype<NodeRec>(nodePool + <usize>nRecs * recBytes);
    nRecs++;
    const parentSlot = node.slot;
    const depth = node.depth + 1;
    const start = node.start;
    const end = node.end;
    const G = node.sumG, H = node.sumH;
    const lG = node.leftG, lH = node.leftH, lW = node.leftW, rW = node.rightW;
    const lower = node.lower, upper = node.upper;
    const c = <i32>load<i8>(monotone + <usize>node.feature);

    left.id = nextId++;
    right.id = nextId++;
    right.depth = depth;
    right.parent = id; right.isLeft = 0; right.splittable = 0; right.slot = -1;
    right.sumG = G - lG; right.sumH = H - lH; right.weight = rW;
    right.lower = lower; right.upper = upper;
    right.block = node.block;
    right.refitted = 0;
    left.refitted = 0;
    left.depth = depth;
    left.parent = id; left.isLeft = 1; left.splittable = 0; left.slot = -1;
    left.sumG = lG; left.sumH = lH; left.weight = lW;
    if (c != 0) {
      const m = (lW + rW) * 0.5;
      if (c > 0) { left.upper = m; right.lower = m; }
      else { left.lower = m; right.upper = m; }
    }

    const childrenMaySplit = (maxDepth <= 0 || depth < maxDepth) && nRecs < leafLimit;
    if (!childrenMaySplit) {
      // Leaf children need no partition: their values come from the split's sums.
      releaseSlot(parentSlot);
      stageBegin();
      if (quant) {
        // Refitted from the full-precision sums of each side.
        sumSplitSides(blocks + <usize>node.block * blockBytes, stride, start, end, node.feature, node.bin, node.defaultLeft, left, right);
        refitLeaf(left, threaded, lambda, alpha);
        refitLeaf(right, threaded, lambda, alpha);
      }
      if (scores != 0) {
        addSplitLeaves(blocks + <usize>node.block * blockBytes, stride, start, end, node.feature, node.bin, node.defaultLeft, left.weight * eta, right.weight * eta, scores);
      }
      stageEnd(STAGE_LEAVES);
      left.start = start; left.end = start; right.start = start; right.end = start;
      continue;
    }

    // The rows are split: boosting's in place in work block 1 (its sums are
    // exact in any order), after the root's copy out of the full matrix;
    // CART's copied in order into the other work block. The child with fewer
    // rows gets its histogram built from its now contiguous rows, the other
    // one is the parent's minus it.
    const inPlace = !cart && node.block != 0;
    const dstIndex = inPlace ? node.block : node.block == 1 ? 2 : 1;
    const dst = changetype<RowBlock>(blocks + <usize>dstIndex * blockBytes);
    stageBegin();
    const mid = inPlace
      ? partitionRowsInPlace(changetype<usize>(dst), stride, start, end, node.feature, node.bin, node.defaultLeft)
      : splitRows(blocks + <usize>node.block * blockBytes, changetype<usize>(dst), stride, start, end, node.feature, node.bin, node.defaultLeft);
    stageEnd(STAGE_PARTITION);
    stageBegin();
    // Several threads must build the same child: they agree on the lighter
    // one (sums are exact, so the choice does not change the histograms).
    const buildLeft = threaded ? lH <= H - lH : mid - start <= end - mid;
    const smallSlot = takeSlot();
    if (smallSlot >= 0) {
      const hs = histAt(histPool, smallSlot, nFeatures);
      buildSlot(dst.bins, stride, nFeatures, dst.gh, buildLeft ? start : mid, buildLeft ? mid : end, histPool, smallSlot, threaded);
      // The larger child keeps the parent's slot and bitmap (its rows are some of the parent's).
      const hp = histAt(histPool, parentSlot, nFeatures);
      if (threaded) subtractHistogram(hp + fOff, hs + fOff, nLocal);
      else subtractOccupied(hp, hs, occupancyAt(smallSlot, nFeatures), nFeatures);
      (buildLeft ? left : right).slot = smallSlot;
      (buildLeft ? right : left).slot = parentSlot;
    } else {
      // No free slot (the façade sizes the pool so this does not happen):
      // the left child gets the parent's slot and the right child stays a leaf.
      buildSlot(dst.bins, stride, nFeatures, dst.gh, start, mid, histPool, parentSlot, threaded);
      left.slot = parentSlot;
    }
    stageEnd(STAGE_HISTOGRAM);
    stageBegin();
    left.block = dstIndex;
    right.block = dstIndex;
    left.start = start; left.end = mid;
    right.start = mid; right.end = end;
    for (let side = 0; side < 2; side++) {
      const child = side == 0 ? left : right;
      if (child.slot < 0) continue;
      findSplit(child, histAt(histPool, child.slot, nFeatures), nFeatures, nBins, mask, monotone, lambda, alpha, gamma, minChildWeight, minSplitWeight, nodeFeatures, nodeScratch, f0, nLocal);
    }
    if (threaded) {
      exchangeSplits(left.slot >= 0 ? changetype<usize>(left) : 0, right.slot >= 0 ? changetype<usize>(right) : 0);
    }
    stageEnd(STAGE_SPLIT);
    for (let side = 0; side < 2; side++) {
      const child = side == 0 ? left : right;
      if (child.slot >= 0 && child.splittable == 0) { releaseSlot(child.slot); child.slot = -1; }
    }
    if (useStack) {
      if (left.splittable != 0) pushPending(changetype<usize>(left));
      if (right.splittable != 0) pushPending(changetype<usize>(right));
    }
  }

  // Every open node becomes a leaf, in pool order.
  stageBegin();
  for (let leaf = 0; leaf < nRecs; leaf++) {
    const n = changetype<NodeRec>(nodePool + <usize>leaf * recBytes);
    if (quant && n.refitted == 0) {
      sumGradHess(changetype<RowBlock>(blocks + <usize>n.block * blockBytes).gh, n.start, n.end, n);
      refitLeaf(n, threaded, lambda, alpha);
    }
    const value = n.weight * eta;
    store<f64>(f64At(out, capacity, TREE_F64_LEAF_VALUE, leaf), value);
    store<f64>(f64At(out, capacity, TREE_F64_LEAF_COVER, leaf), n.sumH);
    linkToParent(out, capacity, n, ~leaf);
    if (scores != 0) {
      const rowIds = changetype<RowBlock>(blocks + <usize>n.block * blockBytes).rows;
      for (let k = n.start; k < n.end; k++) {
        const p = scores + (<usize>load<u32>(rowIds + (<usize>k << 2)) << 3);
        store<f64>(p, load<f64>(p) + value);
      }
    }
  }
  if (quant) refitInternalNodes(out, capacity, nodePool, nRecs, nInternal, lambda, alpha, eta);
  stageEnd(STAGE_LEAVES);
  return nRecs;
}
