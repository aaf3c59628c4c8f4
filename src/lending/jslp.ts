import { CreditkitError } from '../errors.js';
import { workerModule } from '../parallel/workerModule.js';
import { type JslpModel, type JslpResult, loadJslp } from './jslpApi.js';
import type { Milp } from './model.js';
import { FEASIBILITY_TOLERANCE, type MilpResult, type MilpSolveOptions, type MilpSolver, milpObjective, milpViolation, solveEmpty } from './solver.js';

/**
 * javascript-lp-solver: pure JavaScript simplex with branch-and-cut. It is
 * the alternative to HiGHS, much slower on these models, and its result does
 * not say whether the timeout stopped the search. This adapter therefore
 *
 * - counts a solve that ran for the whole time limit as stopped by it
 *   (status `time_limit`, never `optimal`, even if the search happened to end
 *   just then);
 * - keeps an incumbent only if it is integral and satisfies every row;
 * - in Node, runs in a worker thread that is terminated shortly after the
 *   time limit (jslp checks its own timeout only between nodes);
 * - proves no bound when stopped (the lending layer then supplies one).
 */

const OBJ = '__objective';

/**
 * The largest dense tableau javascript-lp-solver is given: (variables + 1) ×
 * (constraints + 1) doubles, 2^26 cells = 512 MiB, and branch and bound keeps
 * copies of it. Beyond this a solve would exhaust memory (or take hours):
 * E_SOLVER_MEMORY tells the user to use HiGHS.
 */
export const JSLP_MAX_TABLEAU_CELLS = 2 ** 26;

/** The size of javascript-lp-solver's dense tableau for a model: its width, height and cells. */
export function jslpTableauSize(milp: Milp): { width: number; height: number; cells: number } {
  let constraints = 0;
  for (let r = 0; r < milp.nRows; r++) constraints += (milp.rowLower[r] > -Infinity ? 1 : 0) + (milp.rowUpper[r] < Infinity ? 1 : 0);
  // A binary's x ≤ 1 and a bounded continuous column's upper bound are rows of their own.
  for (let j = 0; j < milp.nCols; j++) if (milp.integer[j] || milp.colUpper[j] < Infinity) constraints++;
  const width = milp.nCols + 1;
  const height = constraints + 1;
  return { width, height, cells: width * height };
}

function toJslp(milp: Milp): JslpModel {
  const constraints: JslpModel['constraints'] = {};
  const variables: JslpModel['variables'] = {};
  const binaries: Record<string, 1> = {};
  for (let j = 0; j < milp.nCols; j++) {
    if (milp.colLower[j] !== 0) throw new CreditkitError('E_SOLVER', `javascript-lp-solver adapter: column ${milp.colNames[j]} has a nonzero lower bound`);
    const v: Record<string, number> = { [OBJ]: milp.colCost[j] };
    if (milp.integer[j]) {
      binaries[`c${j}`] = 1;
    } else if (milp.colUpper[j] < Infinity) {
      constraints[`ub${j}`] = { max: milp.colUpper[j] };
      v[`ub${j}`] = 1;
    }
    variables[`c${j}`] = v;
  }
  for (let r = 0; r < milp.nRows; r++) {
    const name = `r${r}`;
    const bound: { min?: number; max?: number } = {};
    if (milp.rowLower[r] > -Infinity) bound.min = milp.rowLower[r];
    if (milp.rowUpper[r] < Infinity) bound.max = milp.rowUpper[r];
    if (bound.min === undefined && bound.max === undefined) continue;
    constraints[name] = bound;
    for (let p = milp.rowStarts[r]; p < milp.rowStarts[r + 1]; p++) {
      variables[`c${milp.rowIndex[p]}`][name] = milp.rowValue[p];
    }
  }
  return { optimize: OBJ, opType: 'max', constraints, variables, binaries };
}

function readSolution(milp: Milp, res: JslpResult): Float64Array {
  return Float64Array.from({ length: milp.nCols }, (_, j) => (typeof res[`c${j}`] === 'number' ? (res[`c${j}`] as number) : 0));
}

