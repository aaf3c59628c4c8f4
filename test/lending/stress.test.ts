import { describe, expect, it } from 'vitest';
import { CUMCM_EPIDEMIC_STRESS } from '../../src/lending/cumcm.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { validateProblem, type LendingProblem } from '../../src/lending/problem.js';
import { stressedPd } from '../../src/lending/stress.js';
import { errorOf } from '../errorOf.js';
import { smallProblem } from './instances.js';

describe('PD stress by sector', () => {
  it('multiplies PDs (capped at 1), then shifts log-odds; "*" covers other sectors and none', () => {
    const s = { sectorPdMultiplier: { trade: 2, '*': 1.5 }, sectorLogOddsShift: { tech: Math.log(3) } };
    expect(stressedPd(0.1, 'trade', s)).toBeCloseTo(0.2, 15);
    expect(stressedPd(0.6, 'trade', s)).toBe(1);
    expect(stressedPd(0.1, 'build', s)).toBeCloseTo(0.15, 15);
    expect(stressedPd(0.1, undefined, s)).toBeCloseTo(0.15, 15);
    // tech: multiplier '*' 1.5 → 0.15, then odds × 3: 0.15/0.85·3 = 0.529… → 0.3461…
    const odds = (0.15 / 0.85) * 3;
    expect(stressedPd(0.1, 'tech', s)).toBeCloseTo(odds / (1 + odds), 12);
    expect(stressedPd(0, 'tech', s)).toBe(0);
    expect(stressedPd(0.1, 'trade', {})).toBe(0.1);
  });

  it('is part of the problem: validated with the field path, kept through JSON, applied to every PD', () => {
    const p = smallProblem({ n: 9 });
    const stress = { sectorPdMultiplier: { trade: 2, '*': 1.2 }, sectorLogOddsShift: { build: 0.5 } };
    const q: LendingProblem = JSON.parse(JSON.stringify({ ...p, stress }));
    expect(q.stress).toEqual(stress);
    const np = validateProblem(q);
    np.applicants.forEach((a, i) => {
      expect(a.basePd).toBe(p.applicants[i].pd);
      expect(a.pd).toBe(stressedPd(p.applicants[i].pd, p.applicants[i].sector, stress));
    });
    expect(errorOf(() => validateProblem({ ...p, stress: { sectorPdMultiplier: { trade: -1 } } })).where.path).toBe('stress.sectorPdMultiplier.trade');
    expect(errorOf(() => validateProblem({ ...p, stress: { sectorLogOddsShift: { trade: Infinity } } })).where.path).toBe('stress.sectorLogOddsShift.trade');
    expect(errorOf(() => validateProblem({ ...p, stress: { byRating: {} } } as unknown as LendingProblem)).where.path).toBe('stress.byRating');
    expect(errorOf(() => validateProblem({ ...p, stress: [] } as unknown as LendingProblem)).where.path).toBe('stress');
  });

  it('solves the same as the problem with the stressed PDs written in, and never raises the optimum', async () => {
    const p = smallProblem({ n: 8, budget: 300, seed: 5, limits: { expectedLoss: 3 } });
    const stress = { sectorPdMultiplier: { trade: 3, build: 1.5 } };
    const stressed = await optimizeLending({ ...p, stress }, { relGap: 0 });
    const written = await optimizeLending({
      ...p, applicants: p.applicants.map((a) => ({ ...a, pd: stressedPd(a.pd, a.sector, stress) })),
    }, { relGap: 0 });
    const base = await optimizeLending(p, { relGap: 0 });
    expect(stressed.status).toBe('optimal');
    expect(stressed.objective).toBe(written.objective);
    expect(stressed.strategy!.map((d) => [d.decision, d.amount, d.rate, d.pd])).toEqual(written.strategy!.map((d) => [d.decision, d.amount, d.rate, d.pd]));
    expect(stressed.objective!).toBeLessThan(base.objective!);
  });

  it('the CUMCM epidemic stress raises every PD and has a factor for any sector', () => {
    for (const [s, m] of Object.entries(CUMCM_EPIDEMIC_STRESS.sectorPdMultiplier!)) {
      expect(m, s).toBeGreaterThan(1);
    }
    expect(CUMCM_EPIDEMIC_STRESS.sectorPdMultiplier!['*']).toBeDefined();
  });
});
