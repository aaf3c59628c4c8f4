/**
 * The code a scoring worker runs, as plain JavaScript text: it instantiates
 * its own copy of creditkit.wasm (own memory, own allocator: instances must
 * never share a memory) from the compiled module it is sent, keeps one
 * packed forest, and answers chunk requests with raw scores. Being plain
 * text, it runs unchanged from the TypeScript sources or the built package.
 *
 * Messages in:  { type: 'init', module, nodes, roots, depths, values, slots, trees, binned, nFeatures, base, columnBytes }
 *               (slots and trees: the complete-tree encoding, or null for the pointer one;
 *               binned: { slots, trees, cuts, cutStart } of PackedForest's binned path, or null)
 *               { type: 'score', id, columns: Float32Array[], nRows, proba: boolean }
 * Messages out: { type: 'ready' } | { type: 'scores', id, scores: Float64Array } | { type: 'error', id, message }
 */
export const SCORING_WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
let k = null;
let forest = null;

function copyIn(view) {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const ptr = k.alloc(Math.max(16, bytes.length));
  new Uint8Array(k.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

parentPort.on('message', (msg) => {
  try {
    if (msg.type === 'init') {
      // The training imports are only called while training, which a scoring worker never does.
      const training = () => { throw new Error('training import called in a scoring worker'); };
      k = new WebAssembly.Instance(msg.module, { env: { reduceSums: training, reduceHistogram: training, exchangeSplits: training, now: () => performance.now() } }).exports;
      forest = {
        nodes: copyIn(msg.nodes), roots: copyIn(msg.roots), depths: copyIn(msg.depths), values: copyIn(msg.values),
        slots: msg.slots ? copyIn(msg.slots) : 0, trees: msg.trees ? copyIn(msg.trees) : 0,
        nTrees: msg.roots.length, nFeatures: msg.nFeatures, base: msg.base, columnBytes: msg.columnBytes,
        binned: msg.binned ? {
          slots: copyIn(msg.binned.slots), trees: copyIn(msg.binned.trees),
          cuts: copyIn(msg.binned.cuts.length > 0 ? msg.binned.cuts : new Float32Array(1)), cutStart: msg.binned.cutStart,
          nTrees: msg.binned.trees.length / 2,
        } : null,
      };
      parentPort.postMessage({ type: 'ready' });
      return;
    }
    const { id, columns, nRows, proba } = msg;
    if (forest.binned) {
      const scores = scoreBinned(columns, nRows, proba);
      parentPort.postMessage({ type: 'scores', id, scores }, [scores.buffer]);
      return;
    }
    const chunk = forest.columnBytes / 4;
    const scores = new Float64Array(nRows);
    const x = k.alloc(Math.max(1, forest.nFeatures) * forest.columnBytes);
    const out = k.alloc(chunk * 8);
    try {
      for (let start = 0; start < nRows; start += chunk) {
        const m = Math.min(chunk, nRows - start);
        for (let f = 0; f < forest.nFeatures; f++) {
          new Float32Array(k.memory.buffer, x + f * forest.columnBytes, m).set(columns[f].subarray(start, start + m));
        }
        if (forest.slots !== 0) k.predictForestComplete(x, m, forest.slots, forest.trees, forest.nTrees, forest.base, proba ? 1 : 0, out);
        else k.predictForest(x, m, forest.nodes, forest.roots, forest.depths, forest.nTrees, forest.values, forest.base, proba ? 1 : 0, out);
        scores.set(new Float64Array(k.memory.buffer, out, m), start);
      }
    } finally {
      k.free(out);
      k.free(x);
    }
    parentPort.postMessage({ type: 'scores', id, scores }, [scores.buffer]);
  } catch (e) {
    parentPort.postMessage({ type: 'error', id: msg.id, message: String(e && e.stack || e) });
  }
});

// PackedForest.predictByBinning: each chunk's columns binned in wasm, then the level-wise kernel.
function scoreBinned(columns, nRows, proba) {
  const b = forest.binned;
  const nf = forest.nFeatures;
  const chunk = 4096;
  const scores = new Float64Array(nRows);
  const x = k.alloc(chunk * 4);
  const bins = k.alloc(chunk * nf);
  const scratch = k.alloc((2 * nf + 1) * 64); // binnedScratchBytes
  const out = k.alloc(chunk * 8);
  try {
    for (let start = 0; start < nRows; start += chunk) {
      const m = Math.min(chunk, nRows - start);
      for (let f = 0; f < nf; f++) {
        new Float32Array(k.memory.buffer, x, m).set(columns[f].subarray(start, start + m));
        k.binColumn(x, m, b.cuts + 4 * b.cutStart[f], b.cutStart[f + 1] - b.cutStart[f], bins, nf, f);
      }
      k.predictBinnedComplete(bins, nf, m, b.slots, b.trees, b.nTrees, forest.base, proba ? 1 : 0, scratch, out);
      scores.set(new Float64Array(k.memory.buffer, out, m), start);
    }
  } finally {
    k.free(out);
    k.free(scratch);
    k.free(bins);
    k.free(x);
  }
  return scores;
}
`;
