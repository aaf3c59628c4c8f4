import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { churnTableFromCsv, interpolateChurn } from '../../src/lending/churn.js';
import { evaluateLendingStrategy } from '../../src/lending/evaluate.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { rateGrid, validateProblem, type LendingProblem } from '../../src/lending/problem.js';
import { A3, CHURN_CSV, smallProblem } from './instances.js';

function problemError(p: unknown): CreditkitError {
  try {
    validateProblem(p as LendingProblem);
  } catch (e) {
    if (e instanceof CreditkitError) return e;
    throw e;
  }
  throw new Error('expected a CreditkitError');
}

/** A deep copy to mutate. */
const fresh = (): LendingProblem => JSON.parse(JSON.stringify(smallProblem({ limits: { expectedLoss: 0.9, sectorShare: { '*': 0.6 } } })));

describe('problem model', () => {
  it('round-trips through JSON: same problem, same normalized form, same optimum', async () => {
    const p = smallProblem({ limits: { expectedLoss: 0.9, sectorShare: { '*': 0.6 }, ratingAmount: { A: 150 } } });
    p.exclude = { ratings: ['D'], maxPd: 0.5 };
    p.tailRisk = { alpha: 0.95, scenarios: 100, correlation: 0.2, seed: 1 };
    p.bank.rates = { min: 0.04, max: 0.15, count: 12 };
    p.format = 'creditkit-lending';
    p.version = 1;
    const text = JSON.stringify(p);
    const q = JSON.parse(text) as LendingProblem;
    expect(q).toEqual(p);
    expect(validateProblem(q)).toEqual(validateProblem(p));
    const [a, b] = [await optimizeLending(p, { relGap: 0 }), await optimizeLending(q, { relGap: 0 })];
    expect(b.strategy).toEqual(a.strategy);
    expect(b.objective).toBe(a.objective);
  });

  it('rate grids: an explicit list (sorted) or min/max/count with exact end points', () => {
    expect(Array.from(rateGrid([0.1, 0.05]))).toEqual([0.05, 0.1]);
    const g = rateGrid({ min: 0.04, max: 0.15, count: 29 });
    expect(g).toHaveLength(29);
    expect(g[0]).toBe(0.04);
    expect(g[28]).toBe(0.15);
  });

  it('churn is interpolated linearly between table points and exact on them', () => {
    const rates = A3.rates;
    const b = A3.byRating.B;
    expect(interpolateChurn(rates, b, 0.0625)).toBe(b[6]);
    expect(interpolateChurn(rates, b, (0.0625 + 0.0665) / 2)).toBeCloseTo((b[6] + b[7]) / 2, 12);
    expect(interpolateChurn(rates, b, 0.04)).toBe(0);
    expect(interpolateChurn(rates, b, 0.15)).toBe(b[28]);
    const np = validateProblem({ ...smallProblem(), bank: { ...smallProblem().bank, rates: [0.064] } });
    expect(np.applicants[1].churn[0]).toBeCloseTo(b[6] + (0.064 - 0.0625) / 0.004 * (b[7] - b[6]), 12);
  });

  it('reads the bundled CUMCM churn table at full precision', () => {
    const t = churnTableFromCsv(readFileSync(CHURN_CSV, 'utf8'));
    expect(t.rates).toHaveLength(29);
    expect(Object.keys(t.byRating)).toEqual(['A', 'B', 'C']);
    expect(t.byRating.A[1]).toBe(0.0945741262057566);
  });

  it('evaluates a hand-written strategy and lists the limits it breaks', () => {
    const p = smallProblem({ budget: 150, limits: { maxLoans: 1 } });
    const ev = evaluateLendingStrategy(p, [{ id: 'F1', amount: 100, rate: 0.0625 }, { id: 'F2', amount: 80, rate: 0.04 }]);
    expect(ev.summary.loans).toBe(2);
    expect(ev.violations.join('\n')).toMatch(/budget/);
    expect(ev.violations.join('\n')).toMatch(/maxLoans/);
    expect(() => evaluateLendingStrategy(p, [{ id: 'F1', amount: 50, rate: 0.05 }])).toThrow(/not on the rate grid/);
  });
});

