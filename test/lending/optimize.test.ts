import { describe, expect, it } from 'vitest';
import { optimizeLending } from '../../src/lending/optimize.js';
import type { LendingLimits, LendingProblem } from '../../src/lending/problem.js';
import type { SolverName } from '../../src/lending/solver.js';
import { bruteForce } from './bruteForce.js';
import { smallProblem } from './instances.js';

const SOLVERS: SolverName[] = ['highs', 'jslp'];

/** 6 applicants × 4 rates, budget 250 with loans of 10–100: the budget binds and one amount is fractional. */
const base = (limits: LendingLimits = {}): LendingProblem => smallProblem({ budget: 250, limits });
const UNCONSTRAINED = bruteForce(base()).objective;

function close(a: number | null, b: number): void {
  expect(a).not.toBeNull();
  expect(Math.abs(a! - b)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(b)));
}

async function expectExact(p: LendingProblem, expected: number): Promise<void> {
  for (const solver of SOLVERS) {
    const r = await optimizeLending(p, { solver, relGap: 0, timeLimit: 20 });
    expect(r.status, solver).toBe('optimal');
    expect(r.violations).toEqual([]);
    close(r.objective, expected);
    expect(r.gap).toBeLessThanOrEqual(1e-7);
    expect(r.bound!).toBeGreaterThanOrEqual(r.objective! - 1e-9);
  }
}

describe('brute force: what must be enumerated', () => {
  it('amounts at their bounds only are not enough (the budget leaves one amount in between)', () => {
    const exact = bruteForce(base());
    const boundsOnly = bruteForce(base(), { boundsOnly: true });
    expect(exact.objective).toBeGreaterThan(boundsOnly.objective + 1e-3);
    const amounts = exact.plan.filter((p) => p !== null).map((p) => p!.amount);
    expect(amounts.some((a) => a > 10 && a < 100)).toBe(true);
    expect(exact.assignments).toBe(5 ** 6);
  });
});

