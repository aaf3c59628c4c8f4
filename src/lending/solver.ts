import type { Milp } from './model.js';

/**
 * The solvers behind one interface. Both adapters solve the same `Milp` and
 * report what they proved, never more:
 *
 * - `optimal`: optimality proved (within `relGap`); `bound` is the incumbent's objective or the proven bound.
 * - `time_limit`: stopped by the time limit; `x` is the best strategy found (if any), `bound` what is proven.
 * - `infeasible`: proved infeasible.
 * - `feasible`: a verified feasible solution, stopped for another reason (no optimality proof).
 * - `error`: the solver failed; `message` says why.
 */
export type SolveStatus = 'optimal' | 'time_limit' | 'infeasible' | 'feasible' | 'error';

export type SolverName = 'highs' | 'jslp';

export interface MilpSolveOptions {
  /** Seconds. */
  timeLimit: number;
  /** Relative optimality gap at which the solver may stop and call the incumbent optimal. */
  relGap: number;
  /** A feasible solution to start from (solvers that cannot use one ignore it). */
  start?: Float64Array;
  /** Solver-specific settings (HiGHS option names such as `mip_heuristic_effort`); other solvers ignore them. */
  solverOptions?: Record<string, string | number | boolean>;
  /** Called as the search goes (HiGHS in a worker: each new incumbent, and the bound about every 0.25 s). */
  onProgress?: (progress: SolveProgress) => void;
}

/** A solve in progress: the best objective and the proven bound so far (null while unknown), seconds since the start. */
export interface SolveProgress {
  objective: number | null;
  bound: number | null;
  seconds: number;
}

export interface MilpResult {
  status: SolveStatus;
  /** The incumbent (best solution found), or null. */
  x: Float64Array | null;
  /** colCost · x of the incumbent, or null. */
  objective: number | null;
  /** A proven upper bound on the optimum (the problem is a maximization), or null when none is known. */
  bound: number | null;
  /** Wall-clock seconds in the solver. */
  seconds: number;
  message?: string;
}

export interface MilpSolver {
  readonly name: SolverName;
  solve(milp: Milp, options: MilpSolveOptions): Promise<MilpResult>;
}

/** colCost · x. */
export function milpObjective(milp: Milp, x: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < milp.nCols; j++) s += milp.colCost[j] * x[j];
  return s;
}

/**
 * The largest violation of a solution: bounds, rows (scaled by the row's size)
 * and integrality. A solver's answer is only trusted when this is small.
 */
export function milpViolation(milp: Milp, x: ArrayLike<number>): number {
  let worst = 0;
  for (let j = 0; j < milp.nCols; j++) {
    const v = x[j];
    if (!Number.isFinite(v)) return Infinity;
    worst = Math.max(worst, milp.colLower[j] - v, v - milp.colUpper[j]);
    if (milp.integer[j]) worst = Math.max(worst, Math.abs(v - Math.round(v)));
  }
  for (let r = 0; r < milp.nRows; r++) {
    let act = 0;
    let size = 1;
    for (let p = milp.rowStarts[r]; p < milp.rowStarts[r + 1]; p++) {
      const t = milp.rowValue[p] * x[milp.rowIndex[p]];
      act += t;
      size = Math.max(size, Math.abs(t));
    }
    worst = Math.max(worst, (milp.rowLower[r] - act) / size, (act - milp.rowUpper[r]) / size);
  }
  return worst;
}

/** Tolerance on `milpViolation` for a solution to count as feasible. */
export const FEASIBILITY_TOLERANCE = 1e-6;

/**
 * The answer for a model without columns (everything pruned or excluded):
 * x = [] is optimal if every row admits activity 0, else the model is infeasible.
 */
export function solveEmpty(milp: Milp): MilpResult | null {
  if (milp.nCols > 0) return null;
  for (let r = 0; r < milp.nRows; r++) {
    if (milp.rowLower[r] > 0 || milp.rowUpper[r] < 0) return { status: 'infeasible', x: null, objective: null, bound: null, seconds: 0 };
  }
  return { status: 'optimal', x: new Float64Array(0), objective: 0, bound: 0, seconds: 0 };
}
