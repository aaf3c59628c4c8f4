import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';
import { applicantCapital, CAPITAL_DEFAULTS, checkCapitalModel, type ApplicantCapital, type CapitalModel } from './capitalModel.js';
import type { ExposureClass } from './irb.js';
import { interpolateChurn } from './churn.js';
import { CHURN_MODELS, churnAt, fitChurnTable, type ChurnCurve, type ChurnModel } from './churnFit.js';
import { stressedPd, type PdStress } from './stress.js';

/**
 * The lending-strategy problem: who gets a loan, how much, at what rate.
 *
 * Everything here is plain JSON data (no classes, no typed arrays), so a
 * problem written with `JSON.stringify` reads back identically. Amounts are in
 * one currency unit throughout (the CUMCM instance uses 万元 = 10,000 CNY);
 * rates, PDs, LGD and churn are fractions (0.05 = 5%).
 *
 * For one year, lending `amount` at `rate` to an applicant with default
 * probability PD earns in expectation
 *
 *     amount · (1 − churn(rating, rate)) · [(1 − PD) · rate − PD · LGD · eadFactor − fundingCost]
 *
 * where churn is the probability the customer walks away at that rate, and
 * LGD and eadFactor are the applicant's (default `bank.lgd` and 1): the
 * exposure at default is EAD = eadFactor · amount · (1 − churn) and the
 * expected loss PD · LGD · EAD.
 */
export interface LendingProblem {
  /** Optional tag, kept for files; the only accepted value is 'creditkit-lending'. */
  format?: 'creditkit-lending';
  /** Optional format version; the only accepted value is 1. */
  version?: 1;
  applicants: LendingApplicant[];
  bank: BankTerms;
  churn: ChurnTable;
  /**
   * How churn follows the rate (default 'table'): the table as given, or a
   * smooth or logistic curve fitted to it per rating (see churnFit.ts).
   */
  churnModel?: ChurnModel;
  /**
   * Take-up by PD instead of by rating: the PD at which each rating's churn
   * curve applies (e.g. { A: 0.01, B: 0.04, C: 0.2 }). An eligible
   * applicant's churn at each rate is then interpolated linearly in PD
   * between the curves of the two anchors around its PD (the nearest
   * anchor's curve beyond the first or last), so firms of nearly equal PD
   * get nearly equal take-up whatever side of a rating band they fall on.
   * The rating still decides exclusions and rating caps.
   */
  churnByPd?: Record<string, number>;
  exclude?: Exclusions;
  limits?: LendingLimits;
  /** The default model behind the CVaR limit and the CVaR frontier. */
  tailRisk?: TailRiskModel;
  /** PD stress by sector (see stress.ts): every PD is replaced by its stressed value before anything else. */
  stress?: PdStress;
  /** Basel IRB capital of the loans (see capitalModel.ts); implied with its defaults by `limits.capital`. */
  capital?: CapitalModel;
}

export interface LendingApplicant {
  /** Unique identifier, copied to the strategy. */
  id: string;
  /** Probability of default over the loan's term, in [0, 1]. */
  pd: number;
  /** Rating or segment: picks the churn curve; used by exclusions and rating caps. */
  rating: string;
  /** Sector for sector caps; applicants without one are in no sector cap. */
  sector?: string;
  /** Smallest loan this applicant takes (the bank's minimum applies too). */
  minAmount?: number;
  /** Largest loan this applicant may get (the bank's maximum applies too). */
  maxAmount?: number;
  /** Loss given default in [0, 1] (default `bank.lgd`). */
  lgd?: number;
  /**
   * Exposure at default per unit of the amount taken up, ≥ 0 (default 1): a
   * credit-conversion factor. EAD = eadFactor · amount · (1 − churn), so the
   * expected loss is PD · LGD · EAD.
   */
  eadFactor?: number;
  /** Basel exposure class for capital (default `capital.exposureClass`). */
  exposureClass?: ExposureClass;
  /** Effective maturity in years, for corporate capital (default `capital.maturity`). */
  maturity?: number;
  /** Annual sales in EUR millions, for the SME firm-size adjustment of corporate capital (none when absent). */
  turnover?: number;
}

