/**
 * A training worker (a worker thread started by `TrainingThreads`): it
 * instantiates its own copy of creditkit.wasm (own memory: instances never
 * share one) from the compiled module it is sent, bins its share of the rows
 * with the cut points it is given, copies in their labels, weights and start
 * scores, and then, round after round, grows the same tree as the other
 * threads in lock step through a `GrowerSession` (see trainingThreads.ts).
 * It keeps the raw scores of its rows, so nothing but the round's feature
 * mask and row sample crosses threads besides the exchange.
 *
 * Round buffer (roundSab): see RoundLayout in trainingThreads.ts.
 *
 * Start-up, in step with TrainingThreads: copy in the rows' labels, weights
 * and scores; meet (the cut points are written); bin the rows; meet (every
 * thread is ready); then one meeting at the start of every round.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { GrowerSession, type FeatureShare } from '../../wasm/grower.js';
import { getRuntime, initSync, setStageClock, setTrainingHooks } from '../../wasm/load.js';
import { makeTrainingExchange, type NodeOffsets } from './trainingExchange.js';
import { threadRunClock } from '../../parallel/threadRunClock.js';
import { QUANTIZED_ROW_BYTES } from './quantizedGradients.js';
import type { RoundLayout, TrainingThreadsSetup } from './trainingThreads.js';

/**
 * What `TrainingThreads` sends a worker: the setup's shared fields, its own
 * rows only (columns, labels, weights, start scores), and where it stands in
 * the exchange.
 */
export interface TrainingWorkerData extends Omit<TrainingThreadsSetup, 'nRows' | 'columns'> {
  module: WebAssembly.Module;
  sab: SharedArrayBuffer;
  roundSab: SharedArrayBuffer;
  layout: RoundLayout;
  thread: number;
  offsets: NodeOffsets;
  share: FeatureShare;
  rowStart: number;
  columns: Float32Array[];
  /** The exchange's f64 histogram values. */
  histValues: number;
  /** Account this thread's CPU time (profiling; where there is a per-thread CPU clock). */
  countCpu: boolean;
}

function run(d: TrainingWorkerData): void {
  const nf = d.nFeatures;
  const n = d.labels.length;
  const clock = d.countCpu ? threadRunClock() : null;
  const x = makeTrainingExchange(
    d.sab, d.thread, d.nThreads, () => getRuntime().kernels.memory, d.offsets, d.share.featureStart, d.share.featureEnd, d.histValues,
    // From the thread's start: loading it is part of the fit.
    clock ? { clock: clock.now, start: clock.now() - clock.cpuSoFar() } : null,
  );
  try {
    initSync(d.module);
    if (clock) setStageClock(clock.now); // as the calling thread does (gbdt.ts)
    setTrainingHooks({ reduceSums: x.reduceSums, reduceHistogram: x.reduceHistogram, exchangeSplits: x.exchange });
    const { kernels: k, heap } = getRuntime();
    if (d.columns.length !== nf || d.columns.some((c) => c.length !== n)) {
      throw new Error(`feature columns do not match the rows: ${d.columns.map((c) => c.length).join(',')} values for ${nf} features of ${n} rows`);
    }
    // The worker's allocations live as long as it does.
    heap.scoped((scope) => {
      const labels = scope.copyIn(d.labels);
      const weights = d.weights ? scope.copyIn(d.weights) : 0;
      const scores = typeof d.startScores === 'number' ? scope.alloc(n * 8) : scope.copyIn(d.startScores);
      if (typeof d.startScores === 'number') heap.f64(scores, n).fill(d.startScores);
      const sample = d.subsample ? scope.alloc(n * 4) : 0;
      // Quantized training: 2 spare bytes per row, as the calling thread's (gbdt.ts).
      const stride = k.binStride(nf + (d.growParams.quantization ? QUANTIZED_ROW_BYTES : 0));
      const bins = scope.alloc(n * stride + 16); // padded like the work blocks
      heap.u8(bins, n * stride + 16).fill(0);
      x.barrier(); // the calling thread has written the cut points
      // Bin the rows as BinMapper.transformInto does (src/data/binMapper.ts).
      const { maxCuts } = d.layout;
      const cutCounts = new Int32Array(d.roundSab, d.layout.cutCounts, nf);
      const cutValues = new Float32Array(d.roundSab, d.layout.cutValues, nf * maxCuts);
      heap.scoped((binning) => {
        const values = binning.alloc(n * 4);
        const cuts = binning.alloc(maxCuts * 4);
        for (let f = 0; f < nf; f++) {
          heap.f32(values, n).set(d.columns[f]);
          heap.f32(cuts, cutCounts[f]).set(cutValues.subarray(f * maxCuts, f * maxCuts + cutCounts[f]));
          k.binColumn(values, n, cuts, cutCounts[f], bins, stride, f);
        }
      });
      const nBins = Uint32Array.from(cutCounts, (c) => c + 1); // as BinMapper.nBins
      const session = new GrowerSession(scope, { bins, stride, nRows: n, nFeatures: nf, nBins, monotone: d.monotone }, d.growParams, d.plan, { ...d.share, rowStart: d.rowStart });
      session.resetStageTimes();
      const roundInfo = new Int32Array(d.roundSab, 0, 4);
      const roundMask = new Uint8Array(d.roundSab, 16, nf);
      const roundSample = d.subsample ? new Uint32Array(d.roundSab, d.layout.sample) : null;
      x.barrier(); // ready: every thread has binned its rows
      const lo = d.rowStart;
      const hi = d.rowStart + n;
      let gradients = 0;
      let grow = 0;
      const noStages = { histogram: 0, split: 0, partition: 0, leaves: 0 };

      for (;;) {
        // The gradients of the coming round need only this thread's scores:
        // computed before the round starts, as the calling thread computes its
        // own, not after (after the last round they are not used).
        const t0 = performance.now();
        k.logisticGradHess(scores, labels, weights, n, d.gradScale, session.gradientPairs);
        gradients += performance.now() - t0;
        // The calling thread has written the round's command, mask and sample;
        // it overwrites them only after this thread's first meeting in the tree.
        x.barrier();
        if (Atomics.load(x.ctrl, 2) < 0) break;
        session.setFeatureMask(roundMask);
        let nUsed = n;
        if (roundSample) {
          // This worker's rows of the sample, as indices into its share.
          const rows = heap.u32(sample, n);
          const total = roundInfo[0];
          nUsed = 0;
          for (let i = 0; i < total; i++) {
            const r = roundSample[i];
            if (r >= hi) break;
            if (r >= lo) rows[nUsed++] = r - lo;
          }
        }
        const t1 = performance.now();
        session.grow(sample, nUsed, sample ? 0 : scores);
        if (sample) session.addTree(bins, n, scores);
        grow += performance.now() - t1;
        // Published every round: the calling thread reads them after the last one.
        x.writeTimes({ gradients, grow, ...(d.growParams.profile ? session.stageTimes() : noStages) });
      }
    });
  } catch (e) {
    x.fail(`training thread ${d.thread}: ${(e as Error)?.stack ?? e}`);
  }
}

if (!isMainThread) run(workerData as TrainingWorkerData);
