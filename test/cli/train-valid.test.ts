import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';
import { trainingCsv } from './trainingCsv.js';

describe('creditkit train --valid F', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const train = tmp.file('train.csv', trainingCsv(300));
  const valid = tmp.file('valid.csv', trainingCsv(120, 1000));
  const base = (out: string): string[] => ['train', '--data', train, '--target', 'y', '--drop', 'id', '--out', out];

  it('reports the validation file next to the training metrics, for any kind', async () => {
    const out = tmp.file('m.json');
    const r = await cli(...base(out), '--valid', valid, '--n-estimators', '20', '--max-depth', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^train {7}300 rows, default rate 0\.\d{4}, AUC 0\.\d{4}/m);
    expect(r.out).toMatch(new RegExp(`^validation  ${valid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 120 rows, default rate 0\\.\\d{4}, AUC 0\\.\\d{4}, logloss`, 'm'));
    const json = await cli(...base(out), '--valid', valid, '--kind', 'logistic', '--json');
    const s = JSON.parse(json.out);
    expect(s.validation).toMatchObject({ file: valid, rows: 120 });
    expect(s.validation.auc).toBeGreaterThan(0.8);
    expect(s.train.rows).toBe(300);
    const card = JSON.parse((await cli(...base(tmp.file('card.json')), '--valid', valid, '--kind', 'scorecard', '--json')).out);
    expect(card).toMatchObject({ model: 'scorecard', validation: { file: valid, rows: 120 }, train: { rows: 300 } });
    expect(card.validation.auc).toBeGreaterThan(0.8);
  });

  it('drives early stopping: the model keeps the best round on the validation file', async () => {
    const out = tmp.file('es.json');
    const r = await cli(...base(out), '--valid', valid, '--n-estimators', '200', '--learning-rate', '0.5', '--early-stopping-rounds', '3');
    expect(r.code).toBe(0);
    const best = Number(/best round (\d+)/.exec(r.out)?.[1]);
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(200);
    expect(JSON.parse(readFileSync(out, 'utf8')).trees).toHaveLength(best);
  });

  it('reads the file with the training kinds and dictionaries: an unseen label is missing, not an error', async () => {
    const text = trainingCsv(60, 2000).replace(/,F,/g, ',X,');
    const other = tmp.file('other-labels.csv', text);
    const r = await cli(...base(tmp.file('lab.json')), '--valid', other, '--kind', 'tree', '--max-depth', '3', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).validation.rows).toBe(60);
  });

  it.each([
    ['a missing feature column', () => trainingCsv(50, 3000).replace(/^id,x1,x2,/, 'id,x1,z2,'), 'E_COLUMN_UNKNOWN', /valid-bad\.csv, line 1, column "x2": the --valid file lacks "x2", a feature of the training data/],
    ['a missing target', () => trainingCsv(50, 3000).replace(/,y\n/, ',label\n'), 'E_TARGET_MISSING', /valid-bad\.csv, line 1, column "y": no target column "y" in the --valid file/],
    ['text in a numeric feature', () => trainingCsv(50, 3000).replace(/\n3003,[^,]*,/, '\n3003,abc,'), 'E_CSV_NOT_NUMERIC', /valid-bad\.csv, line 5, column "x1"/],
  ])('%s is a coded error naming the file (and line), and writes nothing', async (_name, text, code, message) => {
    const bad = tmp.file('valid-bad.csv', text());
    const out = tmp.file('bad.json');
    const r = await cli(...base(out), '--valid', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('usage errors: with --valid-ratio, early stopping without a validation set, a missing file, --out = --valid', async () => {
    const out = tmp.file('u.json');
    const both = await cli(...base(out), '--valid', valid, '--valid-ratio', '0.2');
    expect(both.err).toMatch(/E_USAGE.*give --valid-ratio or --valid, not both/);
    const es = await cli(...base(out), '--early-stopping-rounds', '3');
    expect(es.err).toMatch(/E_USAGE.*--early-stopping-rounds needs --valid-ratio or --valid/);
    const missing = await cli(...base(out), '--valid', tmp.file('nope.csv'));
    expect(missing.err).toMatch(/E_FILE_NOT_FOUND.*nope\.csv/);
    const same = await cli('train', '--data', train, '--target', 'y', '--out', valid, '--valid', valid);
    expect(same.err).toMatch(/E_USAGE.*--out .* is the same file as --valid/);
    expect(readFileSync(valid, 'utf8')).toBe(trainingCsv(120, 1000));
    expect(existsSync(out)).toBe(false);
  });
});
