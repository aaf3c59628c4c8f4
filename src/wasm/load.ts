import { CreditkitError } from '../errors.js';
import { EXPECTED_GLOBALS, readGrowerLayout } from './layout.js';
import { Heap } from './heap.js';
import { nodeBuiltin } from '../nodeBuiltin.js';

/**
 * The functions creditkit.wasm exports (assembly/index.ts). Pointers are byte offsets.
 * @internal the kernels stay inside the library
 */
export interface KernelExports {
  memory: WebAssembly.Memory;
  alloc(size: number): number;
  free(ptr: number): void;
  binColumn(values: number, nRows: number, cuts: number, nCuts: number, out: number, stride: number, column: number): void;
  binColumnByTable(
    values: number, nRows: number, cuts: number, table: number, lo: number, scale: number, lastCell: number, window: number,
    out: number, stride: number, column: number,
  ): number;
  binColumnToBlocks(
    values: number, nRows: number, cuts: number, table: number, lo: number, scale: number, lastCell: number, window: number,
    blocks: number, nFeatures: number, column: number,
  ): number;
  binColumnToBlocksByCuts(values: number, nRows: number, cuts: number, nCuts: number, blocks: number, nFeatures: number, column: number): number;
  buildHistogram(bins: number, stride: number, nFeatures: number, gh: number, start: number, end: number, hist: number): void;
  buildHistogramNaive(bins: number, stride: number, nFeatures: number, gh: number, start: number, end: number, hist: number): void;
  subtractHistogram(parent: number, child: number, nFeatures: number): void;
  buildHistogramQuantized(
    bins: number, stride: number, nFeatures: number, start: number, end: number, scratch: number, hist: number,
    gScale: number, hScale: number, packRows: number,
  ): void;
  buildHistogramQuantizedNaive(bins: number, stride: number, nFeatures: number, start: number, end: number, hist: number, gScale: number, hScale: number): void;
  quantizeGradients(
    gh: number, n: number, bins: number, stride: number, gScale: number, hScale: number, gLevels: number, hLevels: number,
    seed: number, round: number, rowStart: number,
  ): void;
  buildRootHistogramQuantized(
    block: number, stride: number, nFeatures: number, start: number, end: number, scratch: number, hist: number,
    gScale: number, hScale: number, packRows: number, gLevels: number, hLevels: number, seed: number, round: number, rowStart: number, node: number,
  ): void;
  nodeRecordBytes(): number;
  rowBlockBytes(): number;
  binStride(nFeatures: number): number;
  splitRows(src: number, dst: number, stride: number, start: number, end: number, feature: number, splitBin: number, defaultLeft: number): number;
  partitionRowsInPlace(block: number, stride: number, start: number, end: number, feature: number, splitBin: number, defaultLeft: number): number;
  partitionRowsSwap(block: number, stride: number, start: number, end: number, feature: number, splitBin: number, defaultLeft: number): number;
  addSplitLeaves(
    block: number, stride: number, start: number, end: number,
    feature: number, splitBin: number, defaultLeft: number, leftValue: number, rightValue: number, scores: number,
  ): void;
  gatherRows(bins: number, gh: number, rows: number, n: number, stride: number, dst: number): void;
  growTree(
    blocks: number, stride: number, nFeatures: number, nBins: number, mask: number, monotone: number,
    sample: number, nUsed: number,
    histPool: number, slotStack: number, nodePool: number, params: number, out: number, scores: number,
  ): number;
  treeOutBytes(capacity: number): number;
  /** Pointer to the grower's stage timers, f64 [GROW_STAGES.length] milliseconds. */
  growStageTimes(): number;
  resetStageTimes(): void;
  growTreeCart(
    blocks: number, stride: number, nFeatures: number, nBins: number, mask: number, monotone: number,
    sample: number, nUsed: number,
    histPool: number, slotStack: number, nodePool: number, params: number, out: number, scores: number,
    minSplitWeight: number, nodeFeatures: number, seed: number, nodeScratch: number,
  ): number;
  nodeSamplingBytes(nFeatures: number): number;
  logisticGradHess(scores: number, labels: number, weights: number, n: number, scale: number, gh: number): void;
  /** Scalar twin of logisticGradHess, for tests. */
  logisticGradHessNaive(scores: number, labels: number, weights: number, n: number, scale: number, gh: number): void;
  logisticLoss(scores: number, labels: number, weights: number, n: number): number;
  addTreeBinned(bins: number, stride: number, nRows: number, tree: number, capacity: number, nLeaves: number, scores: number): void;
  predictForest(x: number, nRows: number, nodes: number, roots: number, depths: number, nTrees: number, values: number, base: number, proba: number, out: number): void;
  predictForestComplete(x: number, nRows: number, slots: number, trees: number, nTrees: number, base: number, proba: number, out: number): void;
  predictForestCompleteNaive(x: number, nRows: number, slots: number, trees: number, nTrees: number, base: number, proba: number, out: number): void;
  predictBinnedComplete(bins: number, nFeatures: number, nRows: number, slots: number, trees: number, nTrees: number, levels: number, base: number, proba: number, scratch: number, out: number): void;
  firstInfinite(values: number, nRows: number): number;
  firstInfiniteNaive(values: number, nRows: number): number;
  quotesCloseOnEachLine(bytes: number, n: number): number;
  quotesCloseOnEachLineNaive(bytes: number, n: number): number;
  predictBinnedBlocks(blocks: number, nFeatures: number, nRows: number, slots: number, trees: number, nTrees: number, levels: number, base: number, proba: number, pos: number, out: number): void;
  predictBinnedCompleteNaive(bins: number, nFeatures: number, nRows: number, slots: number, trees: number, nTrees: number, base: number, proba: number, scratch: number, out: number): void;
  predictBinnedPointers(
    bins: number, stride: number, nRows: number, nodes: number, roots: number, depths: number, nTrees: number, values: number, base: number, proba: number, out: number,
  ): void;
  rocAuc(scores: number, labels: number, weights: number, n: number, scratch: number): number;
  treeShap(x: number, nRows: number, nFeatures: number, nodes: number, roots: number, nTrees: number, scale: number, path: number, out: number): void;
  treeExpectedValue(nodes: number, node: number): number;
  treeShapPathBytes(maxDepth: number): number;
  sortFloat32(values: number, n: number, scratch: number): void;
  /** AssemblyScript's Math (assembly/elementary.ts): the same bits in every engine. */
  mathExp(x: number): number;
  mathLog(x: number): number;
  mathLog1p(x: number): number;
  mathLog10(x: number): number;
  mathCos(x: number): number;
  sortFloat32ScratchBytes(n: number): number;
  writeScoreLines(
    pd: number, n: number, cells: number, text: number, base: number, firstRow: number, from: number, out: number,
    maxMissing: number, safe: number, quotable: number,
  ): number;
  scoreLinesStop(): number;
  csvReadRecords(
    text: number, len: number, last: number, base: number, delim: number, nCols: number, slots: number, nCell: number,
    maxRows: number, values: number, cells: number, lines: number, flags: number, maxFlags: number, state: number, naive: number,
  ): number;
  /** String(x)'s ASCII bytes at `out` (assembly/shortestDouble.ts); the address after them. */
  writeShortestDouble(x: number, out: number): number;
  /** String(values[i]) + "\n" for i < n from `out`; the bytes written. */
  formatDoubleLines(values: number, n: number, out: number): number;
  bestSplitOf(
    naive: number, node: number, sumG: number, sumH: number, weight: number, lower: number, upper: number,
    hist: number, nFeatures: number, nBins: number, mask: number, monotone: number,
    lambda: number, alpha: number, gamma: number, minChildWeight: number, out: number, occupancy: number,
  ): void;
  buildHistogramMarked(bins: number, stride: number, nFeatures: number, gh: number, start: number, end: number, hist: number, occupancy: number): void;
  subtractOccupied(parent: number, child: number, childOccupancy: number, nFeatures: number): void;
  clearOccupied(hist: number, occupancy: number, nFeatures: number): void;
}

