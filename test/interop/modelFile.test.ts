// Model files read from disk: errors name the file and the JSON path once, and
// what the import changes is told on the command line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { GradientBoostingClassifier } from '../../src/index.js';
import { readModelFile } from '../../src/interop/modelFile.js';
import { cli, tempDir } from '../cli/helpers.js';
import { additive } from '../models/helpers.js';
import { CreditkitError } from '../../src/errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/xgboost/${name}`, import.meta.url));

async function rejection(p: Promise<unknown>): Promise<CreditkitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CreditkitError) return e;
    throw e;
  }
  throw new Error('expected a CreditkitError');
}

const count = (s: string, part: string): number => s.split(part).length - 1;

describe('readModelFile', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const data = additive(300, 4, 3);
  const model = new GradientBoostingClassifier({ nEstimators: 2, maxDepth: 2 }).fit(data.X, data.y);

  it('names the file and the JSON path once (they were printed twice)', async () => {
    const json = model.toJSON() as unknown as { trees: { leafValue: unknown[] }[] };
    json.trees[1].leafValue[0] = 'x';
    const file = tmp.file('bad.json', JSON.stringify(json));
    const e = await rejection(readModelFile(file));
    expect(e.code).toBe('E_MODEL_FORMAT');
    expect(e.where).toEqual({ file, path: 'trees[1].leafValue[0]' });
    expect(count(e.message, 'trees[1].leafValue[0]')).toBe(1);
    expect(e.message).toBe(`${file}, at trees[1].leafValue[0]: expected a finite number, got "x"`);

    const xgb = JSON.parse(readFileSync(fixture('xgb-gmsc.model.json'), 'utf8'));
    xgb.learner.learner_model_param.num_feature = 'many';
    const xfile = tmp.file('bad.xgb.json', JSON.stringify(xgb));
    const r = await cli('score', '--model', xfile, '--data', xfile, '--out', tmp.file('s.csv'));
    expect(r.code).toBe(2);
    expect(count(r.err, 'learner.learner_model_param.num_feature')).toBe(1);
  });

  it('a category label listed twice in the model is the model file\'s error, with its JSON path', async () => {
    const json = model.toJSON() as unknown as { features: { name: string; kind: string; categories?: string[] }[] };
    json.features[1] = { name: json.features[1].name, kind: 'categorical', categories: ['low', 'high', 'low'] };
    const file = tmp.file('dup.json', JSON.stringify(json));
    const csv = tmp.file('rows.csv', `${json.features.map((f) => f.name).join(',')}\n1,low,2\n`);
    const r = await cli('score', '--model', file, '--data', csv, '--out', tmp.file('out.csv'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('[E_MODEL_FORMAT]');
    expect(r.err).toContain(`${file}, at features[1].categories[2]`);
    expect(r.err).not.toContain(csv);
  });

  it('convert and score print on stderr that an early-stopped XGBoost model keeps its best iterations', async () => {
    const input = fixture('xgb-early-stopped.model.json');
    const best = Number(JSON.parse(readFileSync(input, 'utf8')).learner.attributes.best_iteration);
    const out = tmp.file('early.creditkit.json');
    const r = await cli('convert', '--model', input, '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`creditkit: note: ${input}: the model was early-stopped at best_iteration ${best}`);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { trees: unknown[] }).trees).toHaveLength(best + 1);
    const csv = tmp.file('early.csv', 'f0,f1,f2,f3,f4,f5\n0.1,2,3,0.5,1,-1\n');
    const s = await cli('score', '--model', input, '--data', csv, '--out', tmp.file('early.scores.csv'));
    expect(s.code).toBe(0);
    expect(s.err).toContain(`best_iteration ${best}`);
  });
});
