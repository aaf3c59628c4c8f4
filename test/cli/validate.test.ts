import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { splitTarget } from '../../src/data/target.js';
import { saveModelFile } from '../../src/interop/modelFile.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { LogisticRegression } from '../../src/models/linear/logistic.js';
import { init } from '../../src/wasm/load.js';
import { loansCsv } from '../validation/syntheticLoans.js';
import { cli, tempDir } from './helpers.js';

const tmp = tempDir();
let paths: Record<string, string>;

beforeAll(async () => {
  await init();
  const trainText = loansCsv(3000, 1);
  const { X, y } = splitTarget(parseCsv(trainText, { types: { date: 'categorical', region: 'categorical' } }).select(['x1', 'x2', 'default']), 'default');
  const wide = splitTarget(parseCsv(trainText, { types: { date: 'categorical', region: 'categorical' } }).select(['x1', 'x2', 'region', 'default']), 'default');
  paths = {
    train: tmp.file('train.csv', trainText),
    current: tmp.file('current.csv', loansCsv(2400, 2)),
    gbdt: tmp.file('gbdt.json'),
    logistic: tmp.file('logistic.json'),
    wide: tmp.file('wide.json'),
  };
  await saveModelFile(paths.gbdt, new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, seed: 1 }).fit(X, y));
  await saveModelFile(paths.logistic, new LogisticRegression().fit(X, y));
  await saveModelFile(paths.wide, new LogisticRegression().fit(wide.X, wide.y));
});
afterAll(() => tmp.cleanup());

describe('creditkit validate', () => {
  it('prints the flags, discrimination with DeLong intervals, the grade back-test, periods and segments', async () => {
    const r = await cli('validate', '--model', paths.gbdt, '--data', paths.current, '--target', 'default', '--date', 'date', '--segment', 'region',
      '--champion', paths.logistic, '--baseline', paths.train);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2,400 rows/);
    expect(r.out).toMatch(/flags: \d+ red, \d+ amber, \d+ green/);
    expect(r.out).toMatch(/95% CI \(DeLong\)/);
    expect(r.out).toMatch(/champion LogisticRegression/);
    expect(r.out).toMatch(/DeLong test of the AUC difference/);
    expect(r.out).toMatch(/Jeffreys p/);
    expect(r.out).toMatch(/Hosmer–Lemeshow \(deciles\): χ² = /);
    expect(r.out).toMatch(/Out of time by month/);
    expect(r.out).toMatch(/2024-06 .* n\/a \(no defaults\)/);
    expect(r.out).toMatch(/tiny .* n\/a \(no defaults\)/);
    expect(r.out).toMatch(/Stability against the baseline \(3,000 rows\)/);
    expect(r.out).not.toMatch(/NaN/);
  });

  it('--json and --out give every figure as JSON', async () => {
    const out = tmp.file('validation.json');
    const r = await cli('validate', '--model', paths.gbdt, '--data', paths.current, '--target', 'default', '--grades', 'A:0.02,B:0.1,C', '--initial-auc', '0.9', '--json', '--out', out);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.out);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(printed);
    expect(printed.files.model).toBe(paths.gbdt);
    expect(printed.calibration.grades.map((g: { grade: string }) => g.grade)).toEqual(['A', 'B', 'C']);
    expect(printed.discrimination.variance).toBeGreaterThan(0);
    expect(printed.fairness).toBeNull();
    // The AUC near 0.79 against 0.9 at approval: a significant drop, a red flag.
    expect(printed.aucChange.initialAuc).toBe(0.9);
    expect(printed.aucChange.p).toBeLessThan(0.01);
    expect(printed.summary.attention[0]).toMatchObject({ level: 'red', section: 'discrimination' });
  });

  it('--out F.html writes the HTML report, flags first', async () => {
    const out = tmp.file('validation.html');
    const r = await cli('validate', '--model', paths.gbdt, '--data', paths.current, '--target', 'default', '--date', 'date', '--out', out);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect([...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1])).toEqual(['flags', 'discrimination', 'calibration', 'out-of-time']);
    expect(html).toContain(`${paths.gbdt} on ${paths.current}`);
  });

  it('a bad date is E_DATE_PARSE with file, line and column; nothing is written', async () => {
    const text = readFileSync(paths.current, 'utf8').split('\n');
    text[5] = text[5].replace(/,2024-\d\d-\d\d,/, ',31/01/2024,');
    const bad = tmp.file('bad-date.csv', text.join('\n'));
    const out = tmp.file('never.json');
    const r = await cli('validate', '--model', paths.gbdt, '--data', bad, '--target', 'default', '--date', 'date', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('E_DATE_PARSE');
    expect(r.err).toContain(`${bad}, line 6, column "date": "31/01/2024" is not a date`);
    expect(existsSync(out)).toBe(false);
  });

  it('a champion with features the model lacks is E_CHAMPION_FEATURES naming them', async () => {
    const r = await cli('validate', '--model', paths.gbdt, '--data', paths.current, '--target', 'default', '--champion', paths.wide);
    expect(r.code).toBe(2);
    expect(r.err).toContain('E_CHAMPION_FEATURES');
    expect(r.err).toContain('the champion uses: region');
  });

  it('a column a flag names that a file lacks is E_COLUMN_UNKNOWN naming the flag; a missing model feature names the file\'s flag', async () => {
    for (const [flag, column] of [['--segment', 'band'], ['--date', 'month'], ['--protected', 'sex'], ['--grade-column', 'rating']]) {
      const r = await cli('validate', '--model', paths.gbdt, '--data', paths.current, '--target', 'default', flag, column);
      expect(r.code, flag).toBe(2);
      expect(r.err, flag).toContain(`[E_COLUMN_UNKNOWN]: ${paths.current}, column "${column}": ${flag} names "${column}", a column the file does not have (columns are: x1, x2, date, region, default)`);
    }
    const noX2 = tmp.file('no-x2.csv', readFileSync(paths.train, 'utf8').replace(/^([^,\n]*),[^,\n]*,/gm, '$1,'));
    for (const [flag, args] of [['--baseline', ['--data', paths.current, '--baseline', noX2]], ['--data', ['--data', noX2]]] as const) {
      const r = await cli('validate', '--model', paths.gbdt, '--target', 'default', ...args);
      expect(r.code, flag).toBe(2);
      expect(r.err, flag).toContain(`[E_COLUMN_UNKNOWN]: ${noX2}, column "x2": the ${flag} file lacks "x2", a feature of the model (columns are: x1, date, region, default)`);
    }
  });

  it('flag errors are E_USAGE', async () => {
    const period = await cli('validate', '--model', paths.gbdt, '--data', paths.current, '--target', 'default', '--date', 'date', '--period', 'week');
    expect(period.code).toBe(2);
    expect(period.err).toMatch(/E_USAGE.*--period is auto, month or quarter/);
    const grades = await cli('validate', '--model', paths.gbdt, '--data', paths.current, '--target', 'default', '--grades', 'A:0.5,B:0.2,C');
    expect(grades.err).toContain('E_USAGE');
    const conf = await cli('validate', '--model', paths.gbdt, '--data', paths.current, '--target', 'default', '--confidence', '95');
    expect(conf.err).toContain('E_USAGE');
    const df = await cli('validate', '--model', paths.gbdt, '--data', paths.current, '--target', 'default', '--hl-df', 'g');
    expect(df.err).toMatch(/E_USAGE.*--hl-df is groups-2 or groups, got g/);
  });
});
