import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { splitTarget } from '../../src/data/target.js';
import { CreditkitError } from '../../src/errors.js';
import { rocAuc } from '../../src/metrics/auc.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { LogisticRegression } from '../../src/models/linear/logistic.js';
import { RatingGrades } from '../../src/scorecard/grades.js';
import { binomialTest } from '../../src/validation/binomialTest.js';
import { parseDate } from '../../src/validation/dates.js';
import { jeffreysTest } from '../../src/validation/jeffreysTest.js';
import { trafficLight } from '../../src/validation/trafficLight.js';
import { assignPeriods } from '../../src/validation/periods.js';
import { segmentFigures } from '../../src/validation/segments.js';
import { Dataset } from '../../src/data/dataset.js';
import { validateModel, type ValidationResult } from '../../src/validation/validateModel.js';
import { init } from '../../src/wasm/load.js';
import { loansCsv } from './syntheticLoans.js';

beforeAll(() => init());

const types = { date: 'categorical', region: 'categorical' } as const;
const train = parseCsv(loansCsv(3000, 1), { types, file: 'train.csv' });
const current = parseCsv(loansCsv(2400, 2), { types, file: 'current.csv' });
const features = ['x1', 'x2'];

function fitted() {
  const { X, y } = splitTarget(train.select([...features, 'default']), 'default');
  const gbdt = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, seed: 1 }).fit(X, y);
  const logistic = new LogisticRegression().fit(X, y);
  return { gbdt, logistic };
}

