/**
 * The wasm CSV record kernel alone (assembly/csvRecords.ts): CPU ms to read a
 * numeric CSV into its f32 columns, median of `--passes` passes over the file
 * in 1 MiB pieces (the file is in memory before the clock starts; only the
 * kernel calls are timed). Shapes that tell what each kind of cell costs:
 *
 *   npx tsx bench/csv-kernel.ts [--shape data|int|frac|neg] [--passes 7]
 *
 *  - data: bench/out/csv-parse/data.csv (1M × 30, `npx tsx bench/csv-parse.ts` writes it);
 *  - int:  integers 0 … 20000 (1 to 5 digits), 1M × 30;
 *  - frac: shortest doubles in [0, 1) cut to 19 bytes (`0.11557604372501373`), 1M × 30;
 *  - neg:  `-` and a double in [0, 2) cut to 16 bytes (`-1.191830039024353`), 1M × 30.
 * The shape files are written to bench/out/csv-kernel/ (seeded) when missing.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR } from './io.js';
import { median } from './util.js';
import { Random } from '../src/random.js';
import '../src/index.js';
import { loadedRuntime } from '../src/wasm/load.js';
import { CsvRecordSession } from '../src/wasm/csvRecords.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const shape = flag('shape') ?? 'data';
const passes = Number(flag('passes') ?? 7);
const N_COLS = 30;
const N_ROWS = 1_000_000;

const CELLS: Record<string, (rng: Random) => string> = {
  int: (rng) => String(rng.int(20001)),
  frac: (rng) => String(rng.next()).slice(0, 19),
  neg: (rng) => '-' + String(2 * rng.next()).slice(0, 15),
};

function shapeFile(name: string): string {
  if (name === 'data') return join(OUT_DIR, 'csv-parse', 'data.csv');
  const cell = CELLS[name];
  if (!cell) throw new Error(`--shape: data, ${Object.keys(CELLS).join(', ')}`);
  const dir = join(OUT_DIR, 'csv-kernel');
  const file = join(dir, `${name}.csv`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const rng = new Random(18);
  const fd = openSync(file, 'w');
  writeSync(fd, Array.from({ length: N_COLS }, (_, j) => `f${j}`).join(',') + '\n');
  for (let r = 0; r < N_ROWS; r += 10_000) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(Array.from({ length: N_COLS }, () => cell(rng)).join(','));
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
  return file;
}

const file = shapeFile(shape);
const bytes = readFileSync(file);
const rt = loadedRuntime();
if (!rt) throw new Error('the wasm runtime did not load');
const headerEnd = bytes.indexOf(10);
const nCols = bytes.subarray(0, headerEnd).toString().split(',').length;
const slots = Int32Array.from({ length: nCols }, (_, j) => j);
const PIECE = 1 << 20;
const times: number[] = [];
let rows = 0;
for (let pass = 0; pass < passes; pass++) {
  const session = new CsvRecordSession(rt, 44, slots, nCols, 0, 1 << 14);
  let pos = headerEnd;
  let line = 1;
  let ms = 0;
  rows = 0;
  while (pos < bytes.length) {
    const n = Math.min(PIECE, bytes.length - pos);
    const last = pos + n === bytes.length;
    session.textBuffer(n).set(bytes.subarray(pos, pos + n));
    const t0 = process.cpuUsage();
    const step = session.read(n, last, pos, line, false);
    const cpu = process.cpuUsage(t0);
    ms += (cpu.user + cpu.system) / 1000;
    if (!step.owned) throw new Error(`${file}: the kernel did not take the text at byte ${pos}`);
    rows += step.rows;
    pos += step.consumed;
    line = step.line;
    if (last && pos === bytes.length) break;
  }
  session.free();
  times.push(ms);
}
console.log(`${shape} (${(bytes.length / 2 ** 20).toFixed(0)} MiB, ${rows} rows × ${nCols}): kernel CPU ms median ${median(times).toFixed(0)}, min ${Math.min(...times).toFixed(0)}, of ${passes} passes`);
