import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { churnAt, churnTableFromCurves, fitChurnCurve, fitChurnTable } from '../../src/lending/churnFit.js';
import { fitOffers, parseOffersCsv } from '../../src/lending/offers.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { validateProblem, type LendingProblem } from '../../src/lending/problem.js';
import { bruteForce } from './bruteForce.js';
import { errorOf } from '../errorOf.js';
import { A3, RATES4, smallProblem } from './instances.js';

/** Written by scripts/fixtures/churn_fit.py (scipy BFGS on the binomial likelihood). */
const FIXTURE = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/churn-fit.json', import.meta.url)), 'utf8')) as {
  table: { rates: number[]; byRating: Record<string, Record<'smooth' | 'logistic', { a: number; b: number; r2: number; baseRate?: number; churn: number[] }>> };
  offers: { offers: { rating: string; rate: number; accepted: number }[]; fits: Record<string, { a: number; b: number; logLikelihood: number; offers: number; accepted: number }> };
};


const rel = (x: number, y: number): number => Math.abs(x - y) / Math.max(1, Math.abs(y));

describe('churn curves fitted to the rate→churn table (CUMCM attachment 3)', () => {
  for (const model of ['smooth', 'logistic'] as const) {
    it(`${model}: the same coefficients, R² and churn as scipy`, () => {
      const curves = fitChurnTable(A3, model);
      for (const g of ['A', 'B', 'C']) {
        const want = FIXTURE.table.byRating[g][model];
        const c = curves[g];
        expect(rel(c.a, want.a)).toBeLessThan(1e-7);
        expect(rel(c.b, want.b)).toBeLessThan(1e-7);
        expect(Math.abs(c.r2! - want.r2)).toBeLessThan(1e-9);
        if (model === 'smooth') expect(c.baseRate).toBe(0.04);
        FIXTURE.table.rates.forEach((r, j) => expect(Math.abs(churnAt(c, r) - want.churn[j])).toBeLessThan(1e-9));
      }
    });
  }

  it('the smooth curve fits attachment 3 with R² above 0.997 and is increasing, 0 at the base rate', () => {
    const curves = fitChurnTable(A3, 'smooth');
    for (const c of Object.values(curves)) {
      expect(c.r2).toBeGreaterThan(0.997);
      expect(churnAt(c, 0.04)).toBe(0);
      let prev = 0;
      for (let r = 0.0401; r <= 0.15; r += 0.0001) {
        const v = churnAt(c, r);
        expect(v).toBeGreaterThan(prev);
        prev = v;
      }
    }
    // The raw table is not monotone (A falls from 0.7983 at 11.05% to 0.7905 at 11.45%); the fit is.
    const a = A3.byRating.A;
    expect(a.some((v, j) => j > 0 && v < a[j - 1])).toBe(true);
  });

  it('a problem with churnModel reads the fitted curve at the grid rates; the table model is unchanged', () => {
    const p = smallProblem({ rates: [0.05, 0.0625, 0.1, 0.15] });
    const table = validateProblem(p);
    const smooth = validateProblem({ ...p, churnModel: 'smooth' });
    expect(table.churnModel).toBe('table');
    expect(table.churnCurves).toBeUndefined();
    const curves = fitChurnTable(A3, 'smooth');
    smooth.applicants.forEach((a) => {
      Array.from(smooth.rates).forEach((r, k) => expect(a.churn[k]).toBe(churnAt(curves[a.rating], r)));
    });
    // 0.0625 is a table point: the table model returns it exactly.
    expect(table.applicants[0].churn[1]).toBe(A3.byRating[table.applicants[0].rating][6]);
    // churnTableFromCurves on the grid reproduces the smooth model through the table model.
    const viaTable = validateProblem({ ...p, churn: churnTableFromCurves(curves, smooth.rates) });
    viaTable.applicants.forEach((a, i) => expect(Array.from(a.churn)).toEqual(Array.from(smooth.applicants[i].churn)));
  });

  it('bad curves: a falling churn, no base rate for the smooth model, an unknown model', () => {
    const falling = { rates: [0.04, 0.08, 0.12], byRating: { A: [0.5, 0.4, 0.3] } };
    const e1 = errorOf(() => fitChurnTable(falling, 'logistic'));
    expect(e1.code).toBe('E_CHURN_FIT');
    expect(e1.message).toMatch(/does not rise with the rate/);
    const p: LendingProblem = { ...smallProblem({ ratings: ['A'], rates: [0.04, 0.08] }), churn: { rates: [0.04, 0.08, 0.12], byRating: { A: [0, 0.3, 0.2] } }, churnModel: 'smooth' };
    const e2 = errorOf(() => validateProblem(p));
    expect(e2.code).toBe('E_CHURN_FIT');
    expect(e2.where.path).toBe('churn.byRating.A');
    const e3 = errorOf(() => fitChurnCurve([0.04, 0.08], [0.1, 0.3], 'smooth', 'B'));
    expect(e3.code).toBe('E_CHURN_FIT');
    expect(e3.message).toMatch(/base rate/);
    const e4 = errorOf(() => validateProblem({ ...smallProblem(), churnModel: 'cubic' as never }));
    expect([e4.code, e4.where.path]).toEqual(['E_PROBLEM', 'churnModel']);
  });
});

