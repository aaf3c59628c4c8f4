/**
 * Formatting PDs as CSV text: ns per value for today's JavaScript loop
 * (String(pd) into bytes, as src/stream/plainBlockScorer.ts `format` writes
 * them) against the wasm kernel (assembly/shortestDouble.ts), same bytes.
 *
 *   npx tsx bench/format-doubles.ts [--runs 5] [--pds model|sigmoid]
 *
 * PDs: `model` (default when bench/out/score-stream/model.json exists, which
 * `npx tsx bench/score-stream.ts` writes) are that 100-tree model's predictions
 * on its 1M × 30 rows (regenerated with the same seed); `sigmoid` are
 * 1/(1 + exp(-z)) for 1M z ~ N(-2, 1.5²) (seeded).
 *
 * Times: wall and, on Linux, this thread's running time (wall less the time it
 * waited for a CPU: src/parallel/threadRunClock.ts), so a busy machine's
 * queueing is left out. Rows, medians of `--runs` runs (the three ways
 * alternate within a run):
 *   String(x) → bytes    the JavaScript loop, one value per line
 *   wasm batch           formatDoubleLines (src/wasm/doubleLines.ts): copy the PDs in, format, copy the text out
 *   wasm kernel alone    the kernel on PDs already in wasm memory, text left there (the CSV → CSV block path)
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../src/index.js';
import type { GradientBoostingClassifier } from '../src/index.js';
import { threadRunClock } from '../src/parallel/threadRunClock.js';
import { Random } from '../src/random.js';
import { formatDoubleLines } from '../src/wasm/doubleLines.js';
import { SHORTEST_DOUBLE_MAX_BYTES } from '../src/wasm/layout.js';
import { getRuntime, init } from '../src/wasm/load.js';
import { OUT_DIR } from './io.js';
import { makeCreditLike } from './synthetic.js';
import { flagValue, machine, markdownTable, median } from './util.js';

const N = 1_000_000;
const runs = Number(flagValue('runs') ?? 5);
const modelFile = join(OUT_DIR, 'score-stream', 'model.json');
const source = flagValue('pds') ?? (existsSync(modelFile) ? 'model' : 'sigmoid');
const LF = 0x0a;

function modelPds(): Float64Array {
  if (!existsSync(modelFile)) throw new Error(`--pds model: ${modelFile} is missing; run npx tsx bench/score-stream.ts first`);
  const model = loadModel(JSON.parse(readFileSync(modelFile, 'utf8'))) as GradientBoostingClassifier;
  const { X } = makeCreditLike(N, 30, 7); // bench/score-stream.ts's rows
  return model.predictProba(X);
}

function sigmoidPds(): Float64Array {
  const rng = new Random(18);
  const pd = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const z = -2 + 1.5 * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    pd[i] = 1 / (1 + Math.exp(-z));
  }
  return pd;
}

if (source !== 'model' && source !== 'sigmoid') throw new Error('--pds: model or sigmoid');
const pds = source === 'model' ? modelPds() : sigmoidPds();
await init();
const rt = getRuntime();

/** Today's JavaScript path: String(x), its char codes into bytes, a line end. */
function javascriptLines(values: Float64Array): Uint8Array {
  const out = new Uint8Array(values.length * (SHORTEST_DOUBLE_MAX_BYTES + 1));
  let o = 0;
  for (let i = 0; i < values.length; i++) {
    const text = String(values[i]);
    for (let j = 0; j < text.length; j++) out[o++] = text.charCodeAt(j);
    out[o++] = LF;
  }
  return out.subarray(0, o);
}

const expected = javascriptLines(pds);
const batch = formatDoubleLines(rt, pds);
if (batch.length !== expected.length || !batch.every((b, i) => b === expected[i])) throw new Error('the wasm text differs from String(x)');

const valuesPtr = rt.heap.alloc(8 * N);
const textPtr = rt.heap.alloc((SHORTEST_DOUBLE_MAX_BYTES + 1) * N);
rt.heap.f64(valuesPtr, N).set(pds);

const ways: Record<string, () => number> = {
  'String(x) → bytes (JavaScript)': () => javascriptLines(pds).length,
  'wasm batch (copy in, format, copy out)': () => formatDoubleLines(rt, pds).length,
  'wasm kernel alone': () => rt.kernels.formatDoubleLines(valuesPtr, N, textPtr),
};
const clock = threadRunClock();
const wall: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
const running: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
for (const fn of Object.values(ways)) fn(); // warm-up
for (let r = 0; r < runs; r++) {
  const names = Object.keys(ways);
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + r) % names.length];
    const r0 = clock?.now() ?? NaN;
    const t0 = performance.now();
    const bytes = ways[name]();
    wall[name].push((performance.now() - t0) / 1000);
    running[name].push(((clock?.now() ?? NaN) - r0) / 1000);
    if (bytes !== expected.length) throw new Error(`${name}: ${bytes} bytes, expected ${expected.length}`);
  }
}
rt.heap.free(textPtr);
rt.heap.free(valuesPtr);

const ns = (s: number): string => (Number.isFinite(s) ? (s * 1e9 / N).toFixed(1) : '—');
const jsWall = median(wall['String(x) → bytes (JavaScript)']);
const jsRunning = median(running['String(x) → bytes (JavaScript)']);
const rows = Object.keys(ways).map((name) => {
  const w = median(wall[name]);
  const r = median(running[name]);
  return [name, ns(w), (jsWall / w).toFixed(2) + '×', ns(r), Number.isFinite(r) ? (jsRunning / r).toFixed(2) + '×' : '—', wall[name].map((t) => (t * 1e9 / N).toFixed(0)).join(', ')];
});
console.log(`${N.toLocaleString('en-US')} PDs (${source === 'model' ? "bench/score-stream.ts's 100-tree model on its rows" : 'sigmoid of N(-2, 1.5²)'}), ${(expected.length / N).toFixed(2)} bytes a line, byte-identical; medians of ${runs} runs; ${machine()}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(markdownTable(['way', 'ns per value (wall)', 'vs String(x)', 'ns per value (running)', 'vs String(x)', 'runs (wall ns per value)'], rows));