export interface BankTerms {
  /** Total credit available: the sum of the amounts offered cannot exceed it. */
  budget: number;
  /** Least total that must be lent (default 0); set it to `budget` to lend the whole budget. */
  minTotal?: number;
  /** Per-loan bounds: a loan is 0 or within [minAmount, maxAmount]. */
  minAmount: number;
  maxAmount: number;
  /** The rates the bank may quote: an explicit grid, or `count` evenly spaced points from `min` to `max`. */
  rates: number[] | { min: number; max: number; count: number };
  /** Loss given default, in [0, 1]: the default of every applicant without its own `lgd`. */
  lgd: number;
  /** Cost of funds per unit lent over the term (default 0). */
  fundingCost?: number;
  /**
   * What the budget, concentration and average-PD limits count: the amounts
   * offered (default; the bank must be able to fund every offer if all are
   * accepted) or the expected amounts taken up, amount · (1 − churn).
   */
  exposure?: 'offered' | 'expected';
  /**
   * Least expected take-up, 1 − churn, of an offer in [0, 1] (default 0): a
   * rate at which fewer customers are expected to accept is not offered.
   */
  minTakeUp?: number;
}

/** Churn (probability the customer declines) against rate, one curve per rating. */
export interface ChurnTable {
  /** Strictly increasing rates; churn is interpolated linearly between them. */
  rates: number[];
  /** One churn value in [0, 1] per rate, for each rating. */
  byRating: Record<string, number[]>;
}

export interface Exclusions {
  /** Ratings that never get a loan (e.g. ['D']). */
  ratings?: string[];
  /** Applicants with a PD above this never get a loan. */
  maxPd?: number;
  /** Applicants (by id) that never get a loan, e.g. firms with a default on record. */
  ids?: string[];
}

export interface LendingLimits {
  /** Cap on expected loss Σ PD · LGD · EAD (EAD = eadFactor · amount · (1 − churn)), in currency units. */
  expectedLoss?: number;
  /** Cap on expected loss as a share of the budget (both caps apply when both are given). */
  expectedLossShare?: number;
  /** Most loans granted. */
  maxLoans?: number;
  /** Fewest loans granted. */
  minLoans?: number;
  /** Cap on the exposure-weighted average PD of the portfolio, Σ e·PD / Σ e. */
  maxAveragePd?: number;
  /**
   * Concentration caps by sector or rating: a share of the portfolio's total
   * exposure (`…Share`) or an amount (`…Amount`). Keys are group names; `'*'`
   * gives the cap of every group not listed.
   */
  sectorShare?: Record<string, number>;
  sectorAmount?: Record<string, number>;
  ratingShare?: Record<string, number>;
  ratingAmount?: Record<string, number>;
  /** Cap on CVaR of the credit loss (see `tailRisk`), in currency units. */
  cvar?: number;
  /** Cap on CVaR as a share of the budget. */
  cvarShare?: number;
  /** Available capital: Σ capital.ratio · RWA of the loans must not exceed it (currency units). */
  capital?: number;
}

/**
 * Default scenarios from a one-factor Gaussian copula: applicant i defaults in
 * scenario s when √ρ·Z_s + √(1−ρ)·ε_is < Φ⁻¹(PD_i), with Z and ε standard
 * normal and independent. The loss of a scenario is Σ_defaulted LGD · amount ·
 * (1 − churn); CVaR_α is the mean of the worst (1 − α) share of scenarios.
 */
export interface TailRiskModel {
  /** Confidence level of CVaR (default 0.95). */
  alpha?: number;
  /** Number of scenarios (default 1000). */
  scenarios?: number;
  /** Asset correlation ρ in [0, 1) (default 0.15). */
  correlation?: number;
  /**
   * Loading ρ_s on a second factor per sector (default 0): applicant i then
   * defaults when √ρ·Z + √ρ_s·Z_sector + √(1−ρ−ρ_s)·ε < Φ⁻¹(PD_i), so a bad
   * draw can hit one sector (question 3's sector shock); applicants without a
   * sector load on Z only.
   */
  sectorCorrelation?: number;
  /** Seed of the scenario draw (default 0). */
  seed?: number;
}

export const TAIL_RISK_DEFAULTS: Required<TailRiskModel> = { alpha: 0.95, scenarios: 1000, correlation: 0.15, sectorCorrelation: 0, seed: 0 };

