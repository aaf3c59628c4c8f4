/**
 * Batch-scoring throughput: a 100-tree depth-6 model on 1M rows × 30 features.
 *
 *   npx tsx bench/score-stream.ts [--rows 1000000] [--runs 3] [--no-xgb] [--no-js-reader] [--dist] [--no-id]
 *     [--ways stream,pipe,file] [--tsx-off]
 *
 * Writes bench/out/score-stream/{data.csv, model.json, X.f32, model.xgb.json}
 * (seeded, from bench/synthetic.ts), trains on the first 100k rows, then
 * measures: in-memory predictProba (1 thread), the worker pool (2 threads),
 * streaming CSV → CSV with scoreStream on a read stream (1 and 2 threads: this
 * thread cuts the stream into ranges, scores some and hands the others to a
 * worker; the same on stdin fed through a pipe by `cat`, a stream that is not a
 * file) and with scoreCsvFile on the file's path
 * (2 threads: this one and a worker, each reading its own byte ranges), each in
 * its own child process so its peak RSS is its own; on 1 thread with the
 * JavaScript CSV reader, `--js-reader`, the reader before the wasm one; with
 * `--dist`, the same from the built package (dist/, `npm run build` first) in
 * plain `node`, as the installed package runs — under tsx each worker thread
 * starts its own module loader and transpiles the sources; `--runs` rounds of
 * them, medians reported), and XGBoost's inplace_predict
 * (nthread 1 and 2) on the same model exported to XGBoost JSON. Streaming
 * output is checked row by row against the in-memory scores.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, openSync, closeSync, writeSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GradientBoostingClassifier, exportXGBoostJSON, stringifyXGBoostJSON, loadModel } from '../src/index.js';
import { Dataset } from '../src/data/dataset.js';
import { openAtomicWriter } from '../src/io/atomicWrite.js';
import { scoreStream } from '../src/stream/scoreStream.js';
import { scoreCsvFile } from '../src/stream/scoreCsvFile.js';
import { OUT_DIR, REPO_ROOT } from './io.js';
import { makeCreditLike } from './synthetic.js';
import { markdownTable, median, flagValue, threadCpuSeconds, threadDelta } from './util.js';

const DIR = join(OUT_DIR, 'score-stream');
const SCRIPT = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);

if (flagValue('child-stream') !== undefined) {
  // Child: stream data.csv → scores, print one JSON line.
  const threads = Number(flagValue('child-stream'));
  // --js-reader: the CSV reader before the wasm one (parseCsv's JavaScript path), side by side.
  if (argv.includes('--js-reader')) (await import('../src/data/csvWasmReader.js')).setCsvWasmReader(false);
  const model = loadModel(JSON.parse(readFileSync(join(DIR, 'model.json'), 'utf8'))) as GradientBoostingClassifier;
  const out = join(DIR, `scores-${threads}.csv`);
  const writer = await openAtomicWriter(out);
  // CPU time of all the process's threads (workers included): on a machine whose cores are busy with other work,
  // wall time cannot show a gain from threads, but CPU time shows what the threads cost.
  const cpu0 = process.cpuUsage();
  const threadCpu0 = threadCpuSeconds();
  let threadCpu = threadCpu0;
  const queued0 = mainQueuedSeconds();
  // Each thread's CPU time, read after each block is written (the workers are gone once scoring returns).
  const options = { threads, idColumn: argv.includes('--no-id') ? undefined : 'id', onProgress: () => void (threadCpu = threadCpuSeconds()) };
  // --pipe: the file comes through a real pipe on stdin (a stream that is not a file: 64 KiB pieces, no offsets to read at).
  const r = argv.includes('--file')
    ? await scoreCsvFile(model, join(DIR, 'data.csv'), writer.stream, options)
    : await scoreStream(model, argv.includes('--pipe') ? process.stdin : createReadStream(join(DIR, 'data.csv'), { highWaterMark: 1 << 20 }), writer.stream, options);
  const cpu = process.cpuUsage(cpu0);
  const queued = mainQueuedSeconds() - queued0;
  await writer.commit();
  console.log(JSON.stringify({ rows: r.rows, seconds: r.seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMiB: process.resourceUsage().maxRSS / 1024, threads: threadDelta(threadCpu0, threadCpu), queued }));
  process.exit(0);
}

/** Seconds this (the main) thread has waited for a core so far (/proc/thread-self/schedstat's run-queue time; 0 elsewhere). */
function mainQueuedSeconds(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return 0;
  }
}


const nRows = Number(flagValue('rows') ?? 1_000_000);
const nFeatures = 30;
const nTrain = Math.min(100_000, nRows);
mkdirSync(DIR, { recursive: true });

