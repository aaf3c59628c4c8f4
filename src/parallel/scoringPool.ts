import { CreditkitError } from '../errors.js';
import type { FeatureInput } from '../data/dataset.js';
import { type PackedForest } from '../models/forest.js';
import { alignColumns, type FeatureSpec } from '../models/schema.js';
import { getRuntime } from '../wasm/load.js';
import { SCORING_WORKER_SOURCE } from './scoringWorker.js';

/** Rows sent to a worker per message: large enough to amortise messaging, small enough to balance. */
const ROWS_PER_TASK = 1 << 16;

interface Pending {
  resolve(scores: Float64Array): void;
  reject(e: Error): void;
}

type NodeWorker = import('node:worker_threads').Worker;

/**
 * Worker threads that score with the model's trees, each with its own wasm
 * instance and memory (Node). Rows are cut into tasks handed out in order,
 * and results are put back in input order, so output rows align with input
 * rows whatever the thread count. Scores are bit-identical to the
 * single-threaded predictor (same kernel, same order of additions per row).
 */
export class ScoringPool {
  private readonly workers: NodeWorker[];
  private readonly features: readonly FeatureSpec[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  private constructor(workers: NodeWorker[], features: readonly FeatureSpec[]) {
    this.workers = workers;
    this.features = features;
    for (const w of workers) {
      w.on('message', (msg: { type: string; id: number; scores?: Float64Array; message?: string }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.type === 'scores') p.resolve(msg.scores!);
        else p.reject(new Error(`creditkit scoring worker failed: ${msg.message}`));
      });
      w.on('error', (e) => this.failAll(e));
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  static async create(forest: PackedForest, baseMargin: number, features: readonly FeatureSpec[], threads: number): Promise<ScoringPool> {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new CreditkitError('E_OPTION', `threads must be an integer in 1..256, got ${threads}`);
    }
    const { Worker } = await import('node:worker_threads');
    const { module } = getRuntime();
    const workers = Array.from({ length: threads }, () => new Worker(SCORING_WORKER_SOURCE, { eval: true }));
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once('message', () => resolve());
            w.once('error', reject);
            w.postMessage({
              type: 'init', module, nodes: forest.nodes, roots: forest.roots, depths: forest.depths, values: forest.values,
              slots: forest.complete?.slots ?? null, trees: forest.complete?.trees ?? null,
              nFeatures: forest.nFeatures, base: baseMargin, columnBytes: forest.columnBytes,
            });
          }),
      ),
    );
    return new ScoringPool(workers, features);
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
    const tasks: Promise<void>[] = [];
    for (let start = 0, t = 0; start < nRows; start += ROWS_PER_TASK, t++) {
      const end = Math.min(nRows, start + ROWS_PER_TASK);
      const part = columns.map((c) => c.slice(start, end));
      const id = this.nextId++;
      const worker = this.workers[t % this.workers.length];
      tasks.push(
        new Promise<Float64Array>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          worker.postMessage({ type: 'score', id, columns: part, nRows: end - start, proba }, part.map((c) => c.buffer));
        }).then((scores) => out.set(scores, start)),
      );
    }
    await Promise.all(tasks);
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.failAll(new Error('creditkit scoring pool closed'));
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
