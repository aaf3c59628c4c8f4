import { CreditkitError } from '../../errors.js';
import type { GrowParams, GrowPlan } from '../../wasm/grower.js';
import { HIST_FEATURE_VALUES } from '../../wasm/layout.js';
import { getRuntime, setTrainingHooks, type TrainingHooks } from '../../wasm/load.js';
import { type CpuAccount, exchangeBytes, makeTrainingExchange, type MeasuredByExchange, nodeOffsets, type TrainingExchange } from './trainingExchange.js';
import type { ThreadTimes } from './threadTimes.js';
import type { TrainingWorkerData } from './trainingWorker.js';
import { workerStarter, type WorkerBuiltins } from '../../parallel/workerModule.js';

/**
 * Multi-threaded GBDT training (Node): the calling thread and nThreads − 1
 * worker threads each take a contiguous share of the training rows, bin it
 * with the cut points the calling thread fitted, and grow the same tree in
 * lock step. Each partitions its own rows and builds
 * histograms of them; the histograms are added up across threads, each
 * thread searches splits over its own range of features, and all take the
 * best split (trainingExchange.ts). Every part of a round but the split
 * search's bookkeeping is divided among the threads, and each thread holds
 * only its rows. Gradients are rounded so that their sums are exact
 * (assembly/loss.ts): the model is the same, bit for bit, whatever the
 * thread count.
 *
 * The calling thread blocks (Atomics.wait) while partners catch up, so fit
 * stays synchronous; browsers forbid that on their main thread, and the
 * workers are Node worker threads, so nthreads > 1 is Node only.
 *
 * Start-up: the workers are started before the cut points are fitted, so
 * that loading a worker (its modules and wasm instance) overlaps the
 * calling thread's binning: `start`, then `sendCuts` (the workers bin their
 * rows), then `ready` once this thread has binned its own.
 */
export interface TrainingThreadsSetup {
  nThreads: number;
  nRows: number;
  nFeatures: number;
  /** Feature columns, labels, weights and start scores (or one score for every row) of every row: each worker gets its share and bins it. */
  columns: readonly Float32Array[];
  labels: Float64Array;
  weights: Float64Array | null;
  startScores: Float64Array | number;
  monotone: Int8Array;
  /** How the trees are grown and the pool sizes (every thread the same); each thread's parameter block gets its feature range. */
  growParams: GrowParams;
  plan: GrowPlan;
  subsample: boolean;
  /** logisticGradHess's rounding scale. */
  gradScale: number;
  /** The calling thread's CPU clock and its reading at the fit's start, to account CPU time per thread (profiling); null: none. */
  cpu?: CpuAccount | null;
}

/** Contiguous, near-equal ranges [start, end) of `count` items for `nThreads` threads. */
export function shareRanges(count: number, nThreads: number): Array<[number, number]> {
  return Array.from({ length: nThreads }, (_, t) => [Math.floor((t * count) / nThreads), Math.floor(((t + 1) * count) / nThreads)]);
}

/** The number of threads a fit really uses: at most one per feature (each searches some). */
export function effectiveThreads(nthreads: number, nFeatures: number, nRows: number): number {
  return Math.max(1, Math.min(nthreads, nFeatures, nRows));
}

/**
 * The scale logisticGradHess rounds to: the largest power of two with
 * scale × totalWeight <= 2^52, so every sum of rounded gradients or
 * hessians is exact in f64.
 */
export function gradientScale(totalWeight: number): number {
  // Doubling and halving are exact: no Math.log2, whose last bit may differ between engines.
  const limit = 4503599627370496; // 2^52
  let scale = 1;
  while (scale * totalWeight > limit) scale /= 2;
  while (scale * 2 * totalWeight <= limit) scale *= 2;
  return scale;
}

type NodeWorker = import('node:worker_threads').Worker;

