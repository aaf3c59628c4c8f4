import { CreditkitError } from '../errors.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { evaluatePlan, type Plan } from './evaluate.js';
import { buildLendingModel } from './model.js';
import { checkOptions, decodePlan, encodePlan, finishResult, type LendingResult, type OptimizeOptions } from './optimize.js';
import { validateProblem, type LendingProblem } from './problem.js';

export type RiskMeasure = 'expectedLoss' | 'cvar' | 'capital';

export interface FrontierOptions extends OptimizeOptions {
  /**
   * The risk on the horizontal axis (default 'expectedLoss'). 'cvar' uses the problem's tailRisk model;
   * 'capital' the Basel IRB capital of the problem's capital model (defaults when it has none), which
   * makes the frontier one of return against capital, each point with its RAROC (summary.raroc).
   */
  measure?: RiskMeasure;
  /** Number of evenly spaced caps from the least to the most risk (default 11). */
  points?: number;
  /** Explicit caps instead of `points` (sorted, duplicates dropped). */
  caps?: number[];
}

export interface FrontierPoint extends LendingResult {
  /** The cap on the measure at this point. */
  cap: number;
  /** The measure of the point's strategy (≤ cap), or null without a strategy. */
  risk: number | null;
  /**
   * True when the solver's own answer here was worse than the previous
   * point's strategy (possible within the optimality gap or at a time limit),
   * so that strategy — feasible here too, the cap being larger — is kept.
   */
  carried: boolean;
}

export interface LendingFrontier {
  measure: RiskMeasure;
  /** Points by increasing cap; expected return never decreases along them. */
  points: FrontierPoint[];
  /** The least risk any feasible strategy reaches (proved when the solve was optimal), or null if infeasible. */
  minRisk: number | null;
  /** The risk of the best-return strategy without a frontier cap. */
  maxRisk: number | null;
}

/**
 * The return-versus-risk frontier by the ε-constraint method: find the least
 * risk any feasible strategy has and the risk of the best-return strategy,
 * then maximize expected return with the risk capped at evenly spaced levels
 * between the two. The problem's own limits apply at every point.
 *
 * Points are solved from the smallest cap up, each starting from the previous
 * point's strategy (feasible there since the cap only grows); if a solver
 * still returns something worse, the previous strategy is kept (`carried`),
 * so returns are monotone whatever the solver's gap.
 */
/** Points of a frontier: each is one MILP solve (docs/guides/lending.md). */
export const FRONTIER_POINT_RANGE: IntegerRange = { min: 1, max: 1000 };

export async function lendingFrontier(problem: LendingProblem, options: FrontierOptions = {}): Promise<LendingFrontier> {
  const opts = checkOptions(options);
  const measure = options.measure ?? 'expectedLoss';
  if (measure !== 'expectedLoss' && measure !== 'cvar' && measure !== 'capital') {
    throw new CreditkitError('E_OPTION', `measure must be "expectedLoss", "cvar" or "capital" (got ${JSON.stringify(measure)})`);
  }
  const nPoints = options.points ?? 11;
  checkIntegerRange('points', nPoints, FRONTIER_POINT_RANGE);
  // Measuring CVaR needs the scenarios in every evaluation; measuring capital a capital model.
  const np0 = validateProblem(measure === 'capital' && !problem.capital ? { ...problem, capital: {} } : problem);
  const np = measure === 'cvar' ? { ...np0, tailRiskGiven: true } : np0;
  const riskOf = (plan: Plan): number => {
    const s = evaluatePlan(np, plan).summary;
    return measure === 'cvar' ? s.cvar! : measure === 'capital' ? s.capital! : s.expectedLoss;
  };
  const rowOptions = measure === 'cvar' ? { cvarRows: true } : measure === 'capital' ? { capitalRow: true } : { expectedLossRow: true };
  const solveOpts = { timeLimit: opts.timeLimit, relGap: opts.relGap, solverOptions: opts.solverOptions };

  // The most risk: the best-return strategy under the problem's own limits.
  const model = buildLendingModel(np, { ...rowOptions, prune: opts.prune });
  const top = await opts.solver.solve(model.milp, solveOpts);
  if (!top.x) {
    const r = finishResult(np, model, top, opts.solver.name);
    return { measure, points: [{ ...r, cap: NaN, risk: null, carried: false }], minRisk: null, maxRisk: null };
  }
  const topPlan = decodePlan(np, model, top.x);
  const maxRisk = riskOf(topPlan);

  // The least risk: minimize the measure itself.
  const low = buildLendingModel(np, { ...rowOptions, objective: measure, prune: opts.prune });
  const lowRes = await opts.solver.solve(low.milp, solveOpts);
  const lowPlan = lowRes.x ? decodePlan(np, low, lowRes.x) : null;
  // Without a least-risk strategy (a failed solve), the caps start from 0.
  const minRisk = lowPlan ? Math.min(riskOf(lowPlan), maxRisk) : 0;

  let caps: number[];
  if (options.caps) {
    caps = [...new Set(options.caps.map((c, j) => {
      if (!Number.isFinite(c) || c < 0) throw new CreditkitError('E_OPTION', `caps[${j}] must be a number ≥ 0 (got ${c})`);
      return c;
    }))].sort((a, b) => a - b);
  } else {
    caps = nPoints === 1 ? [maxRisk] : Array.from({ length: nPoints }, (_, j) => (j === nPoints - 1 ? maxRisk : minRisk + ((maxRisk - minRisk) * j) / (nPoints - 1)));
    caps = [...new Set(caps)];
  }

  const row = measure === 'cvar' ? model.cvarRow : measure === 'capital' ? model.capitalRow : model.expectedLossRow;
  const ownCap = model.milp.rowUpper[row];
  const points: FrontierPoint[] = [];
  let previous: { plan: Plan; x: Float64Array | null } | null = null;
  for (const cap of caps) {
    // A hair of slack so that a strategy exactly at the cap (the end points) stays feasible after rounding.
    model.milp.rowUpper[row] = Math.min(ownCap, cap + 1e-9 * Math.max(1, cap));
    const start = previous?.x ?? (lowPlan && riskOf(lowPlan) <= cap ? encodePlan(np, model, lowPlan) : null);
    const res = await opts.solver.solve(model.milp, { ...solveOpts, ...(start ? { start } : {}) });
    let plan = res.x ? decodePlan(np, model, res.x) : null;
    let carried = false;
    // Candidates known to be feasible at this cap: the previous point's strategy, and the least-risk one.
    const fallbacks: Plan[] = [];
    if (previous) fallbacks.push(previous.plan);
    if (lowPlan && riskOf(lowPlan) <= cap * (1 + 1e-9) + 1e-9) fallbacks.push(lowPlan);
    for (const f of fallbacks) {
      if (!plan || evaluatePlan(np, f).summary.expectedReturn > evaluatePlan(np, plan).summary.expectedReturn) {
        plan = f;
        carried = true;
      }
    }
    // A fallback strategy is feasible, so the point cannot be infeasible; without a solver proof it is only 'feasible'.
    const status = carried && res.status === 'infeasible' ? 'feasible' : res.status;
    const r = finishResult(np, model, { ...res, status }, opts.solver.name, plan ?? undefined);
    points.push({ ...r, cap, risk: plan ? riskOf(plan) : null, carried });
    if (plan) previous = { plan, x: encodePlan(np, model, plan) };
  }
  model.milp.rowUpper[row] = ownCap;
  return { measure, points, minRisk: lowPlan ? minRisk : null, maxRisk };
}
