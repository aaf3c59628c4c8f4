import { CreditkitError } from '../errors.js';
import { explainCapitalShortfall } from './capitalShortfall.js';
import { cvarWithThreshold, evaluatePlan, scenarioLosses, type LoanDecision, type Plan, type StrategySummary } from './evaluate.js';
import { solveByDecomposition } from './decomposition.js';
import { greedyPlan } from './greedy.js';
import { pricedChoices } from './pricedChoices.js';
import { checkSolverOptions } from './solverOptions.js';
import { highsSolver } from './highs.js';
import { jslpSolver } from './jslp.js';
import { buildLendingModel, unitEconomics, type LendingModel } from './model.js';
import { validateProblem, type LendingProblem, type NormalizedProblem } from './problem.js';
import type { MilpResult, MilpSolver, SolveProgress, SolveStatus, SolverName } from './solver.js';
import { checkTailRisk, type OutOfSampleOptions, type TailRiskCheck } from './tailRiskCheck.js';

export interface OptimizeOptions {
  /** 'highs' (default: HiGHS in WebAssembly) or 'jslp' (javascript-lp-solver), or an adapter object. */
  solver?: SolverName | MilpSolver;
  /** Seconds per solve (default 60). A solve stopped by it is reported as `time_limit`, never `optimal`. */
  timeLimit?: number;
  /**
   * Relative gap at which a solution counts as optimal (default 1e-4, HiGHS's
   * own default; 0 asks for an exact proof). The achieved gap is always reported.
   */
  relGap?: number;
  /** HiGHS settings (names and ranges in `HIGHS_OPTIONS`; text values such as "off" are converted); jslp takes none. E_SOLVER_OPTION otherwise. */
  solverOptions?: Record<string, string | number | boolean>;
  /** Remove dominated (applicant, rate) choices before solving (default true; the optimum is unchanged). */
  prune?: boolean;
  /**
   * With a CVaR cap, the chosen strategy's CVaR is re-measured on fresh
   * scenarios (default 100,000; see `TailRiskCheck`); `false` skips it. An
   * object asks for the check also without a cap when the problem has `tailRisk`.
   */
  outOfSample?: OutOfSampleOptions | false;
  /** Progress of the solve: the greedy start's return first, then (HiGHS in Node) each incumbent and the bound. */
  onProgress?: (progress: SolveProgress) => void;
  /**
   * 'milp': one MILP over every (applicant, rate) choice. 'decomposition':
   * Lagrangian prices of the coupling rows, then MILPs over only the choices
   * that can still beat the incumbent (see `solveByDecomposition`); HiGHS
   * only, and not with a CVaR cap. 'auto' (default): the decomposition from
   * DECOMPOSITION_MIN_APPLICANTS eligible applicants where it applies.
   */
  method?: 'auto' | 'milp' | 'decomposition';
}

/** Eligible applicants from which `method: 'auto'` solves by decomposition (below it one MILP is as fast). */
export const DECOMPOSITION_MIN_APPLICANTS = 1000;

export interface ModelSize {
  applicants: number;
  eligible: number;
  /** (applicant, rate) choices before dominance pruning, and how many were removed. */
  candidates: number;
  pruned: number;
  columns: number;
  rows: number;
  binaries: number;
}

export interface LendingResult {
  status: SolveStatus;
  solver: SolverName;
  /** Expected return of the strategy (recomputed from the decisions), or null without one. */
  objective: number | null;
  /** Proven upper bound on the best expected return, or null when none is known. */
  bound: number | null;
  /** (bound − objective) / |objective|; 0 when proved optimal, null without objective or bound. */
  gap: number | null;
  seconds: number;
  /** One decision per applicant, in input order; null without a feasible strategy. */
  strategy: LoanDecision[] | null;
  summary: StrategySummary | null;
  /** Limits the returned strategy breaks; always empty unless a solver misbehaved (status is then 'error'). */
  violations: string[];
  /**
   * Where the strategy comes from: the solver's incumbent, or the greedy plan
   * built before the solve (when the solver stopped without a better one);
   * null without a strategy.
   */
  incumbent: 'solver' | 'greedy' | null;
  model: ModelSize;
  /** How it was solved: one MILP, or the Lagrangian decomposition (then `model` is its last restricted MILP). */
  method: 'milp' | 'decomposition';
  message?: string;
  /** The strategy's CVaR on fresh scenarios beside the in-sample figure and the cap (with a CVaR cap; see `outOfSample`). */
  tailRiskCheck?: TailRiskCheck;
}