/** The Node built-ins a worker thread starts with, fetched synchronously (fit is synchronous). */
function workerBuiltins(): WorkerBuiltins {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule;
  const threads = get?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
  if (get === undefined || threads === undefined || typeof SharedArrayBuffer === 'undefined') {
    throw new CreditkitError('E_OPTION', 'nthreads > 1 needs Node worker threads (Node 20.16 or later); use nthreads: 1 here');
  }
  const { createRequire } = get('node:module') as typeof import('node:module');
  const { pathToFileURL } = get('node:url') as typeof import('node:url');
  return { Worker: threads.Worker, createRequire, pathToFileURL };
}

/** The calling thread's side of a multi-threaded fit; `close()` it in a finally block. */
export class TrainingThreads {
  private readonly workers: NodeWorker[];
  private readonly exchange: TrainingExchange;
  private readonly roundInfo: Int32Array;
  private readonly roundMask: Uint8Array;
  private readonly roundSample: Uint32Array | null;
  private readonly cutCounts: Int32Array;
  private readonly cutValues: Float32Array;
  private readonly restoreHooks: TrainingHooks | null;
  private closed = false;

  /** This thread's features (to set into its params block); its rows are the first share of shareRanges. */
  readonly featureStart: number;
  readonly featureEnd: number;

  private constructor(setup: TrainingThreadsSetup) {
    const startWorker = workerStarter(workerBuiltins(), import.meta.url, 'trainingWorker');
    const { kernels, module } = getRuntime();
    const T = setup.nThreads;
    const nf = setup.nFeatures;
    const sab = new SharedArrayBuffer(exchangeBytes(T, nf * HIST_FEATURE_VALUES));
    const layout = roundLayout(nf, setup.nRows, setup.subsample);
    const roundSab = new SharedArrayBuffer(layout.bytes);
    const offsets = nodeOffsets(kernels as unknown as Record<string, unknown>);
    const features = shareRanges(nf, T);
    const rows = shareRanges(setup.nRows, T);
    [this.featureStart, this.featureEnd] = features[0];
    this.exchange = makeTrainingExchange(sab, 0, T, () => kernels.memory, offsets, this.featureStart, this.featureEnd, nf * HIST_FEATURE_VALUES, setup.cpu ?? null);
    this.roundInfo = new Int32Array(roundSab, 0, 4);
    this.roundMask = new Uint8Array(roundSab, 16, nf);
    this.roundSample = setup.subsample ? new Uint32Array(roundSab, layout.sample, setup.nRows) : null;
    this.cutCounts = new Int32Array(roundSab, layout.cutCounts, nf);
    this.cutValues = new Float32Array(roundSab, layout.cutValues, nf * MAX_CUTS);

    this.workers = [];
    for (const [i, [featureStart, featureEnd]] of features.slice(1).entries()) {
      const [lo, hi] = rows[i + 1];
      const columns = setup.columns.map((c) => c.slice(lo, hi));
      const labels = setup.labels.slice(lo, hi);
      const weights = setup.weights ? setup.weights.slice(lo, hi) : null;
      const startScores = typeof setup.startScores === 'number' ? setup.startScores : setup.startScores.slice(lo, hi);
      const workerData: TrainingWorkerData = {
        module, sab, roundSab, layout, thread: i + 1, nThreads: T, offsets,
        share: { featureStart, featureEnd, threads: T }, rowStart: lo, nFeatures: nf,
        columns, labels, weights, startScores,
        monotone: setup.monotone, growParams: setup.growParams, plan: setup.plan,
        histValues: nf * HIST_FEATURE_VALUES, subsample: setup.subsample, gradScale: setup.gradScale, cpu: null, countCpu: setup.cpu != null,
      };
      // The worker's share of the rows is copied once: moved to it, not cloned.
      const transfer = [...columns, labels, ...(weights ? [weights] : []), ...(typeof startScores === 'number' ? [] : [startScores])].map((a) => a.buffer);
      let worker: NodeWorker;
      try {
        worker = startWorker({ workerData, transferList: transfer });
      } catch (e) {
        // The workers started so far are waiting for the cut points: release them.
        this.exchange.fail('training stopped');
        for (const w of this.workers) void w.terminate();
        throw new Error(`could not start training worker ${i + 1}: ${(e as Error).message}`, { cause: e });
      }
      // A worker that cannot even start (its error event cannot reach this
      // blocked thread) is caught by the exchange's stall timeout.
      worker.on('error', (e) => this.exchange.fail(`training worker ${i + 1}: ${e.message}`));
      worker.unref();
      this.workers.push(worker);
    }
    const x = this.exchange;
    this.restoreHooks = setTrainingHooks({ reduceSums: x.reduceSums, reduceHistogram: x.reduceHistogram, exchangeSplits: x.exchange });
  }

