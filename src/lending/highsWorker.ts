/**
 * The HiGHS worker (a worker thread started by `highsSolver` in Node): loads
 * HiGHS once, then solves each `{ milp, options }` it is sent, posting every
 * improving solution and the bound as they come (`progress`) and the result
 * (`done`), or the failure (`failed`, with the size of the wasm heap then).
 * The caller terminates it at the deadline, which stops HiGHS even inside
 * presolve, where HiGHS's own time limit is not checked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Highs } from 'highs';
import type { Milp } from './model.js';
import type { MilpSolveOptions } from './solver.js';
import { runHighs } from './highsRun.js';
import type { HighsWorkerReply } from './highsWorkerApi.js';

type Loader = (options?: Record<string, unknown>) => Promise<Highs>;

let highs: Highs | undefined;

async function load(): Promise<Highs> {
  if (highs) return highs;
  const mod = (await import('highs')) as unknown as { default: Loader | { default: Loader } };
  const loader = typeof mod.default === 'function' ? mod.default : mod.default.default;
  highs = await loader((workerData ?? {}) as Record<string, unknown>);
  return highs;
}

const port = parentPort;
if (port) {
  port.on('message', (job: { milp: Milp; options: MilpSolveOptions }) => {
    void (async () => {
      const post = (reply: HighsWorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);
      let h: Highs | undefined;
      try {
        h = await load();
        const result = runHighs(h, job.milp, job.options, (p) => post({ type: 'progress', progress: p }));
        post({ type: 'done', result });
      } catch (e) {
        post({ type: 'failed', message: String((e as Error)?.message ?? e), memoryBytes: h?.memoryBytes ?? 0 });
      }
    })();
  });
}