export const OPTIMIZE_DEFAULTS = { solver: 'highs' as SolverName, timeLimit: 60, relGap: 1e-4, prune: true };

/**
 * The longest time limit, in seconds (about 11.6 days). The solver's deadline
 * is a JavaScript timer, which holds at most 2^31 − 1 ms (24.8 days): a longer
 * one fires at once, so an over-long limit stopped the solve immediately.
 */
export const MAX_TIME_LIMIT = 1_000_000;

export function resolveSolver(s: SolverName | MilpSolver | undefined): MilpSolver {
  if (s === undefined || s === 'highs') return highsSolver;
  if (s === 'jslp') return jslpSolver;
  if (typeof s === 'object' && typeof s.solve === 'function') return s;
  throw new CreditkitError('E_OPTION', `solver must be "highs" or "jslp" (got ${JSON.stringify(s)})`);
}

export function checkOptions(options: OptimizeOptions): Required<Omit<OptimizeOptions, 'solver' | 'solverOptions' | 'outOfSample' | 'onProgress' | 'method'>> & { solver: MilpSolver; solverOptions?: Record<string, string | number | boolean> } {
  const timeLimit = options.timeLimit ?? OPTIMIZE_DEFAULTS.timeLimit;
  if (!(timeLimit > 0) || !(timeLimit <= MAX_TIME_LIMIT)) {
    throw new CreditkitError('E_OPTION', `timeLimit must be a positive number of seconds, at most ${MAX_TIME_LIMIT} (got ${timeLimit})`);
  }
  const relGap = options.relGap ?? OPTIMIZE_DEFAULTS.relGap;
  if (!(relGap >= 0) || !Number.isFinite(relGap)) throw new CreditkitError('E_OPTION', `relGap must be a number ≥ 0 (got ${relGap})`);
  const solver = resolveSolver(options.solver);
  const solverOptions = checkSolverOptions(options.solverOptions, solver.name);
  return { solver, timeLimit, relGap, prune: options.prune ?? OPTIMIZE_DEFAULTS.prune, ...(solverOptions ? { solverOptions } : {}) };
}

/**
 * Chooses who gets a loan, how much and at which rate, maximizing expected
 * return under the problem's limits. The rate choice is exact on the grid: the
 * MILP has a binary per (applicant, rate) and a continuous amount switched on
 * by it. The result always carries the solver's status, the objective, the
 * proven bound and the gap; a strategy stopped by the time limit is reported
 * as `time_limit` with its gap. A problem that `limits.capital` makes
 * infeasible (the lending that bank.minTotal or limits.minLoans require needs
 * more capital) throws E_CAPITAL_INFEASIBLE with the least capital needed.
 */
