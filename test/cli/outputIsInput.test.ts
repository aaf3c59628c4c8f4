// An output that is the same file as an input (by name, through a symlink or a
// hard link) is refused before any work starts: exit 2, E_USAGE, every file as it was.
import { copyFileSync, linkSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, GERMAN, tempDir } from './helpers.js';

describe('an output that is one of the inputs is refused', () => {
  const tmp = tempDir();
  let model = '';
  let data = '';
  let before = new Map<string, Buffer>();

  beforeAll(async () => {
    data = tmp.file('data.csv.gz');
    copyFileSync(GERMAN, data);
    model = tmp.file('model.json');
    const r = await cli('train', '--data', data, '--target', 'is_bad', '--out', model, '--n-estimators', '3', '--max-depth', '2');
    expect(r.code).toBe(0);
    tmp.file('space.json', '{"maxDepth": [2, 3]}');
    tmp.file('strategy.json', '{}');
    tmp.file('pd.csv', 'id,pd,rating\nA,0.1,A\n');
    tmp.file('bank.json', '{}');
    symlinkSync(data, join(tmp.dir, 'data-link.csv.gz'));
    linkSync(model, join(tmp.dir, 'model-hardlink.json'));
    before = snapshot();
  });
  afterAll(() => tmp.cleanup());

  function snapshot(): Map<string, Buffer> {
    return new Map(readdirSync(tmp.dir).sort().map((f) => [f, readFileSync(join(tmp.dir, f))]));
  }

  const p = (name: string): string => join(tmp.dir, name);

  const cases: [string, () => string[], RegExp][] = [
    ['score --data = --out', () => ['score', '--model', model, '--data', data, '--out', data], /--out .* --data/],
    ['score --model = --out', () => ['score', '--model', model, '--data', data, '--out', model], /--out .* --model/],
    ['score --out through a symlink to --data', () => ['score', '--model', model, '--data', data, '--out', p('data-link.csv.gz')], /--out .* --data/],
    ['score --out a hard link of --model', () => ['score', '--model', model, '--data', data, '--out', p('model-hardlink.json')], /--out .* --model/],
    ['score --out spelled differently', () => ['score', '--model', model, '--data', data, '--out', join(tmp.dir, '.', 'sub', '..', 'data.csv.gz')], /--out/],
    ['train --data = --out', () => ['train', '--data', data, '--target', 'is_bad', '--out', data], /--out .* --data/],
    ['train --data = the default --out', () => ['train', '--data', 'model.json', '--target', 'is_bad'], /--out "model.json"/],
    ['train --out = --init-model', () => ['train', '--data', data, '--target', 'is_bad', '--init-model', model, '--out', model], /--out .* --init-model/],
    ['convert --model = --out', () => ['convert', '--model', model, '--out', model], /--out .* --model/],
    ['explain --out = --model', () => ['explain', '--model', model, '--data', data, '--out', model], /--out .* --model/],
    ['points --out = --data', () => ['points', '--model', model, '--data', data, '--out', data], /--out .* --data/],
    ['points --out = --calibration-data', () => ['points', '--model', model, '--data', data, '--target', 'is_bad', '--calibrate', 'platt', '--calibration-data', p('data-link.csv.gz'), '--out', data], /--out/],
    ['monitor --out = --current', () => ['monitor', '--baseline', data, '--current', p('data-link.csv.gz'), '--out', data], /--out/],
    ['monitor --out = --model', () => ['monitor', '--baseline', data, '--current', data, '--model', model, '--out', model], /--out .* --model/],
    ['select --out = --data', () => ['select', '--data', data, '--target', 'is_bad', '--out', data], /--out .* --data/],
    ['tune --out = --data', () => ['tune', '--data', data, '--target', 'is_bad', '--space', p('space.json'), '--out', data], /--out .* --data/],
    ['tune --leaderboard = --space', () => ['tune', '--data', data, '--target', 'is_bad', '--space', p('space.json'), '--leaderboard', p('space.json')], /--leaderboard .* --space/],
    ['report --out = --model', () => ['report', '--model', model, '--data', data, '--target', 'is_bad', '--out', model], /--out .* --model/],
    ['report --out = --train', () => ['report', '--model', model, '--data', data, '--target', 'is_bad', '--compare', 'logistic', '--train', p('space.json'), '--out', p('space.json')], /--out .* --train/],
    ['report --out = one of the --challenger files', () => ['report', '--model', model, '--data', data, '--target', 'is_bad', '--challenger', `${p('pd.csv')},${p('strategy.json')}`, '--out', p('strategy.json')], /--out .* --challenger/],
    ['report --out = one of the --strategy files', () => ['report', '--strategy', `${p('pd.csv')},${p('strategy.json')}`, '--out', p('strategy.json')], /--out .* --strategy/],
    ['validate --out = --data', () => ['validate', '--model', model, '--data', data, '--target', 'is_bad', '--out', data], /--out .* --data/],
    ['validate --out = --champion (a hard link)', () => ['validate', '--model', model, '--data', data, '--target', 'is_bad', '--champion', model, '--out', p('model-hardlink.json')], /--out .* --(model|champion)/],
    ['validate --out = --baseline', () => ['validate', '--model', model, '--data', data, '--target', 'is_bad', '--baseline', p('data-link.csv.gz'), '--out', data], /--out/],
    ['scorecard --out = --model', () => ['scorecard', '--model', model, '--out', model], /--out .* --model/],
    ['capital --out = --portfolio', () => ['capital', '--portfolio', p('pd.csv'), '--out', p('pd.csv')], /--out .* --portfolio/],
    ['capital --out = --strategy', () => ['capital', '--strategy', p('strategy.json'), '--out', p('strategy.json')], /--out .* --strategy/],
    ['migration --out = --panel', () => ['migration', '--panel', p('pd.csv'), '--out', p('pd.csv')], /--out .* --panel/],
    ['optimize --out = --applicants', () => ['optimize', '--applicants', p('pd.csv'), '--config', p('bank.json'), '--out', p('pd.csv')], /--out .* --applicants/],
    ['optimize --json-out = --config', () => ['optimize', '--applicants', p('pd.csv'), '--config', p('bank.json'), '--out', p('s.csv'), '--json-out', p('bank.json')], /--json-out .* --config/],
    ['optimize: two outputs are one file', () => ['optimize', '--applicants', p('pd.csv'), '--config', p('bank.json'), '--out', p('s.csv'), '--frontier', p('s.csv')], /--frontier .* --out|--out .* --frontier/],
  ];

  for (const [name, args, message] of cases) {
    it(name, async () => {
      const argv = args();
      const cwd = process.cwd();
      if (argv.includes('model.json') && !argv.includes(model)) process.chdir(tmp.dir);
      let r;
      try {
        r = await cli(...argv);
      } finally {
        process.chdir(cwd);
      }
      expect(r.err).toContain('[E_USAGE]');
      expect(r.err).toMatch(message);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(snapshot()).toEqual(before);
    });
  }

  it('distinct files still work (a symlinked input, a new output beside it)', async () => {
    const out = p('scores.csv');
    const r = await cli('score', '--model', model, '--data', p('data-link.csv.gz'), '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('row,pd');
  });
});
