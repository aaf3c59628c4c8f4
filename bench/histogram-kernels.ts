/**
 * The histogram kernels alone: full-precision f64 pairs (buildHistogram)
 * against quantized levels packed in i64 or i32 entries
 * (buildHistogramQuantized), the rounding pass and the gradient pass, on the
 * rows of makeCreditLike(rows / 0.8, features, 0) binned as a fit bins them
 * (256 quantile bins), or with --skewed on bin codes drawn skewed (many rows
 * share a bin, as in count features), CPU time per call (median of --repeats
 * batches of --calls calls).
 *
 *   npx tsx bench/histogram-kernels.ts [--rows 80000] [--features 30] [--calls 20] [--repeats 5] [--skewed] [--wasm file]
 *
 * Why it exists: quantized histograms speed up LightGBM's native code; this
 * shows what they do in wasm, where every (row, feature) costs one
 * load-add-store whatever the entry's width.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BinMapper } from '../src/data/binMapper.js';
import { Random } from '../src/random.js';
import { getRuntime, init } from '../src/wasm/load.js';
import { makeCreditLike } from './synthetic.js';
import { machine, median } from './util.js';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '80000' },
    features: { type: 'string', default: '30' },
    calls: { type: 'string', default: '20' },
    repeats: { type: 'string', default: '5' },
    skewed: { type: 'boolean', default: false },
    wasm: { type: 'string' },
  },
});
const n = Number(flags.rows);
const nf = Number(flags.features);
const calls = Number(flags.calls);
const repeats = Number(flags.repeats);

await init(flags.wasm === undefined ? undefined : pathToFileURL(flags.wasm));
const { kernels: k, heap } = getRuntime();
// LightGBM's 4 gradient bins at unit weights (src/models/gbdt/quantizedGradients.ts).
const [gScale, hScale, gLevels, hLevels, packRows] = [0.5, 1 / 16, 2, 4, 16383];

/** Milliseconds of process CPU per call of `f`. */
function cpuMs(f: () => void): number {
  const runs: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) f();
    const c = process.cpuUsage(c0);
    runs.push((c.user + c.system) / 1000 / calls);
  }
  return median(runs);
}

const columns = flags.skewed ? null : makeCreditLike(n, nf, 0).X.columns.map((c) => c.values);
const binMapper = columns ? BinMapper.fit(columns, { maxBins: 256, seed: 0 }) : null;

heap.scoped((scope) => {
  const rng = new Random(1);
  let bins: number;
  let stride: number;
  if (binMapper && columns) {
    ({ bins, stride } = binMapper.transformInto(scope, columns, n, 2));
  } else {
    stride = k.binStride(nf + 2);
    bins = scope.alloc(n * stride + 16);
    const codes = heap.u8(bins, n * stride);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < nf; f++) codes[i * stride + f] = rng.next() < 0.1 ? 255 : Math.floor(rng.next() ** 2 * 200);
    }
  }
  const gh = scope.alloc(n * 16);
  const scores = scope.alloc(n * 8);
  const labels = scope.alloc(n * 8);
  const s = heap.f64(scores, n);
  const y = heap.f64(labels, n);
  for (let i = 0; i < n; i++) {
    s[i] = rng.next() * 4 - 2;
    y[i] = rng.next() < 0.1 ? 1 : 0;
  }
  const hist = scope.alloc(nf * 256 * 16);
  const scratch = scope.alloc(nf * 256 * 8);
  k.logisticGradHess(scores, labels, 0, n, 2 ** 32, gh);
  k.quantizeGradients(gh, n, bins, stride, gScale, hScale, gLevels, hLevels, 0, 0, 0);
  console.log(`histogram kernels, ${n.toLocaleString('en-US')} rows × ${nf} features of ${flags.skewed ? 'skewed random bin codes' : `makeCreditLike(${n}, ${nf}, 0) in 256 quantile bins`}, CPU ms per call (median of ${repeats} × ${calls} calls); ${machine()}`);
  console.log('| rows | f64 pairs (buildHistogram) | quantized, i64 entries | quantized, i32 entries |');
  console.log('|---|---|---|---|');
  for (const rows of [n, Math.min(n, packRows), Math.min(n, 2000)]) {
    const f64 = cpuMs(() => k.buildHistogram(bins, stride, nf, gh, 0, rows, hist));
    const i64 = cpuMs(() => k.buildHistogramQuantized(bins, stride, nf, 0, rows, scratch, hist, gScale, hScale, 0));
    const i32 = rows <= packRows ? cpuMs(() => k.buildHistogramQuantized(bins, stride, nf, 0, rows, scratch, hist, gScale, hScale, packRows)).toFixed(3) : '— (over the i32 limit)';
    console.log(`| ${rows.toLocaleString('en-US')} | ${f64.toFixed(3)} | ${i64.toFixed(3)} | ${i32} |`);
  }
  console.log(`\nper tree, ${n.toLocaleString('en-US')} rows: logistic gradients ${cpuMs(() => k.logisticGradHess(scores, labels, 0, n, 2 ** 32, gh)).toFixed(3)} ms, ` +
    `a separate rounding pass ${cpuMs(() => k.quantizeGradients(gh, n, bins, stride, gScale, hScale, gLevels, hLevels, 0, 1, 0)).toFixed(3)} ms`);
});