console.error(`generating ${nRows} × ${nFeatures} (seed 7)…`);
const { X, y } = makeCreditLike(nRows, nFeatures, 7);
const names = X.columns.map((c) => c.name);

// CSV with an id column, values printed from their float32 values (read back exactly).
const csvPath = join(DIR, 'data.csv');
{
  const fd = openSync(csvPath, 'w');
  writeSync(fd, ['id', ...names].join(',') + '\n');
  const cols = X.columns.map((c) => c.values);
  const block = 20_000;
  for (let s = 0; s < nRows; s += block) {
    const lines: string[] = [];
    for (let i = s; i < Math.min(nRows, s + block); i++) {
      let line = `A${i}`;
      for (const c of cols) line += ',' + (c[i] === c[i] ? String(c[i]) : '');
      lines.push(line);
    }
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
}
// Row-major float32 for XGBoost.
{
  const m = new Float32Array(nRows * nFeatures);
  X.columns.forEach((c, j) => { for (let i = 0; i < nRows; i++) m[i * nFeatures + j] = c.values[i]; });
  writeFileSync(join(DIR, 'X.f32'), m);
}
console.error(`wrote ${csvPath} (${(statSync(csvPath).size / 2 ** 20).toFixed(0)} MiB); training on ${nTrain} rows…`);

const sub = subset(X, nTrain);
const model = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6 }).fit(sub, y.subarray(0, nTrain));
writeFileSync(join(DIR, 'model.json'), JSON.stringify(model.toJSON()));
writeFileSync(join(DIR, 'model.xgb.json'), stringifyXGBoostJSON(exportXGBoostJSON(model)));

function subset(ds: Dataset, n: number): Dataset {
  return new Dataset(ds.columns.map((c) => ({ ...c, values: c.values.slice(0, n) })), n);
}

const rowsTable: string[][] = [];
const rate = (s: number): string => Math.round(nRows / s).toLocaleString('en-US');

// In-memory, 1 thread.
model.predictProba(subset(X, 10_000)); // warm-up
const times: number[] = [];
let pd: Float64Array = new Float64Array(0);
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  pd = model.predictProba(X);
  times.push((performance.now() - t0) / 1000);
}
rowsTable.push(['creditkit in-memory predictProba', '1', rate(median(times)), '—']);

// Pool, 2 threads.
{
  const pool = await model.createScoringPool(2);
  await pool.predictProba(subset(X, 10_000));
  const t: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const p = await pool.predictProba(X);
    t.push((performance.now() - t0) / 1000);
    if (p.some((v, i) => v !== pd[i])) throw new Error('pool scores differ');
  }
  await pool.close();
  rowsTable.push(['creditkit in-memory ScoringPool', '2', rate(median(t)), '—']);
}
const inMemoryRss = process.resourceUsage().maxRSS / 1024;