// ---------------------------------------------------------------------------
// The validated, normalized form the optimizer works on

export interface NormalizedApplicant {
  /** Position in `problem.applicants`. */
  index: number;
  id: string;
  /** The PD the optimizer uses: the applicant's PD after `stress` (the same without one). */
  pd: number;
  /** The applicant's PD as given. */
  basePd: number;
  rating: string;
  sector: string | undefined;
  /** Loss given default (the applicant's, else the bank's). */
  lgd: number;
  /** Exposure at default per unit of the amount taken up (default 1). */
  eadFactor: number;
  /** Capital per unit of EAD, capital.ratio · 12.5 · K (0 without a capital model). */
  capitalRate: number;
  /** Class, maturity and turnover the capital uses (undefined without a capital model). */
  irb: Omit<ApplicantCapital, 'rate'> | undefined;
  /** Effective per-loan bounds (the bank's and the applicant's together). */
  minAmount: number;
  maxAmount: number;
  /** Why the applicant cannot get a loan, or undefined when eligible. */
  excluded: string | undefined;
  /** Churn at each grid rate (empty when excluded). */
  churn: Float64Array;
}

/** One concentration cap: a share of total exposure or an amount, for one group ('*' = each group not named). */
export interface GroupCap {
  kind: 'sector' | 'rating';
  measure: 'share' | 'amount';
  group: string;
  value: number;
}

export interface NormalizedProblem {
  applicants: NormalizedApplicant[];
  /** The rate grid, increasing. */
  rates: Float64Array;
  budget: number;
  minTotal: number;
  lgd: number;
  fundingCost: number;
  exposure: 'offered' | 'expected';
  /** Least take-up 1 − churn of an offer (0 = every rate may be offered). */
  minTakeUp: number;
  churnModel: ChurnModel;
  /** The fitted churn curves by rating (undefined with the table model). */
  churnCurves: Record<string, ChurnCurve> | undefined;
  /** The tighter of the absolute and budget-share expected-loss caps. */
  expectedLossCap: number | undefined;
  maxLoans: number | undefined;
  minLoans: number | undefined;
  maxAveragePd: number | undefined;
  groupCaps: GroupCap[];
  /** The tighter of the absolute and budget-share CVaR caps. */
  cvarCap: number | undefined;
  tailRisk: Required<TailRiskModel>;
  /** Whether the problem describes a tail-risk model or caps CVaR (then results report CVaR). */
  tailRiskGiven: boolean;
  /** The capital model (then results report RWA, capital and RAROC), or undefined. */
  capital: Required<CapitalModel> | undefined;
  /** Available capital (`limits.capital`). */
  capitalCap: number | undefined;
}

function fail(path: string, message: string): never {
  throw new CreditkitError('E_PROBLEM', message, { path });
}

function checkKeys(obj: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) fail(path ? `${path}.${k}` : k, `unknown field (expected one of: ${allowed.join(', ')})`);
  }
}

function num(v: unknown, path: string, opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `must be a finite number (got ${JSON.stringify(v) ?? String(v)})`);
  if (opts.integer && !Number.isInteger(v)) fail(path, `must be a whole number (got ${v})`);
  if (opts.min !== undefined && (opts.exclusiveMin ? v <= opts.min : v < opts.min)) {
    fail(path, `must be ${opts.exclusiveMin ? 'above' : 'at least'} ${opts.min} (got ${v})`);
  }
  if (opts.max !== undefined && v > opts.max) fail(path, `must be at most ${opts.max} (got ${v})`);
  return v;
}

function optNum(v: unknown, path: string, opts: Parameters<typeof num>[2] = {}): number | undefined {
  return v === undefined ? undefined : num(v, path, opts);
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(path, `must be a non-empty string (got ${JSON.stringify(v) ?? String(v)})`);
  return v;
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (!isJsonObject(v)) fail(path, 'must be an object');
  return v;
}

