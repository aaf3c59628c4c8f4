// validateModel with grades read from a column (a bank's own rating) instead of PD bands.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import type { Dataset } from '../../src/data/dataset.js';
import { splitTarget } from '../../src/data/target.js';
import { CreditkitError } from '../../src/errors.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { categoricalPsi } from '../../src/monitor/psi.js';
import { RatingGrades } from '../../src/scorecard/grades.js';
import { incompleteBeta } from '../../src/stats/incompleteBeta.js';
import { columnGrades } from '../../src/validation/gradeAssignment.js';
import { validateModel } from '../../src/validation/validateModel.js';
import { init } from '../../src/wasm/load.js';
import { loansCsv, withRating } from './syntheticLoans.js';

const types = { date: 'categorical', region: 'categorical', rating: 'categorical' } as const;
const read = (text: string, file: string): Dataset => parseCsv(text, { types, file });
const current = read(withRating(loansCsv(2400, 2)), 'current.csv');
const baseline = read(withRating(loansCsv(3000, 1)), 'train.csv');
let model: GradientBoostingClassifier;

beforeAll(async () => {
  await init();
  const { X, y } = splitTarget(baseline.select(['x1', 'x2', 'default']), 'default');
  model = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, seed: 1 }).fit(X, y);
});

function errorOf(f: () => unknown): CreditkitError {
  try {
    f();
  } catch (e) {
    if (e instanceof CreditkitError) return e;
    throw e;
  }
  throw new Error('no error');
}

/** Rows, defaults and PD sum per label, tallied straight from the data. */
function tally(data: Dataset, pd: ArrayLike<number>): Map<string, { n: number; d: number; pdSum: number }> {
  const col = data.column('rating');
  const { y } = splitTarget(data, 'default');
  const out = new Map<string, { n: number; d: number; pdSum: number }>();
  for (let i = 0; i < data.nRows; i++) {
    const label = col.categories![col.values[i]];
    const t = out.get(label) ?? { n: 0, d: 0, pdSum: 0 };
    t.n++;
    t.d += y[i];
    t.pdSum += pd[i];
    out.set(label, t);
  }
  return out;
}

