/**
 * Streamed CSV with quoted fields against the same data unquoted, side by side in one process:
 * one-thread `scoreStream` (CSV → CSV, a read stream of 1 MiB pieces into a sink that drops the
 * bytes), `scoreCsvFile` on 2 threads (the file's byte ranges), `readCsvFileStreamed` on one thread, `readCsvChunks` (blocks of 16,384 rows, cut by the
 * plain splitter or the text one) and the whole-file `readCsvFile`.
 *
 *   npx tsx bench/quoted-stream.ts [--rows 200000] [--runs 5] [--src DIR]
 *
 * The files (bench/out/quoted-stream/, seeded, from bench/synthetic.ts): 23 columns — an id
 * (`c17`), an address (text) and 21 numeric features — written four ways with the same values:
 * plain (the address `street 17 town`), quoted (the address quoted with a delimiter inside:
 * `"street 17, town"`, as a bank export quotes its text columns), all quoted (every field
 * quoted, a missing number as `""`) and header quoted (all quoted, the header line too). The
 * model: 100 trees of depth 6 trained on the first 20k rows.
 * CPU seconds of the process (process.cpuUsage: the machine is shared, wall time swings) and wall
 * seconds, medians of --runs rounds, the variants alternating within a round. The scores of the
 * files must be the same bytes (the ids need no quotes when written): the bench checks it.
 *
 * `--src DIR` runs another checkout's sources (DIR is its src/, with its own build/creditkit.wasm):
 * the same files and model, to compare two versions of the code run alternately.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { OUT_DIR } from './io.js';
import { makeCreditLike } from './synthetic.js';
import { flagValue, median } from './util.js';

const nRows = Number(flagValue('rows') ?? 200_000);
const runs = Number(flagValue('runs') ?? 5);
const src = resolve(flagValue('src') ?? new URL('../src', import.meta.url).pathname);
const DIR = join(OUT_DIR, 'quoted-stream');
const N_FEATURES = 21;
const VARIANTS = ['plain', 'quoted', 'all quoted', 'header quoted'] as const;
type Variant = (typeof VARIANTS)[number];

const lib = await import(pathToFileURL(join(src, 'index.ts')).href);
const { scoreStream } = await import(pathToFileURL(join(src, 'stream', 'scoreStream.ts')).href);
const { scoreCsvFile } = await import(pathToFileURL(join(src, 'stream', 'scoreCsvFile.ts')).href);
const { readCsvFileStreamed } = await import(pathToFileURL(join(src, 'stream', 'csvDataset.ts')).href);
const { readCsvChunks } = await import(pathToFileURL(join(src, 'stream', 'csvChunks.ts')).href);
const { readCsvFile } = await import(pathToFileURL(join(src, 'data', 'csvFile.ts')).href);
const { plainBlocksScored } = await import(pathToFileURL(join(src, 'stream', 'plainBlockScorer.ts')).href);

const file = (v: Variant): string => join(DIR, `data-${nRows}-${v.replace(' ', '-')}.csv`);
const quotesAll = (v: Variant): boolean => v === 'all quoted' || v === 'header quoted';
const modelFile = join(DIR, `model-${nRows}.json`);

if (!VARIANTS.every((v) => existsSync(file(v))) || !existsSync(modelFile)) {
  mkdirSync(DIR, { recursive: true });
  const { X, y } = makeCreditLike(nRows, N_FEATURES, 7);
  const names = X.columns.map((c) => c.name);
  for (const v of VARIANTS) {
    const q = (cell: string): string => (quotesAll(v) ? `"${cell}"` : cell);
    const lines = [['id', 'address', ...names].map((name) => (v === 'header quoted' ? `"${name}"` : name)).join(',')];
    for (let i = 0; i < nRows; i++) {
      const address = v === 'plain' ? `street ${i % 997} town` : `"street ${i % 997}, town"`;
      const cells = [q(`c${i}`), address];
      for (const c of X.columns) cells.push(q(Number.isNaN(c.values[i]) ? '' : String(c.values[i])));
      lines.push(cells.join(','));
    }
    writeFileSync(file(v), lines.join('\n') + '\n');
  }
  const train = Math.min(nRows, 20_000);
  const head = new lib.Dataset(X.columns.map((c: { name: string; values: Float32Array }) => ({ name: c.name, kind: 'numeric', values: c.values.slice(0, train) })), train);
  const model = new lib.GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6 }).fit(head, y.slice(0, train));
  writeFileSync(modelFile, JSON.stringify(model.toJSON()));
}
const model = lib.loadModel(JSON.parse(readFileSync(modelFile, 'utf8')));

/** CPU and wall seconds of `fn`. */
async function measured<T>(fn: () => Promise<T>): Promise<{ cpu: number; wall: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000, value };
}