const PROBLEM_KEYS = ['format', 'version', 'applicants', 'bank', 'churn', 'churnModel', 'churnByPd', 'exclude', 'limits', 'tailRisk', 'stress', 'capital'] as const;
const APPLICANT_KEYS = ['id', 'pd', 'rating', 'sector', 'minAmount', 'maxAmount', 'lgd', 'eadFactor', 'exposureClass', 'maturity', 'turnover'] as const;
const BANK_KEYS = ['budget', 'minTotal', 'minAmount', 'maxAmount', 'rates', 'lgd', 'fundingCost', 'exposure', 'minTakeUp'] as const;
const LIMIT_KEYS = [
  'expectedLoss', 'expectedLossShare', 'maxLoans', 'minLoans', 'maxAveragePd',
  'sectorShare', 'sectorAmount', 'ratingShare', 'ratingAmount', 'cvar', 'cvarShare', 'capital',
] as const;
const TAIL_KEYS = ['alpha', 'scenarios', 'correlation', 'sectorCorrelation', 'seed'] as const;

/** The rate grid a `bank.rates` field describes, sorted and checked. */
export function rateGrid(rates: unknown, path = 'bank.rates'): Float64Array {
  let grid: number[];
  if (Array.isArray(rates)) {
    if (rates.length === 0) fail(path, 'the rate grid is empty: give at least one rate');
    grid = rates.map((r, j) => num(r, `${path}[${j}]`, { min: 0 }));
  } else if (isJsonObject(rates)) {
    checkKeys(rates, path, ['min', 'max', 'count']);
    const min = num(rates.min, `${path}.min`, { min: 0 });
    const max = num(rates.max, `${path}.max`, { min: 0 });
    const count = num(rates.count, `${path}.count`, { integer: true });
    if (count < 1) fail(`${path}.count`, `the rate grid is empty: count must be at least 1 (got ${count})`);
    if (max < min) fail(`${path}.max`, `must be at least ${path}.min (${min}), got ${max}`);
    if (count === 1 && max !== min) fail(`${path}.count`, 'a one-point grid needs min equal to max');
    grid = Array.from({ length: count }, (_, j) => (count === 1 ? min : j === count - 1 ? max : min + ((max - min) * j) / (count - 1)));
  } else {
    fail(path, 'must be an array of rates or { min, max, count }');
  }
  const sorted = Float64Array.from(grid).sort();
  for (let j = 1; j < sorted.length; j++) {
    if (sorted[j] === sorted[j - 1]) fail(path, `the rate ${sorted[j]} is listed twice`);
  }
  return sorted;
}

function checkChurn(churn: unknown): { rates: Float64Array; byRating: Map<string, Float64Array> } {
  const c = obj(churn, 'churn');
  checkKeys(c, 'churn', ['rates', 'byRating']);
  if (!Array.isArray(c.rates) || c.rates.length === 0) fail('churn.rates', 'must be a non-empty array of rates');
  const rates = Float64Array.from(c.rates as unknown[], (r, j) => num(r, `churn.rates[${j}]`, { min: 0 }));
  for (let j = 1; j < rates.length; j++) {
    if (!(rates[j] > rates[j - 1])) fail(`churn.rates[${j}]`, `rates must be strictly increasing (${rates[j - 1]} then ${rates[j]})`);
  }
  const by = obj(c.byRating, 'churn.byRating');
  if (Object.keys(by).length === 0) fail('churn.byRating', 'needs a churn curve for at least one rating');
  const byRating = new Map<string, Float64Array>();
  for (const [rating, curve] of Object.entries(by)) {
    const p = `churn.byRating.${rating}`;
    if (!Array.isArray(curve)) fail(p, 'must be an array of churn values');
    if (curve.length !== rates.length) fail(p, `has ${curve.length} values but churn.rates has ${rates.length}`);
    byRating.set(rating, Float64Array.from(curve as unknown[], (v, j) => num(v, `${p}[${j}]`, { min: 0, max: 1 })));
  }
  return { rates, byRating };
}

function groupCaps(v: unknown, path: string, kind: 'sector' | 'rating', measure: 'share' | 'amount', into: GroupCap[]): void {
  if (v === undefined) return;
  const caps = obj(v, path);
  for (const [group, cap] of Object.entries(caps)) {
    const value = num(cap, `${path}.${group}`, measure === 'share' ? { min: 0, max: 1 } : { min: 0 });
    into.push({ kind, measure, group, value });
  }
}

