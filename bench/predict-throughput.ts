/**
 * Predictor throughput: where the time of `predictProba` goes, one thread.
 *
 *   npx tsx bench/predict-throughput.ts [--rows 1000000] [--train 100000] [--repeats 7] [--xgb]
 *
 * Trains (or reloads from bench/out/predict-throughput/) a 100-tree depth-6
 * model on the first --train rows of makeCreditLike(--rows, 30, seed 7), then
 * scores all --rows rows and prints, median of --repeats, wall and CPU time
 * (process.cpuUsage, user + system, less sensitive to other jobs) of:
 *   predictProba   the whole public call on a Dataset (schema check, finite
 *                  check, copy into wasm, kernel, sigmoid, copy out)
 *                  (on this model: the columns binned in wasm chunk by chunk,
 *                  then the binned kernel)
 *   PackedForest   PackedForest.predict on the aligned columns (what
 *                  predictProba runs after its checks): binned in wasm chunk by
 *                  chunk, wide tree levels column by column
 *                  (predictBinnedComplete's level programs); and the same with every level
 *                  node by node (the binned kernel before it)
 *   float kernel   PackedForest.predict on the columns without binning (copy
 *                  in, the SIMD complete-tree float kernel, sigmoid, copy out)
 *   child pointers the same with the pointer encoding and its scalar kernel
 *                  (the predictor before the complete-tree encoding)
 *   ScoringPool    the same rows on 2 worker threads (wall time only)
 *   binRows        binning the Dataset by the model's split thresholds (u8 rows)
 *   predictProbaBinned  scoring those pre-binned rows (the binning done once),
 *                  and the same rows with every level node by node
 * With --kernel, only where predictProba's binned path spends its time, per stage of
 * each 4,096-row chunk (copy into wasm, binning into blocks, the binned kernel
 * without and with the sigmoid, copy out), timed call by call (wall clock), seconds
 * per 1M rows, median of --repeats passes over all rows; then exits.
 * With --one-row, only the latency of one-row predictProba calls (1,000 calls, each on a
 * one-row Dataset, µs per call, median of --repeats), with the model's tables kept resident
 * in wasm between calls (the default) and with them copied in on every call (the resident
 * copies cleared before each call, as every call did before they were kept); then, µs per
 * PackedForest.predict call on 1 … 128 rows through the binned kernel (forced) and through the
 * float kernel, which shows where BINNED_PATH_MIN_ROWS (packedForest.ts) should sit; then exits.
 * With --xgb, XGBoost 1.7.4 inplace_predict (nthread 1) on the same model
 * (exported to XGBoost JSON) and the same rows, in the same run, so the ratio
 * is taken under the same load. The bit-identity of every run's output to
 * the first is checked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GradientBoostingClassifier, exportXGBoostJSON, stringifyXGBoostJSON, loadModel } from '../src/index.js';
import { alignColumns } from '../src/models/schema.js';
import { BinnedForest } from '../src/models/predict/binnedForest.js';
import { BINNED_PATH_MIN_ROWS, CHUNK_ROWS, PackedForest } from '../src/models/predict/packedForest.js';
import { GROUP_WORK_BYTES } from '../src/models/predict/binnedCompleteKernel.js';
import { columnBinner } from '../src/models/predict/lookupBinning.js';
import { blockBytes } from '../src/models/predict/thresholdLookup.js';
import { getRuntime } from '../src/wasm/load.js';
import type { Tree } from '../src/models/trees/tree.js';
import { OUT_DIR } from './io.js';
import { makeCreditLike } from './synthetic.js';
import { median } from './util.js';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    train: { type: 'string', default: '100000' },
    repeats: { type: 'string', default: '7' },
    xgb: { type: 'boolean', default: false },
    kernel: { type: 'boolean', default: false },
    'one-row': { type: 'boolean', default: false },
  },
});
const nRows = Number(flags.rows);
const nTrain = Math.min(nRows, Number(flags.train));
const repeats = Number(flags.repeats);
const nFeatures = 30;
const DIR = join(OUT_DIR, 'predict-throughput');
mkdirSync(DIR, { recursive: true });

const { X, y } = makeCreditLike(nRows, nFeatures, 7);
const modelPath = join(DIR, `model-${nTrain}.json`);
let model: GradientBoostingClassifier;
if (existsSync(modelPath)) {
  model = loadModel(JSON.parse(readFileSync(modelPath, 'utf8'))) as GradientBoostingClassifier;
} else {
  const idx = Array.from({ length: nTrain }, (_, i) => i);
  model = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6, learningRate: 0.1, seed: 0 });
  model.fit(X.take(idx), y.subarray(0, nTrain));
  writeFileSync(modelPath, JSON.stringify(model.toJSON()));
}

interface Timing { wall: number; cpu: number }
function measure<T>(fn: () => T): { t: Timing; out: T } {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const out = fn();
  const wall = (performance.now() - w0) / 1000;
  const c = process.cpuUsage(c0);
  return { t: { wall, cpu: (c.user + c.system) / 1e6 }, out };
}

// The fitted trees (private to the model; read here only to pack them both ways).
const trees = (model as unknown as { trees: Tree[] }).trees;
const auto = new PackedForest(trees, nFeatures);
const binnedNodes = new PackedForest(trees, nFeatures, 'binnedNodes');
const complete = new PackedForest(trees, nFeatures, 'complete');
const pointers = new PackedForest(trees, nFeatures, 'pointers');
const { columns } = alignColumns(model.featureSpecs, X);
const base = model.baseScoreMargin;
if (flags.kernel) {
  kernelProfile();
  process.exit(0);
}
if (flags['one-row']) {
  oneRowLatency();
  process.exit(0);
}
const stages: Record<string, () => Float64Array | Uint8Array> = {
  'predictProba (Dataset)': () => model.predictProba(X),
  'PackedForest.predict: binned in wasm, wide levels column by column (predictProba\'s path)': () => auto.predict(columns, nRows, base, true),
  'same, every level node by node (the binned kernel before)': () => binnedNodes.predict(columns, nRows, base, true),
  'float kernel: complete trees, SIMD, 4 rows per v128': () => complete.predict(columns, nRows, base, true),
  'child pointers, 8 rows scalar (previous kernel)': () => pointers.predict(columns, nRows, base, true),
};
const binned = model.binRows(X);
stages['predictProbaBinned (pre-binned u8 rows)'] = () => model.predictProbaBinned(binned);
const nodesOnly = new BinnedForest(trees, auto.binned!.binning, 'nodes');
stages['same rows, every level node by node (before)'] = () => nodesOnly.predict(binned.bins, nRows, base, true);
// binRows returns bytes, not scores: they are checked against the first binning (after timing).
stages['binRows (Dataset → u8 rows)'] = () => model.binRows(X).bins;
const results: Record<string, Timing[]> = {};
let reference: Float64Array | null = null;
for (let r = 0; r < repeats; r++) {
  for (const [name, fn] of Object.entries(stages)) {
    const { t, out } = measure(fn);
    (results[name] ??= []).push(t);
    if (out instanceof Uint8Array) {
      for (let i = 0; i < out.length; i++) if (out[i] !== binned.bins[i]) throw new Error(`${name}: byte ${i} differs between runs`);
    } else if (reference === null) reference = out;
    else for (let i = 0; i < nRows; i++) if (!Object.is(out[i], reference[i])) throw new Error(`${name}: row ${i} differs between runs`);
  }
}

// Worker pool, 2 threads (wall time only: its CPU time is spent in the workers).
const pool = await model.createScoringPool(2);
await pool.predictProba(X.take(Array.from({ length: 10_000 }, (_, i) => i)));
const poolWall: number[] = [];
for (let r = 0; r < repeats; r++) {
  const w0 = performance.now();
  const out = await pool.predictProba(X);
  poolWall.push((performance.now() - w0) / 1000);
  for (let i = 0; i < nRows; i++) if (!Object.is(out[i], reference![i])) throw new Error(`pool: row ${i} differs`);
}
await pool.close();

let xgb: { wall: number; cpu: number } | null = null;
if (flags.xgb) {
  const xgbPath = join(DIR, `model-${nTrain}.xgb.json`);
  writeFileSync(xgbPath, stringifyXGBoostJSON(exportXGBoostJSON(model)));
  const f32 = join(DIR, `X-${nRows}.f32`);
  if (!existsSync(f32)) {
    const m = new Float32Array(nRows * nFeatures);
    X.columns.forEach((c, j) => { for (let i = 0; i < nRows; i++) m[i * nFeatures + j] = c.values[i]; });
    writeFileSync(f32, m);
  }
  const py = [
    'import sys, time, json, numpy as np, xgboost as xgb',
    `X = np.fromfile(${JSON.stringify(f32)}, dtype=np.float32).reshape(-1, ${nFeatures})`,
    `b = xgb.Booster(model_file=${JSON.stringify(xgbPath)}); b.set_param({"nthread": 1})`,
    'ts = []',
    'cs = []',
    `for _ in range(${repeats}):`,
    '    t = time.perf_counter(); c = time.process_time(); p = b.inplace_predict(X); ts.append(time.perf_counter() - t); cs.append(time.process_time() - c)',
    'print(json.dumps({"wall": sorted(ts)[len(ts)//2], "cpu": sorted(cs)[len(cs)//2]}))',
  ].join('\n');
  const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  xgb = JSON.parse(r.stdout.trim());
}

const rate = (s: number) => `${(nRows / s / 1e6).toFixed(2)}M`;
console.log(`predictor throughput, ${nRows} rows × ${nFeatures}, model ${model.nTrees} trees depth 6 (trained on ${nTrain}), median of ${repeats}, ${new Date().toISOString()}`);
console.log('| stage | wall s | rows/s (wall) | CPU s | rows/s (CPU) |');
console.log('|---|---|---|---|---|');
for (const [name, ts] of Object.entries(results)) {
  const w = median(ts.map((t) => t.wall));
  const c = median(ts.map((t) => t.cpu));
  console.log(`| ${name} | ${w.toFixed(3)} | ${rate(w)} | ${c.toFixed(3)} | ${rate(c)} |`);
}
console.log(`| ScoringPool, 2 threads | ${median(poolWall).toFixed(3)} | ${rate(median(poolWall))} | | |`);
if (xgb) {
  console.log(`| XGBoost inplace_predict nthread 1 | ${xgb.wall.toFixed(3)} | ${rate(xgb.wall)} | ${xgb.cpu.toFixed(3)} | ${rate(xgb.cpu)} |`);
  const w = median(results['predictProba (Dataset)'].map((t) => t.wall));
  const c = median(results['predictProba (Dataset)'].map((t) => t.cpu));
  console.log(`\npredictProba rows/s ÷ XGBoost's: ${(xgb.wall / w).toFixed(2)}× by wall time, ${(xgb.cpu / c).toFixed(2)}× by CPU time`);
}

/**
 * --kernel: predictByBinning's loop run four ways over all rows, each adding a stage (copy
 * into wasm; + binning into blocks; + the kernel, raw scores; + the sigmoid and the copy
 * out, i.e. the whole loop), CPU time of each pass (process.cpuUsage, precise in total), so
 * each stage's cost is the difference of two medians; and the kernel alone, looping over four
 * chunks binned once; then PackedForest.predict and predictProba, each timed whole right
 * after the passes (no other stage's allocations between them, unlike the default table).
 */
