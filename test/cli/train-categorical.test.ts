import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/core.js';
import { cli, tempDir, expectCodedFailure } from './helpers.js';
import { trainingCsv } from './trainingCsv.js';

describe('creditkit train --categorical A,B', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const data = tmp.file('train.csv', trainingCsv(150));
  const base = (out: string): string[] => ['train', '--data', data, '--target', 'y', '--drop', 'id,w', '--out', out, '--n-estimators', '5'];

  it('reads numeric-looking codes as categories (numeric without the flag)', async () => {
    const plain = tmp.file('plain.json');
    const forced = tmp.file('forced.json');
    expect((await cli(...base(plain))).code).toBe(0);
    expect((await cli(...base(forced), '--categorical', 'grp,x2')).code).toBe(0);
    const kinds = (file: string): Record<string, string> => Object.fromEntries(loadModel(readFileSync(file, 'utf8')).featureSpecs.map((f) => [f.name, f.kind]));
    expect(kinds(plain)).toEqual({ x1: 'numeric', x2: 'numeric', grp: 'numeric', sex: 'categorical' });
    expect(kinds(forced)).toEqual({ x1: 'numeric', x2: 'categorical', grp: 'categorical', sex: 'categorical' });
    const grp = loadModel(readFileSync(forced, 'utf8')).featureSpecs.find((f) => f.name === 'grp')!;
    expect([...grp.categories!].sort()).toEqual(['1', '2', '3']);
  });

  it.each([
    ['an unknown column', ['--categorical', 'grp,nope'], 'E_COLUMN_UNKNOWN', /column "nope": --categorical names "nope", a column the file does not have \(columns are: id, x1/],
    ['the target', ['--categorical', 'y'], 'E_USAGE', /column "y" is both --target and --categorical/],
    ['a dropped column', ['--categorical', 'id'], 'E_USAGE', /column "id" is both --drop and --categorical/],
  ])('%s is a coded error naming it, and writes nothing', async (_name, args, code, message) => {
    const out = tmp.file('bad.json');
    const r = await cli(...base(out), ...args);
    expectCodedFailure(r, code, message, out);
  });
});
