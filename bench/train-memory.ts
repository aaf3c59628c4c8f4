/**
 * Training from a large CSV: read phase, fit time and peak RSS of `creditkit
 * train` (the built CLI, `node dist/cli/bin.js`, in a child process) side by
 * side in the same run with pandas read_csv + LightGBM and pandas read_csv +
 * XGBoost on the same file, same settings (100 trees, depth 6, 256 bins,
 * learning rate 0.1, one thread).
 *
 *   npm run build && npx tsx bench/train-memory.ts [--rows 1000000] [--runs 3] [--gzip]
 *       [--cli other/dist/cli/bin.js ...] [--no-peers] [--threads N]
 *
 * Writes bench/out/train-memory/train.csv (seeded, bench/synthetic.ts: 30
 * features f0..f29 and the 0/1 column "default"; about 170 MB for 1M rows)
 * once. Each run of each contender is its own child under /usr/bin/time -v
 * (peak RSS = its "Maximum resident set size"). creditkit's read phase is the
 * `readSeconds` of `train --json` (older builds without it: wall − fit − save);
 * the peers' is pandas.read_csv. `--cli` adds other builds (e.g. one before a
 * change) as extra columns. Medians of --runs runs. `--threads N`: creditkit
 * trains with `--threads N` (its CSV read and its trees grown on N threads);
 * the peers stay on one thread.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync, createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { join, resolve } from 'node:path';
import { OUT_DIR, REPO_ROOT } from './io.js';
import { makeCreditLike } from './synthetic.js';
import { markdownTable, median, flagValue } from './util.js';

const argv = process.argv.slice(2);
const nRows = Number(flagValue('rows') ?? 1_000_000);
const runs = Number(flagValue('runs') ?? 3);
const nFeatures = 30;
const threads = Number(flagValue('threads') ?? 1);
const DIR = join(OUT_DIR, 'train-memory');
mkdirSync(DIR, { recursive: true });

const csvPath = join(DIR, nRows === 1_000_000 ? 'train.csv' : `train-${nRows}.csv`);
if (!existsSync(csvPath)) writeCsv(csvPath);
let dataPath = csvPath;
if (argv.includes('--gzip')) {
  dataPath = csvPath + '.gz';
  if (!existsSync(dataPath)) await pipeline(createReadStream(csvPath), createGzip({ level: 1 }), createWriteStream(dataPath));
}
const mib = statSync(dataPath).size / 2 ** 20;
console.error(`data: ${dataPath} (${nRows} rows × ${nFeatures} features, ${mib.toFixed(0)} MiB); ${runs} runs each`);

interface Figures { read: number; fit: number; wall: number; rssMiB: number }
interface Contender { name: string; run: () => Figures }

const clis = [join(REPO_ROOT, 'dist', 'cli', 'bin.js')];
argv.forEach((a, i) => { if (a === '--cli') clis.push(resolve(argv[i + 1])); });
const contenders: Contender[] = clis.map((bin, k) => ({ name: k === 0 ? 'creditkit train (this build)' : `creditkit train (${bin})`, run: () => creditkit(bin) }));
if (!argv.includes('--no-peers') && !argv.includes('--gzip')) {
  contenders.push({ name: 'pandas read_csv + LightGBM 4.7', run: () => peer('python3', 'lightgbm') });
  contenders.push({ name: 'pandas read_csv + XGBoost 1.7.4', run: () => peer('/usr/bin/python3', 'xgboost') });
}

const results = new Map<string, Figures[]>(contenders.map((c) => [c.name, []]));
for (let r = 0; r < runs; r++) {
  // Interleaved, so machine load hits every contender alike.
  for (const c of contenders) {
    const f = c.run();
    results.get(c.name)!.push(f);
    console.error(`run ${r + 1} ${c.name}: read ${f.read.toFixed(2)} s, fit ${f.fit.toFixed(2)} s, wall ${f.wall.toFixed(2)} s, peak RSS ${f.rssMiB.toFixed(0)} MiB`);
  }
}

const rows = contenders.map((c) => {
  const fs = results.get(c.name)!;
  const m = (k: keyof Figures) => median(fs.map((f) => f[k]));
  return [c.name, m('read').toFixed(2), m('fit').toFixed(2), m('wall').toFixed(2), m('rssMiB').toFixed(0)];
});
console.log(`\n${nRows} rows × ${nFeatures} features, ${mib.toFixed(0)} MiB ${dataPath.endsWith('.gz') ? 'CSV.gz' : 'CSV'}, ${threads > 1 ? `creditkit on ${threads} threads, the peers on 1` : '1 thread'}, medians of ${runs} runs, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(markdownTable(['', 'read phase s', 'fit s', 'wall s', 'peak RSS MiB'], rows));

function creditkit(bin: string): Figures {
  const out = join(DIR, 'model.json');
  const args = [bin, 'train', '--data', dataPath, '--target', 'default', '--out', out, '--n-estimators', '100', '--max-depth', '6', '--max-bins', '256', '--learning-rate', '0.1', '--json', ...(threads > 1 ? ['--threads', String(threads)] : [])];
  const { stdout, wall, rssMiB } = timedChild('node', args);
  const summary = JSON.parse(stdout) as { fitSeconds: number; readSeconds?: number; saveSeconds?: number };
  const read = summary.readSeconds ?? wall - summary.fitSeconds;
  return { read, fit: summary.fitSeconds, wall, rssMiB };
}

function peer(python: string, lib: string): Figures {
  const { stdout, wall, rssMiB } = timedChild(python, [join(REPO_ROOT, 'bench', 'train_memory_peers.py'), lib, dataPath, 'default']);
  const r = JSON.parse(stdout.trim().split('\n').pop()!) as { read_s: number; fit_s: number };
  return { read: r.read_s, fit: r.fit_s, wall, rssMiB };
}

/** Runs a command under /usr/bin/time -v: its stdout, wall seconds and peak RSS. */
function timedChild(cmd: string, args: string[]): { stdout: string; wall: number; rssMiB: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no peak RSS in /usr/bin/time's output:\n${r.stderr}`);
  return { stdout: r.stdout, wall, rssMiB: Number(m[1]) / 1024 };
}

/** Features printed from their float32 values (read back exactly), missing as an empty cell. */
function writeCsv(path: string): void {
  console.error(`generating ${nRows} × ${nFeatures} (seed 7)…`);
  const { X, y } = makeCreditLike(nRows, nFeatures, 7);
  const cols = X.columns.map((c) => c.values);
  const fd = openSync(path, 'w');
  writeSync(fd, [...X.columns.map((c) => c.name), 'default'].join(',') + '\n');
  const block = 20_000;
  for (let s = 0; s < nRows; s += block) {
    const lines: string[] = [];
    for (let i = s; i < Math.min(nRows, s + block); i++) {
      let line = '';
      for (const c of cols) line += (c[i] === c[i] ? String(c[i]) : '') + ',';
      lines.push(line + y[i]);
    }
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
}