function kernelProfile(): void {
  const binned = auto.binned!;
  const complete = binned.forest.complete!;
  const { kernels, heap } = getRuntime();
  const nf = nFeatures;
  const passes = ['copy into wasm', '+ binning into blocks', '+ kernel, raw scores', '+ sigmoid, copy out (the whole loop)'] as const;
  const cpu: number[][] = passes.map(() => []);
  const wall: number[][] = passes.map(() => []);
  const whole: number[] = [];
  const alone: number[] = [];
  const proba: number[] = [];
  const reference = model.predictProba(X);
  heap.scoped((scope) => {
    const slots = scope.copyIn(complete.slots);
    const treesAt = scope.copyIn(complete.trees);
    const levels = scope.copyIn(binned.forest.levels!);
    const binColumn = columnBinner(binned.binning.lookup, nf, scope, true);
    const pos = scope.alloc(GROUP_WORK_BYTES);
    const x = scope.alloc(CHUNK_ROWS * 4);
    const blocks = scope.alloc(blockBytes(CHUNK_ROWS, nf));
    const res = scope.alloc(CHUNK_ROWS * 8);
    const nTrees = complete.trees.length / 2;
    const out = new Float64Array(nRows);
    // The kernel alone: the first KEPT chunks binned once (their blocks stay in L2), scored in turn for nRows rows in all.
    const KEPT = 4;
    const kept = Array.from({ length: KEPT }, (_, b) => {
      const at = scope.alloc(blockBytes(CHUNK_ROWS, nf));
      for (let f = 0; f < nf; f++) {
        heap.f32(x, CHUNK_ROWS).set(columns[f].subarray(b * CHUNK_ROWS, (b + 1) * CHUNK_ROWS));
        binColumn(x, CHUNK_ROWS, f, at);
      }
      return at;
    });
    const pass = (stages: number): void => {
      for (let start = 0; start < nRows; start += CHUNK_ROWS) {
        const m = Math.min(CHUNK_ROWS, nRows - start);
        for (let f = 0; f < nf; f++) {
          heap.f32(x, m).set(columns[f].subarray(start, start + m));
          if (stages > 0) binColumn(x, m, f, blocks);
        }
        if (stages > 1) kernels.predictBinnedBlocks(blocks, nf, m, slots, treesAt, nTrees, levels, base, stages > 2 ? 1 : 0, pos, res);
        if (stages > 2) out.set(heap.f64(res, m), start);
      }
    };
    for (let r = 0; r < repeats; r++) {
      passes.forEach((_, k) => {
        const c0 = process.cpuUsage();
        const w0 = performance.now();
        pass(k);
        wall[k].push((performance.now() - w0) / 1000 / (nRows / 1e6));
        const c = process.cpuUsage(c0);
        cpu[k].push((c.user + c.system) / 1e6 / (nRows / 1e6));
      });
      for (let i = 0; i < nRows; i++) if (!Object.is(out[i], reference[i])) throw new Error(`kernel profile: row ${i} differs from predictProba`);
      const a0 = process.cpuUsage();
      for (let done = 0, b = 0; done < nRows; done += CHUNK_ROWS, b = (b + 1) % KEPT) {
        kernels.predictBinnedBlocks(kept[b], nf, CHUNK_ROWS, slots, treesAt, nTrees, levels, base, 0, pos, res);
      }
      const a = process.cpuUsage(a0);
      alone.push((a.user + a.system) / 1e6 / (Math.ceil(nRows / CHUNK_ROWS) * CHUNK_ROWS / 1e6));
      const c0 = process.cpuUsage();
      auto.predict(columns, nRows, base, true);
      const c = process.cpuUsage(c0);
      whole.push((c.user + c.system) / 1e6 / (nRows / 1e6));
      const p0 = process.cpuUsage();
      model.predictProba(X);
      const p = process.cpuUsage(p0);
      proba.push((p.user + p.system) / 1e6 / (nRows / 1e6));
    }
  });
  console.log(`predictProba's binned path by stage, ${nRows} rows × ${nf}, ${model.nTrees} trees depth 6, chunks of ${CHUNK_ROWS}, median of ${repeats}, ${new Date().toISOString()}`);
  console.log('| pass | CPU s per 1M rows | the stage it adds, CPU s | wall s per 1M rows |');
  console.log('|---|---|---|---|');
  passes.forEach((name, k) => {
    const added = median(cpu[k]) - (k > 0 ? median(cpu[k - 1]) : 0);
    console.log(`| ${name} | ${median(cpu[k]).toFixed(4)} | ${added.toFixed(4)} | ${median(wall[k]).toFixed(4)} |`);
  });
  console.log(`| the kernel alone, raw scores, on 4 chunks binned once | | ${median(alone).toFixed(4)} | |`);
  console.log(`| PackedForest.predict, the whole call | ${median(whole).toFixed(4)} (${(1 / median(whole)).toFixed(2)}M rows/s) | | |`);
  console.log(`| predictProba (Dataset), the whole public call | ${median(proba).toFixed(4)} (${(1 / median(proba)).toFixed(2)}M rows/s) | | |`);
}

