import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { evaluateLendingStrategy } from '../../src/lending/evaluate.js';
import { lendingFrontier } from '../../src/lending/frontier.js';
import { irbCapital } from '../../src/lending/irb.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { validateProblem, type LendingProblem } from '../../src/lending/problem.js';
import { bruteForce } from './bruteForce.js';
import { smallProblem } from './instances.js';

/** Six applicants with mixed classes: two SMEs (turnover), a mortgage, a revolving line; corporate loans of 1 to 4 years. */
function capitalProblem(limits: LendingProblem['limits'] = {}, budget = 250): LendingProblem {
  const p = smallProblem({ n: 6, seed: 11, budget, limits });
  const extra: Partial<LendingProblem['applicants'][number]>[] = [
    { turnover: 8, maturity: 1 }, { exposureClass: 'residential-mortgage', lgd: 0.2 }, { turnover: 30, maturity: 4 },
    { exposureClass: 'qualifying-revolving', lgd: 0.8 }, { maturity: 3, eadFactor: 1.2 }, {},
  ];
  return { ...p, applicants: p.applicants.map((a, i) => ({ ...a, ...extra[i] })), capital: { ratio: 0.105, pdFloor: 'basel3', maturity: 2 } };
}

async function exact(p: LendingProblem) {
  const r = await optimizeLending(p, { relGap: 0, timeLimit: 20 });
  expect(r.status).toBe('optimal');
  expect(r.violations).toEqual([]);
  return r;
}

