import { describe, expect, it } from 'vitest';
import { cumulativeDefaultProbabilities, multiplyTransitions, transitionMatrixPower } from '../../src/lending/cumulativeDefault.js';
import { lifetimeExpectedLoss } from '../../src/lending/lifetimeLoss.js';
import { MAX_RATINGS, migrationMatrix } from '../../src/lending/migrationMatrix.js';
import { parseRatingPanelCsv } from '../../src/lending/ratingPanel.js';
import { Random } from '../../src/random.js';
import { errorOf } from '../errorOf.js';
import { PANEL } from './ratingPanels.js';

const ORDER = ['A', 'B', 'C', 'D'];

describe('migrationMatrix (cohort method)', () => {
  const m = migrationMatrix(parseRatingPanelCsv(PANEL, 'ratings.csv'));

  it('counts, row totals and probabilities of a hand-computed panel', () => {
    expect(m.ratings).toEqual(ORDER);
    expect(m.counts).toEqual([[4, 2, 0, 0], [1, 2, 1, 1], [0, 1, 2, 2], [0, 0, 0, 0]]);
    expect(m.totals).toEqual([6, 5, 5, 0]);
    expect(m.probabilities).toEqual([[4 / 6, 2 / 6, 0, 0], [1 / 5, 2 / 5, 1 / 5, 1 / 5], [0, 1 / 5, 2 / 5, 2 / 5], [0, 0, 0, 1]]);
    expect(m).toMatchObject({ observations: 27, ids: 10, transitions: 16, ignoredAfterDefault: 1, gapsSkipped: 0, periods: { first: 2018, last: 2020 } });
    for (const row of m.probabilities) expect(row.reduce((s, p) => s! + p!, 0)).toBeCloseTo(1, 15);
  });

  it('follows --order (ratings that never occur get an unknown row) and a configurable default label', () => {
    const panel = parseRatingPanelCsv(PANEL.replace(/,D$/gm, ',default'), 'ratings.csv');
    const o = migrationMatrix(panel, { order: ['A', 'B', 'C', 'CC', 'default'], defaultRating: 'default' });
    expect(o.ratings).toEqual(['A', 'B', 'C', 'CC', 'default']);
    expect(o.counts[2]).toEqual([0, 1, 2, 0, 2]);
    expect(o.probabilities[3]).toEqual([null, null, null, null, null]);
    expect(o.probabilities[4]).toEqual([0, 0, 0, 0, 1]);
    expect(errorOf(() => migrationMatrix(panel, { order: ['A', 'B', 'C'], defaultRating: 'default' })).code).toBe('E_OPTION');
  });

  it('cumulative PDs: by hand for two years, non-decreasing, default absorbing', () => {
    const c = cumulativeDefaultProbabilities(m, 10);
    expect(c.years).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(c.byRating.A[0]).toBe(0);
    expect(c.byRating.B[0]).toBeCloseTo(0.2, 15);
    expect(c.byRating.C[0]).toBeCloseTo(0.4, 15);
    // (P²)[i][D] = Σ_k P[i][k] · P[k][D]
    expect(c.byRating.A[1]).toBeCloseTo(1 / 15, 15);
    expect(c.byRating.B[1]).toBeCloseTo(9 / 25, 15);
    expect(c.byRating.C[1]).toBeCloseTo(15 / 25, 15);
    expect(c.byRating.D).toEqual(new Array(10).fill(1));
    for (const r of ['A', 'B', 'C']) {
      const pds = c.byRating[r] as number[];
      for (let t = 1; t < 10; t++) expect(pds[t]).toBeGreaterThanOrEqual(pds[t - 1]);
      expect(pds[9]).toBeLessThan(1);
    }
    const p10 = transitionMatrixPower(m.probabilities, 10);
    expect(p10[3]).toEqual([0, 0, 0, 1]);
    expect(p10.map((row) => row[3])).toEqual(ORDER.map((r) => c.byRating[r][9]));
  });

  it('a PD that reaches a rating with no observed transitions is unknown (null), the others are not', () => {
    const panel = parseRatingPanelCsv('id,period,rating\nx1,1,A\nx1,2,A\nx2,1,B\nx2,2,X\n');
    const o = migrationMatrix(panel, { order: ['A', 'B', 'X', 'D'] });
    const c = cumulativeDefaultProbabilities(o, 3);
    expect(c.byRating.A).toEqual([0, 0, 0]);
    expect(c.byRating.B).toEqual([0, null, null]);
    expect(c.byRating.X).toEqual([null, null, null]);
  });

  it('gaps: E_PANEL_GAP naming both lines, or skipped on request', () => {
    const text = PANEL.replace('a3,2019,A\n', '');
    const e = errorOf(() => migrationMatrix(parseRatingPanelCsv(text, 'ratings.csv')));
    expect(e.code).toBe('E_PANEL_GAP');
    expect(e.where).toEqual({ file: 'ratings.csv', line: 15, column: 'period' });
    expect(e.message).toMatch(/id "a3" has no rating for period 2019 between period 2018 \(line 4\) and 2020/);
    const s = migrationMatrix(parseRatingPanelCsv(text, 'ratings.csv'), { gaps: 'skip' });
    expect(s.gapsSkipped).toBe(1);
    expect(s.counts[0]).toEqual([3, 1, 0, 0]);
  });

  it('an unknown rating and a duplicate (id, period) name the file, line and column', () => {
    const unknown = errorOf(() => migrationMatrix(parseRatingPanelCsv(PANEL + 'z9,2019,AA\n', 'ratings.csv'), { order: ORDER }));
    expect(unknown.code).toBe('E_RATING_UNKNOWN');
    expect(unknown.where).toEqual({ file: 'ratings.csv', line: 29, column: 'rating' });
    const dup = errorOf(() => migrationMatrix(parseRatingPanelCsv(PANEL + 'b2,2019,B\n', 'ratings.csv')));
    expect(dup.code).toBe('E_PANEL_DUPLICATE');
    expect(dup.where).toEqual({ file: 'ratings.csv', line: 29, column: 'period' });
    expect(dup.message).toMatch(/id "b2" has a second rating for period 2019 \(the first is on line 24\)/);
    // From plain observations: the 0-based row instead of a line.
    const rows = errorOf(() => migrationMatrix([{ id: 'a', period: 1, rating: 'A' }, { id: 'a', period: 1, rating: 'B' }]));
    expect(rows.where).toEqual({ row: 1, column: 'period' });
    expect(rows.message).toMatch(/the first is on row 0/);
  });

  it('no transition to count is E_EMPTY_DATA; more ratings than MAX_RATINGS is E_OPTION', () => {
    const single = errorOf(() => migrationMatrix(parseRatingPanelCsv('id,period,rating\na,2019,A\nb,2019,B\nb,2021,B\n', 'p.csv'), { gaps: 'skip' }));
    expect(single.code).toBe('E_EMPTY_DATA');
    const many = Array.from({ length: MAX_RATINGS }, (_, i) => `o${i},1,R${i}\no${i},2,R${i}`).join('\n');
    const e = errorOf(() => migrationMatrix(parseRatingPanelCsv(`id,period,rating\n${many}\n`, 'p.csv')));
    expect(e.code).toBe('E_OPTION');
    expect(e.message).toMatch(/at most 256 ratings, this one 257/);
  });

  it('a period that is text or not whole is E_CSV_NOT_NUMERIC naming the line and column', () => {
    for (const bad of ['2019a', '2019.5']) {
      const e = errorOf(() => parseRatingPanelCsv(PANEL + `z9,${bad},A\n`, 'ratings.csv'));
      expect(e.code, bad).toBe('E_CSV_NOT_NUMERIC');
      expect(e.where, bad).toMatchObject({ file: 'ratings.csv', line: 29, column: 'period' });
    }
    expect(errorOf(() => parseRatingPanelCsv('id,year,rating\na,1,A\n', 'p.csv')).code).toBe('E_COLUMN_UNKNOWN');
    expect(parseRatingPanelCsv('obligor,year,grade\na,1,A\n', 'p.csv', { id: 'obligor', period: 'year', rating: 'grade' }).observations)
      .toEqual([{ id: 'a', period: 1, rating: 'A', line: 2 }]);
  });
});

