import { describe, expect, it } from 'vitest';
import { evaluateLendingStrategy } from '../../src/lending/evaluate.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { validateProblem } from '../../src/lending/problem.js';
import { checkTailRisk, freshSeed } from '../../src/lending/tailRiskCheck.js';
import { smallProblem } from './instances.js';

describe('CVaR cap checked on fresh scenarios', () => {
  it('flags a constructed breach: a strategy whose true CVaR is far above the cap', () => {
    const p = smallProblem({ n: 12, seed: 3, budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0465, 0.0705, 0.0945] });
    p.tailRisk = { alpha: 0.95, scenarios: 200, correlation: 0.3, seed: 4 };
    const loans = p.applicants.map((a) => ({ id: a.id, amount: 50, rate: 0.0705 }));
    const ev = evaluateLendingStrategy(p, loans);
    const inSample = ev.summary.cvar!;
    expect(inSample).toBeGreaterThan(0);
    // A cap at half the in-sample CVaR: the strategy breaks it in and out of sample, beyond sampling noise.
    const np = validateProblem({ ...p, limits: { cvar: inSample / 2 } });
    const c = checkTailRisk(np, ev.decisions, inSample, { scenarios: 20_000 });
    expect(c.cap).toBe(inSample / 2);
    expect(c.breached).toBe(true);
    expect(c.breachCertain).toBe(true);
    expect(c.outOfSample.cvarInterval[0]).toBeGreaterThan(c.cap!);
    // A cap far above: held.
    const loose = checkTailRisk(validateProblem({ ...p, limits: { cvar: 10 * inSample } }), ev.decisions, inSample, { scenarios: 20_000 });
    expect(loose.breached).toBe(false);
    expect(loose.breachCertain).toBe(false);
    expect(loose.levels.map((l) => l.alpha)).toEqual([0.99, 0.999]);
    expect(loose.levels[1].cvar).toBeGreaterThanOrEqual(loose.levels[0].cvar);
  });

  it('after optimize with a CVaR cap: in-sample CVaR within the cap, fresh-scenario CVaR with its interval beside it', async () => {
    const p = smallProblem({ n: 10, seed: 5, budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0465, 0.0705, 0.0945] });
    p.tailRisk = { alpha: 0.9, scenarios: 40, correlation: 0.3, seed: 7 };
    const free = await optimizeLending(p, { relGap: 0, outOfSample: false });
    expect(free.tailRiskCheck).toBeUndefined();
    p.limits = { cvar: free.summary!.cvar! * 0.6 };
    const r = await optimizeLending(p, { relGap: 0, outOfSample: { scenarios: 100_000 } });
    const c = r.tailRiskCheck!;
    expect(c.cap).toBe(p.limits.cvar);
    expect(c.inSample).toEqual({ scenarios: 40, seed: 7, cvar: r.summary!.cvar });
    expect(c.inSample.cvar).toBeLessThanOrEqual(c.cap! * (1 + 1e-9));
    expect(c.outOfSample.scenarios).toBe(100_000);
    expect(c.outOfSample.seed).toBe(freshSeed(7));
    expect(c.outOfSample.seed).not.toBe(7);
    expect(c.outOfSample.cvarInterval[0]).toBeLessThanOrEqual(c.outOfSample.cvar);
    expect(c.outOfSample.cvarInterval[1]).toBeGreaterThanOrEqual(c.outOfSample.cvar);
    // 40 in-sample scenarios let the optimizer fit the cap; the fresh draw shows the strategy's true CVaR is above it.
    expect(c.breached).toBe(c.outOfSample.cvar > c.cap! * (1 + 1e-6));
    expect(c.outOfSample.cvar).toBeGreaterThan(c.inSample.cvar);
    // Deterministic: the same problem gives the same check.
    const again = await optimizeLending(p, { relGap: 0, outOfSample: { scenarios: 100_000 } });
    expect(again.tailRiskCheck).toEqual(c);
  });

  it('runs by default with a cap (100,000 fresh scenarios) and not without one', async () => {
    const p = smallProblem({ n: 6, seed: 2, budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0465, 0.0945] });
    p.tailRisk = { alpha: 0.95, scenarios: 100, correlation: 0.2, seed: 1 };
    const none = await optimizeLending(p);
    expect(none.tailRiskCheck).toBeUndefined();
    p.limits = { cvarShare: 0.5 };
    const r = await optimizeLending(p);
    expect(r.tailRiskCheck!.outOfSample.scenarios).toBe(100_000);
    expect(r.tailRiskCheck!.cap).toBe(5_000);
    expect(r.tailRiskCheck!.breached).toBe(false);
  });

  it('with sector factors, the in-sample and the fresh draw are one model: a fixed strategy\'s CVaR on 20,000 in-sample scenarios agrees with the fresh one within their intervals', () => {
    const p = smallProblem({ n: 24, seed: 8, budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0705] });
    const loans = p.applicants.map((a) => ({ id: a.id, amount: 50, rate: 0.0705 }));
    const cvarOf = (sectorCorrelation: number) => {
      const q = { ...p, tailRisk: { alpha: 0.95, scenarios: 20_000, correlation: 0.1, sectorCorrelation, seed: 2 } };
      const ev = evaluateLendingStrategy(q, loans);
      return { ev, check: checkTailRisk(validateProblem(q), ev.decisions, ev.summary.cvar!, { scenarios: 50_000, confidence: 0.99 }) };
    };
    const one = cvarOf(0);
    const sector = cvarOf(0.3);
    for (const { check } of [one, sector]) {
      // Both are estimates: the half-width of their difference is the fresh one's × √(1 + 50,000 / 20,000).
      const half = (check.outOfSample.cvarInterval[1] - check.outOfSample.cvar) * Math.sqrt(1 + 50_000 / 20_000);
      expect(Math.abs(check.inSample.cvar - check.outOfSample.cvar)).toBeLessThanOrEqual(half);
    }
    // The sector factor concentrates defaults: a fatter tail, same expected loss.
    expect(sector.check.outOfSample.cvarInterval[0]).toBeGreaterThan(one.check.outOfSample.cvarInterval[1]);
    expect(sector.ev.summary.expectedLoss).toBeCloseTo(one.ev.summary.expectedLoss, 9);
    expect(() => validateProblem({ ...p, tailRisk: { correlation: 0.6, sectorCorrelation: 0.4 } })).toThrow(/tailRisk\.sectorCorrelation.*must be below 1 − tailRisk\.correlation/);
  });

  it('freshSeed never returns the in-sample seed', () => {
    for (const s of [0, 1, 7, 42, 2 ** 31, 4294967295]) expect(freshSeed(s)).not.toBe(s);
  });
});