  static start(setup: TrainingThreadsSetup): TrainingThreads {
    return new TrainingThreads(setup);
  }

  /** Hands the workers the bin mapper's cut points, feature by feature: they bin their rows with them. */
  sendCuts(cuts: readonly Float32Array[]): void {
    for (const [f, c] of cuts.entries()) {
      this.cutCounts[f] = c.length;
      this.cutValues.set(c, f * MAX_CUTS);
    }
    this.guard(() => this.exchange.barrier());
  }

  /** Waits until every worker has binned its rows and is ready for the first round. */
  ready(): void {
    this.guard(() => this.exchange.barrier());
  }

  /**
   * Starts a round on every thread with its feature mask and row sample (the
   * first nUsed entries of `sample`, ascending row indices of the whole
   * training set, or null without subsampling). The workers read them before
   * their first meeting in the tree (the root's sums), so this thread, which
   * cannot pass that meeting without them, overwrites them only after.
   */
  beginRound(mask: Uint8Array, sample: Uint32Array | null, nUsed: number): void {
    this.roundInfo[0] = nUsed;
    this.roundMask.set(mask);
    if (sample && this.roundSample) this.roundSample.set(sample.subarray(0, nUsed));
    Atomics.store(this.exchange.ctrl, 2, 0);
    this.guard(() => this.exchange.barrier());
  }

  /**
   * Every thread's times (this thread first, given as `own`), after `finish`:
   * the workers publish theirs at the end of each round.
   */
  threadTimes(own: Omit<ThreadTimes, MeasuredByExchange>): ThreadTimes[] {
    this.exchange.writeTimes(own);
    return this.exchange.readTimes();
  }

  /** Runs a step that waits on partners, naming a partner's failure (an internal error, not bad input). */
  guard<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      if (e instanceof CreditkitError) throw e;
      throw new Error(`multi-threaded training failed: ${(e as Error).message}`, { cause: e });
    }
  }

  /** After the last round: tells the workers to stop, at the round boundary where they wait. */
  finish(): void {
    Atomics.store(this.exchange.ctrl, 2, -1);
    this.guard(() => this.exchange.barrier());
  }

  /**
   * Releases the workers and unhooks the exchange. After `finish` the workers
   * have stopped already; otherwise (a failure mid-round) they are told the
   * fit failed, which wakes them wherever they wait.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    setTrainingHooks(this.restoreHooks);
    this.exchange.fail('training stopped');
    for (const w of this.workers) void w.terminate();
  }
}

/** Most cut points of a feature (BinMapper: at most 255 bins, the missing bin apart). */
const MAX_CUTS = 256;

/**
 * Where the round buffer (shared with the workers) keeps each part, in
 * bytes: Int32 [0] rows in the whole sample; the feature mask at byte 16;
 * the cut points (an Int32 count per feature, then MAX_CUTS f32 per
 * feature), written once before the first round; with subsample, the
 * sampled row indices of the whole training set (u32, ascending).
 */
export interface RoundLayout {
  cutCounts: number;
  cutValues: number;
  maxCuts: number;
  sample: number;
  bytes: number;
}

function roundLayout(nFeatures: number, nRows: number, subsample: boolean): RoundLayout {
  const cutCounts = 16 + Math.ceil(nFeatures / 16) * 16;
  const cutValues = cutCounts + Math.ceil(nFeatures / 4) * 16;
  const sample = cutValues + nFeatures * MAX_CUTS * 4;
  return { cutCounts, cutValues, maxCuts: MAX_CUTS, sample, bytes: sample + (subsample ? nRows * 4 : 0) };
}
