/**
 * Two builds of creditkit.wasm compared on whole GBDT fits in one process:
 * each build is loaded in a worker thread of its own, and the workers fit in
 * turn (A B, B A, A B, ...), so that both see the same machine load at nearly
 * the same time. Each fit is timed by the worker's thread run clock (wall time
 * less the time the thread waited for a CPU, src/parallel/threadRunClock.ts),
 * which a loaded machine inflates far less than wall time; what a busy sibling
 * core takes from it (shared caches, SMT) still shows, the same for both.
 * Prints per build the min, lower quartile and median over the fits after the
 * first --warmup, and B's median ÷ A's. Linux only (the run clock).
 *
 *   npx tsx bench/fit-ab.ts --a build-a.wasm --b build-b.wasm [--rounds 60] [--warmup 6]
 *                           [--rows 10000] [--features 20]
 *
 * Settings are fit-predict.ts's (100 trees, depth 6, lr 0.1, 256 bins); the
 * synthetic set is bench/datasets.ts's. Each worker prints its model's digest
 * (sha256 of the model JSON, first 16 hex digits) once: equal digests mean the
 * two builds grow the same model.
 */
import { parseArgs } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { workerModule } from '../src/parallel/workerModule.js';
import { median } from './util.js';

const { values: flags } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    rounds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '6' },
    rows: { type: 'string', default: '10000' },
    features: { type: 'string', default: '20' },
  },
});
if (flags.a === undefined || flags.b === undefined) throw new Error('fit-ab: --a and --b (two creditkit.wasm files) are required');
const builds = [flags.a, flags.b];
const startWorker = await workerModule(import.meta.url, 'fitAbWorker');
const workers = builds.map((wasm) => startWorker({ workerData: { wasm, rows: Number(flags.rows), features: Number(flags.features) } }));
// A worker's error ends the run.
for (const w of workers) {
  w.on('error', (e) => {
    console.error(e);
    process.exit(1);
  });
}
const reply = (w: Worker): Promise<{ ms?: number; digest?: string }> => new Promise((resolve) => w.once('message', resolve));

const ready = await Promise.all(workers.map(reply));
const times: number[][] = [[], []];
const rounds = Number(flags.rounds);
for (let r = 0; r < rounds; r++) {
  for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
    const done = reply(workers[i]);
    workers[i].postMessage('fit');
    times[i].push((await done).ms!);
  }
}
await Promise.all(workers.map((w) => w.terminate()));

const warmup = Number(flags.warmup);
const quantile = (v: number[], q: number): number => [...v].sort((x, y) => x - y)[Math.floor(q * (v.length - 1))];
console.log(`synthetic ${flags.rows} rows × ${flags.features}, ${rounds} fits per build (alternating), ms of thread run time per fit:`);
const medians = builds.map((file, i) => {
  const t = times[i].slice(warmup);
  console.log(`${'AB'[i]} ${file}: min ${quantile(t, 0).toFixed(1)}  p25 ${quantile(t, 0.25).toFixed(1)}  median ${median(t).toFixed(1)}  model digest ${ready[i].digest}`);
  return median(t);
});
console.log(`B ÷ A (medians): ${(medians[1] / medians[0]).toFixed(3)}`);
