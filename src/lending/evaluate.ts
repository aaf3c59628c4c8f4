import { CreditkitError } from '../errors.js';
import type { ExposureClass } from './irb.js';
import { expandGroupCaps, groupOf, validateProblem, type LendingProblem, type NormalizedApplicant, type NormalizedProblem } from './problem.js';
import { unitEconomics } from './model.js';
import { problemScenarios } from './scenarios.js';

/** What the strategy does for one applicant (one line of strategy.csv). */
export interface LoanDecision {
  id: string;
  rating: string;
  sector: string | null;
  pd: number;
  decision: 'lend' | 'decline' | 'excluded';
  /** Why an applicant is excluded, else null. */
  reason: string | null;
  /** Amount offered (0 unless lent). */
  amount: number;
  rate: number | null;
  /** Probability the customer declines at that rate. */
  churn: number | null;
  /** amount · (1 − churn). */
  expectedAmount: number;
  /** amount · (1 − churn) · [(1 − PD)·rate − PD·LGD·eadFactor − fundingCost]. */
  expectedReturn: number;
  /** PD · LGD · EAD. */
  expectedLoss: number;
  /** Loss given default of the applicant. */
  lgd: number;
  /** Exposure at default: eadFactor · amount · (1 − churn) (0 unless lent). */
  ead: number;
  /** Basel IRB risk-weighted assets 12.5 · K · EAD, or null when the problem has no capital model. */
  rwa: number | null;
  /** Capital the loan needs, capital.ratio · RWA, or null without a capital model. */
  capital: number | null;
  /** With a capital model: the exposure class, maturity (years) and turnover (EUR millions, null when not given) behind `rwa`. */
  exposureClass?: ExposureClass;
  maturity?: number;
  turnover?: number | null;
}

export interface StrategySummary {
  loans: number;
  /** Σ amount offered. */
  totalAmount: number;
  /** Σ amount · (1 − churn). */
  expectedAmount: number;
  /** Amount-weighted mean rate of the loans, or null without loans. */
  meanRate: number | null;
  expectedReturn: number;
  expectedLoss: number;
  /** Exposure-weighted mean PD, or null without loans. */
  averagePd: number | null;
  /** CVaR of the credit loss under the problem's tail-risk model, or null when the problem has none. */
  cvar: number | null;
  /** Σ RWA, Σ capital and RAROC = expected return / capital (the return is already net of expected loss and funding), or null without a capital model (RAROC also without capital). */
  rwa: number | null;
  capital: number | null;
  raroc: number | null;
}

/** Per applicant (index in NormalizedProblem.applicants): the grid position of the rate and the amount, or null. */
export type Plan = ({ rate: number; amount: number } | null)[];

export interface PlanEvaluation {
  decisions: LoanDecision[];
  summary: StrategySummary;
  /** Every limit the plan breaks (beyond a 1e-6 relative tolerance); empty for a feasible plan. */
  violations: string[];
}

/** Scenario losses Σ_defaulted LGD · EAD of a plan, EAD = eadFactor · amount · (1 − churn). */
export function scenarioLosses(np: NormalizedProblem, plan: Plan): Float64Array {
  const { scenarios, applicants } = problemScenarios(np);
  const loss = new Float64Array(applicants.length);
  applicants.forEach((i, m) => {
    const p = plan[i];
    const a = np.applicants[i];
    if (p) loss[m] = a.lgd * a.eadFactor * p.amount * (1 - a.churn[p.rate]);
  });
  const out = new Float64Array(scenarios.count);
  for (let s = 0; s < scenarios.count; s++) {
    let sum = 0;
    for (let q = scenarios.starts[s]; q < scenarios.starts[s + 1]; q++) sum += loss[scenarios.members[q]];
    out[s] = sum;
  }
  return out;
}

/**
 * Value-at-risk threshold t and CVaR of equally likely losses: CVaR =
 * min_t t + Σ_s max(L_s − t, 0) / ((1 − α)·S), attained at a scenario loss.
 */
export function cvarWithThreshold(losses: ArrayLike<number>, alpha: number): { t: number; cvar: number } {
  const S = losses.length;
  const sorted = Float64Array.from(losses).sort().reverse();
  const k = (1 - alpha) * S;
  let best = { t: 0, cvar: Infinity };
  let prefix = 0;
  for (let j = 0; j <= S; j++) {
    // t = sorted[j] (or 0 past the end): the j largest losses exceed or equal t.
    const t = j < S ? sorted[j] : 0;
    const f = t + (prefix - j * t) / k;
    if (f < best.cvar) best = { t, cvar: f };
    if (j < S) prefix += sorted[j];
  }
  if (S === 0) best = { t: 0, cvar: 0 };
  return best;
}