describe('transition matrix powers', () => {
  /** A seeded random stochastic matrix with an absorbing last state. */
  function randomMatrix(k: number, seed: number): number[][] {
    const rng = new Random(seed);
    return Array.from({ length: k }, (_, i) => {
      if (i === k - 1) return Array.from({ length: k }, (_, j) => (j === i ? 1 : 0));
      const row = Array.from({ length: k }, () => rng.next());
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((v) => v / s);
    });
  }
  function direct(a: number[][], b: number[][]): number[][] {
    return a.map((_, i) => b[0].map((_, j) => a[i].reduce((s, _v, m) => s + a[i][m] * b[m][j], 0)));
  }

  it('equal repeated direct multiplication, keep rows summing to 1 and the default absorbing', () => {
    const p = randomMatrix(6, 7);
    let expected = p;
    for (let n = 2; n <= 12; n++) {
      expected = direct(expected, p);
      const got = transitionMatrixPower(p, n) as number[][];
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j < 6; j++) expect(got[i][j]).toBeCloseTo(expected[i][j], 14);
        expect(got[i].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 13);
      }
      expect(got[5]).toEqual([0, 0, 0, 0, 0, 1]);
    }
    expect(multiplyTransitions(p, p)).toEqual(direct(p, p));
    expect(errorOf(() => transitionMatrixPower(p, 0)).code).toBe('E_OPTION');
  });
});