describe('validation errors name the field', () => {
  const cases: [string, (p: any) => void, string, RegExp][] = [
    ['budget below the smallest loan', (p) => (p.bank.budget = 5), 'bank.budget', /below the smallest loan/],
    ['empty rate grid', (p) => (p.bank.rates = []), 'bank.rates', /empty/],
    ['empty rate grid (count 0)', (p) => (p.bank.rates = { min: 0.04, max: 0.15, count: 0 }), 'bank.rates.count', /empty/],
    ['churn table not covering the rates', (p) => (p.bank.rates = [0.05, 0.16]), 'bank.rates', /outside the churn table's range/],
    ['PD above 1', (p) => (p.applicants[2].pd = 1.5), 'applicants[2].pd', /at most 1/],
    ['PD below 0', (p) => (p.applicants[0].pd = -0.1), 'applicants[0].pd', /at least 0/],
    ['PD not a number', (p) => (p.applicants[1].pd = 'high'), 'applicants[1].pd', /finite number/],
    ['duplicate ids', (p) => (p.applicants[3].id = p.applicants[0].id), 'applicants[3].id', /also the id of applicants\[0\]/],
    ['a rating without churn curve', (p) => (p.applicants[4].rating = 'E'), 'applicants[4].rating', /no churn curve for rating "E"/],
    ['applicant bounds outside the bank range', (p) => (p.applicants[0].minAmount = 200), 'applicants[0].minAmount', /does not meet/],
    ['misspelt field', (p) => (p.bank.budjet = 1), 'bank.budjet', /unknown field/],
    ['LGD above 1', (p) => (p.bank.lgd = 2), 'bank.lgd', /at most 1/],
    ['max amount below min amount', (p) => (p.bank.maxAmount = 5), 'bank.maxAmount', /at least bank.minAmount/],
    ['minimum total above the budget', (p) => (p.bank.minTotal = 1000), 'bank.minTotal', /at most 250/],
    ['churn above 1', (p) => (p.churn.byRating.A[3] = 1.2), 'churn.byRating.A[3]', /at most 1/],
    ['churn rates not increasing', (p) => (p.churn.rates[2] = 0.01), 'churn.rates[2]', /strictly increasing/],
    ['churn curve of the wrong length', (p) => p.churn.byRating.B.pop(), 'churn.byRating.B', /has 28 values/],
    ['share cap above 1', (p) => (p.limits.sectorShare = { trade: 1.5 }), 'limits.sectorShare.trade', /at most 1/],
    ['minLoans above maxLoans', (p) => (p.limits = { minLoans: 3, maxLoans: 2 }), 'limits.minLoans', /at most limits.maxLoans/],
    ['fractional maxLoans', (p) => (p.limits = { maxLoans: 2.5 }), 'limits.maxLoans', /whole number/],
    ['CVaR level 1', (p) => (p.tailRisk = { alpha: 1 }), 'tailRisk.alpha', /below 1/],
    ['no applicants', (p) => (p.applicants = []), 'applicants', /no applicants/],
    ['excluded ratings not a list', (p) => (p.exclude = { ratings: 'D' }), 'exclude.ratings', /array/],
  ];
  it.each(cases)('%s', (_name, mutate, path, message) => {
    const p = fresh();
    mutate(p);
    const e = problemError(p);
    expect(e.code).toBe('E_PROBLEM');
    expect(e.where.path).toBe(path);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(path);
  });

  it('bad options are E_OPTION', async () => {
    await expect(optimizeLending(smallProblem(), { solver: 'cplex' as never })).rejects.toMatchObject({ code: 'E_OPTION' });
    await expect(optimizeLending(smallProblem(), { timeLimit: 0 })).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});