/**
 * Checks a problem and returns the form the optimizer uses. Every mistake is a
 * CreditkitError with code E_PROBLEM whose `where.path` names the field
 * (`bank.budget`, `applicants[12].pd`, `churn.byRating.B[3]`, …).
 */
export function validateProblem(problem: LendingProblem): NormalizedProblem {
  const p = obj(problem, '(problem)');
  checkKeys(p, '', PROBLEM_KEYS);
  if (p.format !== undefined && p.format !== 'creditkit-lending') fail('format', `must be "creditkit-lending" (got ${JSON.stringify(p.format)})`);
  if (p.version !== undefined && p.version !== 1) fail('version', `must be 1 (got ${JSON.stringify(p.version)})`);

  // Bank terms
  const bank = obj(p.bank, 'bank');
  checkKeys(bank, 'bank', BANK_KEYS);
  const budget = num(bank.budget, 'bank.budget', { min: 0, exclusiveMin: true });
  const minAmount = num(bank.minAmount, 'bank.minAmount', { min: 0 });
  const maxAmount = num(bank.maxAmount, 'bank.maxAmount', { min: 0, exclusiveMin: true });
  if (maxAmount < minAmount) fail('bank.maxAmount', `must be at least bank.minAmount (${minAmount}), got ${maxAmount}`);
  if (budget < minAmount) fail('bank.budget', `the budget ${budget} is below the smallest loan (bank.minAmount = ${minAmount}): no loan can be made`);
  const minTotal = optNum(bank.minTotal, 'bank.minTotal', { min: 0, max: budget }) ?? 0;
  const lgd = num(bank.lgd, 'bank.lgd', { min: 0, max: 1 });
  const fundingCost = optNum(bank.fundingCost, 'bank.fundingCost', { min: 0 }) ?? 0;
  const exposure = bank.exposure ?? 'offered';
  if (exposure !== 'offered' && exposure !== 'expected') fail('bank.exposure', `must be "offered" or "expected" (got ${JSON.stringify(exposure)})`);
  const rates = rateGrid(bank.rates);
  const minTakeUp = optNum(bank.minTakeUp, 'bank.minTakeUp', { min: 0, max: 1 }) ?? 0;

  // Churn: the table must cover every rate of the grid
  const churn = checkChurn(p.churn);
  const lo = churn.rates[0];
  const hi = churn.rates[churn.rates.length - 1];
  rates.forEach((r) => {
    if (r < lo || r > hi) {
      fail('bank.rates', `the rate ${r} is outside the churn table's range [${lo}, ${hi}] (churn.rates): churn cannot be interpolated there`);
    }
  });

  const churnModel = (p.churnModel ?? 'table') as ChurnModel;
  if (!CHURN_MODELS.includes(churnModel)) fail('churnModel', `must be one of ${CHURN_MODELS.map((m) => `"${m}"`).join(', ')} (got ${JSON.stringify(p.churnModel)})`);
  let churnCurves: Record<string, ChurnCurve> | undefined;
  if (churnModel !== 'table') {
    const table = { rates: Array.from(churn.rates), byRating: Object.fromEntries([...churn.byRating].map(([g, v]) => [g, Array.from(v)])) };
    try {
      churnCurves = fitChurnTable(table, churnModel);
    } catch (e) {
      throw e instanceof CreditkitError ? e.locatedAt({ path: `churn.byRating.${e.where.column}` }) : e;
    }
  }
  /** The churn of `rating` at every grid rate: the table interpolated, or the fitted curve. */
  const ratingCurve = (rating: string, table: Float64Array): Float64Array => {
    const fitted = churnCurves?.[rating];
    return Float64Array.from(rates, (r) => (fitted ? churnAt(fitted, r) : interpolateChurn(churn.rates, table, r)));
  };
  const byPd = checkChurnByPd(p.churnByPd, churn.byRating);

  // Exclusions
  const ex = p.exclude === undefined ? {} : obj(p.exclude, 'exclude');
  checkKeys(ex, 'exclude', ['ratings', 'maxPd', 'ids']);
  let excludedRatings: string[] = [];
  if (ex.ratings !== undefined) {
    if (!Array.isArray(ex.ratings)) fail('exclude.ratings', 'must be an array of ratings');
    excludedRatings = ex.ratings.map((r, j) => str(r, `exclude.ratings[${j}]`));
  }
  const maxPd = optNum(ex.maxPd, 'exclude.maxPd', { min: 0, max: 1 });
  if (ex.ids !== undefined && !Array.isArray(ex.ids)) fail('exclude.ids', 'must be an array of applicant ids');
  const excludedIds = new Set((ex.ids as unknown[] | undefined ?? []).map((id, j) => str(id, `exclude.ids[${j}]`)));
  const stress = checkStress(p.stress);
  const capitalCapGiven = isJsonObject(p.limits) && p.limits.capital !== undefined;
  const capital = checkCapitalModel(p.capital) ?? (capitalCapGiven ? CAPITAL_DEFAULTS : undefined);

  // Applicants
  if (!Array.isArray(p.applicants)) fail('applicants', 'must be an array');
  if (p.applicants.length === 0) fail('applicants', 'there are no applicants');
  const seen = new Map<string, number>();
  const curveCache = new Map<string, Float64Array>();
  const applicants = p.applicants.map((a: unknown, i: number): NormalizedApplicant => {
    const path = `applicants[${i}]`;
    const ap = obj(a, path);
    checkKeys(ap, path, APPLICANT_KEYS);
    const id = str(ap.id, `${path}.id`);
    const before = seen.get(id);
    if (before !== undefined) fail(`${path}.id`, `the id "${id}" is also the id of applicants[${before}]`);
    seen.set(id, i);
    const basePd = num(ap.pd, `${path}.pd`, { min: 0, max: 1 });
    const rating = str(ap.rating, `${path}.rating`);
    const sector = ap.sector === undefined ? undefined : str(ap.sector, `${path}.sector`);
    const pd = stress ? stressedPd(basePd, sector, stress) : basePd;
    const aLgd = optNum(ap.lgd, `${path}.lgd`, { min: 0, max: 1 }) ?? lgd;
    const eadFactor = optNum(ap.eadFactor, `${path}.eadFactor`, { min: 0 }) ?? 1;
    const aMin = optNum(ap.minAmount, `${path}.minAmount`, { min: 0 });
    const aMax = optNum(ap.maxAmount, `${path}.maxAmount`, { min: 0 });
    if (aMin !== undefined && aMax !== undefined && aMax < aMin) fail(`${path}.maxAmount`, `must be at least minAmount (${aMin}), got ${aMax}`);
    const lower = Math.max(minAmount, aMin ?? 0);
    const upper = Math.min(maxAmount, aMax ?? Infinity);
    if (lower > upper) {
      fail(aMin !== undefined && aMin > maxAmount ? `${path}.minAmount` : `${path}.maxAmount`,
        `the applicant's amount range [${aMin ?? 0}, ${aMax ?? '∞'}] does not meet the bank's per-loan range [${minAmount}, ${maxAmount}]`);
    }
    let excluded: string | undefined;
    if (excludedRatings.includes(rating)) excluded = `rating ${rating} excluded`;
    else if (excludedIds.has(id)) excluded = 'excluded by id';
    else if (maxPd !== undefined && pd > maxPd) excluded = `PD above ${maxPd}`;
    else if (upper === 0) excluded = 'maximum amount is 0';
    let curve: Float64Array = new Float64Array(0);
    if (excluded === undefined) {
      const table = churn.byRating.get(rating);
      if (byPd) {
        curve = pdInterpolatedChurn(pd, byPd, curveCache, (g) => ratingCurve(g, churn.byRating.get(g)!));
      } else if (!table) {
        fail(`${path}.rating`, `no churn curve for rating "${rating}" (churn.byRating has ${[...churn.byRating.keys()].join(', ')}); add one or exclude the rating`);
      } else {
        let cached = curveCache.get(rating);
        if (!cached) {
          cached = ratingCurve(rating, table);
          curveCache.set(rating, cached);
        }
        curve = cached;
      }
    }
    const irbFields = capital ? applicantCapital(ap, pd, aLgd, capital, path) : undefined;
    const capitalRate = irbFields?.rate ?? 0;
    const irb = irbFields ? { exposureClass: irbFields.exposureClass, maturity: irbFields.maturity, turnover: irbFields.turnover } : undefined;
    return { index: i, id, pd, basePd, rating, sector, lgd: aLgd, eadFactor, capitalRate, irb, minAmount: lower, maxAmount: upper, excluded, churn: curve };
  });

  // Limits
  const lim = p.limits === undefined ? {} : obj(p.limits, 'limits');
  checkKeys(lim, 'limits', LIMIT_KEYS);
  const elAbs = optNum(lim.expectedLoss, 'limits.expectedLoss', { min: 0 });
  const elShare = optNum(lim.expectedLossShare, 'limits.expectedLossShare', { min: 0 });
  const expectedLossCap = minDefined(elAbs, elShare === undefined ? undefined : elShare * budget);
  const maxLoans = optNum(lim.maxLoans, 'limits.maxLoans', { min: 0, integer: true });
  const minLoans = optNum(lim.minLoans, 'limits.minLoans', { min: 0, integer: true });
  if (minLoans !== undefined && maxLoans !== undefined && minLoans > maxLoans) {
    fail('limits.minLoans', `must be at most limits.maxLoans (${maxLoans}), got ${minLoans}`);
  }
  const maxAveragePd = optNum(lim.maxAveragePd, 'limits.maxAveragePd', { min: 0, max: 1 });
  const caps: GroupCap[] = [];
  groupCaps(lim.sectorShare, 'limits.sectorShare', 'sector', 'share', caps);
  groupCaps(lim.sectorAmount, 'limits.sectorAmount', 'sector', 'amount', caps);
  groupCaps(lim.ratingShare, 'limits.ratingShare', 'rating', 'share', caps);
  groupCaps(lim.ratingAmount, 'limits.ratingAmount', 'rating', 'amount', caps);
  const cvarAbs = optNum(lim.cvar, 'limits.cvar', { min: 0 });
  const cvarShare = optNum(lim.cvarShare, 'limits.cvarShare', { min: 0 });
  const cvarCap = minDefined(cvarAbs, cvarShare === undefined ? undefined : cvarShare * budget);
  const capitalCap = optNum(lim.capital, 'limits.capital', { min: 0 });

  const tr = p.tailRisk === undefined ? {} : obj(p.tailRisk, 'tailRisk');
  checkKeys(tr, 'tailRisk', TAIL_KEYS);
  const alpha = optNum(tr.alpha, 'tailRisk.alpha', { min: 0, max: 1 }) ?? TAIL_RISK_DEFAULTS.alpha;
  if (alpha >= 1) fail('tailRisk.alpha', `must be below 1 (got ${alpha})`);
  const tailRisk: Required<TailRiskModel> = {
    alpha,
    scenarios: optNum(tr.scenarios, 'tailRisk.scenarios', { min: 1, max: 1_000_000, integer: true }) ?? TAIL_RISK_DEFAULTS.scenarios,
    correlation: optNum(tr.correlation, 'tailRisk.correlation', { min: 0, max: 0.999 }) ?? TAIL_RISK_DEFAULTS.correlation,
    sectorCorrelation: optNum(tr.sectorCorrelation, 'tailRisk.sectorCorrelation', { min: 0, max: 0.999 }) ?? TAIL_RISK_DEFAULTS.sectorCorrelation,
    seed: optNum(tr.seed, 'tailRisk.seed', { integer: true }) ?? TAIL_RISK_DEFAULTS.seed,
  };

  if (tailRisk.correlation + tailRisk.sectorCorrelation >= 1) {
    fail('tailRisk.sectorCorrelation', `must be below 1 − tailRisk.correlation = ${1 - tailRisk.correlation} (got ${tailRisk.sectorCorrelation})`);
  }

  return {
    applicants, rates, budget, minTotal, lgd, fundingCost, exposure: exposure as 'offered' | 'expected', minTakeUp, churnModel, churnCurves,
    expectedLossCap, maxLoans, minLoans, maxAveragePd,
    groupCaps: caps, cvarCap, tailRisk, tailRiskGiven: p.tailRisk !== undefined || cvarCap !== undefined,
    capital, capitalCap,
  };
}