describe('exact optimum on small instances equals brute force, and each limit binds', () => {
  const cases: [string, LendingLimits][] = [
    ['expected-loss cap (absolute)', { expectedLoss: 0.8 }],
    ['expected-loss cap (share of budget)', { expectedLossShare: 0.003 }],
    ['average PD cap', { maxAveragePd: 0.011 }],
    ['sector share cap (every sector)', { sectorShare: { '*': 0.5 } }],
    ['sector amount cap', { sectorAmount: { tech: 120 } }],
    ['rating share cap', { ratingShare: { A: 0.6 } }],
    ['rating amount cap', { ratingAmount: { A: 150 } }],
    ['maximum number of loans', { maxLoans: 2 }],
    ['minimum number of loans', { minLoans: 5 }],
    ['several limits at once', { expectedLoss: 0.9, sectorShare: { '*': 0.6 }, maxAveragePd: 0.013 }],
  ];
  it.each(cases)('%s', async (_name, limits) => {
    const p = base(limits);
    const bf = bruteForce(p);
    expect(bf.feasible).toBe(true);
    expect(bf.objective).toBeLessThan(UNCONSTRAINED - 1e-4); // the limit binds
    await expectExact(p, bf.objective);
  });

  it('budget alone (the unconstrained instance)', async () => {
    await expectExact(base(), UNCONSTRAINED);
  });

  it('7 applicants × 3 rates', async () => {
    const p = smallProblem({ n: 7, seed: 3, rates: [0.0465, 0.0705, 0.0945], budget: 320, limits: { expectedLoss: 0.8 } });
    const bf = bruteForce(p);
    expect(bf.objective).toBeLessThan(bruteForce({ ...p, limits: {} }).objective - 1e-4);
    await expectExact(p, bf.objective);
  });

  it('a minimum total forces unprofitable lending', async () => {
    const p = smallProblem({ budget: 600, limits: { expectedLoss: 2 } });
    const free = bruteForce(p);
    p.bank.minTotal = 460;
    const forced = bruteForce(p);
    expect(forced.objective).toBeLessThan(free.objective - 1e-4);
    await expectExact(p, forced.objective);
  });

  it("applicants' own amount bounds", async () => {
    const p = base();
    p.applicants[0].maxAmount = 40;
    p.applicants[3].minAmount = 60;
    p.applicants[3].maxAmount = 70;
    const bf = bruteForce(p);
    expect(bf.objective).toBeLessThan(UNCONSTRAINED - 1e-4);
    await expectExact(p, bf.objective);
    const r = await optimizeLending(p, { relGap: 0 });
    const d = r.strategy!;
    expect(d[0].amount).toBeLessThanOrEqual(40);
    if (d[3].decision === 'lend') expect(d[3].amount).toBeGreaterThanOrEqual(60);
  });

  it('exposure counted as expected take-up', async () => {
    const p = smallProblem({ budget: 150, limits: { sectorShare: { '*': 0.6 } } });
    p.bank.exposure = 'expected';
    await expectExact(p, bruteForce(p).objective);
  });

  it('exclusions by rating and PD cap', async () => {
    const p = base();
    p.exclude = { ratings: ['A'], maxPd: 0.05 };
    const bf = bruteForce(p);
    await expectExact(p, bf.objective);
    const r = await optimizeLending(p, { relGap: 0 });
    for (const d of r.strategy!) {
      if (d.rating === 'A' || d.pd > 0.05) {
        expect(d.decision).toBe('excluded');
        expect(d.reason).toMatch(d.rating === 'A' ? /rating A/ : /PD above/);
      }
    }
  });

  it('CVaR cap over copula scenarios (fixed amounts)', async () => {
    const p = smallProblem({ n: 7, seed: 5, budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0465, 0.0705, 0.0945] });
    p.tailRisk = { alpha: 0.9, scenarios: 50, correlation: 0.3, seed: 7 };
    const free = await optimizeLending(p, { relGap: 0 });
    p.limits = { cvar: free.summary!.cvar! * 0.6 };
    const bf = bruteForce(p);
    expect(bf.objective).toBeLessThan(free.objective! - 1e-4);
    await expectExact(p, bf.objective);
    const r = await optimizeLending(p, { relGap: 0 });
    expect(r.summary!.cvar!).toBeLessThanOrEqual(p.limits.cvar! * (1 + 1e-9));
  });

  it('pruning dominated rates does not change the optimum', async () => {
    for (const limits of [{}, { expectedLoss: 0.8, sectorShare: { '*': 0.6 } }]) {
      const p = smallProblem({ n: 12, seed: 9, budget: 500, rates: [0.04, 0.0545, 0.0705, 0.0865, 0.1025, 0.1185], limits });
      const a = await optimizeLending(p, { relGap: 0, prune: true });
      const b = await optimizeLending(p, { relGap: 0, prune: false });
      expect(a.model.pruned).toBeGreaterThan(0);
      expect(b.model.pruned).toBe(0);
      close(a.objective, b.objective!);
    }
  });
});

describe('strategy output', () => {
  it('one decision per applicant, in input order, with consistent totals', async () => {
    const p = base({ expectedLoss: 0.8 });
    const r = await optimizeLending(p);
    expect(r.strategy!.map((d) => d.id)).toEqual(p.applicants.map((a) => a.id));
    const lent = r.strategy!.filter((d) => d.decision === 'lend');
    const s = r.summary!;
    expect(s.loans).toBe(lent.length);
    close(s.totalAmount, lent.reduce((a, d) => a + d.amount, 0));
    close(s.expectedReturn, lent.reduce((a, d) => a + d.expectedReturn, 0));
    close(r.objective, s.expectedReturn);
    for (const d of lent) {
      expect(RATES_OF(p)).toContain(d.rate);
      close(d.expectedAmount, d.amount * (1 - d.churn!));
    }
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

function RATES_OF(p: LendingProblem): number[] {
  return p.bank.rates as number[];
}