describe('lifetimeExpectedLoss', () => {
  it('marginal PDs × LGD × EAD, discounted at year end', () => {
    const l = lifetimeExpectedLoss([0.2, 0.36, 0.5], { lgd: 0.5, ead: 100, discountRate: 0.1 });
    expect(l.years.map((y) => y.marginalPd)).toEqual([0.2, 0.36 - 0.2, 0.5 - 0.36]);
    expect(l.years[1].discountFactor).toBeCloseTo(1 / 1.21, 15);
    const expected = 0.2 * 0.5 * 100 / 1.1 + 0.16 * 0.5 * 100 / 1.21 + 0.14 * 0.5 * 100 / 1.331;
    expect(l.expectedLoss).toBeCloseTo(expected, 12);
    // An amortizing schedule sets the term; undiscounted by default.
    const a = lifetimeExpectedLoss([0.2, 0.36, 0.5], { lgd: 0.5, ead: [100, 50] });
    expect(a.years).toHaveLength(2);
    expect(a.expectedLoss).toBeCloseTo(0.2 * 0.5 * 100 + 0.16 * 0.5 * 50, 12);
  });

  it('refuses an LGD outside [0, 1], a negative EAD, a schedule longer than the PDs, unknown or decreasing PDs', () => {
    const pds = [0.1, 0.2];
    expect(errorOf(() => lifetimeExpectedLoss(pds, { lgd: 1.2, ead: 1 })).code).toBe('E_OPTION');
    expect(errorOf(() => lifetimeExpectedLoss(pds, { lgd: 0.4, ead: [1, -1] })).code).toBe('E_OPTION');
    expect(errorOf(() => lifetimeExpectedLoss(pds, { lgd: 0.4, ead: [1, 1, 1] })).code).toBe('E_OPTION');
    expect(errorOf(() => lifetimeExpectedLoss([0.1, null], { lgd: 0.4, ead: 1 })).code).toBe('E_OPTION');
    expect(errorOf(() => lifetimeExpectedLoss([0.2, 0.1], { lgd: 0.4, ead: 1 })).code).toBe('E_OPTION');
    expect(errorOf(() => lifetimeExpectedLoss(pds, { lgd: 0.4, ead: 1, discountRate: -1 })).code).toBe('E_OPTION');
  });
});
