import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { churnAt } from '../../src/lending/churnFit.js';
import { fitOffers, parseOffersCsv } from '../../src/lending/offers.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import type { LendingProblem } from '../../src/lending/problem.js';
import { cli, tempDir } from '../cli/helpers.js';
import { A3, CHURN_CSV, smallProblem } from './instances.js';

const PROBLEM = smallProblem({ n: 8, seed: 2 });
const APPLICANTS = ['id,pd,rating,sector', ...PROBLEM.applicants.map((a) => `${a.id},${a.pd},${a.rating},${a.sector}`)].join('\n') + '\n';
const RATES = [0.04, 0.0545, 0.0625, 0.0745, 0.0865, 0.1105];
const CONFIG = {
  bank: { budget: 300, minAmount: 10, maxAmount: 100, rates: RATES, lgd: 0.6, fundingCost: 0.01 },
  churn: 'churn.csv',
  exclude: { ratings: ['D'] },
};
const problem = (over: Partial<LendingProblem> = {}, bank: Partial<LendingProblem['bank']> = {}): LendingProblem =>
  ({ ...PROBLEM, bank: { ...CONFIG.bank, ...bank }, churn: A3, exclude: CONFIG.exclude, limits: {}, ...over });

const OFFERS = ['rating,rate,accepted',
  ...['A', 'B', 'C'].flatMap((g, gi) => RATES.flatMap((r, j) => [0, 1, 2, 3].map((m) => `${g},${r},${(j + m + gi) % 5 < 3 - (j > 3 ? 1 : 0) ? 1 : 0}`)))].join('\n') + '\n';

describe('creditkit optimize: churn model, offers, least take-up, both budget readings', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    tmp.file('churn.csv', readFileSync(CHURN_CSV, 'utf8'));
  });
  afterEach(() => tmp.cleanup());
  const files = () => ({ applicants: tmp.file('pd.csv', APPLICANTS), config: tmp.file('bank.json', JSON.stringify(CONFIG)), out: tmp.file('strategy.csv') });

  it('--churn-model smooth --min-take-up 0.4 --both-readings: the library\'s optima for both readings, the curves\' R²', async () => {
    const f = files();
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out,
      '--churn-model', 'smooth', '--min-take-up', '0.4', '--both-readings', '--gap', '0', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.churn.model).toBe('smooth');
    expect(j.churn.curves.A.r2).toBeGreaterThan(0.997);
    const offered = await optimizeLending(problem({ churnModel: 'smooth' }, { minTakeUp: 0.4 }), { relGap: 0 });
    const expected = await optimizeLending(problem({ churnModel: 'smooth' }, { minTakeUp: 0.4, exposure: 'expected' }), { relGap: 0 });
    expect(j.summary.expectedReturn).toBeCloseTo(offered.summary!.expectedReturn, 6);
    expect(j.budgetReadings.offered.summary.expectedReturn).toBeCloseTo(offered.summary!.expectedReturn, 6);
    expect(j.budgetReadings.expected.summary.expectedReturn).toBeCloseTo(expected.summary!.expectedReturn, 6);
    expect(j.budgetReadings.expected.summary.expectedReturn).toBeGreaterThan(j.budgetReadings.offered.summary.expectedReturn);
    const lent = readFileSync(f.out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).filter((c) => c[4] === 'lend');
    for (const c of lent) expect(1 - Number(c[7])).toBeGreaterThanOrEqual(0.4);

    const text = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--churn-model', 'smooth', '--both-readings');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/churn: smooth curve per rating fitted to the config's table/);
    expect(text.out).toMatch(/A: churn\(r\) = 1 − exp\(−exp\(2\.9305 \+ 0\.9437·ln\(r − 0\.04\)\)\); R² 0\.9977 on 29 rates/);
    expect(text.out).toMatch(/budget reading\s+offered amounts\s+expected take-ups/);
  });

  it('--offers: the logistic take-up fitted to the offers, read at the grid rates', async () => {
    const f = files();
    const offers = tmp.file('offers.csv', OFFERS);
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--offers', offers, '--gap', '0', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const curves = fitOffers(parseOffersCsv(OFFERS));
    expect(j.churn.model).toBe('logistic');
    expect(j.churn.curves.B.b).toBeCloseTo(curves.B.b, 9);
    const churn = { rates: RATES, byRating: Object.fromEntries(Object.entries(curves).map(([g, c]) => [g, RATES.map((x) => churnAt(c, x))])) };
    const lib = await optimizeLending(problem({ churn }), { relGap: 0 });
    expect(j.summary.expectedReturn).toBeCloseTo(lib.summary!.expectedReturn, 6);
  });

  it('bad churn flags and offers files: exit 2 with the code, file, line and column', async () => {
    const f = files();
    const bad = tmp.file('bad-offers.csv', 'rating,rate,accepted\nA,0.05,1\nA,0.06,maybe\n');
    const r1 = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--offers', bad);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/error \[E_OFFER\]: .*bad-offers\.csv, line 3, column "accepted"/);
    const allAccepted = tmp.file('all.csv', 'rating,rate,accepted\nA,0.05,1\nA,0.08,1\n');
    const r2 = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--offers', allAccepted);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/E_CHURN_FIT.*all 2 offers to rating "A" were accepted/);
    const r3 = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--churn-model', 'cubic');
    expect([r3.code, /E_USAGE/.test(r3.err)]).toEqual([2, true]);
    const r4 = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--min-take-up', '2');
    expect([r4.code, /E_USAGE/.test(r4.err)]).toEqual([2, true]);
  });
});
