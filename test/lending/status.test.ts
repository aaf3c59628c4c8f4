import { describe, expect, it } from 'vitest';
import { highsSolver } from '../../src/lending/highs.js';
import { jslpSolver } from '../../src/lending/jslp.js';
import type { Milp } from '../../src/lending/model.js';
import { budgetRelaxationBound, optimizeLending } from '../../src/lending/optimize.js';
import { validateProblem } from '../../src/lending/problem.js';
import { hardProblem, smallProblem } from './instances.js';


describe('solver status is reported honestly', () => {
  it('an infeasible problem is reported infeasible by both solvers', async () => {
    const p = smallProblem({ budget: 600, limits: { maxLoans: 2 } });
    p.bank.minTotal = 500; // two loans of at most 100 cannot reach 500
    for (const solver of ['highs', 'jslp'] as const) {
      const r = await optimizeLending(p, { solver });
      expect(r.status).toBe('infeasible');
      expect(r.strategy).toBeNull();
      expect(r.objective).toBeNull();
      expect(r.gap).toBeNull();
    }
  });

  it('HiGHS stopped by a tiny time limit on a hard instance does not say optimal', async () => {
    const p = hardProblem(300, 11);
    const r = await optimizeLending(p, { relGap: 0, timeLimit: 0.05 });
    expect(r.status).toBe('time_limit');
    expect(r.bound).not.toBeNull();
    if (r.objective !== null) {
      expect(r.bound!).toBeGreaterThanOrEqual(r.objective);
      expect(r.gap!).toBeGreaterThan(0);
      expect(r.violations).toEqual([]);
    } else {
      expect(r.gap).toBeNull();
    }
  });

  it('javascript-lp-solver at its time limit does not say optimal, and is stopped near the limit', async () => {
    const p = hardProblem(40, 3);
    const t0 = performance.now();
    const r = await optimizeLending(p, { solver: 'jslp', relGap: 0, timeLimit: 0.3 });
    const elapsed = (performance.now() - t0) / 1000;
    expect(r.status).toBe('time_limit');
    expect(elapsed).toBeLessThan(0.3 + 3);
    // jslp proves no bound; the budget relaxation supplies one.
    expect(r.bound).toBeCloseTo(Math.max(budgetRelaxationBound(validateProblem(p)), r.objective ?? -Infinity), 9);
    if (r.objective !== null) expect(r.bound!).toBeGreaterThanOrEqual(r.objective);
  });

  it('a solve that ends within the limit is optimal with gap 0 at relGap 0', async () => {
    const r = await optimizeLending(hardProblem(30, 4), { relGap: 0, timeLimit: 30 });
    expect(r.status).toBe('optimal');
    expect(r.gap).toBe(0);
  });

  it('an empty model (nothing worth lending) is solved without a solver', async () => {
    const p = smallProblem();
    p.exclude = { ratings: ['A', 'B', 'C'] };
    for (const solver of ['highs', 'jslp'] as const) {
      const r = await optimizeLending(p, { solver });
      expect(r.status).toBe('optimal');
      expect(r.objective).toBe(0);
      expect(r.strategy!.every((d) => d.decision === 'excluded')).toBe(true);
    }
  });

  it('the adapters agree on a raw MILP and report bounds', async () => {
    // max 3a + 2b + 4c  s.t.  a + b + c ≤ 2,  a + c ≤ 1.5 (binary a, c; 0 ≤ b ≤ 1)
    const milp: Milp = {
      nCols: 3, nRows: 2,
      colCost: Float64Array.from([3, 2, 4]), colLower: new Float64Array(3), colUpper: Float64Array.from([1, 1, 1]),
      integer: Uint8Array.from([1, 0, 1]), colNames: ['a', 'b', 'c'],
      rowLower: Float64Array.from([-Infinity, -Infinity]), rowUpper: Float64Array.from([2, 1.5]), rowNames: ['r0', 'r1'],
      rowStarts: Int32Array.from([0, 3, 5]), rowIndex: Int32Array.from([0, 1, 2, 0, 2]), rowValue: Float64Array.from([1, 1, 1, 1, 1]),
    };
    for (const s of [highsSolver, jslpSolver]) {
      const r = await s.solve(milp, { timeLimit: 10, relGap: 0 });
      expect(r.status).toBe('optimal');
      expect(r.objective).toBeCloseTo(6, 9);
      expect(Array.from(r.x!)).toEqual([0, 1, 1].map((v) => expect.closeTo(v, 9)));
      expect(r.bound).toBeCloseTo(6, 6);
    }
  });
});
