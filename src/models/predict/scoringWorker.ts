/**
 * A scoring worker (a worker thread started by `ScoringPool`): it instantiates
 * its own copy of creditkit.wasm (own memory, own allocator: instances must
 * never share a memory) from the compiled module it is sent, keeps one packed
 * forest, and answers chunk requests with raw scores or PDs.
 */
import { parentPort } from 'node:worker_threads';
import { CHUNK_ROWS } from './packedForest.js';
import { Heap } from '../../wasm/heap.js';
import type { KernelExports } from '../../wasm/load.js';
import type { CompleteForest } from './completeTrees.js';
import { blockBytes, type ThresholdLookup } from './thresholdLookup.js';
import { binLookupColumn } from './lookupBinning.js';
import { GROUP_WORK_BYTES } from './binnedCompleteKernel.js';

/** The forest a worker scores with, as `ScoringPool` sends it: a `PackedForest`'s arrays. */
export interface ScoringInit {
  type: 'init';
  module: WebAssembly.Module;
  nodes: Int32Array;
  roots: Int32Array;
  depths: Int32Array;
  values: Float64Array;
  /** The complete-tree encoding, or null for the pointer one. */
  complete: CompleteForest | null;
  /** PackedForest's binned path (its trees are always complete), or null. */
  binned: { complete: CompleteForest; levels: Uint8Array | null; lookup: ThresholdLookup } | null;
  nFeatures: number;
  base: number;
  columnBytes: number;
}

export interface ScoringRequest {
  type: 'score';
  id: number;
  columns: Float32Array[];
  nRows: number;
  proba: boolean;
}

export type ScoringReply = { type: 'ready' } | { type: 'scores'; id: number; scores: Float64Array<ArrayBuffer> } | { type: 'error'; id: number; message: string };

/** The forest's blocks in this worker's wasm memory. */
interface WorkerForest {
  nodes: number;
  roots: number;
  depths: number;
  values: number;
  slots: number;
  trees: number;
  nTrees: number;
  nFeatures: number;
  base: number;
  columnBytes: number;
  binned: { slots: number; trees: number; levels: number; lookup: ThresholdLookup; cuts: number; tables: number; nTrees: number } | null;
}

let k: KernelExports;
let heap: Heap;
let forest: WorkerForest;

function copyIn(view: ArrayBufferView): number {
  const ptr = heap.alloc(view.byteLength);
  heap.u8(ptr, view.byteLength).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return ptr;
}

function load(msg: ScoringInit): void {
  // The training imports are only called while training, which a scoring worker never does.
  const training = (): never => {
    throw new Error('training import called in a scoring worker');
  };
  const imports = { env: { reduceSums: training, reduceHistogram: training, exchangeSplits: training, now: () => performance.now() } };
  k = new WebAssembly.Instance(msg.module, imports).exports as unknown as KernelExports;
  heap = new Heap(k);
  forest = {
    nodes: copyIn(msg.nodes), roots: copyIn(msg.roots), depths: copyIn(msg.depths), values: copyIn(msg.values),
    slots: msg.complete ? copyIn(msg.complete.slots) : 0, trees: msg.complete ? copyIn(msg.complete.trees) : 0,
    nTrees: msg.roots.length, nFeatures: msg.nFeatures, base: msg.base, columnBytes: msg.columnBytes,
    binned: msg.binned ? {
      slots: copyIn(msg.binned.complete.slots), trees: copyIn(msg.binned.complete.trees),
      levels: msg.binned.levels ? copyIn(msg.binned.levels) : 0,
      lookup: msg.binned.lookup, cuts: copyIn(msg.binned.lookup.cuts), tables: copyIn(msg.binned.lookup.tables),
      nTrees: msg.binned.complete.trees.length / 2,
    } : null,
  };
}

/** PackedForest.predict: the columns copied in one chunk at a time, then the forest kernel. */
function score(columns: Float32Array[], nRows: number, proba: boolean): Float64Array<ArrayBuffer> {
  const chunk = forest.columnBytes / 4;
  const scores = new Float64Array(nRows);
  heap.scoped((scope) => {
    const x = scope.alloc(Math.max(1, forest.nFeatures) * forest.columnBytes);
    const out = scope.alloc(chunk * 8);
    for (let start = 0; start < nRows; start += chunk) {
      const m = Math.min(chunk, nRows - start);
      for (let f = 0; f < forest.nFeatures; f++) heap.f32(x + f * forest.columnBytes, m).set(columns[f].subarray(start, start + m));
      if (forest.slots !== 0) k.predictForestComplete(x, m, forest.slots, forest.trees, forest.nTrees, forest.base, proba ? 1 : 0, out);
      else k.predictForest(x, m, forest.nodes, forest.roots, forest.depths, forest.nTrees, forest.values, forest.base, proba ? 1 : 0, out);
      scores.set(heap.f64(out, m), start);
    }
  });
  return scores;
}

/** PackedForest.predictByBinning: each chunk's columns binned in wasm into transposed blocks, then the level-wise kernel. */
function scoreBinned(columns: Float32Array[], nRows: number, proba: boolean): Float64Array<ArrayBuffer> {
  const b = forest.binned!;
  const nf = forest.nFeatures;
  const scores = new Float64Array(nRows);
  heap.scoped((scope) => {
    const x = scope.alloc(CHUNK_ROWS * 4);
    const blocks = scope.alloc(blockBytes(CHUNK_ROWS, nf));
    const pos = scope.alloc(GROUP_WORK_BYTES);
    const out = scope.alloc(CHUNK_ROWS * 8);
    for (let start = 0; start < nRows; start += CHUNK_ROWS) {
      const m = Math.min(CHUNK_ROWS, nRows - start);
      for (let f = 0; f < nf; f++) {
        heap.f32(x, m).set(columns[f].subarray(start, start + m));
        binLookupColumn(k, b.lookup, b.cuts, b.tables, x, m, f, blocks, nf, true);
      }
      k.predictBinnedBlocks(blocks, nf, m, b.slots, b.trees, b.nTrees, b.levels, forest.base, proba ? 1 : 0, pos, out);
      scores.set(heap.f64(out, m), start);
    }
  });
  return scores;
}

const port = parentPort;
if (port) {
  port.on('message', (msg: ScoringInit | ScoringRequest) => {
    try {
      if (msg.type === 'init') {
        load(msg);
        port.postMessage({ type: 'ready' } satisfies ScoringReply);
        return;
      }
      const scores = forest.binned ? scoreBinned(msg.columns, msg.nRows, msg.proba) : score(msg.columns, msg.nRows, msg.proba);
      port.postMessage({ type: 'scores', id: msg.id, scores } satisfies ScoringReply, [scores.buffer]);
    } catch (e) {
      port.postMessage({ type: 'error', id: (msg as { id?: number }).id ?? -1, message: String((e as Error)?.stack ?? e) } satisfies ScoringReply);
    }
  });
}
