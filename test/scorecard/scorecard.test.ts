import { describe, expect, it } from 'vitest';
import { PointsScale } from '../../src/models/scorecard/pointsScale.js';
import { RatingGrades, gradeTable } from '../../src/scorecard/grades.js';
import { Random } from '../../src/random.js';
import { errorOf } from '../errorOf.js';
import { init } from '../../src/wasm/load.js';

// exp and log come from creditkit.wasm (src/math/deterministic.ts).
await init();

describe('PointsScale', () => {
  const scale = new PointsScale({ pdo: 20, baseOdds: 50, basePoints: 600 });

  it('uses factor = pdo/ln 2 and offset = basePoints − factor·ln(baseOdds) (Siddiqi: 28.8539 and 487.1229)', () => {
    expect(scale.factor).toBeCloseTo(28.853901, 6);
    expect(scale.offset).toBeCloseTo(487.122876, 6);
  });

  it('scores base odds at base points, and every pdo points double the good:bad odds', () => {
    expect(scale.score(1 / 51)).toBeCloseTo(600, 10); // odds 50:1
    expect(scale.score(1 / 101)).toBeCloseTo(620, 10); // odds 100:1
    expect(scale.score(1 / 26)).toBeCloseTo(580, 10); // odds 25:1
    expect(scale.score(0.5)).toBeCloseTo(scale.offset, 10); // odds 1:1
    expect(scale.odds(640)).toBeCloseTo(200, 8);
  });

  it('score rises as risk falls, and pd() inverts score()', () => {
    const pds = [1e-6, 0.001, 0.01, 0.05, 0.2, 0.5, 0.9, 0.999];
    const s = scale.scores(pds);
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeLessThan(s[i - 1]);
    pds.forEach((p, i) => expect(scale.pd(s[i])).toBeCloseTo(p, 12));
  });

  it('keeps scores finite at PD 0 and 1, and rounds when asked', () => {
    expect(Number.isFinite(scale.score(0))).toBe(true);
    expect(Number.isFinite(scale.score(1))).toBe(true);
    expect(scale.score(0)).toBeGreaterThan(scale.score(1e-12));
    const rounded = new PointsScale({ round: true });
    expect(rounded.score(0.03)).toBe(Math.round(scale.score(0.03)));
    expect(Number.isInteger(rounded.score(0.1234))).toBe(true);
  });

  it('rejects bad options and PDs', () => {
    expect(errorOf(() => new PointsScale({ pdo: 0 })).code).toBe('E_OPTION');
    expect(errorOf(() => new PointsScale({ baseOdds: -1 })).code).toBe('E_OPTION');
    expect(errorOf(() => new PointsScale({ basePoints: NaN })).code).toBe('E_OPTION');
    expect(errorOf(() => scale.score(1.2)).code).toBe('E_OPTION');
    const e = errorOf(() => scale.scores([0.1, NaN]));
    expect(e.code).toBe('E_NONFINITE');
    expect(e.where.row).toBe(1);
  });
});

describe('RatingGrades', () => {
  it('parses user bands and assigns PDs with upper bounds inclusive', () => {
    const g = RatingGrades.parse('A:0.01,B:0.03,C:0.1,D');
    expect(g.names).toEqual(['A', 'B', 'C', 'D']);
    expect(Array.from(g.upper)).toEqual([0.01, 0.03, 0.1, 1]);
    expect(Array.from(g.assign([0, 0.01, 0.0100001, 0.03, 0.05, 0.1, 0.5, 1]))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(RatingGrades.parse('low:0.2,high:1').names).toEqual(['low', 'high']);
  });

  it('rejects malformed bands', () => {
    for (const bad of ['A:0.05,B:0.01,C', 'A:0.01,B:0.5', 'A:x,B', 'A:0.1,A', 'A:0,B', '', 'A:1.5']) {
      expect(errorOf(() => RatingGrades.parse(bad)).code).toBe('E_OPTION');
    }
  });

  it('fits bands to target shares of a population', () => {
    const rng = new Random(5);
    const pd = Float64Array.from({ length: 10000 }, () => rng.next() ** 3);
    const g = RatingGrades.fitShares(pd, [0.1, 0.2, 0.3, 0.4]);
    expect(g.names).toEqual(['A', 'B', 'C', 'D']);
    const t = gradeTable(g, pd);
    expect(t.rows.map((r) => r.share)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(t.rows[0].maxPd).toBeLessThan(g.upper[0]);
    expect(t.rows[1].minPd).toBeGreaterThan(g.upper[0]);
  });

  it('keeps equal PDs together and says when a share cannot be met', () => {
    const pd = [0.01, 0.01, 0.01, 0.02, 0.05, 0.05, 0.1, 0.2, 0.3, 0.4];
    const g = RatingGrades.fitShares(pd, [0.2, 0.3, 0.5]);
    expect(gradeTable(g, pd).rows.map((r) => r.count)).toEqual([3, 3, 4]);
    expect(errorOf(() => RatingGrades.fitShares([0.1, 0.1, 0.1, 0.1, 0.2], [0.25, 0.25, 0.5])).message).toMatch(/would be empty/);
    expect(errorOf(() => RatingGrades.fitShares(pd, [0.5, 0.4])).message).toMatch(/add up to 1/);
    expect(errorOf(() => RatingGrades.fitShares(pd, [0.5, 0.5], ['A'])).code).toBe('E_OPTION');
  });

  it('tabulates default rates per grade and reports (does not fix) non-monotone rates', () => {
    const g = RatingGrades.parse('A:0.1,B:0.2,C:0.5,D');
    const pd = [0.05, 0.05, 0.05, 0.05, 0.15, 0.15, 0.3, 0.3, 0.3, 0.9];
    const y = [0, 0, 0, 1, 1, 1, 0, 1, 0, 1];
    const t = gradeTable(g, pd, y);
    expect(t.rows.map((r) => [r.grade, r.count, r.defaults])).toEqual([['A', 4, 1], ['B', 2, 2], ['C', 3, 1], ['D', 1, 1]]);
    expect(t.rows[0].defaultRate).toBe(0.25);
    expect(t.rows[0].meanPd).toBeCloseTo(0.05, 12);
    expect(t.rows[2].lowerPd).toBe(0.2);
    expect(t.monotone).toBe(false);
    expect(t.violations).toEqual([{ better: 'B', worse: 'C', betterRate: 1, worseRate: 1 / 3 }]);
    const ok = gradeTable(g, pd, [0, 0, 0, 0, 0, 1, 0, 1, 1, 1]);
    expect(ok.monotone).toBe(true);
    expect(ok.violations).toEqual([]);
  });

  it('leaves empty grades out of the monotonicity check and marks their rates NaN', () => {
    const g = RatingGrades.parse('A:0.1,B:0.2,C');
    const t = gradeTable(g, [0.05, 0.5], [0, 1]);
    expect(t.rows[1].count).toBe(0);
    expect(t.rows[1].defaultRate).toBeNaN();
    expect(t.monotone).toBe(true);
    expect(errorOf(() => gradeTable(g, [0.1], [2])).code).toBe('E_TARGET_INVALID');
    expect(errorOf(() => gradeTable(g, [0.1, 0.2], [1])).code).toBe('E_SHAPE');
  });
});