/**
 * Runs `Solve` with a hard deadline. jslp checks its timeout only between
 * branch-and-bound nodes, and one simplex solve of a large model can take
 * minutes, so in Node the solve runs in a worker thread that is terminated at
 * the deadline. Elsewhere (browsers, Deno without worker_threads) it runs in
 * the calling thread and only jslp's own timeout applies.
 */
async function solveWithDeadline(model: JslpModel, deadlineMs: number): Promise<JslpResult | 'killed'> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (isNode) {
    const startWorker = await workerModule(import.meta.url, 'jslpWorker');
    const worker = startWorker({ workerData: model });
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        void worker.terminate();
        resolve('killed');
      }, deadlineMs);
      worker.once('message', (res: JslpResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        resolve(res);
      });
      worker.once('error', (e) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(e);
      });
    });
  }
  return (await loadJslp()).Solve(model);
}

export const jslpSolver: MilpSolver = {
  name: 'jslp',
  async solve(milp: Milp, options: MilpSolveOptions): Promise<MilpResult> {
    const empty = solveEmpty(milp);
    if (empty) return empty;
    const size = jslpTableauSize(milp);
    if (size.cells > JSLP_MAX_TABLEAU_CELLS) {
      throw new CreditkitError(
        'E_SOLVER_MEMORY',
        `javascript-lp-solver keeps a dense tableau of ${size.width} × ${size.height} = ${size.cells.toExponential(2)} cells (${milp.nCols} columns, ${milp.nRows} rows) for this model, ` +
          `more than the ${JSLP_MAX_TABLEAU_CELLS.toExponential(2)} (512 MiB) it can hold; use the HiGHS solver (--solver highs)`,
      );
    }
    const timeoutMs = Math.max(1, options.timeLimit * 1000);
    const model = toJslp(milp);
    // tolerance 0: search to proven optimality; relGap is not offered (jslp's tolerance is relative to its root bound).
    model.options = { timeout: timeoutMs, tolerance: 0 };
    // Loaded here too, so a missing package is E_MISSING_PACKAGE rather than a failed worker.
    await loadJslp();
    const t0 = performance.now();
    let res: JslpResult | 'killed';
    try {
      res = await solveWithDeadline(model, timeoutMs + Math.min(Math.max(0.1 * timeoutMs, 200), 2000));
    } catch (e) {
      return { status: 'error', x: null, objective: null, bound: null, seconds: (performance.now() - t0) / 1000, message: `javascript-lp-solver failed: ${(e as Error).message}` };
    }
    const elapsedMs = performance.now() - t0;
    const seconds = elapsedMs / 1000;
    if (res === 'killed') return { status: 'time_limit', x: null, objective: null, bound: null, seconds, message: 'javascript-lp-solver was stopped at the time limit without a solution' };
    const timedOut = elapsedMs >= timeoutMs;
    let x: Float64Array | null = null;
    if (res.feasible) {
      const raw = readSolution(milp, res);
      const integral = milp.integer.every((b, j) => !b || Math.abs(raw[j] - Math.round(raw[j])) <= 1e-6);
      const candidate = raw.map((v, j) => (milp.integer[j] ? Math.round(v) : v));
      if (integral && milpViolation(milp, candidate) <= FEASIBILITY_TOLERANCE) x = candidate;
    }
    const objective = x ? milpObjective(milp, x) : null;
    if (!timedOut) {
      if (x && res.isIntegral) return { status: 'optimal', x, objective, bound: objective, seconds };
      if (!res.feasible) return { status: 'infeasible', x: null, objective: null, bound: null, seconds };
      return { status: x ? 'feasible' : 'error', x, objective, bound: null, seconds, message: 'javascript-lp-solver returned a solution that is not integral or not feasible' };
    }
    // Stopped by the time limit: jslp proves no bound; the caller may supply one.
    return { status: 'time_limit', x, objective, bound: null, seconds };
  },
};
