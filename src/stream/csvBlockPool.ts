import { getRuntime } from '../wasm/load.js';
import { workerModule } from '../parallel/workerModule.js';
import { initWorkers, PendingReplies } from '../parallel/workerReplies.js';
import type { Dataset } from '../data/dataset.js';
import { datasetOfColumns } from './parsedColumns.js';
import type { CsvOptions } from '../data/csv.js';
import type { CsvBlock } from './plainCsvSplitter.js';
import type { CsvBlockInit, CsvBlockReply, CsvBlockTask, CsvFileRanges, CsvRangeTask } from './csvBlockWorker.js';

export { blocksOnThreads } from './blocksInOrder.js';

type NodeWorker = import('node:worker_threads').Worker;

/** What a worker made of a block or range: its rows parsed or scored, or `failed` (the calling thread reads it again), … */
export type BlockOutcome = Exclude<CsvBlockReply, { type: 'ready' } | { type: 'counted' }>;

/** A range read and counted by a worker, before it is scored. */
export type RangeCount = Extract<CsvBlockReply, { type: 'counted' }>;

/**
 * Worker threads (Node, Deno) that parse CSV blocks, and score them when given
 * a model (see csvBlockWorker.ts). Blocks go to the worker with the fewest
 * blocks in hand; each answer resolves its own promise, so the caller keeps
 * input order by awaiting them in the order it sent the blocks.
 */
export class CsvBlockPool {
  private readonly replies = new PendingReplies<BlockOutcome>();
  private readonly load: number[];
  private closed = false;
  /** Called when a worker has read and counted a range (file ranges only). */
  onCounted: (count: RangeCount) => void = () => undefined;

  private constructor(private readonly workers: NodeWorker[]) {
    this.load = workers.map(() => 0);
    workers.forEach((w, k) => {
      w.on('message', (msg: CsvBlockReply) => {
        if (msg.type === 'counted') this.onCounted(msg);
        else if (msg.type !== 'ready' && this.replies.settle(msg.id, { value: msg })) this.load[k]--;
      });
      w.on('error', (e) => this.replies.failAll(e));
    });
  }

  /**
   * `threads` workers reading blocks with `csv`, scoring them with `score.model` (a model's JSON) when given,
   * and the ranges of `file` when given. `parseRangesOnly`: workers that only parse the file's ranges
   * (csvRangeWorker.ts, which loads no model nor scorer and starts sooner).
   */
  static async create(threads: number, csv: CsvOptions, score: CsvBlockInit['score'], file?: CsvFileRanges, parseRangesOnly = false): Promise<CsvBlockPool> {
    const { module } = getRuntime();
    const start = await workerModule(import.meta.url, parseRangesOnly ? 'csvRangeWorker' : 'csvBlockWorker');
    const workers = Array.from({ length: threads }, () => start());
    await initWorkers(workers, () => ({ type: 'init', module, csv, score, file } satisfies CsvBlockInit));
    return new CsvBlockPool(workers);
  }

  /** Blocks or ranges in the workers' hands. */
  get inHand(): number {
    return this.load.reduce((a, b) => a + b, 0);
  }

  /** Workers. */
  get size(): number {
    return this.workers.length;
  }

  /** Hands range k of the pool's file to the least busy worker (see CsvRangeTask). */
  runRange(k: number, needsStart: boolean): Promise<BlockOutcome> {
    return this.send((id) => ({ type: 'range', id, k, needsStart } satisfies CsvRangeTask), []);
  }

  /** Hands a block to the least busy worker. Its bytes are moved there, not copied. */
  run(block: CsvBlock): Promise<BlockOutcome> {
    return this.send((id) => ({ type: 'block', id, block } satisfies CsvBlockTask), typeof block.input === 'string' ? [] : [block.input.buffer as ArrayBuffer]);
  }

  private send(task: (id: number) => CsvBlockTask | CsvRangeTask, moved: ArrayBuffer[]): Promise<BlockOutcome> {
    if (this.closed) return Promise.reject(new Error('creditkit CSV block pool closed'));
    let k = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[k]) k = i;
    const { id, reply } = this.replies.open();
    this.load[k]++;
    this.workers[k].postMessage(task(id), moved);
    return reply;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.replies.failAll(new Error('creditkit CSV block pool closed'));
  }
}

/** A block's columns from a worker, as the Dataset `parseCsvBlock` gives in this thread. */
export function parsedDataset(outcome: Extract<BlockOutcome, { type: 'parsed' }>, block: CsvBlock, file: string | undefined): Dataset {
  return datasetOfColumns(outcome.parsed, block.firstRow, file);
}