export async function optimizeLending(problem: LendingProblem, options: OptimizeOptions = {}): Promise<LendingResult> {
  const opts = checkOptions(options);
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'milp' && method !== 'decomposition') throw new CreditkitError('E_OPTION', `method must be "auto", "milp" or "decomposition" (got ${JSON.stringify(method)})`);
  const np = validateProblem(problem);
  const t0 = performance.now();
  const decomposable = opts.solver.name === 'highs' && np.cvarCap === undefined;
  if (method === 'decomposition' && !decomposable) {
    throw new CreditkitError('E_OPTION', `method "decomposition" needs the HiGHS solver and no CVaR cap (${np.cvarCap !== undefined ? 'the problem caps CVaR' : `the solver is ${opts.solver.name}`})`);
  }
  const eligible = np.applicants.reduce((s, a) => s + (a.excluded === undefined ? 1 : 0), 0);
  if (decomposable && (method === 'decomposition' || (method === 'auto' && eligible >= DECOMPOSITION_MIN_APPLICANTS))) {
    const result = await optimizeByDecomposition(np, opts, t0, options.onProgress);
    if (result) return result;
  }
  const model = buildLendingModel(np, { prune: opts.prune });
  const greedy = greedyPlan(np, model);
  const start = greedy ? encodePlan(np, model, greedy) : null;
  // The time spent building the model and the greedy plan counts against the limit.
  const left = Math.max(opts.timeLimit - (performance.now() - t0) / 1000, 1e-3);
  const onProgress = options.onProgress;
  const greedyReturn = greedy ? evaluatePlan(np, greedy).summary.expectedReturn : null;
  if (onProgress && greedyReturn !== null) onProgress({ objective: greedyReturn, bound: null, seconds: (performance.now() - t0) / 1000 });
  // Seconds since optimizeLending began; the greedy plan is the incumbent until the solver beats it.
  const report = onProgress
    ? (p: SolveProgress) => onProgress({ objective: greedyReturn === null || p.objective === null ? p.objective ?? greedyReturn : Math.max(p.objective, greedyReturn), bound: p.bound, seconds: (performance.now() - t0) / 1000 })
    : undefined;
  const res = await opts.solver.solve(model.milp, { timeLimit: left, relGap: opts.relGap, solverOptions: opts.solverOptions, ...(start ? { start } : {}), ...(report ? { onProgress: report } : {}) });
  if (res.status === 'infeasible') await explainCapitalShortfall(np, opts.solver, opts);
  const result = finishResult(np, model, res, opts.solver.name, undefined, greedy ?? undefined);
  const oos = options.outOfSample;
  const wanted = oos !== false && (np.cvarCap !== undefined || (oos !== undefined && np.tailRiskGiven));
  if (wanted && result.strategy && result.summary?.cvar != null) {
    result.tailRiskCheck = checkTailRisk(np, result.strategy, result.summary.cvar, oos || {});
  }
  return result;
}

/**
 * The decomposition path of `optimizeLending`, or null when it does not apply
 * (no greedy plan to start from: a minimum total or number of loans it could
 * not reach), and the caller then solves one MILP.
 */
async function optimizeByDecomposition(np: NormalizedProblem, opts: ReturnType<typeof checkOptions>, t0: number, onProgress: OptimizeOptions['onProgress']): Promise<LendingResult | null> {
  const pc = pricedChoices(np, opts.prune);
  const out = await solveByDecomposition(np, pc, {
    solver: opts.solver, relGap: opts.relGap, deadline: t0 + opts.timeLimit * 1000, t0,
    ...(opts.solverOptions ? { solverOptions: opts.solverOptions } : {}), ...(onProgress ? { onProgress } : {}),
  });
  if (!out) return null;
  const ev = evaluatePlan(np, out.plan);
  const milp = out.model?.milp;
  const size: ModelSize = {
    applicants: np.applicants.length,
    eligible: np.applicants.filter((a) => a.excluded === undefined).length,
    candidates: pc.candidates,
    pruned: pc.candidates - pc.cost.length,
    columns: milp?.nCols ?? 0,
    rows: milp?.nRows ?? 0,
    binaries: milp ? milp.integer.reduce((s, b) => s + b, 0) : 0,
  };
  const broken = ev.violations.length > 0;
  const objective = ev.summary.expectedReturn;
  const bound = Math.max(out.bound, objective);
  return {
    status: broken ? 'error' : out.status,
    solver: opts.solver.name,
    objective,
    bound,
    gap: relativeGap(objective, bound),
    seconds: (performance.now() - t0) / 1000,
    strategy: ev.decisions,
    summary: ev.summary,
    violations: ev.violations,
    incumbent: out.incumbent,
    model: size,
    method: 'decomposition',
    message: broken
      ? `the strategy breaks limits: ${ev.violations.join('; ')}`
      : `${out.message}: ${out.dualIterations} dual iterations, ${out.rounds} restricted MILP${out.rounds === 1 ? '' : 's'} (last over ${out.restrictedChoices} of ${pc.cost.length} choices)`,
  };
}

/** The plan a MILP solution describes. */
export function decodePlan(np: NormalizedProblem, model: LendingModel, x: ArrayLike<number>): Plan {
  const plan: Plan = np.applicants.map(() => null);
  const best = new Float64Array(np.applicants.length);
  for (const ch of model.choices) {
    const y = x[ch.y];
    if (y <= 0.5 || y <= best[ch.applicant]) continue;
    best[ch.applicant] = y;
    const a = np.applicants[ch.applicant];
    const amount = a.minAmount + (ch.z >= 0 ? x[ch.z] : 0);
    plan[ch.applicant] = { rate: ch.rate, amount: Math.min(a.maxAmount, Math.max(a.minAmount, amount)) };
  }
  return plan;
}

