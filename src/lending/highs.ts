import type { Worker } from 'node:worker_threads';
import type { Highs } from 'highs';
import { CreditkitError } from '../errors.js';
import { workerModule } from '../parallel/workerModule.js';
import { highsMemoryError, isHighsMemoryFailure, runHighs } from './highsRun.js';
import type { HighsWorkerReply } from './highsWorkerApi.js';
import type { Milp } from './model.js';
import { FEASIBILITY_TOLERANCE, type MilpResult, type MilpSolveOptions, type MilpSolver, milpViolation, solveEmpty } from './solver.js';

export { HIGHS_DEFAULTS } from './highsRun.js';

/**
 * HiGHS (the `highs` npm package: HiGHS compiled to WebAssembly by Emscripten).
 *
 * Loading: the package's ES module build (`highs/build/highs.mjs`) is imported
 * lazily, on the first solve, so importing creditkit never pays for it. In
 * Node the Emscripten loader reads `highs.wasm` from beside itself with
 * `fs.readFileSync` — no network, so it works offline. In a browser it fetches
 * `highs.wasm` relative to the module; pass `locateFile` or `wasmBinary`
 * through `setHighsLoaderOptions` when a bundler moves the file. The runtime
 * is loaded once and reused; every solve creates a native model and disposes
 * it in `finally`, so no Wasm memory leaks.
 */

type Loader = (options?: Record<string, unknown>) => Promise<Highs>;

const HIGHS_PACKAGE = 'highs';

let loading: Promise<Highs> | undefined;
let loaderOptions: Record<string, unknown> = {};
let providedLoader: Loader | undefined;

/** Options passed to the Emscripten loader (`locateFile`, `wasmBinary`, `wasmModule`) on first use. */
export function setHighsLoaderOptions(options: Record<string, unknown>): void {
  loaderOptions = options;
  loading = undefined;
}

/**
 * Hands over the HiGHS loader (the default export of `highs/build/highs.mjs`)
 * for hosts that cannot resolve the bare specifier 'highs' themselves: a
 * browser module worker, where import maps do not apply, imports the file by
 * URL and passes its default export here. `options` go to the loader as with
 * `setHighsLoaderOptions`.
 */
export function setHighsLoader(load: (options?: Record<string, unknown>) => Promise<unknown>, options: Record<string, unknown> = {}): void {
  if (typeof load !== 'function') throw new CreditkitError('E_OPTION', 'setHighsLoader needs the highs package\'s default export (a function)');
  providedLoader = load as Loader;
  loaderOptions = options;
  loading = undefined;
}

export function loadHighs(): Promise<Highs> {
  loading ??= (async () => {
    try {
      let load = providedLoader;
      if (!load) {
        // The specifier is a variable so that bundlers do not pull HiGHS (3.5 MB of wasm) into every
        // app that imports the lending entry; Node and Deno resolve it from creditkit's dependencies,
        // and a browser app hands the loader over with setHighsLoader.
        const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ HIGHS_PACKAGE)) as unknown as { default: Loader | { default: Loader } };
        // ESM gives the loader as `default`; a CommonJS interop layer may nest it once more.
        load = typeof mod.default === 'function' ? mod.default : mod.default.default;
      }
      return await load(loaderOptions);
    } catch (e) {
      loading = undefined;
      // Browsers (no `process`) resolve no bare specifier at run time: the app imports HiGHS itself.
      const hint = providedLoader || 'process' in globalThis
        ? '' : '; in a browser, hand it over: setHighsLoader((options) => import(\'highs\').then((m) => m.default(options)))';
      throw new CreditkitError('E_SOLVER', `could not load the HiGHS solver (npm package "highs"): ${(e as Error).message}${hint}`);
    }
  })();
  return loading;
}

/**
 * Seconds past the time limit before a HiGHS worker still running is
 * terminated: HiGHS overshoots its own limit by up to about a second between
 * its checks (measured on 300 fixed-size loans: 4.1 s at a 3 s limit), and a
 * run that ends by itself returns its bound.
 */
export function deadlineGrace(timeLimit: number): number {
  return 0.5 + Math.min(0.5, 0.05 * timeLimit);
}

/**
 * HiGHS behind the solver interface. In Node the solve runs in a worker
 * thread (one is kept, unreferenced, for the next solve) that is terminated
 * at the time limit plus a small grace: HiGHS does not check its time limit
 * inside presolve, and a model of 10,000 applicants can spend minutes there.
 * The worker streams every improving solution and the dual bound, so a
 * terminated solve still returns the best strategy and bound it had.
 * Elsewhere (browsers; a loader handed over with `setHighsLoader`, or loader
 * options that cannot be posted to a thread) the solve runs in the calling
 * thread under HiGHS's own time limit.
 */
