import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { validateProblem, type LendingProblem } from '../../src/lending/problem.js';
import { cli, tempDir } from '../cli/helpers.js';
import { bruteForce } from './bruteForce.js';
import { CHURN_CSV, smallProblem } from './instances.js';

/** LGD and EAD factor per applicant: every third applicant secured (LGD 0.25), every second with a credit line drawn 1.3× at default. */
function withOwnLgdEad(p: LendingProblem): LendingProblem {
  return {
    ...p,
    applicants: p.applicants.map((a, i) => ({ ...a, ...(i % 3 === 0 ? { lgd: 0.25 } : {}), ...(i % 2 === 1 ? { eadFactor: 1.3 } : {}) })),
  };
}

describe('LGD and EAD per applicant', () => {
  it('without them the problem is the one with bank.lgd and EAD factor 1, bit for bit', async () => {
    const p = smallProblem({ n: 8, seed: 3, limits: { expectedLoss: 0.9 } });
    const explicit: LendingProblem = { ...p, applicants: p.applicants.map((a) => ({ ...a, lgd: p.bank.lgd, eadFactor: 1 })) };
    const a = await optimizeLending(p, { relGap: 0 });
    const b = await optimizeLending(explicit, { relGap: 0 });
    expect(a.objective).toBe(b.objective);
    expect(a.summary).toEqual(b.summary);
  });

  it('expected loss is PD × LGD × EAD in every decision and in the totals', async () => {
    const p = withOwnLgdEad(smallProblem({ n: 8, seed: 3, budget: 400 }));
    const r = await optimizeLending(p, { relGap: 0 });
    const np = validateProblem(p);
    let total = 0;
    r.strategy!.forEach((d, i) => {
      const a = np.applicants[i];
      expect(d.lgd).toBe(a.lgd);
      if (d.decision !== 'lend') return expect(d.ead).toBe(0);
      expect(d.ead).toBeCloseTo(a.eadFactor * d.amount * (1 - d.churn!), 12);
      expect(d.expectedLoss).toBeCloseTo(d.pd * d.lgd * d.ead, 12);
      total += d.expectedLoss;
    });
    expect(r.summary!.expectedLoss).toBeCloseTo(total, 12);
    expect(r.strategy!.some((d) => d.decision === 'lend' && d.lgd === 0.25)).toBe(true);
  });

  it('the expected-loss cap uses them: the optimum equals brute force', async () => {
    const free = withOwnLgdEad(smallProblem({ n: 6, seed: 4, budget: 250 }));
    const unconstrained = await optimizeLending(free, { relGap: 0 });
    const cap = unconstrained.summary!.expectedLoss * 0.6;
    const p = { ...free, limits: { expectedLoss: cap } };
    const bf = bruteForce(p);
    expect(bf.feasible).toBe(true);
    expect(bf.objective).toBeLessThan(unconstrained.objective! - 1e-4);
    for (const solver of ['highs', 'jslp'] as const) {
      const r = await optimizeLending(p, { solver, relGap: 0, timeLimit: 20 });
      expect(r.status).toBe('optimal');
      expect(Math.abs(r.objective! - bf.objective)).toBeLessThanOrEqual(1e-7 * Math.max(1, bf.objective));
      expect(r.summary!.expectedLoss).toBeLessThanOrEqual(cap * (1 + 1e-9));
    }
  });

  it('the CVaR cap uses them: the optimum equals brute force (fixed amounts)', async () => {
    const p = withOwnLgdEad(smallProblem({ n: 7, seed: 5, budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0465, 0.0705, 0.0945] }));
    p.tailRisk = { alpha: 0.9, scenarios: 50, correlation: 0.3, seed: 7 };
    const free = await optimizeLending(p, { relGap: 0 });
    p.limits = { cvar: free.summary!.cvar! * 0.6 };
    const bf = bruteForce(p);
    const r = await optimizeLending(p, { relGap: 0 });
    expect(r.status).toBe('optimal');
    expect(Math.abs(r.objective! - bf.objective)).toBeLessThanOrEqual(1e-7 * Math.max(1, bf.objective));
    expect(r.summary!.cvar!).toBeLessThanOrEqual(p.limits.cvar! * (1 + 1e-9));
  });

  it.each([
    ['LGD above 1', { lgd: 1.5 }, 'applicants[2].lgd', /at most 1/],
    ['negative LGD', { lgd: -0.1 }, 'applicants[2].lgd', /at least 0/],
    ['negative EAD factor', { eadFactor: -2 }, 'applicants[2].eadFactor', /at least 0/],
    ['EAD factor not a number', { eadFactor: 'all' }, 'applicants[2].eadFactor', /finite number/],
  ])('%s is E_PROBLEM naming the field', (_name, fields, path, message) => {
    const p = smallProblem();
    Object.assign(p.applicants[2], fields);
    let error: unknown;
    try {
      validateProblem(p);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CreditkitError);
    expect((error as CreditkitError).code).toBe('E_PROBLEM');
    expect((error as CreditkitError).where.path).toBe(path);
    expect((error as CreditkitError).message).toMatch(message);
  });
});

describe('creditkit optimize with lgd and ead_factor columns', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    tmp.file('churn.csv', readFileSync(CHURN_CSV, 'utf8'));
  });
  afterEach(() => tmp.cleanup());
  const config = JSON.stringify({
    bank: { budget: 200, minAmount: 10, maxAmount: 100, rates: [0.04, 0.0625, 0.0865], lgd: 0.6 },
    churn: 'churn.csv',
  });
  const run = async (rows: string[]) => {
    const out = tmp.file('strategy.csv');
    const r = await cli('optimize', '--applicants', tmp.file('pd.csv', rows.join('\n') + '\n'), '--config', tmp.file('bank.json', config), '--out', out);
    return { ...r, out: r.out, file: out };
  };

  it('reads them (an empty cell takes the default) and writes lgd and ead per loan', async () => {
    const r = await run(['id,pd,rating,lgd,ead_factor', 'a,0.01,A,0.2,', 'b,0.02,A,,1.5', 'c,0.015,B,0.45,0.8']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = readFileSync(r.file, 'utf8').trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => lines[0].indexOf(name);
    expect(lines.slice(1).map((c) => c[col('lgd')])).toEqual(['0.2', '0.6', '0.45']);
    for (const c of lines.slice(1).filter((c) => c[col('decision')] === 'lend')) {
      const pd = Number(c[col('pd')]);
      expect(Number(c[col('expected_loss')])).toBeCloseTo(pd * Number(c[col('lgd')]) * Number(c[col('ead')]), 9);
    }
  });

  it.each([
    ['an LGD above 1', ['id,pd,rating,lgd', 'a,0.01,A,0.3', 'b,0.02,A,1.2'], 3, 'lgd', /at most 1/],
    ['a negative EAD factor', ['id,pd,rating,ead_factor', 'a,0.01,A,1', 'b,0.02,A,1', 'c,0.02,B,-0.5'], 4, 'ead_factor', /at least 0/],
  ])('%s is E_PROBLEM with the file, line and column, exit 2', async (_name, rows, line, column, message) => {
    const r = await run(rows);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[E_PROBLEM]');
    expect(r.err).toContain(`line ${line}, column "${column}"`);
    expect(r.err).toMatch(message);
  });
});
