import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, GERMAN, tempDir } from './helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/xgboost/${name}`, import.meta.url));

describe('XGBoost models on the command line', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('scores an XGBoost JSON model directly, matching XGBoost 1.7.4 within 1e-6', async () => {
    const cases = JSON.parse(readFileSync(fixture('xgb-gmsc.cases.json'), 'utf8'));
    const model = JSON.parse(readFileSync(fixture('xgb-gmsc.model.json'), 'utf8'));
    const names: string[] = model.learner.feature_names;
    const lines = [names.join(',')];
    for (const row of cases.rows as (number | null)[][]) lines.push(row.map((v) => (v === null || Number.isNaN(v) ? '' : String(v))).join(','));
    const data = tmp.file('rows.csv', lines.join('\n') + '\n');
    const out = tmp.file('scores.csv');
    const r = await cli('score', '--model', fixture('xgb-gmsc.model.json'), '--data', data, '--out', out);
    expect(r.err).toBe('');
    const pd = readFileSync(out, 'utf8').trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    expect(pd).toHaveLength(cases.proba.length);
    pd.forEach((p, i) => expect(Math.abs(p - cases.proba[i])).toBeLessThanOrEqual(1e-6));
  });

  it('converts creditkit → XGBoost → creditkit with the same predictions', async () => {
    const model = tmp.file('m.json');
    expect((await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', model, '--n-estimators', '15', '--max-depth', '3')).code).toBe(0);
    const xgb = tmp.file('m.xgb.json');
    const r = await cli('convert', '--model', model, '--out', xgb, '--to', 'xgboost');
    expect(r.code).toBe(0);
    const exported = JSON.parse(readFileSync(xgb, 'utf8'));
    expect(exported.learner.objective.name).toBe('binary:logistic');
    expect(exported.learner.gradient_booster.model.trees).toHaveLength(15);
    const back = tmp.file('back.json');
    expect((await cli('convert', '--model', xgb, '--out', back)).code).toBe(0);
    const a = tmp.file('a.csv');
    const b = tmp.file('b.csv');
    expect((await cli('score', '--model', model, '--data', GERMAN, '--out', a)).code).toBe(0);
    expect((await cli('score', '--model', back, '--data', GERMAN, '--out', b)).code).toBe(0);
    const pa = readFileSync(a, 'utf8').trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    const pb = readFileSync(b, 'utf8').trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    expect(pb).toHaveLength(1000);
    pa.forEach((p, i) => expect(Math.abs(p - pb[i])).toBeLessThanOrEqual(1e-6));
  });

  it('rejects an unknown target format and a broken XGBoost file', async () => {
    const r = await cli('convert', '--model', fixture('xgb-gmsc.model.json'), '--out', tmp.file('x.json'), '--to', 'onnx');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/E_USAGE.*onnx/);
    const broken = tmp.file('broken.json', '{"learner": {"objective": {"name": "reg:squarederror"}}}');
    const r2 = await cli('convert', '--model', broken, '--out', tmp.file('y.json'));
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/E_MODEL_FORMAT.*broken\.json/);
  });
});