/** The anchors of `churnByPd`, sorted by PD, each naming a rating of the churn table. */
function checkChurnByPd(v: unknown, byRating: Map<string, Float64Array>): { rating: string; pd: number }[] | undefined {
  if (v === undefined) return undefined;
  const m = obj(v, 'churnByPd');
  const anchors = Object.entries(m).map(([rating, pd]) => {
    if (!byRating.has(rating)) fail(`churnByPd.${rating}`, `no churn curve for rating "${rating}" (churn.byRating has ${[...byRating.keys()].join(', ')})`);
    return { rating, pd: num(pd, `churnByPd.${rating}`, { min: 0, max: 1 }) };
  });
  if (anchors.length === 0) fail('churnByPd', 'needs the PD of at least one rating\'s churn curve');
  anchors.sort((x, y) => x.pd - y.pd);
  for (let k = 1; k < anchors.length; k++) {
    if (anchors[k].pd === anchors[k - 1].pd) fail(`churnByPd.${anchors[k].rating}`, `the PD ${anchors[k].pd} is also the PD of rating ${anchors[k - 1].rating}: anchors need distinct PDs`);
  }
  return anchors;
}

/** Churn at every grid rate for a PD: linear in PD between the curves of the anchors around it. */
function pdInterpolatedChurn(pd: number, anchors: { rating: string; pd: number }[], cache: Map<string, Float64Array>, curveOf: (rating: string) => Float64Array): Float64Array {
  const get = (g: string): Float64Array => {
    let c = cache.get(g);
    if (!c) cache.set(g, (c = curveOf(g)));
    return c;
  };
  if (pd <= anchors[0].pd) return get(anchors[0].rating);
  const last = anchors[anchors.length - 1];
  if (pd >= last.pd) return get(last.rating);
  let k = 1;
  while (anchors[k].pd < pd) k++;
  const lo = anchors[k - 1];
  const hi = anchors[k];
  const t = (pd - lo.pd) / (hi.pd - lo.pd);
  const a = get(lo.rating);
  const b = get(hi.rating);
  return Float64Array.from(a, (x, j) => x + t * (b[j] - x));
}

