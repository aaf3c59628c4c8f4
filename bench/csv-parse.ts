/**
 * CSV parsing alone: 1M rows × 30 numeric features, one thread (and two), side by side.
 *
 *   npx tsx bench/csv-parse.ts [--rows 1000000] [--runs 3] [--readers creditkit,duckdb,…] [--dist] [--profile]
 *
 * Writes bench/out/csv-parse/data.csv (seeded, bench/synthetic.ts; float32
 * values printed shortest, empty = missing), then times in child processes
 * (each reader alone in its process, medians of `--runs`, the readers taken
 * round robin; `--readers` keeps those whose names contain one of the words):
 *  - creditkit readCsvFile (the wasm reader behind it) and parseCsv's JS path
 *    (the reader before the wasm one, kept for the equivalence tests);
 *  - nodejs-polars readCSV with POLARS_MAX_THREADS=1 (its native binding is
 *    optional: when npm skipped it, the script says how to add it);
 *  - python polars read_csv, one thread (the same Rust reader, for when the
 *    Node binding is missing);
 *  - DuckDB (@duckdb/node-api) read_csv with `SET threads=1`, into arrays;
 *  - creditkit readCsvFileStreamed on one thread, and on 2 (the calling thread
 *    and a worker each read and parse byte ranges of the file), against python
 *    polars with POLARS_MAX_THREADS=2;
 *  - with `--dist`, readCsvFile and readCsvFileStreamed on 1 and 2 threads
 *    from the built package (dist/, `npm run build` first) in plain `node`, as
 *    the installed package runs: under tsx each worker thread starts its own
 *    module loader and transpiles the sources, which users never pay;
 *    `--dist-base DIR`: the same two readCsvFileStreamed rows from another
 *    build (a checkout of an earlier commit, `npm run build` in it), for a
 *    before/after in the same run.
 * creditkit's rows also give the CPU seconds of all threads, and of the
 * calling thread and the busiest other thread (Linux), read after the last
 * range or piece is parsed, while the workers still run.
 * `--profile` splits creditkit's time into reading the file, the JS path's
 * tokenizer pass and the per-column number conversion.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OUT_DIR, REPO_ROOT } from './io.js';
import { makeCreditLike } from './synthetic.js';
import { markdownTable, median, flagValue, threadCpuSeconds, threadDelta } from './util.js';

const DIR = join(OUT_DIR, 'csv-parse');
const CSV = join(DIR, 'data.csv');
const SCRIPT = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);

/** One timed read in this (child) process; prints { seconds, rows, cols, checksum }. */
async function child(reader: string): Promise<void> {
  // Modules (and creditkit.wasm) load before the clock starts; reading the file is timed for every reader.
  if (reader.startsWith('creditkit')) await import('../src/index.js');
  const pl = reader === 'polars' ? (await import('nodejs-polars')).default : undefined;
  const duck = reader === 'duckdb' ? await import('@duckdb/node-api') : undefined;
  const t0 = performance.now();
  let rows = 0;
  let cols = 0;
  let checksum = 0;
  const sum = (a: ArrayLike<number | bigint | null>): void => {
    for (let i = 0; i < a.length; i++) {
      const v = a[i] === null ? NaN : Number(a[i]);
      if (v === v) checksum += v;
    }
  };
  const cpu0 = process.cpuUsage();
  const threadCpu0 = threadCpuSeconds();
  const queued0 = mainQueuedSeconds();
  let threadCpu = threadCpu0;
  const cpu = (): { cpuSeconds: number; threads: number[]; queued: number } => {
    const c = process.cpuUsage(cpu0);
    return { cpuSeconds: (c.user + c.system) / 1e6, threads: threadDelta(threadCpu0, threadCpu), queued: mainQueuedSeconds() - queued0 };
  };
  if (reader.startsWith('creditkit-streamed-')) {
    // The whole file read block by block, the blocks parsed on N worker threads (1: in this thread).
    const { readCsvFileStreamed } = await import('../src/stream/csvDataset.js');
    const ds = await readCsvFileStreamed(CSV, { threads: Number(reader.slice('creditkit-streamed-'.length)), onProgress: () => void (threadCpu = threadCpuSeconds()) });
    const parsed = performance.now();
    const used = cpu();
    for (const c of ds.columns) sum(c.values);
    console.log(JSON.stringify({ seconds: (parsed - t0) / 1000, rows: ds.nRows, cols: ds.columns.length, checksum, ...used }));
    return;
  }
  if (reader === 'creditkit' || reader === 'creditkit-js') {
    const { readCsvFile } = await import('../src/data/csvFile.js');
    const { parseCsvJs } = await import('../src/data/csv.js');
    const ds = reader === 'creditkit'
      ? await readCsvFile(CSV)
      : parseCsvJs(readFileSync(CSV, 'utf8'), { file: CSV });
    const parsed = performance.now();
    threadCpu = threadCpuSeconds();
    const used = cpu();
    rows = ds.nRows;
    cols = ds.columns.length;
    for (const c of ds.columns) sum(c.values);
    console.log(JSON.stringify({ seconds: (parsed - t0) / 1000, rows, cols, checksum, ...used }));
    return;
  }
  if (pl !== undefined) {
    const df = pl.readCSV(CSV);
    const parsed = performance.now();
    rows = df.height;
    cols = df.width;
    for (const name of df.columns) sum(df.getColumn(name).toArray() as (number | null)[]);
    console.log(JSON.stringify({ seconds: (parsed - t0) / 1000, rows, cols, checksum }));
    return;
  }
  if (duck !== undefined) {
    const { DuckDBInstance } = duck;
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run('SET threads=1');
    const reader = await con.runAndReadAll(`SELECT * FROM read_csv('${CSV.replaceAll("'", "''")}', header = true)`);
    const columns = reader.getColumns() as (number | bigint | null)[][];
    const parsed = performance.now();
    rows = reader.currentRowCount;
    cols = columns.length;
    for (const c of columns) sum(c);
    console.log(JSON.stringify({ seconds: (parsed - t0) / 1000, rows, cols, checksum }));
    return;
  }
  throw new Error(`unknown reader ${reader}`);
}

