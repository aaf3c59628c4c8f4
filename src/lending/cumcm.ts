import type { PdStress } from './stress.js';
import type { ChurnTable, LendingApplicant, LendingLimits, LendingProblem } from './problem.js';

/**
 * The bank of CUMCM 2020 C question 2, in 万元 (10,000 CNY): a yearly credit
 * total of 1亿元 (100M CNY = 10,000 万元), loans of 10–100 万元 for one year at
 * the rates of attachment 3 (4%–15%, 29 points) with its churn curves per
 * rating A/B/C, rating D excluded. A default loses the principal (LGD 1);
 * the problem states no funding cost, so none is charged.
 */
export function cumcmQ2Problem(applicants: LendingApplicant[], churn: ChurnTable, limits: LendingLimits = {}): LendingProblem {
  return {
    format: 'creditkit-lending',
    version: 1,
    applicants,
    bank: { budget: 10_000, minAmount: 10, maxAmount: 100, rates: [...churn.rates], lgd: 1, fundingCost: 0 },
    churn,
    exclude: { ratings: ['D'] },
    limits,
  };
}

/**
 * The yearly credit total assumed for CUMCM 2020 C question 1, in 万元.
 * Question 1 asks for the strategy towards the 123 rated firms "when the
 * yearly credit total is fixed" without saying how much it is; this is
 * question 2's 1亿元 for 302 firms scaled to 123 firms (10,000 · 123/302 ≈
 * 4,073), rounded to 4,000 万元.
 */
export const CUMCM_Q1_BUDGET = 4_000;

/**
 * The bank of CUMCM 2020 C question 1: the 123 rated firms of attachment 1
 * under question 2's terms (loans of 10–100 万元 for one year at the rates
 * of attachment 3, rating D excluded, LGD 1) with a credit total of `budget`
 * (default CUMCM_Q1_BUDGET, an assumption: the problem gives none).
 * `defaulted` lists the firms with a default on record, which get no loan.
 */
export function cumcmQ1Problem(applicants: LendingApplicant[], churn: ChurnTable, o: { budget?: number; defaulted?: readonly string[]; limits?: LendingLimits } = {}): LendingProblem {
  const q2 = cumcmQ2Problem(applicants, churn, o.limits ?? {});
  return {
    ...q2,
    bank: { ...q2.bank, budget: o.budget ?? CUMCM_Q1_BUDGET },
    exclude: { ratings: ['D'], ...(o.defaulted && o.defaulted.length > 0 ? { ids: [...o.defaulted] } : {}) },
  };
}

/**
 * An epidemic stress for question 3 (a sudden event such as COVID-19 in early
 * 2020 hits sectors unequally): PD multipliers by the sectors of
 * `smeSector`. They are scenario assumptions, not estimates — the data holds
 * no default under such an event. Firms that need people in the same room
 * (catering and hotels, offline services, individual shops) or closed sites
 * and roads (construction, logistics, retail trade) are hit hardest; factories
 * restarted within weeks; software and online services the least.
 */
export const CUMCM_EPIDEMIC_STRESS: Readonly<PdStress> = Object.freeze({
  sectorPdMultiplier: Object.freeze({
    individual: 2.0,
    food_agriculture: 1.8,
    services: 1.8,
    trade: 1.6,
    logistics: 1.5,
    construction: 1.5,
    manufacturing: 1.3,
    technology: 1.1,
    '*': 1.5,
  }),
});
