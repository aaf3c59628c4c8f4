import type { Highs } from 'highs';
import { CreditkitError } from '../errors.js';
import type { Milp } from './model.js';
import { type MilpResult, type MilpSolveOptions, type MilpSolver, milpObjective, solveEmpty } from './solver.js';

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
        const mod = (await import('highs')) as unknown as { default: Loader | { default: Loader } };
        // ESM gives the loader as `default`; a CommonJS interop layer may nest it once more.
        load = typeof mod.default === 'function' ? mod.default : mod.default.default;
      }
      return await load(loaderOptions);
    } catch (e) {
      loading = undefined;
      throw new CreditkitError('E_SOLVER', `could not load the HiGHS solver (npm package "highs"): ${(e as Error).message}`);
    }
  })();
  return loading;
}

/**
 * Settings tuned on the lending MILPs: after the root most binaries are fixed
 * by reduced costs, and HiGHS's restarts then cost more than they save
 * (measured on the 302-firm CUMCM instance, six seeds: 0.5–0.8 s without
 * restarts against 0.6–2.1 s with them at a 1e-4 gap).
 */
export const HIGHS_DEFAULTS: Record<string, string | number | boolean> = { mip_allow_restart: false };

export const highsSolver: MilpSolver = {
  name: 'highs',
  async solve(milp: Milp, options: MilpSolveOptions): Promise<MilpResult> {
    const empty = solveEmpty(milp);
    if (empty) return empty;
    const highs = await loadHighs();
    const S = highs.constants.modelStatus;
    const t0 = performance.now();
    const model = highs.createModel({
      numCols: milp.nCols,
      numRows: milp.nRows,
      sense: highs.constants.objectiveSense.maximize,
      colCost: milp.colCost,
      colLower: milp.colLower,
      colUpper: milp.colUpper,
      rowLower: milp.rowLower,
      rowUpper: milp.rowUpper,
      matrix: { format: 'csr', numRows: milp.nRows, numCols: milp.nCols, starts: milp.rowStarts, indices: milp.rowIndex, values: milp.rowValue },
      integrality: Int32Array.from(milp.integer) as unknown as Int32Array,
    });
    try {
      model.options.set({
        output_flag: false,
        time_limit: Math.max(options.timeLimit, 1e-3),
        mip_rel_gap: options.relGap,
        mip_abs_gap: 1e-9,
        ...HIGHS_DEFAULTS,
        ...options.solverOptions,
      });
      if (options.start) model.setSolution({ colValue: options.start });
      const run = model.run();
      const seconds = (performance.now() - t0) / 1000;
      const status = run.modelStatus;
      const hasSolution = Number(model.info.get('primal_solution_status')) === 2;
      const x = hasSolution ? Float64Array.from(model.getSolution().colValue) : null;
      const objective = x ? milpObjective(milp, x) : null;
      const dualBound = Number(model.info.get('mip_dual_bound'));
      const bound = Number.isFinite(dualBound) ? dualBound : null;
      switch (status) {
        case S.optimal:
          return { status: 'optimal', x, objective, bound: bound ?? objective, seconds };
        case S.infeasible:
        // Every column is bounded, so "unbounded or infeasible" can only mean infeasible.
        // eslint-disable-next-line no-fallthrough
        case S.unboundedOrInfeasible:
          return { status: 'infeasible', x: null, objective: null, bound: null, seconds };
        case S.timeLimit:
          return { status: 'time_limit', x, objective, bound, seconds };
        case S.iterationLimit:
        case S.solutionLimit:
        case S.interrupted:
        case S.objectiveBound:
        case S.objectiveTarget:
          return { status: x ? 'feasible' : 'error', x, objective, bound, seconds, message: `HiGHS stopped early (model status ${status})` };
        default:
          return { status: 'error', x: null, objective: null, bound: null, seconds, message: `HiGHS returned model status ${status}` };
      }
    } finally {
      model.dispose();
    }
  },
};