/** Every number in a JSON-able value; NaN or ±Infinity would be written as null silently. */
function numbers(v: unknown, path = '$', out: [string, number][] = []): [string, number][] {
  if (typeof v === 'number') out.push([path, v]);
  else if (Array.isArray(v)) v.forEach((x, k) => numbers(x, `${path}[${k}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) numbers(x, `${path}.${k}`, out);
  return out;
}

describe('validateModel', () => {
  let gbdt: GradientBoostingClassifier;
  let result: ValidationResult;
  beforeAll(async () => {
    await init();
    const models = fitted();
    gbdt = models.gbdt;
    result = validateModel(gbdt, current, { target: 'default', date: 'date', segment: 'region', champion: models.logistic, baseline: train });
  });

  it('reports discrimination with a DeLong interval around the AUC', () => {
    const { y } = splitTarget(current, 'default');
    const auc = rocAuc(y, gbdt.predictProba(current));
    expect(result.discrimination.auc).toBeCloseTo(auc, 12);
    expect(result.discrimination.ci![0]).toBeLessThan(auc);
    expect(result.discrimination.ci![1]).toBeGreaterThan(auc);
    expect(result.discrimination.ks).toBeGreaterThan(0.2);
    expect(result.rows).toBe(2400);
    expect(result.defaults).toBe(y.reduce((s, v) => s + v, 0));
  });

  it('compares with the champion on the same rows by DeLong\'s paired test', () => {
    const c = result.champion!;
    expect(c.champion).toBe('LogisticRegression');
    expect(c.test.difference).toBeCloseTo(result.discrimination.auc! - c.discrimination.auc!, 12);
    expect(c.test.p).toBeGreaterThan(0);
    expect(c.test.p).toBeLessThanOrEqual(1);
    expect(['model better', 'champion better', 'no significant difference']).toContain(c.verdict);
    expect(result.flags.some((f) => f.section === 'champion')).toBe(true);
  });

  it('back-tests every grade of the master scale with the Jeffreys and binomial tests', () => {
    const g = result.calibration.grades;
    expect(g.map((r) => r.grade)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(g.reduce((s, r) => s + r.count, 0)).toBe(2400);
    for (const r of g) {
      if (r.count === 0) {
        expect(r.jeffreysP).toBeNull();
        expect(r.note).toBe('empty grade');
      } else {
        expect(r.jeffreysP).toBeGreaterThanOrEqual(0);
        expect(r.binomialP).toBeGreaterThanOrEqual(0);
        expect(r.interval![0]).toBeLessThanOrEqual(r.defaultRate!);
        expect(r.interval![1]).toBeGreaterThanOrEqual(r.defaultRate!);
        expect(result.flags).toContainEqual(expect.objectContaining({ section: 'calibration', item: `grade ${r.grade}`, level: r.light }));
      }
    }
    expect(result.calibration.hosmerLemeshowDeciles.df).toBe(8);
    expect(result.calibration.spiegelhalter.z).not.toBeNull();
    expect(result.calibration.herfindahl.index).toBeGreaterThan(0);
  });

  it('gives the out-of-time view per month, marking the month without defaults', () => {
    const oot = result.outOfTime!;
    expect(oot.periodKind).toBe('month');
    expect(oot.periods.map((p) => p.period)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
    expect(oot.periods[0].psi).toBe(0);
    const june = oot.periods[5];
    expect(june.defaults).toBe(0);
    expect(june.discrimination.auc).toBeNull();
    expect(june.discrimination.note).toBe('no defaults: AUC is not defined');
    expect(result.flags).toContainEqual(expect.objectContaining({ section: 'out-of-time', item: '2024-06', level: 'amber' }));
    for (const p of oot.periods.slice(0, 5)) expect(p.discrimination.ci).not.toBeNull();
  });

  it('back-tests each period\'s mean PD (Jeffreys and binomial), a month without defaults included', () => {
    const { y } = splitTarget(current, 'default');
    const pd = gbdt.predictProba(current);
    const dates = current.column('date');
    for (const p of result.outOfTime!.periods) {
      // The period's rows, straight from the date column.
      const rows = Array.from({ length: current.nRows }, (_, i) => i).filter((i) => dates.categories![dates.values[i]].startsWith(p.period));
      const d = rows.reduce((s, i) => s + y[i], 0);
      const mean = rows.reduce((s, i) => s + pd[i], 0) / rows.length;
      expect(p.count).toBe(rows.length);
      expect(p.meanPd).toBeCloseTo(mean, 12);
      expect(p.jeffreysP).toBeCloseTo(jeffreysTest(d, rows.length, mean)!, 12);
      expect(p.binomialP).toBeCloseTo(binomialTest(d, rows.length, mean)!, 12);
      expect(p.light).toBe(trafficLight(p.jeffreysP));
      expect(result.flags).toContainEqual({ level: p.light, section: 'out-of-time', item: p.period, message: expect.stringMatching(/^Jeffreys \(the period's mean PD\) p = /) });
    }
    // June has no defaults: no AUC, but its back-test is reported (P(X ≥ 0) = 1 for the binomial test).
    const june = result.outOfTime!.periods[5];
    expect(june.jeffreysP).toBeGreaterThan(0.5);
    expect(june.binomialP).toBe(1);
    expect(june.light).toBe('green');
  });

  it('gives figures per segment and marks a one-class segment', () => {
    const seg = result.segments!;
    expect(seg.segments.map((s) => s.segment).sort()).toEqual(['north', 'south', 'tiny']);
    const tiny = seg.segments.find((s) => s.segment === 'tiny')!;
    expect(tiny.count).toBe(12);
    expect(tiny.discrimination.auc).toBeNull();
    expect(tiny.note).toMatch(/one class/);
    expect(seg.segments.find((s) => s.segment === 'north')!.discrimination.auc).toBeGreaterThan(0.6);
  });

  it('measures stability of the PD, the grades and each feature against the baseline', () => {
    const s = result.stability!;
    expect(s.baselineRows).toBe(3000);
    expect(s.score.psi).toBeLessThan(0.1);
    expect(s.grades.bins.length).toBeGreaterThan(1);
    expect(s.characteristics.map((c) => c.name).sort()).toEqual(features);
  });

  it('is plain JSON: no NaN or infinity anywhere, a place for fairness, and a summary of the flags', () => {
    const bad = numbers(result).filter(([, v]) => !Number.isFinite(v));
    expect(bad).toEqual([]);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(result.fairness).toBeNull();
    const { red, amber, green, attention } = result.summary;
    expect(red + amber + green).toBe(result.flags.length);
    expect(attention.length).toBe(red + amber);
    expect(attention.every((f) => f.level !== 'green')).toBe(true);
  });

  it('the whole sample must hold both classes (E_SINGLE_CLASS); a period or segment may not', () => {
    const june = parseCsv(loansCsv(2400, 2).split('\n').filter((l, k) => k === 0 || l.includes(',2024-06-')).join('\n') + '\n', { types, file: 'june.csv' });
    expect(() => validateModel(gbdt, june, { target: 'default' })).toThrow(expect.objectContaining({ code: 'E_SINGLE_CLASS', where: { file: 'june.csv', column: 'default' } }));
  });

  it('chooses quarters when the dates span more than two years', () => {
    const long = parseCsv(loansCsv(1500, 3, 0, 30), { types, file: 'long.csv' });
    const r = validateModel(gbdt, long, { target: 'default', date: 'date', grades: RatingGrades.parse('A:0.05,B:0.2,C') });
    expect(r.outOfTime!.periodKind).toBe('quarter');
    expect(r.outOfTime!.periods.map((p) => p.period)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(r.calibration.grades).toHaveLength(3);
  });

  it('a date that does not parse is E_DATE_PARSE naming file, line and column', () => {
    const text = loansCsv(50, 4).replace(/\n([^\n]*?),2024-03-0[0-9],/, '\n$1,2024-02-30,');
    const bad = parseCsv(text, { types, file: 'bad.csv' });
    const err = (() => {
      try {
        validateModel(gbdt, bad, { target: 'default', date: 'date' });
      } catch (e) {
        return e as CreditkitError;
      }
    })();
    expect(err).toBeInstanceOf(CreditkitError);
    expect(err!.code).toBe('E_DATE_PARSE');
    expect(err!.where).toMatchObject({ file: 'bad.csv', column: 'date' });
    expect(text.split('\n')[err!.where.line! - 1]).toContain('2024-02-30');
    expect(err!.message).toMatch(/"2024-02-30" is not a date/);
  });

  it('a champion with features the model does not have is E_CHAMPION_FEATURES naming them', () => {
    const wider = train.select(['x1', 'x2', 'region', 'default']);
    const { X, y } = splitTarget(wider, 'default');
    const champion = new LogisticRegression().fit(X, y);
    expect(() => validateModel(gbdt, current, { target: 'default', champion })).toThrow(
      expect.objectContaining({ code: 'E_CHAMPION_FEATURES', message: expect.stringMatching(/does not have 1 feature\(s\) the champion uses: region/) }),
    );
  });

  it('an unknown date or segment column is E_COLUMN_UNKNOWN; a numeric date column is E_COLUMN_TYPE', () => {
    expect(() => validateModel(gbdt, current, { target: 'default', segment: 'nope' })).toThrow(expect.objectContaining({ code: 'E_COLUMN_UNKNOWN' }));
    expect(() => validateModel(gbdt, current, { target: 'default', date: 'x1' })).toThrow(expect.objectContaining({ code: 'E_COLUMN_TYPE' }));
  });
});

describe('parseDate', () => {
  it('reads days, date-times, months and quarters, and checks the calendar', () => {
    const month = (s: string) => parseDate(s)?.month;
    expect(month('2024-02-29')).toBe(2024 * 12 + 1);
    expect(month('2024/12/31')).toBe(2024 * 12 + 11);
    expect(month('20240131')).toBe(2024 * 12);
    expect(month('2024-03-05T10:20:30Z')).toBe(2024 * 12 + 2);
    expect(month(' 2024-07 ')).toBe(2024 * 12 + 6);
    expect(parseDate('2024-Q3')).toEqual({ month: 2024 * 12 + 6, quarter: true });
    for (const bad of ['2023-02-29', '2024-13', '2024-00-10', '31/01/2024', 'Jan 2024', '', '2024-Q5']) expect(parseDate(bad), bad).toBeUndefined();
  });
});

describe('assignPeriods', () => {
  const months = (ms: number[], quarterOnly = false) => ({ month: Int32Array.from(ms), quarterOnly });
  it('months up to a 24-month span, quarters beyond it or when a value names only a quarter', () => {
    expect(assignPeriods(months([2024 * 12 + 11, 2023 * 12])).kind).toBe('month'); // Jan 2023 – Dec 2024: 24 months
    expect(assignPeriods(months([2025 * 12, 2023 * 12])).kind).toBe('quarter'); // Jan 2023 – Jan 2025: 25 months
    expect(assignPeriods(months([2025 * 12, 2023 * 12])).labels).toEqual(['2023-Q1', '2025-Q1']);
    expect(assignPeriods(months([2024 * 12, 2024 * 12 + 3], true)).labels).toEqual(['2024-Q1', '2024-Q2']);
    expect(assignPeriods(months([2025 * 12, 2023 * 12]), 'month').labels).toEqual(['2023-01', '2025-01']);
    expect(() => assignPeriods(months([2024 * 12], true), 'month')).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});

describe('segmentFigures', () => {
  it('labels numeric segments at float32 precision and puts missing values last', () => {
    const data = Dataset.fromColumns({ band: [0.1, 0.1, NaN, 0.2, 0.2, 0.1] });
    const s = segmentFigures(data, 'band', [0, 1, 0, 1, 0, 0], [0.2, 0.6, 0.1, 0.7, 0.3, 0.1], RatingGrades.parse('A:0.5,B'), { confidence: 0.95, levels: { amber: 0.05, red: 0.01 }, hlDf: 'groups-2' });
    expect(s.segments.map((g) => [g.segment, g.count, g.defaults])).toEqual([['0.1', 3, 1], ['0.2', 2, 1], ['(missing)', 1, 0]]);
    expect(s.segments[2].note).toMatch(/one class/);
  });
});