describe('take-up from offers: the logistic rate-elasticity model', () => {
  const csv = (rows: { rating: string; rate: number | string; accepted: number | string }[]): string =>
    `rating,rate,accepted\n${rows.map((o) => `${o.rating},${o.rate},${o.accepted}`).join('\n')}\n`;

  it('maximum likelihood per rating equals scipy on 600 synthetic offers', () => {
    const offers = parseOffersCsv(csv(FIXTURE.offers.offers), 'offers.csv');
    expect(offers).toHaveLength(600);
    expect(offers[0].line).toBe(2);
    const fits = fitOffers(offers, 'offers.csv');
    for (const [g, want] of Object.entries(FIXTURE.offers.fits)) {
      expect(rel(fits[g].a, want.a)).toBeLessThan(1e-7);
      expect(rel(fits[g].b, want.b)).toBeLessThan(1e-7);
      expect(Math.abs(fits[g].logLikelihood! - want.logLikelihood)).toBeLessThan(1e-8);
      expect([fits[g].offers, fits[g].accepted]).toEqual([want.offers, want.accepted]);
    }
  });

  it('bad offers files are coded errors naming the file, line and column', () => {
    const good = FIXTURE.offers.offers.slice(0, 5);
    const cases: [string, string, number, string][] = [
      [csv([...good, { rating: 'A', rate: 0.05, accepted: 'yes' }]), 'E_OFFER', 7, 'accepted'],
      [csv([...good, { rating: 'A', rate: 6.5, accepted: 1 }]), 'E_OFFER', 7, 'rate'],
      [csv([...good, { rating: '', rate: 0.05, accepted: 1 }]), 'E_OFFER', 7, 'rating'],
      [csv([...good, { rating: 'A', rate: 'high', accepted: 1 }]), 'E_CSV_NOT_NUMERIC', 7, 'rate'],
    ];
    for (const [text, code, line, column] of cases) {
      const e = errorOf(() => parseOffersCsv(text, 'offers.csv'));
      expect([e.code, e.where.file, e.where.line, e.where.column]).toEqual([code, 'offers.csv', line, column]);
    }
    const e = errorOf(() => parseOffersCsv('rating,rate\nA,0.05\n', 'offers.csv'));
    expect([e.code, e.where.column]).toEqual(['E_COLUMN_UNKNOWN', 'accepted']);
  });

  it('offers that cannot give a rising churn curve are E_CHURN_FIT', () => {
    const fit = (rows: [number, number][]): CreditkitError =>
      errorOf(() => fitOffers(rows.map(([rate, acc]) => ({ rating: 'B', rate, accepted: acc === 1 })), 'offers.csv'));
    expect(fit([[0.05, 1], [0.08, 1], [0.1, 1]]).message).toMatch(/all 3 offers to rating "B" were accepted/);
    expect(fit([[0.05, 1], [0.05, 0]]).message).toMatch(/needs at least two rates/);
    expect(fit([[0.05, 1], [0.06, 1], [0.1, 0], [0.12, 0]]).message).toMatch(/separate perfectly/);
    const rising = fit([[0.05, 0], [0.06, 1], [0.08, 0], [0.1, 1], [0.12, 1], [0.07, 0]]);
    expect([rising.code, rising.where.file, rising.where.column]).toEqual(['E_CHURN_FIT', 'offers.csv', 'B']);
    expect(rising.message).toMatch(/does not rise with the rate/);
  });
});

