// Validating PDs scored elsewhere (a PD column, no model): the same figures as
// validateModel gives for the model that wrote the column.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { splitTarget } from '../../src/data/target.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { LogisticRegression } from '../../src/models/linear/logistic.js';
import { validateModel, type ValidationResult } from '../../src/validation/validateModel.js';
import { pdsFromColumn, validateScores } from '../../src/validation/validateScores.js';
import { init } from '../../src/wasm/load.js';
import { errorOf } from '../errorOf.js';
import { loansCsv } from './syntheticLoans.js';

const types = { date: 'categorical', region: 'categorical', pd: 'categorical', champ: 'categorical' } as const;
const features = ['x1', 'x2'];

/** `csv` with the PDs of `model` (and `champion`) appended as columns pd and champ, at full float64 precision. */
function withPds(csv: string, model: GradientBoostingClassifier, champion: LogisticRegression): string {
  const ds = parseCsv(csv, { types: { date: 'categorical', region: 'categorical' } });
  const pd = model.predictProba(ds);
  const champ = champion.predictProba(ds);
  const [header, ...lines] = csv.trimEnd().split('\n');
  return [`${header},pd,champ`, ...lines.map((l, i) => `${l},${pd[i]},${champ[i]}`)].join('\n') + '\n';
}

describe('validateScores', () => {
  let byModel: ValidationResult;
  let byScores: ValidationResult;
  let scoredText: string;

  beforeAll(async () => {
    await init();
    const trainText = loansCsv(3000, 1);
    const train = parseCsv(trainText, { types: { date: 'categorical', region: 'categorical' }, file: 'train.csv' });
    const current = parseCsv(loansCsv(2400, 2), { types: { date: 'categorical', region: 'categorical' }, file: 'current.csv' });
    const { X, y } = splitTarget(train.select([...features, 'default']), 'default');
    const gbdt = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, seed: 1 }).fit(X, y);
    const logistic = new LogisticRegression().fit(X, y);
    byModel = validateModel(gbdt, current, { target: 'default', date: 'date', segment: 'region', champion: logistic, baseline: train });
    scoredText = withPds(loansCsv(2400, 2), gbdt, logistic);
    const scored = parseCsv(scoredText, { types, file: 'scored.csv' });
    const scoredTrain = parseCsv(withPds(trainText, gbdt, logistic), { types, file: 'train.csv' });
    byScores = validateScores(scored, { pd: 'pd', championPd: 'champ', target: 'default', date: 'date', segment: 'region', baseline: scoredTrain });
  });

  it('gives the figures validateModel gives for the model that wrote the PD column', () => {
    for (const part of ['rows', 'defaults', 'defaultRate', 'meanPd', 'discrimination', 'calibration', 'outOfTime', 'segments', 'settings'] as const) {
      expect(byScores[part], part).toEqual(byModel[part]);
    }
    expect(byScores.champion!.test).toEqual(byModel.champion!.test);
    expect(byScores.champion!.discrimination).toEqual(byModel.champion!.discrimination);
    expect(byScores.champion!.champion).toBe('PD column "champ"');
    expect(byScores.stability!.score).toEqual(byModel.stability!.score);
    expect(byScores.stability!.grades).toEqual(byModel.stability!.grades);
    // The shared columns other than the target, PDs, date and segment: the model's features here.
    expect(byScores.stability!.characteristics).toEqual(byModel.stability!.characteristics);
    expect(byScores.model).toEqual({ kind: 'PD column "pd"', features, pdColumn: 'pd' });
    expect(byModel.model.pdColumn).toBeNull();
    expect(byScores.summary.red + byScores.summary.amber + byScores.summary.green).toBe(byScores.flags.length);
  });

  it('reads each PD exactly from its text; a bad PD is a coded error naming the line and column', () => {
    const scored = parseCsv(scoredText, { types, file: 'scored.csv' });
    const pd = pdsFromColumn(scored, 'pd');
    expect(pd[0]).toBe(Number(scoredText.split('\n')[1].split(',')[5]));
    const lines = scoredText.split('\n');
    const bad = (cell: string) => {
      const copy = [...lines];
      copy[3] = copy[3].replace(/,[^,]*,([^,]*)$/, `,${cell},$1`);
      return parseCsv(copy.join('\n'), { types, file: 'bad.csv' });
    };
    for (const [cell, code, message] of [
      ['', 'E_NONFINITE', /a missing PD/],
      ['1.5', 'E_NONFINITE', /a PD must be in \[0, 1\], got 1.5/],
      ['-0.01', 'E_NONFINITE', /got -0.01/],
      ['high', 'E_CSV_NOT_NUMERIC', /PD "high" is not a number/],
      ['inf', 'E_CSV_NONFINITE', /PD "inf" is not a finite number/],
    ] as const) {
      const e = errorOf(() => validateScores(bad(cell), { pd: 'pd', target: 'default' }));
      expect(e.code, cell).toBe(code);
      expect(e.where, cell).toMatchObject({ file: 'bad.csv', line: 4, column: 'pd' });
      expect(e.message, cell).toMatch(message);
    }
  });

  it('checks its columns and options', () => {
    const scored = parseCsv(scoredText, { types, file: 'scored.csv' });
    const noPd = parseCsv(loansCsv(100, 3), { types: { date: 'categorical', region: 'categorical' }, file: 'base.csv' });
    expect(errorOf(() => validateScores(scored, { pd: 'score', target: 'default' }))).toMatchObject({ code: 'E_COLUMN_UNKNOWN', where: { file: 'scored.csv', column: 'score' } });
    expect(errorOf(() => validateScores(scored, { pd: 'pd', target: 'default', baseline: noPd }))).toMatchObject({ code: 'E_COLUMN_UNKNOWN', where: { file: 'base.csv', column: 'pd' } });
    expect(errorOf(() => validateScores(scored, { pd: 'pd', championPd: 'pd', target: 'default' })).code).toBe('E_OPTION');
    expect(errorOf(() => validateScores(scored, { pd: 'pd', target: 'default', protected: ['champ'], championPd: 'champ' })).code).toBe('E_OPTION');
    // The model's features, when named, are checked against the protected columns.
    expect(errorOf(() => validateScores(scored, { pd: 'pd', target: 'default', features: ['x1', 'region'], protected: ['region'] }))).toMatchObject({ code: 'E_PROTECTED_FEATURE', where: { column: 'region' } });
    const fair = validateScores(scored, { pd: 'pd', target: 'default', features, protected: ['region'] });
    expect(fair.fairness!.columns[0].column).toBe('region');
    expect(fair.stability).toBeNull();
  });
});
