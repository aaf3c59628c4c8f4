import { evaluatePlan, type Plan } from './evaluate.js';
import { greedyPlan } from './greedy.js';
import { deadlineGrace } from './highs.js';
import { minimizeDual } from './lagrangianDual.js';
import { buildLendingModel, type LendingModel } from './model.js';
import { decodePlan, encodePlan } from './optimize.js';
import { pricedValue, type PricedChoices } from './pricedChoices.js';
import type { NormalizedProblem } from './problem.js';
import type { MilpSolveOptions, MilpSolver, SolveProgress, SolveStatus } from './solver.js';

/** What the decomposition proved: the best strategy, a valid bound, and the model it last solved. */
export interface DecompositionOutcome {
  status: SolveStatus;
  plan: Plan;
  objective: number;
  bound: number;
  /** The last restricted model (its size is reported) and where the plan came from. */
  model: LendingModel | null;
  incumbent: 'solver' | 'greedy';
  message: string;
  /** Cutting-plane iterations of the dual and the restricted MILPs solved. */
  dualIterations: number;
  rounds: number;
  /** (applicant, rate) choices in the last restricted model, of all priced. */
  restrictedChoices: number;
}

export interface DecompositionOptions {
  solver: MilpSolver;
  relGap: number;
  /** performance.now() at which everything must be over. */
  deadline: number;
  solverOptions?: Record<string, string | number | boolean>;
  onProgress?: (p: SolveProgress) => void;
  /** performance.now() at the start, for progress reports. */
  t0: number;
}

/**
 * Solves the lending MILP by its structure: one rate choice per applicant,
 * coupled only by a few rows. (1) Prices π ≥ 0 of the coupling rows that
 * minimize the Lagrangian bound D(π) (the LP bound; `minimizeDual`). (2) At
 * those prices each choice has a reduced value below its applicant's best;
 * a strategy using a choice that falls short by more than Δ = D − incumbent
 * cannot beat the incumbent (return ≤ D − Σ shortfalls). So a MILP restricted
 * to the choices within τ of their applicant's best — declining counted as a
 * choice worth 0 — holds every better strategy once τ ≥ Δ, and its bound then
 * bounds the whole problem. The restricted MILP starts with τ a fraction of
 * the target gap (a few near-tie applicants) and τ grows to Δ until the gap
 * is proven or the deadline comes. The first incumbent is the greedy plan
 * over the near-best choices at the dual prices (over all choices when that
 * one breaks a limit); null when neither meets the limits (a minimum total or
 * number of loans), and the caller then solves one MILP.
 */
export async function solveByDecomposition(np: NormalizedProblem, pc: PricedChoices, opts: DecompositionOptions): Promise<DecompositionOutcome | null> {
  const report = (objective: number | null, bound: number | null): void => opts.onProgress?.({ objective, bound, seconds: (performance.now() - opts.t0) / 1000 });
  let incumbent: 'solver' | 'greedy' = 'greedy';
  // The dual gets at most 60% of the time left, so a strategy from its prices and a restricted MILP fit in the limit.
  const dualDeadline = performance.now() + 0.6 * Math.max(0, opts.deadline - performance.now());
  const dual = await minimizeDual(pc, { tolerance: Math.max(1e-9, Math.min(1e-7, opts.relGap / 100)), deadline: dualDeadline });
  const D = dual.pricing.value;
  const shortfall = choiceShortfalls(pc, dual.pi, dual.pricing.best);
  // The first strategy: the greedy plan over the priced near-best choices (close to the LP optimum), else over all choices.
  let tau = firstTau(pc, shortfall, dual.pricing.best, Math.max(opts.relGap, 1e-6) * Math.abs(D) * 0.1);
  let plan = pricedGreedy(np, pc, shortfall, dual.pricing.best, tau);
  if (!plan) {
    const all: { applicant: number; rate: number }[] = [];
    for (let t = 0; t < pc.applicants.length; t++) for (let j = pc.starts[t]; j < pc.starts[t + 1]; j++) all.push({ applicant: pc.applicants[t], rate: pc.rate[j] });
    plan = greedyPlan(np, { choices: all });
  }
  if (!plan) return null;
  let objective = evaluatePlan(np, plan).summary.expectedReturn;
  let bound = Math.max(D, objective);
  report(objective, bound);
  let model: LendingModel | null = null;
  let status: SolveStatus = 'time_limit';
  let message = 'stopped at the time limit';
  let rounds = 0;
  let restrictedChoices = 0;
  for (;;) {
    const gap = bound - objective;
    if (gap <= opts.relGap * Math.abs(objective) || gap <= 1e-9 * Math.max(1, Math.abs(bound))) {
      status = 'optimal';
      message = `proved within the ${opts.relGap} gap by the Lagrangian decomposition`;
      break;
    }
    const left = (opts.deadline - performance.now()) / 1000;
    if (left <= 0.05) break;
    // Shortfalls carry rounding error: a margin keeps the covering test on the safe side.
    const margin = 1e-9 * Math.max(1, Math.abs(D));
    const covers = tau >= D - objective + margin;
    const only = restriction(pc, shortfall, dual.pricing.best, tau);
    restrictedChoices = only.choices;
    model = buildLendingModel(np, { prune: false, only });
    const start = encodePlan(np, model, plan);
    // HiGHS in a worker may run its grace past the limit it is given: give it the deadline less that grace.
    const remaining = (opts.deadline - performance.now()) / 1000;
    const solveOptions: MilpSolveOptions = { timeLimit: Math.max(remaining - deadlineGrace(remaining), remaining / 2, 1e-3), relGap: opts.relGap, ...(start ? { start } : {}), ...(opts.solverOptions ? { solverOptions: opts.solverOptions } : {}) };
    const res = await opts.solver.solve(model.milp, solveOptions);
    rounds++;
    if (res.x) {
      const candidate = decodePlan(np, model, res.x);
      const ev = evaluatePlan(np, candidate);
      if (ev.violations.length === 0 && ev.summary.expectedReturn > objective) {
        plan = candidate;
        objective = ev.summary.expectedReturn;
        incumbent = 'solver';
      }
    }
    // Once τ ≥ Δ every strategy better than the incumbent lies in the restricted model: its bound is the problem's.
    if (covers) {
      const restrictedBound = res.status === 'infeasible' ? -Infinity : res.bound;
      if (restrictedBound !== null) bound = Math.min(bound, Math.max(objective, restrictedBound));
    }
    bound = Math.max(bound, objective);
    report(objective, bound);
    if (res.status === 'time_limit') break;
    if (res.status === 'error' || (covers && res.status !== 'optimal' && res.status !== 'infeasible')) {
      status = 'feasible';
      message = `the restricted MILP stopped without a proof (${res.status}${res.message ? `: ${res.message}` : ''})`;
      break;
    }
    // Next round covers every choice that could still beat the incumbent.
    tau = Math.max(tau * 2, D - objective + 2 * margin);
  }
  return { status, plan, objective, bound: Math.max(bound, objective), model, incumbent, message, dualIterations: dual.iterations, rounds, restrictedChoices };
}