// Streaming, in child processes: the wasm CSV reader on 1 and 2 threads, and the JavaScript reader on 1;
// `--runs N` rounds (default 3), configurations taken round robin so the machine's load falls on all alike.
const streamRuns = Number(flagValue('runs') ?? 3);
// A configuration: threads, the way in ('stream': scoreStream on a read stream; 'pipe': scoreStream on stdin, which
// `cat data.csv |` feeds through a pipe; 'file': scoreCsvFile on the path), the JavaScript reader, the built package in plain node.
interface StreamConfig { threads: number; way: 'stream' | 'pipe' | 'file'; jsReader: boolean; dist: boolean }
const noId = argv.includes('--no-id');
const configs: StreamConfig[] = [
  { threads: 1, way: 'stream', jsReader: false, dist: false },
  { threads: 2, way: 'stream', jsReader: false, dist: false },
  { threads: 1, way: 'pipe', jsReader: false, dist: false },
  { threads: 2, way: 'pipe', jsReader: false, dist: false },
  { threads: 2, way: 'file', jsReader: false, dist: false },
  ...(argv.includes('--no-js-reader') ? [] : [{ threads: 1, way: 'stream' as const, jsReader: true, dist: false }]),
  ...(argv.includes('--dist') ? [
    { threads: 1, way: 'stream' as const, jsReader: false, dist: true },
    { threads: 2, way: 'stream' as const, jsReader: false, dist: true },
    { threads: 1, way: 'pipe' as const, jsReader: false, dist: true },
    { threads: 2, way: 'pipe' as const, jsReader: false, dist: true },
    { threads: 2, way: 'file' as const, jsReader: false, dist: true },
  ] : []),
];
// --ways pipe,file: only these ways in (default all), --tsx-off: only the built package's rows (with --dist).
const ways = flagValue('ways')?.split(',');
if (ways !== undefined || argv.includes('--tsx-off')) {
  const kept = configs.filter((c) => (ways === undefined || ways.includes(c.way)) && !(argv.includes('--tsx-off') && !c.dist));
  configs.splice(0, configs.length, ...kept);
}
const streamed = configs.map(() => ({ seconds: [] as number[], cpu: [] as number[], rss: [] as number[], threads: [] as number[][], unqueued: [] as number[] }));
for (let run = 0; run < streamRuns; run++) {
  for (const [k, c] of configs.entries()) {
    const flags = [...(c.jsReader ? ['--js-reader'] : []), ...(c.way === 'file' ? ['--file'] : []), ...(c.way === 'pipe' ? ['--pipe'] : []), ...(noId ? ['--no-id'] : [])];
    const args = c.dist ? ['--input-type=module', '-e', distChild(c.threads, c.way)] : [...process.execArgv, SCRIPT, '--child-stream', String(c.threads), ...flags];
    const r = c.way === 'pipe'
      ? spawnSync('sh', ['-c', `cat ${shellQuoted(join(DIR, 'data.csv'))} | ${[process.execPath, ...args].map(shellQuoted).join(' ')}`], { encoding: 'utf8', maxBuffer: 1 << 24 })
      : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    // Check alignment: line i+1 is `A<i>,<pd[i]>` (`<i+1>,<pd[i]>` without the id column).
    const lines = readFileSync(join(DIR, `scores-${c.threads}.csv`), 'utf8').split('\n');
    if (lines[0] !== (noId ? 'row,pd' : 'id,pd') || lines.length !== nRows + 2) throw new Error(`bad output shape (${lines.length} lines)`);
    for (let i = 0; i < nRows; i++) {
      if (lines[i + 1] !== `${noId ? i + 1 : `A${i}`},${pd[i]}`) throw new Error(`row ${i} misaligned: ${lines[i + 1]}`);
    }
    streamed[k].seconds.push(res.seconds);
    streamed[k].rss.push(res.maxRssMiB);
    streamed[k].cpu.push(res.cpuSeconds);
    streamed[k].threads.push(res.threads);
    streamed[k].unqueued.push(res.seconds - res.queued);
    console.error(`run ${run + 1}: ${describe(c)}, ${c.threads} thread(s): ${rate(res.seconds)} rows/s, ${res.cpuSeconds.toFixed(1)} CPU s`);
  }
}
for (const [k, c] of configs.entries()) {
  const runsText = streamRuns > 1 ? ` (runs: ${streamed[k].seconds.map(rate).join(', ')})` : '';
  rowsTable.push([
    `creditkit streaming CSV → CSV (${describe(c)}; CPU s of all threads: ${median(streamed[k].cpu).toFixed(2)})`,
    String(c.threads), rate(median(streamed[k].seconds)) + runsText, median(streamed[k].rss).toFixed(0),
  ]);
}

// CPU accounting, which other processes on the machine do not inflate: each thread's CPU time, and the longest of
// them (main or another), which is the wall time with a free core per thread and nothing lost to waiting.
const threadRows = configs.map((c, k) => {
  const runs = streamed[k].threads;
  // The threads that score: this one and N − 1 workers (a file's ranges, a stream's blocks).
  const working = c.threads;
  const critical = runs.map((t) => Math.max(...t.slice(0, working)));
  return {
    c, main: median(runs.map((t) => t[0])), others: [1, 2, 3].map((j) => median(runs.map((t) => t[j] ?? 0))), critical: median(critical), all: median(streamed[k].cpu),
    unqueued: median(streamed[k].unqueued),
  };
});
// One thread of the same way in (a file's ranges against a read stream), same package.
const oneThread = (c: StreamConfig): (typeof threadRows)[number] | undefined =>
  threadRows.find((r) => r.c.threads === 1 && !r.c.jsReader && r.c.dist === c.dist && r.c.way === (c.way === 'file' ? 'stream' : c.way));
const accounting = threadRows.map((r) => {
  const one = oneThread(r.c);
  return [
    describe(r.c), String(r.c.threads), r.all.toFixed(2), r.main.toFixed(2), r.others.map((x) => x.toFixed(2)).join(' / '), r.critical.toFixed(2),
    one === undefined ? '—' : `${(one.critical / r.critical).toFixed(2)}×`,
    r.unqueued.toFixed(2), one === undefined ? '—' : `${(one.unqueued / r.unqueued).toFixed(2)}×`,
  ];
});

function describe(c: StreamConfig): string {
  const way = { file: 'scoreCsvFile, ranges read by each thread', stream: 'scoreStream on a read stream', pipe: 'scoreStream on stdin through a pipe' }[c.way];
  return `${way}${c.jsReader ? ', JavaScript CSV reader' : ''}${c.dist ? ', built package (dist/) in node' : ''}${noId ? ', no id column' : ''}`;
}