/** A MILP solution for a plan (a MIP start), or null when the plan uses a pruned choice. */
export function encodePlan(np: NormalizedProblem, model: LendingModel, plan: Plan): Float64Array | null {
  const x = new Float64Array(model.milp.nCols);
  const col = new Map(model.choices.map((ch) => [ch.applicant * np.rates.length + ch.rate, ch]));
  for (let i = 0; i < plan.length; i++) {
    const p = plan[i];
    if (!p) continue;
    const ch = col.get(i * np.rates.length + p.rate);
    if (!ch) return null;
    x[ch.y] = 1;
    if (ch.z >= 0) x[ch.z] = p.amount - np.applicants[i].minAmount;
  }
  const total = model.milp.colNames.indexOf('total_exposure');
  if (total >= 0) {
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i];
      if (p) x[total] += p.amount * (np.exposure === 'offered' ? 1 : 1 - np.applicants[i].churn[p.rate]);
    }
  }
  model.milp.colNames.forEach((name, j) => {
    if (name.startsWith('x_')) x[j] = plan[Number(name.slice(2))]?.amount ?? 0;
  });
  if (model.scenarios) {
    const names = model.milp.colNames;
    for (let j = 0; j < names.length; j++) {
      if (names[j].startsWith('a_')) {
        const i = Number(names[j].slice(2));
        const p = plan[i];
        x[j] = p ? p.amount * (1 - np.applicants[i].churn[p.rate]) : 0;
      }
    }
    const losses = scenarioLosses(np, plan);
    const { t } = cvarWithThreshold(losses, np.tailRisk.alpha);
    x[model.cvarT] = t;
    for (let s = 0; s < losses.length; s++) x[model.cvarT + 1 + s] = Math.max(0, losses[s] - t);
  }
  return x;
}

export function modelSize(np: NormalizedProblem, model: LendingModel): ModelSize {
  return {
    applicants: np.applicants.length,
    eligible: np.applicants.filter((a) => a.excluded === undefined).length,
    candidates: model.candidates,
    pruned: model.pruned,
    columns: model.milp.nCols,
    rows: model.milp.nRows,
    binaries: model.milp.integer.reduce((s, b) => s + b, 0),
  };
}

/**
 * (bound − objective) / |objective|. When the objective is negligible next to
 * the bound (lending almost nothing) the gap is taken relative to the bound
 * instead, so it stays ≤ 1 rather than an absurd 1e16.
 */
export function relativeGap(objective: number | null, bound: number | null): number | null {
  if (objective === null || bound === null) return null;
  const diff = bound - objective;
  if (diff <= 1e-9 * Math.max(1, Math.abs(objective))) return 0;
  const scale = Math.abs(objective) >= 1e-6 * Math.abs(bound) ? Math.abs(objective) : Math.max(Math.abs(bound), Math.abs(objective));
  return diff / Math.max(scale, 1e-9);
}

/**
 * Turns a MILP result into a lending result: decode, re-evaluate, check every
 * limit. `fallback` is a feasible plan found before the solve (the greedy
 * plan): it is returned when a solver stopped early (time limit or another
 * stop short of a proof) without a better strategy of its own.
 */
export function finishResult(np: NormalizedProblem, model: LendingModel, res: MilpResult, solver: SolverName, plan?: Plan, fallback?: Plan): LendingResult {
  const base = { solver, seconds: res.seconds, model: modelSize(np, model), method: 'milp' as const, ...(res.message ? { message: res.message } : {}) };
  let chosen = plan ?? (res.x ? decodePlan(np, model, res.x) : null);
  let incumbent: 'solver' | 'greedy' = 'solver';
  if (fallback && !plan && (res.status === 'time_limit' || res.status === 'feasible' || (res.status === 'error' && !res.x))) {
    const own = chosen ? evaluatePlan(np, chosen) : null;
    const greedy = evaluatePlan(np, fallback);
    if (!own || own.violations.length > 0 || own.summary.expectedReturn < greedy.summary.expectedReturn) {
      chosen = fallback;
      incumbent = 'greedy';
      if (res.status === 'error') res = { ...res, status: 'feasible' };
    }
  }
  // A stopped solve's bound: both are valid, so the tighter one is reported (HiGHS stopped before its root LP can report a weak one).
  const relaxed = res.status === 'time_limit' || res.status === 'feasible' ? budgetRelaxationBound(np) : null;
  const proven = res.bound === null ? relaxed : relaxed === null ? res.bound : Math.min(res.bound, relaxed);
  if (!chosen) {
    return { ...base, status: res.status, objective: null, bound: proven, gap: null, strategy: null, summary: null, violations: [], incumbent: null };
  }
  const ev = evaluatePlan(np, chosen);
  const objective = ev.summary.expectedReturn;
  let status = res.status;
  let message = res.message;
  if (ev.violations.length > 0) {
    status = 'error';
    message = `the solver's strategy breaks limits: ${ev.violations.join('; ')}`;
  }
  const bound = proven === null ? null : Math.max(proven, objective);
  return {
    ...base,
    ...(message ? { message } : {}),
    status,
    objective,
    bound,
    gap: relativeGap(objective, bound),
    strategy: ev.decisions,
    summary: ev.summary,
    violations: ev.violations,
    incumbent,
  };
}