export const highsSolver: MilpSolver = {
  name: 'highs',
  async solve(milp: Milp, options: MilpSolveOptions): Promise<MilpResult> {
    const empty = solveEmpty(milp);
    if (empty) return empty;
    if (workerAvailable()) return solveInWorker(milp, options);
    const highs = await loadHighs();
    try {
      return runHighs(highs, milp, options);
    } catch (e) {
      const message = String((e as Error)?.message ?? e);
      if (isHighsMemoryFailure(message, highs.memoryBytes)) {
        loading = undefined; // an aborted runtime cannot be reused
        throw highsMemoryError(milp, message);
      }
      throw e;
    }
  },
};

function workerAvailable(): boolean {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  return isNode && providedLoader === undefined && Object.values(loaderOptions).every((v) => typeof v !== 'function');
}

let idleWorker: Worker | undefined;
let forgetIdle: (() => void) | undefined;

async function takeWorker(): Promise<Worker> {
  const w = idleWorker;
  idleWorker = undefined;
  if (w) {
    // Only our own listeners: removing all would drop the Worker's internal ones.
    w.off('error', forgetIdle!).off('exit', forgetIdle!);
    w.ref();
    return w;
  }
  const start = await workerModule(import.meta.url, 'highsWorker');
  return start({ workerData: loaderOptions });
}

function releaseWorker(w: Worker): void {
  if (idleWorker) {
    void w.terminate();
    return;
  }
  forgetIdle = (): void => {
    if (idleWorker === w) idleWorker = undefined;
  };
  w.on('error', forgetIdle).on('exit', forgetIdle);
  w.unref();
  idleWorker = w;
}

function solveInWorker(milp: Milp, options: MilpSolveOptions): Promise<MilpResult> {
  const t0 = performance.now();
  const deadlineAt = Date.now() + options.timeLimit * 1000;
  const killMs = (options.timeLimit + deadlineGrace(options.timeLimit)) * 1000;
  const best: { x: Float64Array | null; objective: number | null; bound: number | null } = { x: null, objective: null, bound: null };
  return new Promise<MilpResult>((resolve, reject) => {
    let settled = false;
    let worker: Worker | undefined;
    const finish = (f: () => void, keep: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (worker) {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (keep) releaseWorker(worker);
        else void worker.terminate();
      }
      f();
    };
    const timer = setTimeout(() => finish(() => resolve({
      status: 'time_limit', x: best.x, objective: best.objective, bound: best.bound, seconds: (performance.now() - t0) / 1000,
      message: `HiGHS was stopped at the time limit (${best.x ? 'with its best strategy' : 'before it found a strategy'}${best.bound === null ? ', before it proved a bound' : ''})`,
    }), false), killMs);
    const failed = (message: string, memoryBytes: number): void => finish(() => {
      if (isHighsMemoryFailure(message, memoryBytes)) reject(highsMemoryError(milp, message));
      else resolve({ status: 'error', x: null, objective: null, bound: null, seconds: (performance.now() - t0) / 1000, message: `HiGHS failed: ${message}` });
    }, false);
    const onError = (e: unknown): void => failed(String((e as Error)?.message ?? e), 0);
    const onExit = (code: number): void => failed(`the worker exited with code ${code}`, 0);
    const onMessage = (reply: HighsWorkerReply): void => {
      if (reply.type === 'progress') {
        const p = reply.progress;
        if (p.x && p.objective !== undefined && (best.objective === null || p.objective > best.objective) && milpViolation(milp, p.x) <= FEASIBILITY_TOLERANCE) {
          best.x = p.x;
          best.objective = p.objective;
        }
        if (p.bound !== undefined) best.bound = best.bound === null ? p.bound : Math.min(best.bound, p.bound);
      options.onProgress?.({ objective: best.objective, bound: best.bound, seconds: (performance.now() - t0) / 1000 });
      } else if (reply.type === 'done') {
        const r = reply.result;
        // The last incumbent streamed may be better than what a stopped run hands back.
        const useStreamed = best.x !== null && (r.objective === null || best.objective! > r.objective) && r.status !== 'optimal' && r.status !== 'infeasible';
        finish(() => resolve(useStreamed ? { ...r, status: r.status === 'error' ? 'feasible' : r.status, x: best.x, objective: best.objective } : r), true);
      } else {
        failed(reply.message, reply.memoryBytes);
      }
    };
    takeWorker().then((w) => {
      worker = w;
      if (settled) {
        void w.terminate();
        return;
      }
      w.on('message', onMessage).on('error', onError).on('exit', onExit);
      // A callback cannot cross to the thread: progress is reported here.
      const { onProgress: _report, ...posted } = options;
      w.postMessage({ milp, options: { ...posted, timeLimit: Math.max((deadlineAt - Date.now()) / 1000, 1e-3) } });
    }, (e: unknown) => failed(String((e as Error)?.message ?? e), 0));
  });
}
