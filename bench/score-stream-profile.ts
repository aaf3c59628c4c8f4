/**
 * Where one-thread CSV → CSV scoring spends its time: runs scoreStream on
 * bench/out/score-stream/data.csv (made by `npx tsx bench/score-stream.ts`)
 * under V8's sampling profiler and prints the self time of the functions that
 * take the most, wasm kernels by name (from build/creditkit.wat), in ms and in
 * µs per row.
 *
 *   npx tsx bench/score-stream-profile.ts [--top 25] [--threads 1]
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
import { OUT_DIR, REPO_ROOT } from './io.js';
import { flagValue } from './util.js';

const DIR = join(OUT_DIR, 'score-stream');
const SCRIPT = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);
const threads = Number(flagValue('threads') ?? 1);

if (argv.includes('--child')) {
  const model = loadModel(JSON.parse(readFileSync(join(DIR, 'model.json'), 'utf8'))) as GradientBoostingClassifier;
  const writer = await openAtomicWriter(join(DIR, 'profile-scores.csv'));
  const cpu0 = process.cpuUsage();
  const r = await scoreStream(model, createReadStream(join(DIR, 'data.csv'), { highWaterMark: 1 << 20 }), writer.stream, { threads, idColumn: 'id' });
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
const r = spawnSync(process.execPath, [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profDir}`, SCRIPT, '--child', '--threads', String(threads)], { encoding: 'utf8' });
if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
const run = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { rows: number; seconds: number; cpuSeconds: number };

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

// wasm-function[i]: the i-th function of the module, imports first (the order of build/creditkit.wat).
const wat = readFileSync(join(REPO_ROOT, 'build', 'creditkit.wat'), 'utf8');
const nImports = (wat.match(/^ \(import "[^"]*" "[^"]*" \(func/gm) ?? []).length;
const wasmNames = [...wat.matchAll(/^ \(func \$(\S+)/gm)].map((m) => m[1].replace(/^assembly\//, ''));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const { functionName, url } = byId.get(id)!.callFrame;
  const wasm = /^wasm-function\[(\d+)\]$/.exec(functionName);
  const name = wasm ? `wasm ${wasmNames[Number(wasm[1]) - nImports] ?? functionName}` : `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}`;
  self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(flagValue('top') ?? 25));
console.log(`scoreStream, ${threads} thread(s), ${run.rows.toLocaleString('en-US')} rows: ${run.seconds.toFixed(2)} s, ${Math.round(run.rows / run.seconds).toLocaleString('en-US')} rows/s, ${run.cpuSeconds.toFixed(2)} CPU s (the process, module loading not included)\n`);
console.log('| function (self time) | ms | µs per row |');
console.log('| --- | --- | --- |');
for (const [name, us] of top) console.log(`| ${name} | ${(us / 1000).toFixed(0)} | ${(us / run.rows).toFixed(3)} |`);