/**
 * An upper bound on the best expected return that needs no solver: keep the
 * budget and the per-loan maximums, and price the expected-loss cap instead of
 * enforcing it (a Lagrangian relaxation). For a price λ ≥ 0 on each unit of
 * expected loss, applicant i earns at most r_i(λ) = max_k (return_ik − λ·el_ik)
 * / exposure_ik per unit of budget and takes at most max_k exposure_ik ·
 * maxAmount_i of it, so a fractional knapsack over r_i(λ) plus λ·cap bounds
 * every feasible strategy. That bound is convex in λ; the least one over λ is
 * found by golden-section search (λ = 0 is the plain budget relaxation). Used
 * when a solver stops without proving a bound, or with a weaker one than this.
 */
export function budgetRelaxationBound(np: NormalizedProblem): number {
  // Per eligible applicant u and rate k (flat, at u·K + k): return, expected loss and exposure per
  // unit; per applicant the most budget it can take. Flat arrays: at 30,000 applicants × 29 rates
  // one object per pair made this bound take seconds.
  const eligible = np.applicants.filter((a) => a.excluded === undefined);
  const K = np.rates.length;
  const ret = new Float64Array(eligible.length * K);
  const el = new Float64Array(eligible.length * K);
  const exposure = new Float64Array(eligible.length * K);
  const width = new Float64Array(eligible.length);
  eligible.forEach((a, u) => {
    let w = -Infinity;
    for (let k = 0; k < K; k++) {
      const e = unitEconomics(np, a.index, k);
      ret[u * K + k] = e.ret;
      el[u * K + k] = e.el;
      exposure[u * K + k] = e.exposure;
      w = Math.max(w, e.exposure * a.maxAmount);
    }
    width[u] = w;
  });
  const rate = new Float64Array(eligible.length);
  const knapsack = (lambda: number): number => {
    const items: number[] = [];
    for (let u = 0; u < eligible.length; u++) {
      let r = 0;
      for (let j = u * K; j < (u + 1) * K; j++) if (exposure[j] > 0) r = Math.max(r, (ret[j] - lambda * el[j]) / exposure[j]);
      rate[u] = r;
      if (r > 0) items.push(u);
    }
    items.sort((p, q) => rate[q] - rate[p]);
    let room = np.budget;
    let total = 0;
    for (const u of items) {
      if (room <= 0) break;
      const take = Math.min(room, width[u]);
      total += take * rate[u];
      room -= take;
    }
    return total;
  };
  const cap = np.expectedLossCap;
  const atZero = knapsack(0);
  if (cap === undefined || !Number.isFinite(cap)) return atZero;
  // Past the largest return-to-loss ratio no lending with expected loss pays, so the least bound lies below it.
  let hi = 0;
  for (let j = 0; j < ret.length; j++) if (el[j] > 0 && ret[j] > 0) hi = Math.max(hi, ret[j] / el[j]);
  const bound = (lambda: number): number => knapsack(lambda) + lambda * cap;
  let lo = 0;
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = bound(a);
  let fb = bound(b);
  for (let it = 0; it < 48 && hi - lo > 1e-12 * Math.max(1, hi); it++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = bound(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = bound(b);
    }
  }
  return Math.min(atZero, fa, fb, bound(hi));
}
