// `creditkit validate --grade-column`: the back-test per label of a rating column instead of PD bands.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { splitTarget } from '../../src/data/target.js';
import { saveModelFile } from '../../src/interop/modelFile.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { init } from '../../src/wasm/load.js';
import { loansCsv, withRating } from '../validation/syntheticLoans.js';
import { cli, tempDir } from './helpers.js';

const tmp = tempDir();
let paths: Record<string, string>;

beforeAll(async () => {
  await init();
  const trainText = withRating(loansCsv(3000, 1));
  const { X, y } = splitTarget(parseCsv(trainText, { types: { date: 'categorical', region: 'categorical', rating: 'categorical' } }).select(['x1', 'x2', 'default']), 'default');
  paths = {
    train: tmp.file('train.csv', trainText),
    current: tmp.file('current.csv', withRating(loansCsv(2400, 2))),
    // Line 8 (row 6) rated "E", a grade the order does not know.
    odd: tmp.file('odd.csv', withRating(loansCsv(100, 3), (i, x1) => (i === 6 ? 'E' : x1 < 0 ? 'A' : 'B'))),
    model: tmp.file('model.json'),
  };
  await saveModelFile(paths.model, new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, seed: 1 }).fit(X, y));
});
afterAll(() => tmp.cleanup());

interface Grade { grade: string; count: number; defaults: number; lowerPd: number | null; jeffreysP: number | null }

describe('creditkit validate --grade-column', () => {
  it('back-tests each rating label, in the order given, with the baseline\'s labels for the grade PSI', async () => {
    const out = tmp.file('v.json');
    const r = await cli('validate', '--model', paths.model, '--data', paths.current, '--target', 'default', '--grade-column', 'rating', '--grade-order', 'A,B,C',
      '--baseline', paths.train, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Calibration per grade of column "rating" \(one-sided/);
    const v = JSON.parse(readFileSync(out, 'utf8')) as { settings: { grades: { names: string[]; column: string } }; calibration: { grades: Grade[] }; stability: { grades: { psi: number } } };
    expect(v.settings.grades).toEqual({ names: ['A', 'B', 'C'], upper: null, column: 'rating' });
    const labels = readFileSync(paths.current, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    for (const g of v.calibration.grades) {
      const rows = labels.filter((l) => l[5] === g.grade);
      expect(g.count).toBe(rows.length);
      expect(g.defaults).toBe(rows.filter((l) => l[4] === '1').length);
      expect(g.lowerPd).toBeNull();
      expect(g.jeffreysP).toBeGreaterThanOrEqual(0);
    }
    // Same rating rule on both samples: the grade mix barely moves.
    expect(v.stability.grades.psi).toBeLessThan(0.01);
  }, 60_000);

  it('writes the rating grades into the HTML report', async () => {
    const html = tmp.file('v.html');
    const r = await cli('validate', '--model', paths.model, '--data', paths.current, '--target', 'default', '--grade-column', 'rating', '--out', html);
    expect(r.code, r.err).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('grade from');
    expect(page).toContain('rating = B');
  }, 60_000);

  it('refuses --grades with --grade-column, --grade-order alone, an unknown column and a label outside the order', async () => {
    const base = ['validate', '--model', paths.model, '--target', 'default'];
    const both = await cli(...base, '--data', paths.current, '--grades', 'A:0.1,B', '--grade-column', 'rating');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/E_USAGE/);
    const orderAlone = await cli(...base, '--data', paths.current, '--grade-order', 'A,B');
    expect(orderAlone.code).toBe(2);
    expect(orderAlone.err).toMatch(/E_USAGE/);
    const unknown = await cli(...base, '--data', paths.current, '--grade-column', 'grade');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/E_COLUMN_UNKNOWN/);
    const out = tmp.file('never.json');
    const outside = await cli(...base, '--data', paths.odd, '--grade-column', 'rating', '--grade-order', 'A,B,C,D', '--out', out);
    expect(outside.code).toBe(2);
    expect(outside.err).toMatch(/E_GRADE_LABEL/);
    expect(outside.err).toMatch(/"E"/);
    expect(outside.err).toMatch(/odd\.csv.*line 8/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
