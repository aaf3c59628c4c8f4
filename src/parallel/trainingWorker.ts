import { TRAINING_EXCHANGE_SOURCE } from './trainingExchange.js';

/**
 * The code a training worker runs, as plain JavaScript text (like the scoring
 * worker, it runs unchanged from the TypeScript sources or the built package).
 * It instantiates its own copy of creditkit.wasm (own memory: instances never
 * share one), bins its share of the rows with the cut points it is given,
 * copies in their labels, weights and start scores, and then, round after
 * round, grows the same tree
 * as the other threads in lock step (see trainingThreads.ts). It keeps the
 * raw scores of its rows, so nothing but the round's feature mask and row
 * sample crosses threads besides the exchange.
 *
 * workerData: { module, sab, roundSab, roundSampleOffset, thread, nThreads,
 *   offsets, featureStart, featureEnd, rowStart, nFeatures, columns,
 *   cuts, labels, weights, startScores, nBins, monotone, params, capacity,
 *   nSlots, histBytes, histValues, subsample, gradScale }
 *   (columns, labels, weights, startScores: this worker's rows only; params
 *   is growTree's block from growParamBlock, capacity, nSlots and histBytes
 *   the GrowPlan of src/wasm/grower.ts, histValues the exchange's f64
 *   histogram values: nothing here recomputes the grower's arithmetic)
 * Round buffer (roundSab): Int32 [0] rows in the whole sample; the feature
 *   mask at byte 16; with subsample, the sampled row indices of the whole
 *   training set (u32, ascending) at roundSampleOffset.
 */
export const TRAINING_WORKER_SOURCE = String.raw`
const { workerData: d } = require('node:worker_threads');
${TRAINING_EXCHANGE_SOURCE}
let k = null;
const nf = d.nFeatures, n = d.labels.length;
const x = makeTrainingExchange(d.sab, d.thread, d.nThreads, () => k.memory, d.offsets, d.featureStart, d.featureEnd, d.histValues);
try {
  k = new WebAssembly.Instance(d.module, {
    env: { reduceSums: x.reduceSums, reduceHistogram: x.reduceHistogram, exchangeSplits: x.exchange, now: () => performance.now() },
  }).exports;
  const stride = k.binStride(nf);
  const alloc = (bytes) => {
    const p = k.alloc(Math.max(16, Math.ceil(bytes / 16) * 16));
    if (p === 0) throw new Error('training worker: wasm allocation of ' + bytes + ' bytes failed');
    return p;
  };
  const copyIn = (view) => {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const p = alloc(bytes.length);
    new Uint8Array(k.memory.buffer, p, bytes.length).set(bytes);
    return p;
  };
  if (d.columns.length !== nf || d.columns.some((c) => c.length !== n)) {
    throw new Error('feature columns do not match the rows: ' + d.columns.map((c) => c.length).join(',') + ' values for ' + nf + ' features of ' + n + ' rows');
  }
  // Bin the rows as BinMapper.transformInto does (src/data/binMapper.ts).
  const bins = alloc(n * stride + 16); // padded like the work blocks
  new Uint8Array(k.memory.buffer, bins, n * stride + 16).fill(0);
  const values = alloc(n * 4);
  const cutsPtr = alloc(1024);
  for (let f = 0; f < nf; f++) {
    new Float32Array(k.memory.buffer, values, n).set(d.columns[f]);
    new Float32Array(k.memory.buffer, cutsPtr, d.cuts[f].length).set(d.cuts[f]);
    k.binColumn(values, n, cutsPtr, d.cuts[f].length, bins, stride, f);
  }
  k.free(cutsPtr);
  k.free(values);
  const labels = copyIn(d.labels);
  const weights = d.weights ? copyIn(d.weights) : 0;
  const scores = copyIn(d.startScores);
  const gh = alloc(n * 16);
  // The grower's three row blocks, as GrowerSession (src/wasm/grower.ts) lays them out.
  const blockBytes = k.rowBlockBytes();
  const blocks = alloc(3 * blockBytes);
  const identity = alloc(n * 4);
  const ids = new Uint32Array(k.memory.buffer, identity, n);
  for (let i = 0; i < n; i++) ids[i] = i;
  const work = [1, 2].map(() => [alloc(n * stride + 16), alloc(n * 16), alloc(n * 4)]);
  [[bins, gh, identity], ...work].forEach((ptrs, b) => new Uint32Array(k.memory.buffer, blocks + b * blockBytes, 3).set(ptrs));
  const sample = d.subsample ? alloc(n * 4) : 0;
  const nBins = copyIn(d.nBins);
  const mask = alloc(nf);
  const mono = copyIn(d.monotone);
  const histPool = alloc(d.histBytes);
  const slotStack = alloc(d.nSlots * 4);
  const nodePool = alloc(d.capacity * k.nodeRecordBytes());
  const params = copyIn(d.params);
  const treeOut = alloc(k.treeOutBytes(d.capacity));
  const roundInfo = new Int32Array(d.roundSab, 0, 4);
  const roundMask = new Uint8Array(d.roundSab, 16, nf);
  const roundSample = d.subsample ? new Uint32Array(d.roundSab, d.roundSampleOffset) : null;
  const lo = d.rowStart, hi = d.rowStart + n;

  for (;;) {
    x.barrier(); // the calling thread has written the round's command, mask and sample
    if (Atomics.load(x.ctrl, 2) < 0) break;
    new Uint8Array(k.memory.buffer, mask, nf).set(roundMask);
    let nUsed = n;
    if (sample) {
      // This worker's rows of the sample, as indices into its share.
      const rows = new Uint32Array(k.memory.buffer, sample, n);
      const total = roundInfo[0];
      nUsed = 0;
      for (let i = 0; i < total; i++) {
        const r = roundSample[i];
        if (r >= hi) break;
        if (r >= lo) rows[nUsed++] = r - lo;
      }
    }
    x.barrier(); // every thread has read them: the calling thread may overwrite them
    k.logisticGradHess(scores, labels, weights, n, d.gradScale, gh);
    const nLeaves = k.growTree(blocks, stride, nf, nBins, mask, mono, sample, nUsed, histPool, slotStack, nodePool, params, treeOut, sample ? 0 : scores);
    if (sample) k.addTreeBinned(bins, stride, n, treeOut, d.capacity, nLeaves, scores);
  }
} catch (e) {
  x.fail('training thread ' + d.thread + ': ' + (e && e.stack || e));
}
`;
