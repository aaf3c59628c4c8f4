import { checkIntegerRange } from '../../integerRange.js';
import { THREAD_RANGE } from '../../parallel/threadRange.js';
import { CreditkitError } from '../../errors.js';
import type { FeatureInput } from '../../data/dataset.js';
import { type PackedForest } from './packedForest.js';
import { alignColumns, type FeatureSpec } from '../schema.js';
import { getRuntime } from '../../wasm/load.js';
import type { ScoringInit, ScoringReply, ScoringRequest } from './scoringWorker.js';
import { workerModule } from '../../parallel/workerModule.js';
import { initWorkers, PendingReplies } from '../../parallel/workerReplies.js';

/** Rows per task: large enough to amortise messaging, small enough to balance the threads. */
const ROWS_PER_TASK = 1 << 15;

/** Tasks each worker holds at once, so it never waits for the next one. */
const TASKS_PER_WORKER = 2;

export interface ScoringPoolOptions {
  /**
   * Whether the calling thread scores too (default true): `threads` N then
   * means N − 1 workers plus this thread, which on a machine with N cores
   * keeps every core scoring instead of leaving one to hand out work.
   * False: N workers, this thread stays free (e.g. to parse the next block).
   */
  useMainThread?: boolean;
}

type NodeWorker = import('node:worker_threads').Worker;

/**
 * Threads that score with the model's trees (Node): worker threads, each with
 * its own wasm instance and memory, and by default the calling thread as
 * well. Rows are cut into tasks that threads take as they become free, and
 * results are put back in input order, so output rows align with input rows
 * whatever the thread count. Scores are bit-identical to the single-threaded
 * predictor (same kernel, same order of additions per row).
 */
export class ScoringPool {
  private readonly replies = new PendingReplies<Float64Array>();
  private closed = false;

  private constructor(
    private readonly workers: NodeWorker[],
    private readonly features: readonly FeatureSpec[],
    /** The forest the calling thread scores with, or null when only workers score. */
    private readonly local: { forest: PackedForest; base: number } | null,
  ) {
    for (const w of workers) {
      w.on('message', (msg: ScoringReply) => {
        if (msg.type === 'ready') return;
        this.replies.settle(msg.id, msg.type === 'scores' ? { value: msg.scores } : { error: new Error(`creditkit scoring worker failed: ${msg.message}`) });
      });
      w.on('error', (e) => this.replies.failAll(e));
    }
  }

  /** Threads that score: the workers, plus the calling thread unless `useMainThread` was false. */
  get threads(): number {
    return this.workers.length + (this.local ? 1 : 0);
  }

  static async create(forest: PackedForest, baseMargin: number, features: readonly FeatureSpec[], threads: number, options: ScoringPoolOptions = {}): Promise<ScoringPool> {
    checkIntegerRange('threads', threads, THREAD_RANGE);
    const useMainThread = options.useMainThread ?? true;
    const nWorkers = useMainThread ? threads - 1 : threads;
    const { module } = getRuntime();
    const startWorker = await workerModule(import.meta.url, 'scoringWorker');
    const workers = Array.from({ length: nWorkers }, () => startWorker());
    const init: ScoringInit = {
      type: 'init', module, nodes: forest.nodes, roots: forest.roots, depths: forest.depths, values: forest.values,
      complete: forest.complete,
      binned: forest.binned && { complete: forest.binned.forest.complete!, levels: forest.binned.forest.levels, lookup: forest.binned.binning.lookup },
      nFeatures: forest.nFeatures, base: baseMargin, columnBytes: forest.columnBytes,
    };
    await initWorkers(workers, () => init);
    return new ScoringPool(workers, features, useMainThread ? { forest, base: baseMargin } : null);
  }

  /** Raw scores (log-odds), in input order. */
  predictRaw(X: FeatureInput): Promise<Float64Array> {
    return this.score(X, false);
  }

  /** Probabilities of default, in input order (bit-identical to the model's predictProba). */
  predictProba(X: FeatureInput): Promise<Float64Array> {
    return this.score(X, true);
  }

  private async score(X: FeatureInput, proba: boolean): Promise<Float64Array> {
    if (this.closed) throw new CreditkitError('E_OPTION', 'the scoring pool is closed');
    const { columns, nRows } = alignColumns(this.features, X);
    const out = new Float64Array(nRows);
    const nTasks = Math.ceil(nRows / ROWS_PER_TASK);
    let nextTask = 0;
    const take = (): [number, number] | null => {
      if (nextTask >= nTasks) return null;
      const start = nextTask++ * ROWS_PER_TASK;
      return [start, Math.min(nRows, start + ROWS_PER_TASK)];
    };

    // Each worker keeps TASKS_PER_WORKER tasks and takes the next one when it answers.
    const runWorker = async (worker: NodeWorker): Promise<void> => {
      for (let range = take(); range !== null; range = take()) {
        const [start, end] = range;
        const part = columns.map((c) => c.slice(start, end));
        const { id, reply } = this.replies.open();
        const request: ScoringRequest = { type: 'score', id, columns: part, nRows: end - start, proba };
        worker.postMessage(request, part.map((c) => c.buffer));
        out.set(await reply, start);
      }
    };
    // A worker that fails (or close() during the call) stops the calling thread's share too; the
    // rejection is handled here so it never surfaces as unhandled while this thread is scoring.
    let failed = false;
    const working = this.workers.flatMap((w) => Array.from({ length: TASKS_PER_WORKER }, () => runWorker(w)));
    for (const p of working) p.catch(() => { failed = true; });

    // The calling thread scores tasks too, yielding between them so workers' answers are taken in.
    if (this.local) {
      const { forest, base } = this.local;
      for (let range = take(); range !== null && !failed; range = take()) {
        const [start, end] = range;
        out.set(forest.predict(columns.map((c) => c.subarray(start, end)), end - start, base, proba), start);
        if (working.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    await Promise.all(working);
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.replies.failAll(new Error('creditkit scoring pool closed'));
  }
}
