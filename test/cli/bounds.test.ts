// Count flags are held to the library's documented maxima (one table per option
// set, shared by the CLI), and so are the options of a model file given to
// --init-model: exit 2, a coded error naming the flag or the option, no output.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

describe('upper bounds of the count flags', () => {
  const tmp = tempDir();
  let data = '';
  let model = '';
  let space = '';
  let config = '';
  let before: string[] = [];

  beforeAll(async () => {
    const lines = ['id,x1,x2,y'];
    for (let i = 0; i < 120; i++) lines.push(`${i},${(i * 37) % 101},${(i * 53) % 97},${i % 3 === 0 ? 1 : 0}`);
    data = tmp.file('data.csv', lines.join('\n') + '\n');
    model = tmp.file('model.json');
    const r = await cli('train', '--data', data, '--target', 'y', '--drop', 'id', '--out', model, '--n-estimators', '3');
    expect(r.code).toBe(0);
    space = tmp.file('space.json', JSON.stringify({ maxDepth: [2, 3] }));
    config = tmp.file('bank.json', JSON.stringify({ bank: { budget: 100, minAmount: 10, maxAmount: 50, rates: [0.05], lgd: 0.6 }, churn: { rates: [0.05], byRating: { A: [0.1] } } }));
    before = readdirSync(tmp.dir).sort();
  });
  afterAll(() => tmp.cleanup());

  const out = () => tmp.file('out.csv');
  const CASES: [flag: string, value: string, rule: string, args: () => string[]][] = [
    ['n-estimators', '1e12', '1..100000', () => ['train', '--data', data, '--target', 'y', '--out', tmp.file('m2.json')]],
    ['max-depth', '31', '0..30', () => ['train', '--data', data, '--target', 'y', '--out', tmp.file('m2.json')]],
    ['max-leaves', '131073', '0..131072', () => ['train', '--data', data, '--target', 'y', '--out', tmp.file('m2.json')]],
    ['max-bins', '257', '2..256', () => ['train', '--data', data, '--target', 'y', '--out', tmp.file('m2.json')]],
    ['early-stopping-rounds', '100001', '0..100000', () => ['train', '--data', data, '--target', 'y', '--out', tmp.file('m2.json'), '--valid-ratio', '0.2']],
    ['threads', '257', '1..256', () => ['train', '--data', data, '--target', 'y', '--out', tmp.file('m2.json')]],
    ['threads', '100000', '1..256', () => ['score', '--model', model, '--data', data, '--out', out()]],
    ['block-rows', '1000001', '1..1000000', () => ['explain', '--model', model, '--data', data, '--out', out()]],
    ['folds', '101', '2..100', () => ['tune', '--data', data, '--target', 'y', '--space', space]],
    ['iterations', '100001', '1..100000', () => ['tune', '--data', data, '--target', 'y', '--space', space]],
    ['folds', '101', '2..100', () => ['select', '--data', data, '--target', 'y', '--method', 'rfe', '--out', out()]],
    ['bins', '1001', '1..1000', () => ['select', '--data', data, '--target', 'y', '--method', 'infogain', '--out', out()]],
    ['bins', '101', '1..100', () => ['select', '--data', data, '--target', 'y', '--out', out()]],
    ['max-bins', '101', '1..100', () => ['select', '--data', data, '--target', 'y', '--out', out()]],
    ['repeats', '1001', '1..1000', () => ['compare', '--data', data, '--target', 'y', '--kinds', 'logistic']],
    ['compare-repeats', '1001', '2..1000', () => ['report', '--model', model, '--data', data, '--target', 'y', '--compare', 'gbdt', '--out', tmp.file('r.html')]],
    ['bins', '1001', '2..1000', () => ['monitor', '--baseline', data, '--current', data, '--out', out()]],
    ['frontier-points', '1001', '1..1000', () => ['optimize', '--applicants', data, '--config', config, '--out', out()]],
  ];

  for (const [flag, value, rule, args] of CASES) {
    it(`${args()[0]} --${flag} ${value}: E_USAGE, the documented range, no file written`, async () => {
      const r = await cli(...args(), `--${flag}`, value);
      expect(r.code).toBe(2);
      expect(r.err).toContain('[E_USAGE]');
      expect(r.err).toContain(`--${flag} must be an integer in ${rule}`);
      expect(readdirSync(tmp.dir).sort()).toEqual(before);
    });
  }

  it('--init-model with a crafted options block: E_MODEL_FORMAT naming the option, no model written', async () => {
    const json = JSON.parse(readFileSync(model, 'utf8'));
    for (const [key, value] of [['nEstimators', 1e12], ['maxDepth', 1000], ['maxLeaves', 1e9], ['earlyStoppingRounds', 1e12]] as const) {
      const crafted = tmp.file('crafted.json', JSON.stringify({ ...json, options: { ...json.options, [key]: value } }));
      const r = await cli('train', '--data', data, '--target', 'y', '--drop', 'id', '--init-model', crafted, '--out', tmp.file('m2.json'));
      expect(r.code, key).toBe(2);
      expect(r.err, key).toContain('[E_MODEL_FORMAT]');
      expect(r.err, key).toContain('crafted.json');
      expect(r.err, key).toContain(`${key} must be an integer in`);
      expect(readdirSync(tmp.dir).sort()).toEqual([...before, 'crafted.json'].sort());
      // Loading it to score fails the same way.
      const s = await cli('score', '--model', crafted, '--data', data, '--out', out());
      expect(s.code, key).toBe(2);
      expect(s.err, key).toContain('[E_MODEL_FORMAT]');
    }
  });
});