/** --one-row: µs per one-row predictProba call, tables resident against copied in per call. */
function oneRowLatency(): void {
  const calls = 1000;
  const rows = Array.from({ length: calls }, (_, i) => X.take([i]));
  const expected = model.predictProba(X.take(Array.from({ length: calls }, (_, i) => i)));
  const { heap } = getRuntime();
  const ways: Record<string, () => void> = {
    'tables resident in wasm (default)': () => {},
    'tables copied in per call (resident copies cleared first)': () => heap.residents.clear(),
  };
  const perCall: Record<string, number[]> = {};
  for (let r = 0; r < repeats; r++) {
    for (const [name, before] of Object.entries(ways)) {
      let spent = 0;
      for (let i = 0; i < calls; i++) {
        before();
        const t0 = performance.now();
        const p = model.predictProba(rows[i]);
        spent += performance.now() - t0;
        if (!Object.is(p[0], expected[i])) throw new Error(`${name}: row ${i} differs from the batch call`);
      }
      (perCall[name] ??= []).push((spent / calls) * 1000);
    }
  }
  console.log(`one-row predictProba, model ${model.nTrees} trees depth 6 × ${nFeatures} features, ${calls} calls, median of ${repeats}, ${new Date().toISOString()}`);
  console.log('| tables | µs per call (median) | runs |');
  console.log('|---|---|---|');
  for (const [name, us] of Object.entries(perCall)) console.log(`| ${name} | ${median(us).toFixed(1)} | ${us.map((u) => u.toFixed(1)).join(', ')} |`);
  fewRowsLatency();
}