const STRESS_KEYS = ['sectorPdMultiplier', 'sectorLogOddsShift'] as const;

function checkStress(v: unknown): PdStress | undefined {
  if (v === undefined) return undefined;
  const st = obj(v, 'stress');
  checkKeys(st, 'stress', STRESS_KEYS);
  const out: PdStress = {};
  if (st.sectorPdMultiplier !== undefined) {
    const m = obj(st.sectorPdMultiplier, 'stress.sectorPdMultiplier');
    out.sectorPdMultiplier = Object.fromEntries(Object.entries(m).map(([k, x]) => [k, num(x, `stress.sectorPdMultiplier.${k}`, { min: 0 })]));
  }
  if (st.sectorLogOddsShift !== undefined) {
    const m = obj(st.sectorLogOddsShift, 'stress.sectorLogOddsShift');
    out.sectorLogOddsShift = Object.fromEntries(Object.entries(m).map(([k, x]) => [k, num(x, `stress.sectorLogOddsShift.${k}`, { min: -50, max: 50 })]));
  }
  return out;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/**
 * The caps with `'*'` expanded: one cap for every group of that kind present
 * among the eligible applicants and not named in the same map.
 */
export function expandGroupCaps(np: NormalizedProblem): GroupCap[] {
  const out: GroupCap[] = [];
  for (const kind of ['sector', 'rating'] as const) {
    for (const measure of ['share', 'amount'] as const) {
      const caps = np.groupCaps.filter((c) => c.kind === kind && c.measure === measure);
      const named = new Set(caps.filter((c) => c.group !== '*').map((c) => c.group));
      for (const c of caps) if (c.group !== '*') out.push(c);
      const star = caps.find((c) => c.group === '*');
      if (!star) continue;
      const groups = new Set<string>();
      for (const a of np.applicants) {
        const g = groupOf(a, kind);
        if (g !== undefined && !named.has(g) && a.excluded === undefined) groups.add(g);
      }
      for (const g of [...groups].sort()) out.push({ ...star, group: g });
    }
  }
  return out;
}

/** The group of an applicant for a cap kind. */
export function groupOf(a: NormalizedApplicant, kind: 'sector' | 'rating'): string | undefined {
  return kind === 'sector' ? a.sector : a.rating;
}