describe('validateModel with gradeColumn', () => {
  it('back-tests each label of the column: counts, mean PD, default rate and Jeffreys p per label', () => {
    const r = validateModel(model, current, { target: 'default', gradeColumn: 'rating', gradeOrder: ['A', 'B', 'C'] });
    const pd = model.predictProba(current);
    const t = tally(current, pd);
    expect(r.settings.grades).toEqual({ names: ['A', 'B', 'C'], upper: null, column: 'rating' });
    expect(r.calibration.grades.map((g) => g.grade)).toEqual(['A', 'B', 'C']);
    for (const g of r.calibration.grades) {
      const { n, d, pdSum } = t.get(g.grade)!;
      expect(g.count).toBe(n);
      expect(g.defaults).toBe(d);
      expect(g.lowerPd).toBeNull();
      expect(g.upperPd).toBeNull();
      expect(g.meanPd).toBeCloseTo(pdSum / n, 12);
      expect(g.defaultRate).toBeCloseTo(d / n, 12);
      // The ECB's Jeffreys p-value: the Beta(D + ½, N − D + ½) CDF at the grade's mean PD.
      expect(g.jeffreysP).toBeCloseTo(incompleteBeta(pdSum / n, d + 0.5, n - d + 0.5), 12);
    }
    expect(r.calibration.hosmerLemeshowGrades.groups.map((h) => h.group)).toEqual(['A', 'B', 'C']);
    expect(r.calibration.monotone).toBe(true);
    expect(r.calibration.herfindahl.index).toBeCloseTo([...t.values()].reduce((s, v) => s + (v.n / 2400) ** 2, 0), 12);
  });

  it('orders the labels by mean PD when no order is given, and keeps an ordered label that no row has as an empty grade', () => {
    // Labels whose alphabetical order is not their risk order.
    const renamed = read(withRating(loansCsv(2400, 2), (_i, x1) => (x1 < -0.5 ? 'low' : x1 < 0.5 ? 'mid' : 'high')), 'current.csv');
    const r = validateModel(model, renamed, { target: 'default', gradeColumn: 'rating' });
    expect(r.calibration.grades.map((g) => g.grade)).toEqual(['low', 'mid', 'high']);
    const withEmpty = validateModel(model, current, { target: 'default', gradeColumn: 'rating', gradeOrder: ['AA', 'A', 'B', 'C'] });
    expect(withEmpty.calibration.grades[0]).toMatchObject({ grade: 'AA', count: 0, jeffreysP: null, note: 'empty grade' });
  });

  it('gives each segment the same labels', () => {
    const r = validateModel(model, current, { target: 'default', gradeColumn: 'rating', gradeOrder: ['A', 'B', 'C'], segment: 'region' });
    const all = r.calibration.grades.map((g) => g.count);
    const summed = [0, 0, 0];
    for (const s of r.segments!.segments) s.calibration.grades.forEach((g, k) => (summed[k] += g.count));
    expect(summed).toEqual(all);
  });

  it('measures the stability of the grades on the baseline\'s labels', () => {
    const r = validateModel(model, current, { target: 'default', gradeColumn: 'rating', gradeOrder: ['A', 'B', 'C'], baseline });
    const column = (d: Dataset) => {
      const c = d.column('rating');
      const order = ['A', 'B', 'C'];
      return { name: 'grade', kind: 'categorical' as const, categories: order, values: Float32Array.from(c.values, (v) => order.indexOf(c.categories![v])) };
    };
    expect(r.stability!.grades.psi).toBeCloseTo(categoricalPsi('grade', column(baseline), column(current)).psi, 12);
    // A baseline rated all "A" has a very different grade mix, whatever its PDs.
    const allA = read(withRating(loansCsv(3000, 1), () => 'A'), 'train.csv');
    const shifted = validateModel(model, current, { target: 'default', gradeColumn: 'rating', gradeOrder: ['A', 'B', 'C'], baseline: allA });
    expect(shifted.stability!.grades.label).toBe('significant shift');
  });

  it('refuses bands and a column together, an order without a column, an unknown column, and labels outside the order', () => {
    expect(errorOf(() => validateModel(model, current, { target: 'default', gradeColumn: 'rating', grades: RatingGrades.parse('A:0.1,B') })).code).toBe('E_OPTION');
    expect(errorOf(() => validateModel(model, current, { target: 'default', gradeOrder: ['A'] })).code).toBe('E_OPTION');
    expect(errorOf(() => validateModel(model, current, { target: 'default', gradeColumn: 'rating', gradeOrder: ['A', 'A'] })).code).toBe('E_OPTION');
    const unknown = errorOf(() => validateModel(model, current, { target: 'default', gradeColumn: 'grade' }));
    expect(unknown.code).toBe('E_COLUMN_UNKNOWN');
    expect(unknown.where.column).toBe('grade');

    const outside = errorOf(() => validateModel(model, current, { target: 'default', gradeColumn: 'rating', gradeOrder: ['A', 'B'] }));
    expect(outside.code).toBe('E_GRADE_LABEL');
    expect(outside.message).toMatch(/"C"/);
    expect(outside.where).toMatchObject({ file: 'current.csv', column: 'rating' });
    // The first C row's line: the header is line 1.
    const firstC = current.column('rating').categories!.indexOf('C');
    expect(outside.where.line).toBe(Array.from(current.column('rating').values).indexOf(firstC) + 2);

    const blank = read(withRating(loansCsv(50, 3), (i) => (i === 9 ? '' : 'A')), 'blank.csv');
    const empty = errorOf(() => columnGrades(blank, 'rating', new Float64Array(50).fill(0.1)));
    expect(empty.code).toBe('E_GRADE_LABEL');
    expect(empty.where).toMatchObject({ file: 'blank.csv', line: 11, column: 'rating' });
  });

  it('names the baseline\'s file and line for a baseline label outside the grades, and needs the column in the baseline', () => {
    const extra = read(withRating(loansCsv(3000, 1), (i) => (i === 4 ? 'D' : 'B')), 'train.csv');
    const e = errorOf(() => validateModel(model, current, { target: 'default', gradeColumn: 'rating', baseline: extra }));
    expect(e.code).toBe('E_GRADE_LABEL');
    expect(e.where).toMatchObject({ file: 'train.csv', line: 6, column: 'rating' });
    const noColumn = errorOf(() => validateModel(model, current, { target: 'default', gradeColumn: 'rating', baseline: baseline.drop(['rating']) }));
    expect(noColumn.code).toBe('E_COLUMN_UNKNOWN');
  });
});