/** µs per PackedForest.predict call on a few rows: the binned kernel (a 64-row group however few are real) against the float kernel. */
function fewRowsLatency(): void {
  const binnedAlways = new PackedForest(trees, nFeatures, 'binned');
  const calls = 1000;
  console.log(`\nPackedForest.predict on a few rows (PDs), µs per call, ${calls} calls, median of ${repeats}; predictProba takes the float kernel below BINNED_PATH_MIN_ROWS = ${BINNED_PATH_MIN_ROWS} rows`);
  console.log('| rows | binned kernel | float kernel | same PDs |');
  console.log('|---|---|---|---|');
  for (const m of [1, 2, 3, 4, 6, 8, 16, 32, 64, 128]) {
    const cols = columns.map((c) => c.slice(0, m));
    const us: Record<string, number[]> = { binned: [], float: [] };
    const outs: Float64Array[] = [];
    for (let r = 0; r < repeats + 1; r++) {
      for (const [name, forest] of [['binned', binnedAlways], ['float', complete]] as const) {
        const t0 = performance.now();
        for (let i = 0; i < calls; i++) forest.predict(cols, m, base, true);
        if (r > 0) us[name].push(((performance.now() - t0) / calls) * 1000); // the first round warms up
        if (r === 0) outs.push(forest.predict(cols, m, base, true));
      }
    }
    const same = outs[0].every((v, i) => Object.is(v, outs[1][i]));
    console.log(`| ${m} | ${median(us.binned).toFixed(1)} | ${median(us.float).toFixed(1)} | ${same ? 'yes' : 'NO'} |`);
  }
}
