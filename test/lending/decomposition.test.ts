import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { evaluateLendingStrategy } from '../../src/lending/evaluate.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { pricedChoices, priceChoices } from '../../src/lending/pricedChoices.js';
import { validateProblem } from '../../src/lending/problem.js';
import { limitedPool, RATES4, smallProblem, withLimits } from './instances.js';

const lent = (r: Awaited<ReturnType<typeof optimizeLending>>) =>
  r.strategy!.filter((d) => d.decision === 'lend').map((d) => ({ id: d.id, amount: d.amount, rate: d.rate! }));

describe('the Lagrangian decomposition', () => {
  it('reaches the plain MILP optimum (to 1e-6) on 2,000 applicants with budget, expected-loss and sector limits binding', async () => {
    const p = limitedPool(2000, 1, RATES4);
    const dec = await optimizeLending(p, { method: 'decomposition', relGap: 1e-6, timeLimit: 120 });
    const milp = await optimizeLending(p, { method: 'milp', relGap: 1e-6, timeLimit: 120 });
    expect(dec.method).toBe('decomposition');
    expect(milp.method).toBe('milp');
    expect(dec.status).toBe('optimal');
    expect(milp.status).toBe('optimal');
    expect(dec.gap!).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(dec.objective! - milp.objective!) / milp.objective!).toBeLessThanOrEqual(1e-6);
    // Each proven bound holds for the other's strategy.
    expect(dec.bound!).toBeGreaterThanOrEqual(milp.objective! * (1 - 1e-12));
    expect(milp.bound!).toBeGreaterThanOrEqual(dec.objective! * (1 - 1e-12));
    // The limits bind, and the strategy meets them (re-evaluated from the decisions alone).
    expect(dec.violations).toEqual([]);
    expect(evaluateLendingStrategy(p, lent(dec)).violations).toEqual([]);
    expect(dec.summary!.totalAmount).toBeGreaterThan(p.bank.budget * 0.999);
    expect(dec.summary!.expectedLoss).toBeGreaterThan(p.limits!.expectedLoss! * 0.999);
    // The last restricted MILP is a fraction of the full one.
    expect(dec.model.binaries).toBeLessThan(milp.model.binaries / 2);
  }, 300_000);

  it('prices every kind of coupling row exactly: a minimum total, average PD, a rating amount, the loan count and capital', async () => {
    const base = limitedPool(400, 4, RATES4);
    const p = withLimits({ ...base, bank: { ...base.bank, minTotal: base.bank.budget * 0.5 } }, {
      maxAveragePd: 0.02, ratingAmount: { C: base.bank.budget * 0.05 }, maxLoans: 120, capital: base.bank.budget * 0.05,
    });
    const dec = await optimizeLending(p, { method: 'decomposition', relGap: 1e-6, timeLimit: 120 });
    const milp = await optimizeLending(p, { method: 'milp', relGap: 1e-6, timeLimit: 120 });
    expect(dec.status).toBe('optimal');
    expect(milp.status).toBe('optimal');
    expect(Math.abs(dec.objective! - milp.objective!) / milp.objective!).toBeLessThanOrEqual(1e-6);
    expect(dec.violations).toEqual([]);
    expect(dec.summary!.loans).toBe(120);
  }, 300_000);

  it('a tight time limit still returns a feasible strategy with its proven gap, near the limit', async () => {
    const p = limitedPool(3000, 2);
    const t0 = performance.now();
    const r = await optimizeLending(p, { timeLimit: 5, relGap: 0 });
    const elapsed = (performance.now() - t0) / 1000;
    expect(r.method).toBe('decomposition');
    // The limit plus HiGHS's grace, with slack for a loaded machine.
    expect(elapsed).toBeLessThan(5 + 5);
    expect(['time_limit', 'optimal']).toContain(r.status);
    expect(r.strategy).not.toBeNull();
    expect(r.violations).toEqual([]);
    expect(evaluateLendingStrategy(p, lent(r)).violations).toEqual([]);
    expect(r.summary!.loans).toBeGreaterThan(0);
    expect(r.bound!).toBeGreaterThanOrEqual(r.objective!);
    expect(r.gap!).toBeGreaterThanOrEqual(0);
    // The greedy plan over the near-best choices at the dual prices is close to the bound at once.
    expect(r.gap!).toBeLessThan(0.05);
  }, 120_000);

  it('every priced bound is above the optimum, whatever the prices', async () => {
    const p = limitedPool(400, 3, RATES4);
    const best = await optimizeLending(p, { method: 'milp', relGap: 0, timeLimit: 120 });
    expect(best.status).toBe('optimal');
    const pc = pricedChoices(validateProblem(p), true);
    for (const scale of [0, 0.3, 1, 3]) {
      const pi = Float64Array.from({ length: pc.m }, (_, r) => scale * (r === 0 ? 0.05 : 0.5 / (r + 1)));
      expect(priceChoices(pc, pi).value).toBeGreaterThanOrEqual(best.objective! * (1 - 1e-12));
    }
  }, 120_000);

  it('auto uses it from 1,000 eligible applicants; below, with a CVaR cap or with jslp, one MILP', async () => {
    const small = await optimizeLending(smallProblem({ n: 30 }), {});
    expect(small.method).toBe('milp');
    await expect(optimizeLending(smallProblem({ n: 30, limits: { cvar: 100 } }), { method: 'decomposition' })).rejects.toMatchObject({ code: 'E_OPTION' });
    await expect(optimizeLending(smallProblem({ n: 30 }), { method: 'decomposition', solver: 'jslp' })).rejects.toBeInstanceOf(CreditkitError);
    await expect(optimizeLending(smallProblem({ n: 30 }), { method: 'lagrange' as never })).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});