/** scoreStream of the file (one thread), or scoreCsvFile on `threads`; the output's SHA-256 and the blocks scored in wasm here. */
async function scored(path: string, threads = 0): Promise<{ hash: string; inWasm: number }> {
  const hash = createHash('sha256');
  const before = plainBlocksScored.inWasm;
  const sink = new Writable({ write(chunk, _enc, cb) { hash.update(chunk); cb(); } });
  if (threads === 0) await scoreStream(model, createReadStream(path, { highWaterMark: 1 << 20 }), sink, { idColumn: 'id' });
  else await scoreCsvFile(model, path, sink, { idColumn: 'id', threads });
  return { hash: hash.digest('hex').slice(0, 16), inWasm: plainBlocksScored.inWasm - before };
}

const OPS = {
  'scoreStream 1 thread': async (path: string) => scored(path),
  // Ranges of the file on each thread, quoted fields too (CPU of all threads, the worker's start included:
  // under tsx it transpiles the sources, ~0.5 CPU s, so run it on the built package for the threads' cost).
  'scoreCsvFile 2 threads': async (path: string) => scored(path, 2),
  'readCsvFileStreamed 1 thread': async (path: string) => ({ hash: String((await readCsvFileStreamed(path, { threads: 1 })).nRows), inWasm: 0 }),
  'readCsvChunks (16,384 rows)': async (path: string) => {
    let rows = 0;
    for await (const c of readCsvChunks(createReadStream(path, { highWaterMark: 1 << 20 }), { chunkRows: 16_384 })) rows += c.dataset.nRows;
    return { hash: String(rows), inWasm: 0 };
  },
  readCsvFile: async (path: string) => ({ hash: String((await readCsvFile(path)).nRows), inWasm: 0 }),
} as const;
type Op = keyof typeof OPS;

const cpu = new Map<string, number[]>();
const wall = new Map<string, number[]>();
const hashes = new Map<string, Set<string>>();
const inWasm = new Map<string, number>();
for (let k = 0; k < runs; k++) {
  for (const op of Object.keys(OPS) as Op[]) {
    // Alternating order round by round, so neither variant always runs first.
    const order = k % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
    for (const v of order) {
      const key = `${op}|${v}`;
      const r = await measured(() => OPS[op](file(v)));
      (cpu.get(key) ?? cpu.set(key, []).get(key)!).push(r.cpu);
      (wall.get(key) ?? wall.set(key, []).get(key)!).push(r.wall);
      (hashes.get(op) ?? hashes.set(op, new Set()).get(op)!).add(r.value.hash);
      inWasm.set(key, r.value.inWasm);
    }
  }
}
for (const [op, h] of hashes) if (h.size !== 1) throw new Error(`${op}: the files gave different outputs (${[...h].join(', ')})`);
if ([...hashes.get('scoreCsvFile 2 threads')!][0] !== [...hashes.get('scoreStream 1 thread')!][0]) throw new Error('scoreCsvFile on 2 threads wrote other bytes than scoreStream');

console.log(`${nRows} rows × 23 columns (id, address, ${N_FEATURES} numbers); sources ${src}; median of ${runs}; ${new Date().toISOString()}`);
console.log(`output of scoreStream (SHA-256, first 16 hex digits, the same for every file): ${[...hashes.get('scoreStream 1 thread')!][0]}`);
console.log('| operation | file | CPU s (median) | runs | wall s (median) | ÷ plain (CPU) | units scored in wasm |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const op of Object.keys(OPS) as Op[]) {
  const plain = median(cpu.get(`${op}|plain`)!);
  for (const v of VARIANTS) {
    const key = `${op}|${v}`;
    const c = cpu.get(key)!;
    console.log(`| ${op} | ${v} | ${median(c).toFixed(3)} | ${c.map((x) => x.toFixed(3)).join(', ')} | ${median(wall.get(key)!).toFixed(3)} | ${(median(c) / plain).toFixed(2)}× | ${op.startsWith('score') ? inWasm.get(key) : '—'} |`);
  }
}
