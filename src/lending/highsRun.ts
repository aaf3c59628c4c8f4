import type { Highs } from 'highs';
import { CreditkitError } from '../errors.js';
import type { Milp } from './model.js';
import { type MilpResult, type MilpSolveOptions, milpObjective } from './solver.js';

/**
 * Settings tuned on the lending MILPs: after the root most binaries are fixed
 * by reduced costs, and HiGHS's restarts then cost more than they save
 * (measured on the 302-firm CUMCM instance, six seeds: 0.5–0.8 s without
 * restarts against 0.6–2.1 s with them at a 1e-4 gap).
 */
export const HIGHS_DEFAULTS: Record<string, string | number | boolean> = { mip_allow_restart: false };

/** What a solve in progress reports: a new incumbent (x set) or the latest bound. */
export interface HighsProgress {
  x?: Float64Array;
  objective?: number;
  bound?: number;
  seconds: number;
}

/** Seconds between two bound reports while HiGHS searches. */
const PROGRESS_EVERY = 0.25;

/**
 * One HiGHS solve of a `Milp`, in whichever thread holds `highs`: the model
 * is created, solved and disposed here. `onProgress` receives every improving
 * solution and, at most every 0.25 s, the dual bound, so a caller that stops
 * the thread at its deadline still holds the best of both.
 */
export function runHighs(highs: Highs, milp: Milp, options: MilpSolveOptions, onProgress?: (p: HighsProgress) => void): MilpResult {
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
    let lastReport = 0;
    const callbacks = onProgress
      ? {
        [highs.constants.callbackType.mipImprovingSolution]: (event: { data: { mip_solution?: Float64Array; objective_function_value?: number } }) => {
          const x = event.data.mip_solution;
          if (x && x.length === milp.nCols) onProgress({ x: Float64Array.from(x), objective: milpObjective(milp, x), seconds: (performance.now() - t0) / 1000 });
        },
        [highs.constants.callbackType.mipInterrupt]: (event: { data: { mip_dual_bound?: number } }) => {
          const now = (performance.now() - t0) / 1000;
          const bound = event.data.mip_dual_bound;
          if (now - lastReport < PROGRESS_EVERY || bound === undefined || !Number.isFinite(bound)) return;
          lastReport = now;
          onProgress({ bound, seconds: now });
        },
      }
      : undefined;
    const run = model.run(callbacks as Parameters<typeof model.run>[0]);
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
}

/**
 * Whether a failure is HiGHS running out of WebAssembly memory: its heap
 * cannot grow past 2 GiB, and Emscripten then aborts ("Aborted(OOM)",
 * "Cannot enlarge memory"), or the failed allocation's C++ exception
 * (std::bad_alloc) reaches Emscripten's bare abort — recognised by the heap
 * having grown past 1 GiB when it happened.
 */
export function isHighsMemoryFailure(message: string, memoryBytes: number): boolean {
  if (/\bOOM\b|out of memory|Cannot enlarge memory|bad_alloc|Array buffer allocation failed/i.test(message)) return true;
  return /Aborted\(/.test(message) && memoryBytes >= 2 ** 30;
}

/** The coded error for a model HiGHS cannot hold in its 2 GiB of WebAssembly memory, with the model's size. */
export function highsMemoryError(milp: Milp, detail: string): CreditkitError {
  const nnz = milp.rowStarts[milp.nRows] ?? 0;
  const binaries = milp.integer.reduce((s, b) => s + b, 0);
  return new CreditkitError(
    'E_SOLVER_MEMORY',
    `HiGHS ran out of WebAssembly memory (it cannot grow past 2 GiB) on a model of ${milp.nCols} columns (${binaries} binaries), ${milp.nRows} rows and ${nnz} nonzeros (${detail}); ` +
      'reduce the applicants or rate grid, keep pruning on, or try --solver-option presolve=on',
  );
}
