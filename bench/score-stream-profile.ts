/**
 * Where one-thread CSV → CSV scoring spends its time: runs scoreStream on
 * bench/out/score-stream/data.csv (made by `npx tsx bench/score-stream.ts`)
 * under V8's sampling profiler and prints the self time of the functions that
 * take the most, wasm kernels by name (from build/creditkit.wat), in ms and in
 * µs per row.
 *
 *   npx tsx bench/score-stream-profile.ts [--top 25] [--threads 1] [--file] [--no-id]
 *
 * `--file`: `scoreCsvFile` on the file's path (threads read their own byte
 * ranges) instead of `scoreStream` on a read stream; `--no-id`: `row,pd` lines.
 * With threads, every thread's profile is summed up too (V8 writes one per
 * thread, tsx's module-loader threads included): its busy time (samples that
 * are not idle), module loading, garbage collection and its top functions.
 *
 * The profiler samples wall time: on a busy machine every line grows alike
 * (the process waits for a core); the CPU seconds printed are the process's own.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, type GradientBoostingClassifier } from '../src/index.js';
import { openAtomicWriter } from '../src/io/atomicWrite.js';
import { scoreStream } from '../src/stream/scoreStream.js';
import { scoreCsvFile } from '../src/stream/scoreCsvFile.js';
import { OUT_DIR, REPO_ROOT } from './io.js';
import { flagValue } from './util.js';

const DIR = join(OUT_DIR, 'score-stream');
const SCRIPT = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);
const threads = Number(flagValue('threads') ?? 1);
const onFile = argv.includes('--file');
const idColumn = argv.includes('--no-id') ? undefined : 'id';

if (argv.includes('--child')) {
  const model = loadModel(JSON.parse(readFileSync(join(DIR, 'model.json'), 'utf8'))) as GradientBoostingClassifier;
  const writer = await openAtomicWriter(join(DIR, 'profile-scores.csv'));
  const cpu0 = process.cpuUsage();
  const r = onFile
    ? await scoreCsvFile(model, join(DIR, 'data.csv'), writer.stream, { threads, idColumn })
    : await scoreStream(model, createReadStream(join(DIR, 'data.csv'), { highWaterMark: 1 << 20 }), writer.stream, { threads, idColumn });
  const cpu = process.cpuUsage(cpu0);
  await writer.commit();
  console.log(JSON.stringify({ rows: r.rows, seconds: r.seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  process.exit(0);
}

if (!existsSync(join(DIR, 'data.csv')) || !existsSync(join(DIR, 'model.json'))) {
  console.error('bench/out/score-stream/data.csv is missing: run `npx tsx bench/score-stream.ts` first');
  process.exit(1);
}
const profDir = join(DIR, 'profile');
rmSync(profDir, { recursive: true, force: true });
mkdirSync(profDir, { recursive: true });
const r = spawnSync(process.execPath, [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profDir}`, SCRIPT, '--child', '--threads', String(threads), ...argv.filter((a) => a === '--file' || a === '--no-id')], { encoding: 'utf8' });
if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
const run = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { rows: number; seconds: number; cpuSeconds: number };

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
// CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile: thread 0 is the main thread.
const threadOf = (f: string): number => Number(f.split('.').at(-3));
const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).sort((a, b) => threadOf(a) - threadOf(b));
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const profiles = files.map((f) => JSON.parse(readFileSync(join(profDir, f), 'utf8')) as Profile);
const profile = profiles[0];

// wasm-function[i]: the i-th function of the module, imports first (the order of build/creditkit.wat).
const wat = readFileSync(join(REPO_ROOT, 'build', 'creditkit.wat'), 'utf8');
const nImports = (wat.match(/^ \(import "[^"]*" "[^"]*" \(func/gm) ?? []).length;
const wasmNames = [...wat.matchAll(/^ \(func \$(\S+)/gm)].map((m) => m[1].replace(/^assembly\//, ''));

/** Self time (µs) by function name (wasm kernels by name; tsx's query suffixes dropped). */
function selfTimes(p: Profile): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const { functionName, url } = byId.get(id)!.callFrame;
    const wasm = /^wasm-function\[(\d+)\]$/.exec(functionName);
    const name = wasm ? `wasm ${wasmNames[Number(wasm[1]) - nImports] ?? functionName}` : `${functionName || '(anonymous)'} ${url.split('?')[0].split('/').slice(-2).join('/')}`;
    self.set(name, (self.get(name) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  return self;
}
const self = selfTimes(profile);
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(flagValue('top') ?? 25));
console.log(`${onFile ? 'scoreCsvFile' : 'scoreStream'}${idColumn ? '' : ' (no id column)'}, ${threads} thread(s), ${run.rows.toLocaleString('en-US')} rows: ${run.seconds.toFixed(2)} s, ${Math.round(run.rows / run.seconds).toLocaleString('en-US')} rows/s, ${run.cpuSeconds.toFixed(2)} CPU s (the process, module loading not included)\n`);
console.log('| function (self time) | ms | µs per row |');
console.log('| --- | --- | --- |');
for (const [name, us] of top) console.log(`| ${name} | ${(us / 1000).toFixed(0)} | ${(us / run.rows).toFixed(3)} |`);

if (profiles.length > 1) {
  // Module loading: the loader's and the compiler's frames (tsx transpiles in a hooks thread of each thread that imports).
  const loading = /esm\/|cjs\/|modules\/|compileSourceTextModule|compileForInternalLoader|bootstrap\/|register-|require-|preflight|source_map|lexer/;
  console.log('\nEvery thread (sampled wall time; busy = not idle):\n');
  console.log('| thread | busy ms | module loading ms | garbage collector ms | top functions (ms) |');
  console.log('| --- | --- | --- | --- | --- |');
  profiles.forEach((p, k) => {
    const times = selfTimes(p);
    let busy = 0;
    let load = 0;
    for (const [name, us] of times) {
      if (name.startsWith('(idle)')) continue;
      busy += us;
      if (loading.test(name)) load += us;
    }
    const hasWasm = [...times.keys()].some((n) => n.startsWith('wasm '));
    const kind = threadOf(files[k]) === 0 ? 'main' : hasWasm ? 'worker' : 'module loader';
    const topNames = [...times].filter(([n]) => !n.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, us]) => `${n.trim()} ${(us / 1000).toFixed(0)}`).join('; ');
    console.log(`| ${threadOf(files[k])} ${kind} | ${(busy / 1000).toFixed(0)} | ${(load / 1000).toFixed(0)} | ${((times.get('(garbage collector) ') ?? 0) / 1000).toFixed(0)} | ${topNames} |`);
  });
}