describe('bank.minTakeUp', () => {
  it('rates below the least take-up are never offered; the optimum equals brute force without them', async () => {
    // One rating, so the rates with take-up below 45% are the same for every applicant: 0.1105 (A churn 0.798) and 0.0865 (0.653).
    // Counting the budget in expected take-ups favours high rates that few accept.
    const base = smallProblem({ n: 5, ratings: ['A'], rates: RATES4, budget: 120 });
    const p: LendingProblem = { ...base, bank: { ...base.bank, exposure: 'expected' } };
    const limited: LendingProblem = { ...p, bank: { ...p.bank, minTakeUp: 0.45 } };
    const r = await optimizeLending(limited, { relGap: 0 });
    const kept = RATES4.filter((rate) => 1 - A3.byRating.A[A3.rates.indexOf(rate)] >= 0.45);
    expect(kept).toEqual([0.04, 0.0625]);
    const bf = bruteForce({ ...p, bank: { ...p.bank, rates: kept } });
    expect(r.objective).toBeCloseTo(bf.objective, 6);
    for (const d of r.strategy!.filter((x) => x.decision === 'lend')) expect(1 - d.churn!).toBeGreaterThanOrEqual(0.45);
    // Without the floor the optimum quotes a refused rate: the floor costs return.
    const free = await optimizeLending(p, { relGap: 0 });
    expect(free.strategy!.some((d) => d.decision === 'lend' && 1 - d.churn! < 0.45)).toBe(true);
    expect(free.objective!).toBeGreaterThan(r.objective!);
    expect(errorOf(() => validateProblem({ ...p, bank: { ...p.bank, minTakeUp: 1.5 } })).where.path).toBe('bank.minTakeUp');
  });
});

describe('churnByPd: take-up interpolated by PD', () => {
  it('churn is linear in PD between the anchors and flat beyond them', () => {
    const p = smallProblem({ rates: RATES4 });
    p.applicants = [0.005, 0.01, 0.02, 0.04, 0.1].map((pd, i) => ({ id: `P${i}`, pd, rating: 'B' }));
    const np = validateProblem({ ...p, churnByPd: { A: 0.01, B: 0.04, C: 0.2 } });
    const at = (g: string, k: number): number => A3.byRating[g][A3.rates.indexOf(RATES4[k])];
    for (let k = 0; k < RATES4.length; k++) {
      expect(np.applicants[0].churn[k]).toBe(at('A', k));
      expect(np.applicants[1].churn[k]).toBe(at('A', k));
      expect(np.applicants[2].churn[k]).toBeCloseTo(at('A', k) + (1 / 3) * (at('B', k) - at('A', k)), 15);
      expect(np.applicants[3].churn[k]).toBe(at('B', k));
      expect(np.applicants[4].churn[k]).toBeCloseTo(at('B', k) + (0.06 / 0.16) * (at('C', k) - at('B', k)), 15);
    }
    const e = errorOf(() => validateProblem({ ...p, churnByPd: { A: 0.01, Z: 0.04 } }));
    expect([e.code, e.where.path]).toEqual(['E_PROBLEM', 'churnByPd.Z']);
    const tie = errorOf(() => validateProblem({ ...p, churnByPd: { A: 0.01, B: 0.01 } }));
    expect(tie.where.path).toBe('churnByPd.B');
  });
});