/** A word for sh -c, quoted. */
function shellQuoted(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** The child of a `--dist` configuration: the built package in plain node (no tsx loader in it or its workers). */
function distChild(threads: number, way: StreamConfig['way']): string {
  const input = way === 'pipe' ? 'process.stdin' : "createReadStream(dir + '/data.csv', { highWaterMark: 1 << 20 })";
  const dist = (p: string): string => JSON.stringify(pathToFileURL(join(REPO_ROOT, 'dist', p)).href);
  return `
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
const { loadModel, scoreStream, scoreCsvFile, openAtomicWriter } = await import(${dist('index.js')});
const dir = ${JSON.stringify(DIR)};
const model = loadModel(JSON.parse(readFileSync(dir + '/model.json', 'utf8')));
const writer = await openAtomicWriter(dir + '/scores-${threads}.csv');
const threadCpuSeconds = ${threadCpuSeconds.toString()};
const threadDelta = ${threadDelta.toString()};
const mainQueuedSeconds = ${mainQueuedSeconds.toString()};
const threadCpu0 = threadCpuSeconds();
let threadCpu = threadCpu0;
const queued0 = mainQueuedSeconds();
const options = { threads: ${threads}, idColumn: ${noId ? 'undefined' : "'id'"}, onProgress: () => void (threadCpu = threadCpuSeconds()) };
const cpu0 = process.cpuUsage();
const r = ${way === 'file' ? "await scoreCsvFile(model, dir + '/data.csv', writer.stream, options)" : `await scoreStream(model, ${input}, writer.stream, options)`};
const cpu = process.cpuUsage(cpu0);
const queued = mainQueuedSeconds() - queued0;
await writer.commit();
console.log(JSON.stringify({ rows: r.rows, seconds: r.seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMiB: process.resourceUsage().maxRSS / 1024, threads: threadDelta(threadCpu0, threadCpu), queued }));
process.exit(0);
`;
}

// XGBoost inplace_predict.
if (!argv.includes('--no-xgb') && existsSync('/usr/bin/python3')) {
  const py = `
import json, sys, time, numpy as np, xgboost as xgb
d = sys.argv[1]; n = int(sys.argv[2]); f = int(sys.argv[3])
X = np.fromfile(d + '/X.f32', dtype='<f4').reshape(n, f)
b = xgb.Booster(); b.load_model(d + '/model.xgb.json')
out = {'version': xgb.__version__}
for nt in (1, 2):
    b.set_param({'nthread': nt})
    b.inplace_predict(X[:10000])
    ts = []
    for _ in range(3):
        t0 = time.perf_counter(); p = b.inplace_predict(X); ts.append(time.perf_counter() - t0)
    ts.sort(); out['s%d' % nt] = ts[1]
np.asarray(p, dtype='<f8').tofile(d + '/xgb_pred.f64')
print(json.dumps(out))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, DIR, String(nRows), String(nFeatures)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status === 0) {
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const xp = new Float64Array(readFileSync(join(DIR, 'xgb_pred.f64')).buffer.slice(0));
    let maxAbs = 0;
    for (let i = 0; i < nRows; i++) maxAbs = Math.max(maxAbs, Math.abs(xp[i] - pd[i]));
    rowsTable.push([`XGBoost ${res.version} inplace_predict (max abs Δpd ${maxAbs.toExponential(1)})`, '1', rate(res.s1), '—']);
    rowsTable.push([`XGBoost ${res.version} inplace_predict`, '2', rate(res.s2), '—']);
  } else {
    console.error(`xgboost skipped: ${r.stderr.trim().split('\n').at(-1)}`);
  }
}

console.log(`\n${nRows.toLocaleString('en-US')} rows × ${nFeatures} features, 100 trees depth 6 (trained on ${nTrain.toLocaleString('en-US')} rows); in-memory process peak RSS ${inMemoryRss.toFixed(0)} MiB\n`);
console.log(markdownTable(['scoring', 'threads', 'rows/s', 'peak RSS MiB'], rowsTable));
console.log('\nCPU seconds per thread (medians; /proc/self/task schedstat, read after the last block is written):\n');
console.log(markdownTable([
  'streaming CSV → CSV', 'threads', 'CPU s, all threads', 'main thread', 'next busiest threads', 'longest thread (critical path)', 'speed-up: one thread\'s critical path ÷ this one',
  'wall s − main thread\'s run-queue wait', 'speed-up by it',
], accounting));
console.log('\nOn a busy machine: the critical path is the wall time with a free core per thread and no thread ever waiting for another;');
console.log('wall time minus the main thread\'s run-queue wait keeps the waits for the other threads (which other jobs also delay): an upper bound.');
