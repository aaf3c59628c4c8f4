import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, GERMAN, tempDir } from './helpers.js';

/** Every bad input ends with exit code 2, a coded message with its location, and no output file. */
describe('bad input gives a clear error and no partial output', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  async function trainFails(csv: string, code: string): Promise<string> {
    const data = tmp.file('data.csv', csv);
    const out = tmp.file('model.json');
    const r = await cli('train', '--data', data, '--target', 'y', '--out', out, '--n-estimators', '5');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
    expect(readdirSync(tmp.dir)).toEqual(['data.csv']);
    return r.err;
  }

  it('missing target column', async () => {
    const err = await trainFails('a,b\n1,0\n2,1\n', 'E_TARGET_MISSING');
    expect(err).toMatch(/"y"/);
    expect(err).toMatch(/a, b/);
  });

  it('a non-numeric cell in a numeric column names file, line and column', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i % 2}`);
    rows[11] = 'abc,1';
    const err = await trainFails(`x,y\n${rows.join('\n')}\n`, 'E_CSV_NOT_NUMERIC');
    expect(err).toMatch(/data\.csv/);
    expect(err).toMatch(/line 13/);
    expect(err).toMatch(/column "x"/);
    expect(err).toMatch(/abc/);
  });

  it('a single-class target', async () => {
    await trainFails('x,y\n1,0\n2,0\n3,0\n', 'E_SINGLE_CLASS');
  });

  it('an empty file', async () => {
    await trainFails('', 'E_CSV_EMPTY');
  });

  it('NaN and Infinity labels', async () => {
    const nan = await trainFails('x,y\n1,0\n2,NaN\n3,1\n', 'E_TARGET_INVALID');
    expect(nan).toMatch(/data\.csv, line 3, column "y"/);
    const inf = await trainFails('x,y\n1,0\n2,Infinity\n3,1\n', 'E_CSV_NONFINITE');
    expect(inf).toMatch(/line 3/);
    expect(inf).toMatch(/column "y"/);
  });

  it('a model file that is not a creditkit model', async () => {
    const notModel = tmp.file('model.json', JSON.stringify({ hello: 'world' }));
    const out = tmp.file('scores.csv');
    const r = await cli('score', '--model', notModel, '--data', GERMAN, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_MODEL_FORMAT\].*model\.json/);
    expect(readdirSync(tmp.dir)).toEqual(['model.json']);

    const garbage = tmp.file('model.json', '{"format": "creditkit-model", "name": "GradientBoo');
    const r2 = await cli('score', '--model', garbage, '--data', GERMAN, '--out', out);
    expect(r2.err).toMatch(/\[E_MODEL_FORMAT\].*not valid JSON/);
    expect(readdirSync(tmp.dir)).toEqual(['model.json']);
  });

  it('scoring data without the model\'s columns', async () => {
    const model = tmp.file('model.json');
    const train = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', model, '--n-estimators', '3');
    expect(train.code).toBe(0);
    const data = tmp.file('new.csv', 'age_years,credit_amount\n30,1000\n');
    const out = tmp.file('scores.csv');
    const r = await cli('score', '--model', model, '--data', data, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/E_COLUMN_UNKNOWN/);
    expect(r.err).toMatch(/checking_account_status/);
    expect(readdirSync(tmp.dir).sort()).toEqual(['model.json', 'new.csv']);
  });

  it('a missing data file', async () => {
    const r = await cli('train', '--data', tmp.file('nope.csv'), '--target', 'y');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_FILE_NOT_FOUND\].*nope\.csv/);
  });
});