/** Evaluates a plan against a validated problem: every decision, the totals, and any limit broken. */
export function evaluatePlan(np: NormalizedProblem, plan: Plan): PlanEvaluation {
  const decisions: LoanDecision[] = [];
  const violations: string[] = [];
  let loans = 0;
  let totalAmount = 0;
  let expectedAmount = 0;
  let rateSum = 0;
  let expectedReturn = 0;
  let expectedLoss = 0;
  let exposure = 0;
  let pdExposure = 0;
  let capital = 0;
  const withCapital = np.capital !== undefined;
  const exposureOf = new Float64Array(np.applicants.length);
  for (const a of np.applicants) {
    const p = plan[a.index];
    if (!p || p.amount <= 0) {
      decisions.push({
        id: a.id, rating: a.rating, sector: a.sector ?? null, pd: a.pd,
        decision: a.excluded !== undefined ? 'excluded' : 'decline', reason: a.excluded ?? null,
        amount: 0, rate: null, churn: null, expectedAmount: 0, expectedReturn: 0, expectedLoss: 0, lgd: a.lgd, ead: 0,
        rwa: withCapital ? 0 : null, capital: withCapital ? 0 : null, ...irbFields(a),
      });
      continue;
    }
    if (a.excluded !== undefined) violations.push(`applicant "${a.id}" is excluded (${a.excluded}) but gets a loan`);
    const tol = 1e-6 * Math.max(1, a.maxAmount);
    if (p.amount < a.minAmount - tol || p.amount > a.maxAmount + tol) {
      violations.push(`applicant "${a.id}": amount ${p.amount} outside [${a.minAmount}, ${a.maxAmount}]`);
    }
    const e = unitEconomics(np, a.index, p.rate);
    const rate = np.rates[p.rate];
    loans++;
    totalAmount += p.amount;
    expectedAmount += e.acceptance * p.amount;
    rateSum += rate * p.amount;
    expectedReturn += e.ret * p.amount;
    expectedLoss += e.el * p.amount;
    exposureOf[a.index] = e.exposure * p.amount;
    exposure += e.exposure * p.amount;
    pdExposure += a.pd * e.exposure * p.amount;
    decisions.push({
      id: a.id, rating: a.rating, sector: a.sector ?? null, pd: a.pd, decision: 'lend', reason: null,
      amount: p.amount, rate, churn: a.churn[p.rate],
      expectedAmount: e.acceptance * p.amount, expectedReturn: e.ret * p.amount, expectedLoss: e.el * p.amount,
      lgd: a.lgd, ead: a.eadFactor * e.acceptance * p.amount,
      rwa: withCapital ? (e.capital * p.amount) / np.capital!.ratio : null, capital: withCapital ? e.capital * p.amount : null,
      ...irbFields(a),
    });
    capital += e.capital * p.amount;
  }

  const over = (what: string, value: number, cap: number, scale: number): void => {
    if (value > cap + 1e-6 * Math.max(1, Math.abs(cap), scale)) violations.push(`${what} ${round(value)} exceeds ${round(cap)}`);
  };
  over('budget: exposure', exposure, np.budget, exposure);
  if (np.minTotal > 0 && exposure < np.minTotal - 1e-6 * Math.max(1, np.minTotal)) violations.push(`total exposure ${round(exposure)} is below bank.minTotal ${np.minTotal}`);
  if (np.expectedLossCap !== undefined) over('expected loss', expectedLoss, np.expectedLossCap, expectedLoss);
  if (np.maxLoans !== undefined && loans > np.maxLoans) violations.push(`${loans} loans exceed limits.maxLoans ${np.maxLoans}`);
  if (np.minLoans !== undefined && loans < np.minLoans) violations.push(`${loans} loans are fewer than limits.minLoans ${np.minLoans}`);
  if (np.maxAveragePd !== undefined) over('average PD × exposure', pdExposure, np.maxAveragePd * exposure, pdExposure);
  for (const c of expandGroupCaps(np)) {
    let g = 0;
    for (const a of np.applicants) if (groupOf(a, c.kind) === c.group) g += exposureOf[a.index];
    if (c.measure === 'share') over(`${c.kind} "${c.group}" exposure`, g, c.value * exposure, exposure);
    else over(`${c.kind} "${c.group}" exposure`, g, c.value, g);
  }
  if (np.capitalCap !== undefined) over('capital', capital, np.capitalCap, capital);
  let cvar: number | null = null;
  if (np.tailRiskGiven) {
    cvar = cvarWithThreshold(scenarioLosses(np, plan), np.tailRisk.alpha).cvar;
    if (np.cvarCap !== undefined) over('CVaR', cvar, np.cvarCap, cvar);
  }

  return {
    decisions,
    summary: {
      loans, totalAmount, expectedAmount,
      meanRate: totalAmount > 0 ? rateSum / totalAmount : null,
      expectedReturn, expectedLoss,
      averagePd: exposure > 0 ? pdExposure / exposure : null,
      cvar,
      rwa: withCapital ? capital / np.capital!.ratio : null,
      capital: withCapital ? capital : null,
      raroc: withCapital && capital > 0 ? expectedReturn / capital : null,
    },
    violations,
  };
}

function irbFields(a: NormalizedApplicant): Pick<LoanDecision, 'exposureClass' | 'maturity' | 'turnover'> {
  return a.irb ? { exposureClass: a.irb.exposureClass, maturity: a.irb.maturity, turnover: a.irb.turnover ?? null } : {};
}

function round(x: number): string {
  return Number(x.toPrecision(8)).toString();
}

/**
 * Evaluates a strategy written by hand (or by another tool) against a
 * problem: `loans` lists { id, amount, rate }; everyone else is declined. The
 * rate must be on the problem's grid.
 */
export function evaluateLendingStrategy(problem: LendingProblem, loans: readonly { id: string; amount: number; rate: number }[]): PlanEvaluation {
  const np = validateProblem(problem);
  const byId = new Map(np.applicants.map((a) => [a.id, a.index]));
  const plan: Plan = np.applicants.map(() => null);
  loans.forEach((l, j) => {
    const i = byId.get(l.id);
    if (i === undefined) throw new CreditkitError('E_PROBLEM', `no applicant has the id "${l.id}"`, { path: `loans[${j}].id` });
    const k = np.rates.indexOf(l.rate);
    if (k < 0) throw new CreditkitError('E_PROBLEM', `the rate ${l.rate} is not on the rate grid`, { path: `loans[${j}].rate` });
    if (plan[i]) throw new CreditkitError('E_PROBLEM', `applicant "${l.id}" is listed twice`, { path: `loans[${j}].id` });
    plan[i] = { rate: k, amount: l.amount };
  });
  return evaluatePlan(np, plan);
}