if (flagValue('child') !== undefined) {
  await child(flagValue('child')!);
  process.exit(0);
}

const nRows = Number(flagValue('rows') ?? 1_000_000);
const runs = Number(flagValue('runs') ?? 3);
const nFeatures = 30;
mkdirSync(DIR, { recursive: true });
if (!existsSync(CSV) || !readFileSync(join(DIR, 'rows.txt'), { encoding: 'utf8', flag: 'a+' }).includes(String(nRows))) {
  console.error(`generating ${nRows} × ${nFeatures} (seed 7)…`);
  const { X } = makeCreditLike(nRows, nFeatures, 7);
  const fd = openSync(CSV, 'w');
  writeSync(fd, X.columns.map((c) => c.name).join(',') + '\n');
  const cols = X.columns.map((c) => c.values);
  for (let s = 0; s < nRows; s += 20_000) {
    const lines: string[] = [];
    for (let i = s; i < Math.min(nRows, s + 20_000); i++) lines.push(cols.map((c) => (c[i] === c[i] ? String(c[i]) : '')).join(','));
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
  const rf = openSync(join(DIR, 'rows.txt'), 'w');
  writeSync(rf, String(nRows));
  closeSync(rf);
}
const mib = statSync(CSV).size / 2 ** 20;
console.error(`${CSV}: ${mib.toFixed(0)} MiB`);

interface Run { seconds: number; rows: number; cols: number; checksum: number; cpuSeconds?: number; threads?: number[]; queued?: number }

/** The child of a `--dist` reader: the built package in plain node (no tsx loader in it or its workers). */
function runDistChild(threads: number | 'file', root = REPO_ROOT): Run | string {
  const dist = JSON.stringify(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const script = `
import { readFileSync, readdirSync } from 'node:fs';
const { readCsvFile, readCsvFileStreamed } = await import(${dist});
const threadCpuSeconds = ${threadCpuSeconds.toString()};
const threadDelta = ${threadDelta.toString()};
const mainQueuedSeconds = ${mainQueuedSeconds.toString()};
const path = ${JSON.stringify(CSV)};
const cpu0 = process.cpuUsage();
const threadCpu0 = threadCpuSeconds();
let threadCpu = threadCpu0;
const queued0 = mainQueuedSeconds();
const t0 = performance.now();
const ds = ${threads === 'file' ? 'await readCsvFile(path)' : `await readCsvFileStreamed(path, { threads: ${threads}, onProgress: () => void (threadCpu = threadCpuSeconds()) })`};
const seconds = (performance.now() - t0) / 1000;
${threads === 'file' ? 'threadCpu = threadCpuSeconds();' : ''}
const queued = mainQueuedSeconds() - queued0;
const c = process.cpuUsage(cpu0);
let checksum = 0;
for (const col of ds.columns) for (let i = 0; i < col.values.length; i++) { const v = col.values[i]; if (v === v) checksum += v; }
console.log(JSON.stringify({ seconds, rows: ds.nRows, cols: ds.columns.length, checksum, cpuSeconds: (c.user + c.system) / 1e6, threads: threadDelta(threadCpu0, threadCpu), queued }));
`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) return r.stderr.trim().split('\n').find((l) => l.includes('Cannot find module') || l.startsWith('Error') || l.includes('Error:')) ?? r.stderr.trim();
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Run;
}

function runChild(reader: string): Run | string {
  const env = { ...process.env, POLARS_MAX_THREADS: '1', RAYON_NUM_THREADS: '1' };
  const r = spawnSync(process.execPath, [...process.execArgv, SCRIPT, '--child', reader], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  if (r.status !== 0) return r.stderr.trim().split('\n').find((l) => l.includes('Cannot find module') || l.startsWith('Error') || l.includes('Error:')) ?? r.stderr.trim();
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Run;
}

function runPythonPolars(threads: number): Run | string {
  const py = `
import json, sys, time
import polars as pl
t0 = time.perf_counter(); df = pl.read_csv(sys.argv[1]); t = time.perf_counter() - t0
print(json.dumps({'seconds': t, 'rows': df.height, 'cols': df.width, 'checksum': float(df.sum().sum_horizontal()[0]), 'version': pl.__version__, 'threads': pl.thread_pool_size()}))
`;
  const r = spawnSync('python3', ['-c', py, CSV], { encoding: 'utf8', env: { ...process.env, POLARS_MAX_THREADS: String(threads) }, maxBuffer: 1 << 24 });
  if (r.status !== 0) return r.stderr.trim().split('\n').at(-1) ?? 'failed';
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Run;
}

const readers: [string, () => Run | string][] = [
  ['creditkit readCsvFile (wasm reader)', () => runChild('creditkit')],
  ['creditkit parseCsv JS path (before)', () => runChild('creditkit-js')],
  ['nodejs-polars 0.25.2 readCSV, POLARS_MAX_THREADS=1', () => runChild('polars')],
  ['python polars read_csv, POLARS_MAX_THREADS=1', () => runPythonPolars(1)],
  ['creditkit readCsvFileStreamed, blocks parsed in this thread', () => runChild('creditkit-streamed-1')],
  ['creditkit readCsvFileStreamed, 2 threads (this one and a worker each read and parse byte ranges of the file)', () => runChild('creditkit-streamed-2')],
  ['python polars read_csv, POLARS_MAX_THREADS=2', () => runPythonPolars(2)],
  ['DuckDB (@duckdb/node-api) read_csv, threads=1', () => runChild('duckdb')],
  ...(argv.includes('--dist') ? [
    ['creditkit readCsvFile, built package in node', () => runDistChild('file')],
    ['creditkit readCsvFileStreamed, 1 thread, built package in node', () => runDistChild(1)],
    ['creditkit readCsvFileStreamed, 2 threads, built package in node', () => runDistChild(2)],
  ] as [string, () => Run | string][] : []),
  ...(flagValue('dist-base') !== undefined ? [
    ['creditkit readCsvFileStreamed, 1 thread, base build (--dist-base) in node', () => runDistChild(1, resolve(flagValue('dist-base')!))],
    ['creditkit readCsvFileStreamed, 2 threads, base build (--dist-base) in node', () => runDistChild(2, resolve(flagValue('dist-base')!))],
  ] as [string, () => Run | string][] : []),
];
// Round robin (run 1 of every reader, then run 2, …), so a change in the machine's load falls on all readers alike.
const only = flagValue('readers')?.split(',');
const chosen = readers.filter(([name]) => only === undefined || only.some((o) => name.toLowerCase().includes(o.toLowerCase())));
const times = new Map<string, number[]>(chosen.map(([name]) => [name, []]));
const cpus = new Map<string, Run[]>(chosen.map(([name]) => [name, []]));
const lastRun = new Map<string, Run>();
const failures = new Map<string, string>();
for (let r = 0; r < runs; r++) {
  for (const [name, run] of chosen) {
    if (failures.has(name)) continue;
    const res = run();
    if (typeof res === 'string') failures.set(name, res);
    else {
      times.get(name)!.push(res.seconds);
      cpus.get(name)!.push(res);
      lastRun.set(name, res);
    }
  }
}
const results = new Map<string, number>();
const table: string[][] = [];
let polarsOne = NaN;
for (const [name] of chosen) {
  const failure = failures.get(name);
  if (failure !== undefined) {
    if (name.startsWith('nodejs-polars') && /nodejs-polars-/.test(failure)) {
      console.error(`${name}: skipped, the native binding is not installed (npm skips it on Node < 22 although it works on 20).\n  Add it with: npm install --no-save nodejs-polars-linux-x64-gnu@0.25.2 (or your platform's nodejs-polars-<platform> package)`);
    } else {
      console.error(`${name}: skipped (${failure})`);
    }
    table.push([name, '—', '—', '—', '—', 'not run']);
    continue;
  }
  const ts = times.get(name)!;
  const s = median(ts);
  const last = lastRun.get(name)!;
  results.set(name, s);
  // The ratio is against polars on one thread.
  if (name.includes('polars') && name.includes('THREADS=1') && !(s >= polarsOne)) polarsOne = s;
  table.push([name, `${s.toFixed(2)} (${ts.map((t) => t.toFixed(2)).join(', ')})`, Math.round(last.rows / s).toLocaleString('en-US'), (mib / s).toFixed(0), cpuCell(cpus.get(name)!), `${last.rows}×${last.cols}, Σ ${last.checksum.toExponential(6)}`]);
}
for (const row of table) {
  const s = results.get(row[0]);
  row.splice(4, 0, s !== undefined && polarsOne === polarsOne ? (s / polarsOne).toFixed(2) : '—');
}

if (argv.includes('--profile')) {
  // Where the JS path's time goes, in this process.
  await import('../src/index.js');
  const { parseCsvJs } = await import('../src/data/csv.js');
  const { CsvTokenizer } = await import('../src/data/csvTokenizer.js');
  const t0 = performance.now();
  const bytes = readFileSync(CSV);
  const t1 = performance.now();
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const t2 = performance.now();
  const tok = new CsvTokenizer({ delimiter: 44, keepCells: true });
  tok.push(text);
  tok.end();
  const t3 = performance.now();
  parseCsvJs(text);
  const t4 = performance.now();
  console.log(`\nprofile of the JS path: read file ${((t1 - t0) / 1000).toFixed(2)} s, UTF-8 decode ${((t2 - t1) / 1000).toFixed(2)} s, tokenizer pass ${((t3 - t2) / 1000).toFixed(2)} s, whole parseCsv ${((t4 - t3) / 1000).toFixed(2)} s (so typing and number conversion ≈ ${((t4 - t3 - (t3 - t2)) / 1000).toFixed(2)} s)`);
}

console.log(`\n${nRows.toLocaleString('en-US')} rows × ${nFeatures} numeric columns, ${mib.toFixed(0)} MiB, one thread unless a row says otherwise, median of ${runs} runs, each reader in its own process\n`);
console.log(markdownTable(['reader', 'seconds: median (runs)', 'rows/s', 'MiB/s', '× polars (1 thread)', 'CPU s: all threads (this thread / busiest other), medians', 'check'], table));
// On a shared machine a thread waits for a core: wall time minus the time this thread sat runnable in the run queue
// keeps its waits for the other threads (as on an idle machine) and drops its waits for a core (§41).
const unqueued = [...cpus].filter(([, rs]) => rs.some((r) => r.queued !== undefined)).map(([name, rs]) => [name, median(rs.map((r) => r.seconds - (r.queued ?? 0))).toFixed(2), median(rs.map((r) => r.queued ?? 0)).toFixed(2)]);
if (unqueued.length > 0) console.log('\n' + markdownTable(['creditkit reader', 'wall s − this thread\'s run-queue wait, median', 'run-queue wait s, median'], unqueued));

/** This thread's time spent runnable, waiting for a core (Linux: /proc/thread-self/schedstat), in seconds; 0 elsewhere. */
function mainQueuedSeconds(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return 0;
  }
}

/** Medians of creditkit's CPU seconds: all threads, and this thread / the busiest other one. */
function cpuCell(runs: Run[]): string {
  const all = runs.map((r) => r.cpuSeconds).filter((c): c is number => c !== undefined);
  if (all.length === 0) return '—';
  const withThreads = runs.filter((r) => (r.threads?.length ?? 0) > 0);
  const split = withThreads.length === 0 ? '' : ` (${median(withThreads.map((r) => r.threads![0])).toFixed(2)} / ${median(withThreads.map((r) => r.threads![1] ?? 0)).toFixed(2)})`;
  return `${median(all).toFixed(2)}${split}`;
}