/**
 * The loaded module: its kernels and the heap that owns its memory.
 * @internal the kernels and the heap stay inside the library
 */
export interface Runtime {
  readonly kernels: KernelExports;
  readonly heap: Heap;
  /** The compiled module, for worker threads that instantiate their own copy. */
  readonly module: WebAssembly.Module;
}

/** What `init` accepts: the binary's bytes, a compiled module, a URL or a fetch Response. */
export type WasmSource = BufferSource | WebAssembly.Module | URL | string | Response | Promise<Response>;

let runtime: Runtime | null = null;

/**
 * The default location of the binary, next to the package's build output.
 * @internal
 */
export function defaultWasmUrl(): URL {
  return new URL('../../build/creditkit.wasm', import.meta.url);
}

async function bytesFromUrl(url: URL): Promise<BufferSource> {
  if (url.protocol === 'file:') {
    // Node and Deno read from disk (Node's fetch cannot read file: URLs).
    const fs = await nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises');
    return new Uint8Array(await fs.readFile(url));
  }
  const res = await fetch(url);
  if (!res.ok) throw new CreditkitError('E_FILE_NOT_FOUND', `could not fetch ${url.href}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/**
 * The host functions of multi-threaded training (assembly/grower.ts), as one thread provides them.
 * @internal
 */
export interface TrainingHooks {
  reduceSums(node: number): void;
  reduceHistogram(hist: number): void;
  exchangeSplits(a: number, b: number): void;
}

// The grower calls these only in a multi-threaded fit, which routes them to
// its exchange (src/models/gbdt/trainingThreads.ts) while it runs.
let trainingHooks: TrainingHooks | null = null;

/**
 * Routes the module's training imports to `hooks`; returns the previous ones to restore.
 * @internal
 */
export function setTrainingHooks(hooks: TrainingHooks | null): TrainingHooks | null {
  const previous = trainingHooks;
  trainingHooks = hooks;
  return previous;
}

const wallClock = (): number => performance.now();
let stageClock: () => number = wallClock;

/**
 * Sets the clock of the grower's stage timers (milliseconds; null: wall
 * time, the default), for every instance this thread loaded; returns the
 * previous one to restore. Profiling several threads times the stages by
 * each thread's run clock (src/parallel/threadRunClock.ts).
 * @internal
 */
export function setStageClock(clock: (() => number) | null): (() => number) | null {
  const previous = stageClock === wallClock ? null : stageClock;
  stageClock = clock ?? wallClock;
  return previous;
}

function hooks(): TrainingHooks {
  if (trainingHooks === null) throw new Error('creditkit.wasm: a training import was called outside a multi-threaded fit');
  return trainingHooks;
}

/** The host functions creditkit.wasm imports. */
function wasmImports(): WebAssembly.Imports {
  return {
    env: {
      reduceSums: (node: number): void => hooks().reduceSums(node),
      reduceHistogram: (hist: number): void => hooks().reduceHistogram(hist),
      exchangeSplits: (a: number, b: number): void => hooks().exchangeSplits(a, b),
      // The grower's stage timers (GBDT fit option `profile`).
      now: (): number => stageClock(),
    },
  };
}

function instantiate(module: WebAssembly.Module): Runtime {
  const instance = new WebAssembly.Instance(module, wasmImports());
  const exports = instance.exports as unknown as KernelExports & Record<string, WebAssembly.Global>;
  checkLayout(exports);
  return { kernels: exports, heap: new Heap(exports), module };
}

function checkLayout(exports: Record<string, unknown>): void {
  for (const [name, expected] of Object.entries(EXPECTED_GLOBALS)) {
    const g = exports[name];
    const actual = g instanceof WebAssembly.Global ? Number(g.value) : undefined;
    if (actual !== expected) {
      throw new CreditkitError('E_WASM_LAYOUT', `creditkit.wasm layout mismatch: ${name} is ${actual}, the library expects ${expected}; rebuild with "npm run build"`);
    }
  }
  readGrowerLayout(exports);
}

/**
 * Loads creditkit.wasm. Without an argument it reads the binary shipped with
 * the package (from disk in Node and Deno, with fetch in browsers). Calling it
 * again is a no-op once a module is loaded. It resolves to nothing: the kernels
 * and the heap stay inside the library.
 */
export async function init(source?: WasmSource): Promise<void> {
  if (runtime !== null) return;
  let module: WebAssembly.Module;
  if (source instanceof WebAssembly.Module) {
    module = source;
  } else if (source === undefined || typeof source === 'string' || source instanceof URL) {
    const url = source === undefined ? defaultWasmUrl() : new URL(String(source), import.meta.url);
    module = await WebAssembly.compile(await bytesFromUrl(url));
  } else if (typeof Response !== 'undefined' && (source instanceof Response || source instanceof Promise)) {
    const res = await source;
    module = await WebAssembly.compile(await res.arrayBuffer());
  } else {
    module = await WebAssembly.compile(source as BufferSource);
  }
  runtime ??= instantiate(module);
}

/** True once the binary is loaded (by `init`, `initSync` or `ready`). */
export function isReady(): boolean {
  return runtime !== null;
}

/** Synchronous variant for hosts that already hold the bytes or a compiled module. */
export function initSync(source: BufferSource | WebAssembly.Module): void {
  if (runtime !== null) return;
  const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
  runtime = instantiate(module);
}

/**
 * The loaded runtime, or null before `init`: for code with a JavaScript path of its own (the CSV reader).
 * @internal
 */
export function loadedRuntime(): Runtime | null {
  return runtime;
}

/**
 * The loaded runtime; throws if `init` has not completed.
 * @internal library code only: the public entries never hand out the kernels or the heap
 */
export function getRuntime(): Runtime {
  if (runtime === null) {
    throw new CreditkitError('E_WASM_NOT_LOADED', 'creditkit.wasm is not loaded yet: call await ready() (creditkit/web), await init() or initSync(bytes or module) first (the main entry "creditkit" does this on import)');
  }
  return runtime;
}
