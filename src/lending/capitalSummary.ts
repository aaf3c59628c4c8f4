import { CreditkitError } from '../errors.js';
import { checkPdFloorRule, irbCapital, type ExposureClass, type IrbResult, type PdFloorRule } from './irb.js';

/** One loan of a portfolio, for a capital summary. */
export interface CapitalLoan {
  id: string;
  pd: number;
  lgd: number;
  /** Exposure at default, in currency units. */
  ead: number;
  exposureClass: ExposureClass;
  /** Effective maturity in years (corporate; default 2.5). */
  maturity?: number;
  /** Annual sales in EUR millions (corporate SME adjustment). */
  turnover?: number;
  rating?: string;
}

/** A loan with its Basel IRB figures (correlation, maturity adjustment, K, risk weight and RWA as `IrbResult`'s). */
export interface CapitalLine extends CapitalLoan, Pick<IrbResult, 'correlation' | 'maturityAdjustment' | 'k' | 'riskWeight' | 'rwa'> {
  /** The PD after the floor. */
  flooredPd: number;
  /** ratio · RWA. */
  capital: number;
  /** PD · LGD · EAD with the PD as given. */
  expectedLoss: number;
}

export interface CapitalTotals {
  loans: number;
  ead: number;
  expectedLoss: number;
  rwa: number;
  capital: number;
  /** RWA / EAD, or null without exposure. */
  riskWeight: number | null;
}

export interface CapitalReport {
  ratio: number;
  pdFloor: PdFloorRule;
  lines: CapitalLine[];
  total: CapitalTotals;
  /** Totals per exposure class, and per rating for loans that have one. */
  byClass: Record<string, CapitalTotals>;
  byRating: Record<string, CapitalTotals>;
}

export interface CapitalOptions {
  /** Capital per unit of RWA (default 0.08). */
  ratio?: number;
  /** PD floor rule (default 'basel3'). */
  pdFloor?: PdFloorRule;
}

function emptyTotals(): CapitalTotals {
  return { loans: 0, ead: 0, expectedLoss: 0, rwa: 0, capital: 0, riskWeight: null };
}

function add(t: CapitalTotals, l: CapitalLine): void {
  t.loans++;
  t.ead += l.ead;
  t.expectedLoss += l.expectedLoss;
  t.rwa += l.rwa;
  t.capital += l.capital;
  t.riskWeight = t.ead > 0 ? t.rwa / t.ead : null;
}

/**
 * Basel IRB capital of a portfolio: per loan K, risk weight, RWA, capital
 * (ratio · RWA) and expected loss, and their totals overall, by exposure
 * class and by rating. A bad loan is E_PROBLEM at `loans[i].field`.
 */
export function capitalSummary(loans: readonly CapitalLoan[], options: CapitalOptions = {}): CapitalReport {
  const ratio = options.ratio ?? 0.08;
  if (!(ratio > 0 && ratio <= 1)) throw new CreditkitError('E_OPTION', `ratio must be in (0, 1] (got ${ratio})`);
  const pdFloor = checkPdFloorRule(options.pdFloor ?? 'basel3');
  const lines: CapitalLine[] = [];
  const total = emptyTotals();
  const byClass: Record<string, CapitalTotals> = {};
  const byRating: Record<string, CapitalTotals> = {};
  loans.forEach((loan, i) => {
    let r;
    try {
      r = irbCapital(loan, pdFloor);
    } catch (e) {
      if (e instanceof CreditkitError && e.where.path !== undefined) throw new CreditkitError(e.code, e.reason, { path: `loans[${i}].${e.where.path}` });
      throw e;
    }
    const line: CapitalLine = {
      ...loan, flooredPd: r.pd, correlation: r.correlation, maturityAdjustment: r.maturityAdjustment, k: r.k,
      riskWeight: r.riskWeight, rwa: r.rwa, capital: ratio * r.rwa, expectedLoss: loan.pd * loan.lgd * loan.ead,
    };
    lines.push(line);
    add(total, line);
    add((byClass[loan.exposureClass] ??= emptyTotals()), line);
    if (loan.rating !== undefined) add((byRating[loan.rating] ??= emptyTotals()), line);
  });
  return { ratio, pdFloor, lines, total, byClass, byRating };
}
