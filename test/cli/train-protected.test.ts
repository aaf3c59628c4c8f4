import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadModel, LogisticRegression, modelToJSON, parseCsv, protectedAttributesOf, readModelFile, saveModelFile, setProtectedAttributes, splitTarget,
} from '../../src/core.js';
import { cli, tempDir, expectCodedFailure } from './helpers.js';
import { trainingCsv } from './trainingCsv.js';

describe('creditkit train --protected A,B', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const data = tmp.file('train.csv', trainingCsv(150));
  const base = (out: string): string[] => ['train', '--data', data, '--target', 'y', '--drop', 'id,w', '--out', out];

  it('drops them from the features with a notice and records them in the model file, which loads them back', async () => {
    const out = tmp.file('m.json');
    const r = await cli(...base(out), '--kind', 'logistic', '--protected', 'sex,grp', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('creditkit: note: --protected "sex" is not used as a feature\ncreditkit: note: --protected "grp" is not used as a feature\n');
    expect(JSON.parse(r.out)).toMatchObject({ features: ['x1', 'x2'], protected: ['sex', 'grp'] });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.protectedAttributes).toEqual(['sex', 'grp']);
    const model = await readModelFile(out);
    expect(model.featureSpecs.map((f) => f.name)).toEqual(['x1', 'x2']);
    expect(protectedAttributesOf(model)).toEqual(['sex', 'grp']);
    // Saved again, they stay.
    const again = tmp.file('again.json');
    await saveModelFile(again, model);
    expect(JSON.parse(readFileSync(again, 'utf8')).protectedAttributes).toEqual(['sex', 'grp']);
  });

  it('a protected column that is also dropped gets no notice; gbdt records them too', async () => {
    const out = tmp.file('g.json');
    const r = await cli('train', '--data', data, '--target', 'y', '--drop', 'id,w,sex', '--out', out, '--n-estimators', '3', '--protected', 'sex');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(loadModel(readFileSync(out, 'utf8')).protectedAttributes).toEqual(['sex']);
  });

  it('model files without the field (older files) load with none', async () => {
    const X = parseCsv(trainingCsv(60)).drop(['id', 'w']);
    const { X: features, y } = splitTarget(X, 'y');
    const m = new LogisticRegression().fit(features, y);
    const loaded = loadModel(JSON.stringify(m.toJSON()));
    expect(protectedAttributesOf(loaded)).toEqual([]);
    expect(modelToJSON(loaded)).not.toHaveProperty('protectedAttributes');
    expect(() => setProtectedAttributes(loaded, ['sex'])).toThrow(expect.objectContaining({ code: 'E_PROTECTED_FEATURE' }));
    expect(() => setProtectedAttributes(loaded, ['age', 'age'])).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });

  it.each([
    ['a name that is a feature', ['x1'], 'protectedAttributes[0]', /"x1" is a feature of the model/],
    ['not an array', 'sex', 'protectedAttributes', /must be an array of column names/],
    ['a name listed twice', ['a', 'a'], 'protectedAttributes[1]', /"a" is listed twice/],
    ['an empty name', [''], 'protectedAttributes[0]', /must be a column name/],
  ])('a model file whose protectedAttributes has %s is E_MODEL_FORMAT at its path', async (_name, value, path, message) => {
    const out = tmp.file('p.json');
    expect((await cli(...base(out), '--kind', 'logistic')).code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    json.protectedAttributes = value;
    writeFileSync(out, JSON.stringify(json));
    const err = await readModelFile(out).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_MODEL_FORMAT', where: { file: out, path } });
    expect(String((err as Error).message)).toMatch(message);
  });

  it.each([
    ['named by --categorical', ['--protected', 'grp', '--categorical', 'grp'], 'E_PROTECTED_FEATURE', /--protected "grp" is named as a feature by --categorical/],
    ['named by --monotone', ['--protected', 'x1', '--monotone', 'x1:1'], 'E_PROTECTED_FEATURE', /--protected "x1" is named as a feature by --monotone/],
    ['an unknown column', ['--protected', 'race'], 'E_COLUMN_UNKNOWN', /column "race": --protected names "race", a column the file does not have/],
    ['the target', ['--protected', 'y'], 'E_USAGE', /column "y" is both --target and --protected/],
  ])('a protected column %s is a coded error, and writes nothing', async (_name, args, code, message) => {
    const out = tmp.file('bad.json');
    const r = await cli(...base(out), ...args);
    expectCodedFailure(r, code, message, out);
  });

  it('a continued model (--init-model) keeps the protected attributes of the one it continues', async () => {
    const init = tmp.file('init-protected.json');
    expect((await cli(...base(init), '--n-estimators', '2', '--protected', 'sex')).code).toBe(0);
    const out = tmp.file('continued.json');
    const r = await cli('train', '--data', data, '--target', 'y', '--drop', 'id,w,sex', '--out', out, '--init-model', init, '--n-estimators', '2');
    expect(r.code).toBe(0);
    const model = await readModelFile(out);
    expect(model.protectedAttributes).toEqual(['sex']);
    expect(model.featureSpecs.map((f) => f.name)).toEqual(['x1', 'x2', 'grp']);
  });

  it('a feature of the --init-model is E_PROTECTED_FEATURE', async () => {
    const init = tmp.file('init.json');
    expect((await cli(...base(init), '--n-estimators', '2')).code).toBe(0);
    const out = tmp.file('warm.json');
    const r = await cli(...base(out), '--init-model', init, '--protected', 'sex');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/E_PROTECTED_FEATURE.*--protected "sex" is named as a feature by --init-model/);
    expect(existsSync(out)).toBe(false);
  });
});
