import { describe, expect, it } from 'vitest';
import { lendingFrontier } from '../../src/lending/frontier.js';
import type { LendingProblem } from '../../src/lending/problem.js';
import { bruteForce } from './bruteForce.js';
import { smallProblem } from './instances.js';

function expectMonotone(points: { objective: number | null; cap: number; risk: number | null }[]): void {
  for (let j = 0; j < points.length; j++) {
    expect(points[j].objective).not.toBeNull();
    expect(points[j].risk!).toBeLessThanOrEqual(points[j].cap * (1 + 1e-8) + 1e-9);
    if (j > 0) {
      expect(points[j].cap).toBeGreaterThan(points[j - 1].cap);
      expect(points[j].objective!).toBeGreaterThanOrEqual(points[j - 1].objective! - 1e-12);
    }
  }
}

describe('return-versus-risk frontier (ε-constraint)', () => {
  it('expected loss: monotone, and every point is the exact optimum at its cap (both solvers)', async () => {
    const p = smallProblem({ budget: 600 });
    for (const solver of ['highs', 'jslp'] as const) {
      const f = await lendingFrontier(p, { solver, points: 5, relGap: 0 });
      expect(f.measure).toBe('expectedLoss');
      expect(f.points).toHaveLength(5);
      expect(f.minRisk).toBe(0);
      expectMonotone(f.points);
      expect(f.points[0].objective).toBeCloseTo(0, 9); // no loss allowed: no loan (every PD > 0)
      for (const pt of f.points) {
        expect(pt.status).toBe('optimal');
        const bf = bruteForce({ ...p, limits: { expectedLoss: pt.cap * (1 + 1e-9) + 1e-9 } });
        expect(Math.abs(pt.objective! - bf.objective)).toBeLessThanOrEqual(1e-7 * Math.max(1, bf.objective));
        expect(pt.strategy).toHaveLength(p.applicants.length);
      }
      // The last point is the unconstrained optimum.
      expect(f.points[4].objective!).toBeCloseTo(bruteForce(p).objective, 7);
    }
  });

  it('CVaR over copula scenarios: monotone and exact (fixed amounts)', async () => {
    const p: LendingProblem = smallProblem({ n: 6, seed: 5, budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0465, 0.0705, 0.0945] });
    p.tailRisk = { alpha: 0.9, scenarios: 40, correlation: 0.3, seed: 3 };
    const f = await lendingFrontier(p, { measure: 'cvar', points: 4, relGap: 0 });
    expect(f.measure).toBe('cvar');
    expectMonotone(f.points);
    for (const pt of f.points) {
      expect(pt.summary!.cvar!).toBeCloseTo(pt.risk!, 9);
      const bf = bruteForce({ ...p, limits: { cvar: pt.cap * (1 + 1e-9) + 1e-9 } });
      expect(Math.abs(pt.objective! - bf.objective)).toBeLessThanOrEqual(1e-7 * Math.max(1, bf.objective));
    }
  });

  it('stays monotone on a larger instance at the default gap, with the problem’s own limits', async () => {
    const p = smallProblem({ n: 60, seed: 11, budget: 2000, rates: [0.04, 0.0505, 0.0625, 0.0745, 0.0865, 0.0985, 0.1105, 0.1225] });
    p.limits = { sectorShare: { '*': 0.45 }, maxAveragePd: 0.03 };
    const f = await lendingFrontier(p, { points: 8 });
    expectMonotone(f.points);
    for (const pt of f.points) {
      expect(['optimal', 'feasible']).toContain(pt.status);
      expect(pt.violations).toEqual([]);
      expect(pt.summary!.averagePd ?? 0).toBeLessThanOrEqual(0.03 + 1e-9);
    }
  });

  it('explicit caps, and an infeasible problem gives one infeasible point', async () => {
    const p = smallProblem({ budget: 600 });
    const f = await lendingFrontier(p, { caps: [2, 0.5, 1, 1] });
    expect(f.points.map((q) => q.cap)).toEqual([0.5, 1, 2]);
    expectMonotone(f.points);
    p.bank.minTotal = 500;
    p.limits = { maxLoans: 2 };
    const g = await lendingFrontier(p);
    expect(g.points).toHaveLength(1);
    expect(g.points[0].status).toBe('infeasible');
    expect(g.points[0].strategy).toBeNull();
  });
});