describe('capital in the lending problem', () => {
  it('every loan carries its IRB RWA and capital; the summary its totals and RAROC = return / capital', async () => {
    const p = capitalProblem();
    const r = await exact(p);
    let rwa = 0;
    for (const d of r.strategy!) {
      if (d.decision !== 'lend') {
        expect(d.rwa).toBe(0);
        continue;
      }
      const a = p.applicants.find((x) => x.id === d.id)!;
      const irb = irbCapital({ pd: d.pd, lgd: d.lgd, ead: d.ead, exposureClass: a.exposureClass ?? 'corporate', maturity: a.maturity ?? 2, ...(a.turnover ? { turnover: a.turnover } : {}) });
      expect(d.rwa!).toBeCloseTo(irb.rwa, 9);
      expect(d.capital!).toBeCloseTo(0.105 * irb.rwa, 9);
      rwa += d.rwa!;
    }
    expect(r.summary!.rwa!).toBeCloseTo(rwa, 9);
    expect(r.summary!.capital!).toBeCloseTo(0.105 * rwa, 9);
    expect(r.summary!.raroc!).toBeCloseTo(r.summary!.expectedReturn / r.summary!.capital!, 12);
  });

  it('without a capital model nothing is reported (and the strategy is unchanged)', async () => {
    const p = capitalProblem();
    delete p.capital;
    const r = await exact(p);
    expect(r.summary!.capital).toBeNull();
    expect(r.summary!.raroc).toBeNull();
    expect(r.strategy!.every((d) => d.rwa === null && d.capital === null)).toBe(true);
  });

  it('the capital limit binds, is honoured, and the optimum equals brute force (both solvers)', async () => {
    const free = await exact(capitalProblem());
    const cap = free.summary!.capital! * 0.55;
    const p = capitalProblem({ capital: cap });
    const bf = bruteForce(p);
    expect(bf.feasible).toBe(true);
    expect(bf.objective).toBeLessThan(free.objective! - 1e-4);
    for (const solver of ['highs', 'jslp'] as const) {
      const r = await optimizeLending(p, { solver, relGap: 0, timeLimit: 20 });
      expect(r.status).toBe('optimal');
      expect(Math.abs(r.objective! - bf.objective)).toBeLessThanOrEqual(1e-7 * Math.max(1, bf.objective));
      expect(r.summary!.capital!).toBeLessThanOrEqual(cap * (1 + 1e-9));
    }
  });

  it('with other limits too (expected loss, sector share), still brute force', async () => {
    const free = await exact(capitalProblem());
    const p = capitalProblem({ capital: free.summary!.capital! * 0.7, expectedLoss: free.summary!.expectedLoss * 0.8, sectorShare: { '*': 0.6 } });
    const bf = bruteForce(p);
    const r = await exact(p);
    expect(Math.abs(r.objective! - bf.objective)).toBeLessThanOrEqual(1e-7 * Math.max(1, bf.objective));
  });

  it('limits.capital alone implies the default capital model (ratio 8%, Basel III floors, corporate, M 2.5)', () => {
    const p = smallProblem({ limits: { capital: 10 } });
    const np = validateProblem(p);
    expect(np.capital).toEqual({ ratio: 0.08, pdFloor: 'basel3', exposureClass: 'corporate', maturity: 2.5 });
    const a = np.applicants[0];
    expect(a.capitalRate).toBeCloseTo(0.08 * irbCapital({ pd: a.pd, lgd: a.lgd, exposureClass: 'corporate', maturity: 2.5 }).riskWeight, 15);
  });

  it('a capital limit with no lending required is always met, by lending less (or nothing)', async () => {
    const r = await exact(capitalProblem({ capital: 0 }));
    expect(r.summary!.loans).toBe(0);
    expect(r.summary!.raroc).toBeNull();
  });

  it('a capital limit the required lending cannot meet is E_CAPITAL_INFEASIBLE with the least capital needed', async () => {
    const p = capitalProblem({ capital: 1 });
    p.bank.minTotal = 200;
    let error: unknown;
    try {
      await optimizeLending(p, { relGap: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CreditkitError);
    const e = error as CreditkitError;
    expect(e.code).toBe('E_CAPITAL_INFEASIBLE');
    expect(e.where.path).toBe('limits.capital');
    const least = Number(/needs at least ([\d.e+-]+)/.exec(e.message)![1]);
    expect(least).toBeGreaterThan(1);
    // The figure is the real minimum: a capital limit at it is feasible, and the strategy uses all of it.
    p.limits = { capital: least * (1 + 1e-7) };
    const r = await exact(p);
    expect(r.summary!.capital!).toBeCloseTo(least, 4);
    // Infeasible for another reason (minLoans above the applicants): plain infeasibility, no capital error.
    const q = capitalProblem({ capital: 1, minLoans: 7 });
    expect((await optimizeLending(q, { relGap: 0 })).status).toBe('infeasible');
  });

  it('the RAROC-versus-capital frontier: capital within each cap, return never decreasing', async () => {
    const p = capitalProblem();
    const f = await lendingFrontier(p, { measure: 'capital', points: 5, relGap: 0 });
    expect(f.points).toHaveLength(5);
    expect(f.minRisk).toBe(0);
    for (let j = 0; j < f.points.length; j++) {
      const pt = f.points[j];
      expect(pt.summary!.capital!).toBeLessThanOrEqual(pt.cap * (1 + 1e-9) + 1e-9);
      expect(pt.risk).toBe(pt.summary!.capital);
      if (pt.summary!.capital! > 0) expect(pt.summary!.raroc).toBeCloseTo(pt.summary!.expectedReturn / pt.summary!.capital!, 12);
      if (j > 0) expect(pt.summary!.expectedReturn).toBeGreaterThanOrEqual(f.points[j - 1].summary!.expectedReturn - 1e-9);
    }
    // A problem without a capital model gets the defaults for the frontier.
    const plain = smallProblem({ n: 5, seed: 2 });
    const g = await lendingFrontier(plain, { measure: 'capital', points: 3, relGap: 0 });
    expect(g.points.at(-1)!.summary!.capital).toBeGreaterThan(0);
  });

  it('evaluateLendingStrategy reports capital and flags a broken capital limit', () => {
    const p = capitalProblem({ capital: 0.5 });
    const ev = evaluateLendingStrategy(p, [{ id: 'F1', amount: 100, rate: 0.0625 }]);
    expect(ev.summary.capital).toBeGreaterThan(0.5);
    expect(ev.violations.join('\n')).toMatch(/capital/);
  });

  it.each([
    ['a capital ratio of 0', (p: any) => (p.capital = { ratio: 0 }), 'capital.ratio'],
    ['an unknown PD floor rule', (p: any) => (p.capital = { pdFloor: 'basel4' }), 'capital.pdFloor'],
    ['an unknown exposure class', (p: any) => (p.applicants[1].exposureClass = 'sovereign'), 'applicants[1].exposureClass'],
    ['a negative maturity', (p: any) => (p.applicants[2].maturity = -1), 'applicants[2].maturity'],
    ['a negative turnover', (p: any) => (p.applicants[0].turnover = -3), 'applicants[0].turnover'],
    ['a negative capital limit', (p: any) => (p.limits = { capital: -1 }), 'limits.capital'],
    ['a misspelt capital field', (p: any) => (p.capital = { ratoi: 0.1 }), 'capital.ratoi'],
  ])('%s is E_PROBLEM naming the field', (_name, mutate, path) => {
    const p = capitalProblem();
    mutate(p);
    expect(() => validateProblem(p)).toThrow(expect.objectContaining({ code: 'E_PROBLEM', where: expect.objectContaining({ path }) }));
  });
});
