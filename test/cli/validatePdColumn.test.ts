// `creditkit validate --pd COL`: PDs scored elsewhere, validated without the model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { splitTarget } from '../../src/data/target.js';
import { saveModelFile } from '../../src/interop/modelFile.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { LogisticRegression } from '../../src/models/linear/logistic.js';
import { init } from '../../src/wasm/load.js';
import { loansCsv } from '../validation/syntheticLoans.js';
import { cli, expectCodedFailure, tempDir } from './helpers.js';

const tmp = tempDir();
let paths: Record<string, string>;

/** `csv` with an `id` column first and the PDs of both models appended (pd, champ). */
function scoredCsv(csv: string, pd: Float64Array, champ: Float64Array): string {
  const [header, ...lines] = csv.trimEnd().split('\n');
  return [`loan_id,${header},pd,champ`, ...lines.map((l, i) => `L${1000 + i},${l},${pd[i]},${champ[i]}`)].join('\n') + '\n';
}

beforeAll(async () => {
  await init();
  const types = { date: 'categorical', region: 'categorical' } as const;
  const trainText = loansCsv(3000, 1);
  const currentText = loansCsv(2400, 2);
  const train = parseCsv(trainText, { types });
  const current = parseCsv(currentText, { types });
  const { X, y } = splitTarget(train.select(['x1', 'x2', 'default']), 'default');
  const gbdt = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, seed: 1 }).fit(X, y);
  const logistic = new LogisticRegression().fit(X, y);
  paths = {
    train: tmp.file('train.csv', trainText),
    current: tmp.file('current.csv', currentText),
    scoredTrain: tmp.file('scored-train.csv', scoredCsv(trainText, gbdt.predictProba(train), logistic.predictProba(train))),
    scored: tmp.file('scored.csv', scoredCsv(currentText, gbdt.predictProba(current), logistic.predictProba(current))),
    gbdt: tmp.file('gbdt.json'),
    logistic: tmp.file('logistic.json'),
  };
  await saveModelFile(paths.gbdt, gbdt);
  await saveModelFile(paths.logistic, logistic);
}, 120_000);
afterAll(() => tmp.cleanup());

describe('creditkit validate --pd COL', () => {
  it('gives the figures of the model that wrote the column, its champion from --champion-pd; the id column is no characteristic', async () => {
    const common = ['--target', 'default', '--date', 'date', '--segment', 'region', '--json'];
    const byModel = JSON.parse((await cli('validate', '--model', paths.gbdt, '--champion', paths.logistic, '--data', paths.current, '--baseline', paths.train, ...common)).out);
    const r = await cli('validate', '--pd', 'pd', '--champion-pd', 'champ', '--data', paths.scored, '--baseline', paths.scoredTrain, ...common);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const byPd = JSON.parse(r.out);
    for (const part of ['rows', 'defaults', 'discrimination', 'calibration', 'outOfTime', 'segments']) expect(byPd[part], part).toEqual(byModel[part]);
    expect(byPd.champion.test).toEqual(byModel.champion.test);
    expect(byPd.stability.score).toEqual(byModel.stability.score);
    expect(byPd.stability.characteristics.map((c: { name: string }) => c.name).sort()).toEqual(['x1', 'x2']);
    expect(byPd.model).toEqual({ kind: 'PD column "pd"', features: ['x1', 'x2'], pdColumn: 'pd' });
    expect(byPd.files.model).toBeNull();
  }, 120_000);

  it('writes the HTML report and prints the summary', async () => {
    const out = tmp.file('pd.html');
    const r = await cli('validate', '--pd', 'pd', '--data', paths.scored, '--target', 'default', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/2,400 rows/);
    expect(r.out).toMatch(/Jeffreys p/);
  });

  it.each([
    [['--pd', 'pd', '--model', 'm.json'], 'E_USAGE', /--model .* or --pd COL .*not both/],
    [['--pd', 'pd', '--champion', 'm.json'], 'E_USAGE', /give --champion-pd COL instead of --champion/],
    [['--champion-pd', 'champ'], 'E_USAGE', /--champion-pd .* goes with --pd COL/],
    [['--pd', 'score'], 'E_COLUMN_UNKNOWN', /score/],
  ])('%s is a coded error and writes nothing', async (args, code, message) => {
    const out = tmp.file('never.json');
    const r = await cli('validate', '--data', paths.scored, '--target', 'default', ...args, '--out', out);
    expectCodedFailure(r, code, message, out);
  });

  it('a PD outside [0, 1] names file, line and column', async () => {
    const lines = (await import('node:fs')).readFileSync(paths.scored, 'utf8').split('\n');
    lines[7] = lines[7].replace(/,[^,]*,([^,]*)$/, ',1.2,$1');
    const bad = tmp.file('bad-pd.csv', lines.join('\n'));
    const r = await cli('validate', '--pd', 'pd', '--data', bad, '--target', 'default');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`E_NONFINITE`);
    expect(r.err).toContain(`${bad}, line 8, column "pd": a PD must be in [0, 1], got 1.2`);
  });
});