/**
 * The first restriction's τ: a tenth of the target gap, but no more than lets
 * about 20 near-tie choices per coupling row (+100) join the best choice of
 * each applicant — the LP optimum has at most one fractional applicant per
 * row, so these hold a near-optimal strategy while the MILP stays small.
 */
function firstTau(pc: PricedChoices, shortfall: Float64Array, best: Float64Array, tau: number): number {
  const near: number[] = [];
  for (let j = 0; j < shortfall.length; j++) if (shortfall[j] > 0 && shortfall[j] <= tau) near.push(shortfall[j]);
  for (let t = 0; t < best.length; t++) if (best[t] > 0 && best[t] <= tau) near.push(best[t]);
  const room = 20 * pc.m + 100;
  if (near.length <= room) return tau;
  near.sort((a, b) => a - b);
  return near[room - 1];
}

/** The greedy plan over the choices within τ of their applicant's best, or null when it breaks a limit. */
function pricedGreedy(np: NormalizedProblem, pc: PricedChoices, shortfall: Float64Array, best: Float64Array, tau: number): Plan | null {
  const only = restriction(pc, shortfall, best, tau);
  const list: { applicant: number; rate: number }[] = [];
  for (const [i, ks] of only.rates) for (const k of ks) list.push({ applicant: i, rate: k });
  return greedyPlan(np, { choices: list });
}

/** Per choice, how far its priced value falls short of its applicant's best (declining is worth 0). */
function choiceShortfalls(pc: PricedChoices, pi: Float64Array, best: Float64Array): Float64Array {
  let loanPrice = 0;
  for (let r = 0; r < pc.m; r++) loanPrice += pi[r] * pc.loanCoef[r];
  const out = new Float64Array(pc.cost.length);
  for (let t = 0; t < pc.applicants.length; t++) {
    for (let j = pc.starts[t]; j < pc.starts[t + 1]; j++) out[j] = best[t] - pricedValue(pc, pi, loanPrice, j);
  }
  return out;
}

/** The choices within τ of their applicant's best; applicants whose best beats declining by more than τ must lend. */
function restriction(pc: PricedChoices, shortfall: Float64Array, best: Float64Array, tau: number): { rates: Map<number, number[]>; mustLend: Set<number>; choices: number } {
  const rates = new Map<number, number[]>();
  const mustLend = new Set<number>();
  let choices = 0;
  for (let t = 0; t < pc.applicants.length; t++) {
    const list: number[] = [];
    for (let j = pc.starts[t]; j < pc.starts[t + 1]; j++) if (shortfall[j] <= tau) list.push(pc.rate[j]);
    if (list.length === 0) continue;
    const i = pc.applicants[t];
    rates.set(i, list);
    choices += list.length;
    // Declining is worth 0, so it falls short of the best by the best value itself.
    if (best[t] > tau) mustLend.add(i);
  }
  return { rates, mustLend, choices };
}
