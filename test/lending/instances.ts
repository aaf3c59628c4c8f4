import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { churnTableFromCsv } from '../../src/lending/churn.js';
import type { ChurnTable, LendingApplicant, LendingLimits, LendingProblem } from '../../src/lending/problem.js';
import { Random } from '../../src/random.js';

export const CHURN_CSV = fileURLToPath(new URL('../../data/cumcm-rate-churn.csv', import.meta.url));
export const A3: ChurnTable = churnTableFromCsv(readFileSync(CHURN_CSV, 'utf8'), CHURN_CSV);

/** Four rates that are points of the a3 table (so churn needs no interpolation). */
export const RATES4 = [0.04, 0.0625, 0.0865, 0.1105];

export interface SmallOptions {
  n?: number;
  seed?: number;
  rates?: number[];
  budget?: number;
  minAmount?: number;
  maxAmount?: number;
  limits?: LendingLimits;
  sectors?: string[];
  ratings?: string[];
  lgd?: number;
}

/** A small seeded problem with the a3 churn curves (ratings A/B/C). */
export function smallProblem(o: SmallOptions = {}): LendingProblem {
  const rng = new Random(o.seed ?? 1);
  const n = o.n ?? 6;
  const sectors = o.sectors ?? ['trade', 'build', 'tech'];
  const ratings = o.ratings ?? ['A', 'B', 'C'];
  const base: Record<string, number> = { A: 0.01, B: 0.03, C: 0.06, D: 0.3 };
  const applicants: LendingApplicant[] = Array.from({ length: n }, (_, i) => {
    const rating = ratings[i % ratings.length];
    return {
      id: `F${i + 1}`,
      pd: Number((base[rating] * (0.5 + rng.next())).toFixed(4)),
      rating,
      sector: sectors[rng.int(sectors.length)],
    };
  });
  return {
    applicants,
    bank: {
      budget: o.budget ?? 250,
      minAmount: o.minAmount ?? 10,
      maxAmount: o.maxAmount ?? 100,
      rates: o.rates ?? RATES4,
      lgd: o.lgd ?? 0.6,
      fundingCost: 0.01,
    },
    churn: A3,
    limits: o.limits ?? {},
  };
}

export function withLimits(p: LendingProblem, limits: LendingLimits): LendingProblem {
  return { ...p, limits: { ...p.limits, ...limits } };
}

/**
 * A hard instance: fixed loan sizes (a 0/1 knapsack per rate choice), with a
 * budget, an expected-loss cap and sector shares all binding. How long HiGHS
 * needs to prove the optimum depends on n and the machine: 1–4 s at n = 600
 * on an idle 2-core machine, more than 20 s at n = 2,000 as one MILP
 * (2026-12-07), so a 1 s limit is tested at 2,000.
 */
export function hardProblem(n: number, seed: number): LendingProblem {
  const rng = new Random(seed);
  const applicants = Array.from({ length: n }, (_, i) => {
    const amount = 10 + rng.int(91);
    return { id: `H${i}`, pd: 0.005 + 0.06 * rng.next(), rating: ['A', 'B', 'C'][i % 3], sector: `s${rng.int(6)}`, minAmount: amount, maxAmount: amount };
  });
  const total = applicants.reduce((s, a) => s + a.maxAmount, 0);
  return {
    applicants,
    bank: { budget: Math.round(total * 0.37) + 0.5, minAmount: 10, maxAmount: 100, rates: A3.rates, lgd: 0.6, fundingCost: 0.01 },
    churn: A3,
    limits: { expectedLoss: total * 0.0015, sectorShare: { '*': 0.22 } },
  };
}

const POOL_SECTORS = ['construction', 'food', 'individual', 'logistics', 'manufacturing', 'other', 'services', 'technology', 'trade'];
const POOL_SECTOR_WEIGHTS = [0.2, 0.15, 0.12, 0.11, 0.1, 0.09, 0.08, 0.08, 0.07];

/**
 * A pool at bank scale (bench/lending-scale.ts uses it up to 100,000): PDs
 * log-normal around 2% (ratings A/B/C by PD band, PD above 30% excluded),
 * nine sectors of unequal size, loan ceilings of 20–100, a budget of 10,000
 * per 302 applicants (the CUMCM ratio), an expected-loss cap of 0.4% of the
 * budget and every sector capped at 16% of the portfolio: budget,
 * expected-loss and the larger sectors' caps all bind. `rates` defaults to
 * the 29 rates of CUMCM attachment 3.
 */
export function limitedPool(n: number, seed = 1, rates: number[] = A3.rates): LendingProblem {
  const rng = new Random(seed);
  const applicants = Array.from({ length: n }, (_, i) => {
    const pd = Math.min(0.5, Math.exp(Math.log(0.02) + 2.2 * (rng.next() + rng.next() + rng.next() - 1.5)));
    const rating = pd <= 0.02 ? 'A' : pd <= 0.08 ? 'B' : 'C';
    let u = rng.next();
    let s = 0;
    while (s < POOL_SECTORS.length - 1 && u > POOL_SECTOR_WEIGHTS[s]) u -= POOL_SECTOR_WEIGHTS[s++];
    return { id: `S${i}`, pd: Number(pd.toFixed(5)), rating, sector: POOL_SECTORS[s], maxAmount: 20 + 10 * rng.int(9) };
  });
  const budget = Math.round((10_000 * n) / 302);
  return {
    applicants,
    bank: { budget, minAmount: 10, maxAmount: 100, rates, lgd: 1, fundingCost: 0 },
    churn: A3,
    exclude: { maxPd: 0.3 },
    limits: { expectedLoss: budget * 0.004, sectorShare: { '*': 0.16 } },
  };
}
