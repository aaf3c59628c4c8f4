import { CreditkitError } from '../errors.js';

/** A loan longer than a year, for `lifetimeExpectedLoss`. */
export interface LifetimeLoan {
  /** Loss given default, in [0, 1]. */
  lgd: number;
  /** Exposure at default: one amount for every year, or one per year (an amortizing schedule; its length is the term). */
  ead: number | readonly number[];
  /** Annual discount rate r > −1 (default 0): year t's loss is discounted by (1 + r)^−t, defaults taken at year end. */
  discountRate?: number;
}

/** One year of a lifetime expected loss. */
export interface LifetimeLossYear {
  year: number;
  cumulativePd: number;
  /** PD(t) − PD(t − 1): the probability, seen from today, of defaulting in year t. */
  marginalPd: number;
  ead: number;
  discountFactor: number;
  /** marginalPd · LGD · EAD · discountFactor */
  expectedLoss: number;
}

export interface LifetimeLoss {
  /** Σ of the years' expected losses. */
  expectedLoss: number;
  years: LifetimeLossYear[];
}

/**
 * The lifetime expected loss of a loan over `cumulativePds.length` years (or
 * the length of an EAD schedule, which must not exceed it):
 *
 *     EL = Σ_t (PD(t) − PD(t − 1)) · LGD · EAD_t · (1 + r)^−t,   PD(0) = 0
 *
 * with PD(t) the cumulative PD of the loan's rating today (from
 * `cumulativeDefaultProbabilities`). E_OPTION for an LGD outside [0, 1], a
 * negative or non-finite EAD, r ≤ −1, a cumulative PD outside [0, 1], unknown
 * (null) or decreasing.
 */
export function lifetimeExpectedLoss(cumulativePds: readonly (number | null)[], loan: LifetimeLoan): LifetimeLoss {
  const { lgd } = loan;
  if (!(lgd >= 0 && lgd <= 1)) throw new CreditkitError('E_OPTION', `lgd must lie in [0, 1] (got ${lgd})`);
  const r = loan.discountRate ?? 0;
  if (!(Number.isFinite(r) && r > -1)) throw new CreditkitError('E_OPTION', `discountRate must be a number above −1 (got ${r})`);
  const term = typeof loan.ead === 'number' ? cumulativePds.length : loan.ead.length;
  if (term < 1) throw new CreditkitError('E_OPTION', 'a lifetime expected loss needs at least one year');
  if (term > cumulativePds.length) {
    throw new CreditkitError('E_OPTION', `the EAD schedule has ${term} years but cumulative PDs are given for ${cumulativePds.length}`);
  }
  const years: LifetimeLossYear[] = [];
  let before = 0;
  let total = 0;
  for (let t = 1; t <= term; t++) {
    const pd = cumulativePds[t - 1];
    if (pd === null || !(pd >= 0 && pd <= 1)) {
      throw new CreditkitError('E_OPTION', `the cumulative PD of year ${t} is ${pd === null ? 'unknown (a rating with no observed transitions)' : pd}, not a probability`);
    }
    if (pd < before - 1e-12) throw new CreditkitError('E_OPTION', `cumulative PDs must not decrease (year ${t}: ${pd} < ${before})`);
    const ead = typeof loan.ead === 'number' ? loan.ead : loan.ead[t - 1];
    if (!(Number.isFinite(ead) && ead >= 0)) throw new CreditkitError('E_OPTION', `the EAD of year ${t} must be a finite number ≥ 0 (got ${ead})`);
    const marginalPd = Math.max(0, pd - before);
    const discountFactor = (1 + r) ** -t;
    const expectedLoss = marginalPd * lgd * ead * discountFactor;
    years.push({ year: t, cumulativePd: pd, marginalPd, ead, discountFactor, expectedLoss });
    total += expectedLoss;
    before = pd;
  }
  return { expectedLoss: total, years };
}
