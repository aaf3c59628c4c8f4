import { applicantChoices, couplingRows } from './model.js';
import type { NormalizedProblem } from './problem.js';

/**
 * The lending problem as a decomposition sees it: per applicant a few rate
 * choices (after dominance pruning), each lending an amount in [L, U], coupled
 * only by m rows written as Σ coef·amount + loanCoef·[lends] ≤ rhs (a ranged
 * row becomes two). Flat typed arrays, so pricing all choices is one pass.
 */
export interface PricedChoices {
  /** Number of coupling rows (≤ form). */
  m: number;
  rhs: Float64Array;
  rowNames: string[];
  /** Per row, the coefficient of every loan (the loan-count rows), independent of amount and rate. */
  loanCoef: Float64Array;
  /** Applicants that can lend (positions in NormalizedProblem.applicants), and their choices [starts[t], starts[t+1]). */
  applicants: Int32Array;
  starts: Int32Array;
  rate: Int32Array;
  /** Return per unit of amount. */
  cost: Float64Array;
  /** coef[j·m + r]: row r's coefficient per unit of amount of choice j. */
  coef: Float64Array;
  /** The amount range of choice j's applicant. */
  lower: Float64Array;
  upper: Float64Array;
  /** (applicant, rate) pairs before pruning. */
  candidates: number;
}

/** The choices and coupling rows of a problem whose objective is the expected return (no CVaR rows). */
export function pricedChoices(np: NormalizedProblem, prune: boolean): PricedChoices {
  const { rows } = couplingRows(np);
  const rowNames: string[] = [];
  const rhs: number[] = [];
  /** For each ≤ row: which amount row it comes from and with which sign (0 for loan-count rows). */
  const source: { row: number; sign: number }[] = [];
  rows.forEach((row, r) => {
    if (row.upper < Infinity) {
      rowNames.push(row.name);
      rhs.push(row.upper);
      source.push({ row: r, sign: 1 });
    }
    if (row.lower > -Infinity) {
      rowNames.push(`${row.name}≥`);
      rhs.push(-row.lower);
      source.push({ row: r, sign: -1 });
    }
  });
  const loanRows: number[] = [];
  if (np.maxLoans !== undefined) {
    rowNames.push('loans');
    rhs.push(np.maxLoans);
    source.push({ row: -1, sign: 1 });
    loanRows.push(1);
  }
  if (np.minLoans !== undefined && np.minLoans > 0) {
    rowNames.push('loans≥');
    rhs.push(-np.minLoans);
    source.push({ row: -1, sign: -1 });
    loanRows.push(-1);
  }
  const m = rowNames.length;
  const loanCoef = Float64Array.from(source, (s) => (s.row < 0 ? s.sign : 0));

  const applicants: number[] = [];
  const starts: number[] = [0];
  const rate: number[] = [];
  const cost: number[] = [];
  const coef: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let candidates = 0;
  for (const a of np.applicants) {
    if (a.excluded !== undefined) continue;
    candidates += np.rates.length;
    const list = applicantChoices(np, a.index, rows, 'return', prune, false);
    if (list.length === 0) continue;
    applicants.push(a.index);
    for (const c of list) {
      rate.push(c.rate);
      cost.push(c.cost);
      for (const s of source) coef.push(s.row < 0 ? 0 : s.sign * c.vec[s.row]);
      lower.push(a.minAmount);
      upper.push(a.maxAmount);
    }
    starts.push(rate.length);
  }
  return {
    m, rhs: Float64Array.from(rhs), rowNames, loanCoef,
    applicants: Int32Array.from(applicants), starts: Int32Array.from(starts), rate: Int32Array.from(rate),
    cost: Float64Array.from(cost), coef: Float64Array.from(coef), lower: Float64Array.from(lower), upper: Float64Array.from(upper),
    candidates,
  };
}

/** What pricing every choice at row prices π gives. */
export interface Pricing {
  /** The Lagrangian bound D(π) = π·rhs + Σ_applicants best: an upper bound on every feasible strategy's return. */
  value: number;
  /** A subgradient of D at π: rhs − the rows' use by the best choices. */
  subgradient: Float64Array;
  /** Per applicant (position in PricedChoices.applicants), the best priced value (≥ 0: declining is worth 0). */
  best: Float64Array;
}

/** Priced value of choice j: the best over its amounts of (cost − π·coef)·amount − π·loanCoef. */
export function pricedValue(pc: PricedChoices, pi: Float64Array, loanPrice: number, j: number): number {
  const m = pc.m;
  let g = pc.cost[j];
  for (let r = 0; r < m; r++) g -= pi[r] * pc.coef[j * m + r];
  return (g > 0 ? g * pc.upper[j] : g * pc.lower[j]) - loanPrice;
}

/**
 * Prices every choice at π ≥ 0. For any strategy meeting the rows,
 * return = Σ_i value_i(π) + π·(Ax) ≤ Σ_i best_i(π) + π·rhs, so `value` is a
 * valid upper bound whatever π is; its least value over π is the LP bound.
 */
export function priceChoices(pc: PricedChoices, pi: Float64Array): Pricing {
  const m = pc.m;
  let loanPrice = 0;
  for (let r = 0; r < m; r++) loanPrice += pi[r] * pc.loanCoef[r];
  const use = new Float64Array(m);
  const best = new Float64Array(pc.applicants.length);
  let total = 0;
  for (let t = 0; t < pc.applicants.length; t++) {
    let bestValue = 0;
    let bestJ = -1;
    for (let j = pc.starts[t]; j < pc.starts[t + 1]; j++) {
      const v = pricedValue(pc, pi, loanPrice, j);
      if (v > bestValue) {
        bestValue = v;
        bestJ = j;
      }
    }
    best[t] = bestValue;
    total += bestValue;
    if (bestJ >= 0) {
      let g = pc.cost[bestJ];
      for (let r = 0; r < m; r++) g -= pi[r] * pc.coef[bestJ * m + r];
      const amount = g > 0 ? pc.upper[bestJ] : pc.lower[bestJ];
      for (let r = 0; r < m; r++) use[r] += pc.coef[bestJ * m + r] * amount + pc.loanCoef[r];
    }
  }
  const subgradient = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    total += pi[r] * pc.rhs[r];
    subgradient[r] = pc.rhs[r] - use[r];
  }
  return { value: total, subgradient, best };
}
