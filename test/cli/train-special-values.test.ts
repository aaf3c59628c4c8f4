import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadModel, LogisticRegression, LOGISTIC_OPTION_TABLE, MODEL_KINDS, type OptionSpec, type ScorecardModel } from '../../src/core.js';
import { specialValuesFlag } from '../../src/cli/specialValuesFlag.js';
import { errorOf } from '../errorOf.js';
import { cli, tempDir, expectCodedFailure } from './helpers.js';
import { trainingCsv } from './trainingCsv.js';

describe('--special-values (the library parser, its errors as E_USAGE)', () => {
  it('reads COL:v1,v2;COL2:v3 into numbers per column', () => {
    expect(specialValuesFlag('x1:-999,96, 98 ; x2:1e3')).toEqual({ x1: [-999, 96, 98], x2: [1000] });
  });

  it.each([
    ['x1:1,two', /--special-values part "x1:1,two": "two" is not a finite decimal number/],
    ['x1:1;;x2:2', /--special-values part "": empty part/],
  ])('"%s" is E_USAGE quoting the offending part', (text, message) => {
    const e = errorOf(() => specialValuesFlag(text));
    expect(e.code).toBe('E_USAGE');
    expect(e.message).toMatch(message);
  });
});

describe('creditkit train --special-values', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const data = tmp.file('train.csv', trainingCsv(150));
  const base = (out: string): string[] => ['train', '--data', data, '--target', 'y', '--drop', 'id', '--out', out];

  // A kind whose option table has specialValues (as the scorecard's has): a logistic regression that records what it got.
  let received: unknown;
  const SPECIAL_SPEC: OptionSpec = {
    type: { kind: 'custom', accepts: (v) => typeof v === 'object' && v !== null, rule: 'an object', range: 'object' }, default: {}, doc: 'special values per column',
  };
  beforeEach(() => {
    received = undefined;
    MODEL_KINDS.special = {
      name: 'special', description: 'test kind taking specialValues', sampleWeights: true,
      optionTable: { model: 'Special', options: { ...LOGISTIC_OPTION_TABLE.options, specialValues: SPECIAL_SPEC } },
      create: ({ specialValues, ...rest } = {}) => {
        received = specialValues;
        return new LogisticRegression(rest);
      },
    };
  });
  afterEach(() => {
    delete MODEL_KINDS.special;
  });

  it('passes the parsed values as the specialValues option', async () => {
    const r = await cli(...base(tmp.file('ok.json')), '--kind', 'special', '--special-values', 'x1:-999,96;x2:98');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(received).toEqual({ x1: [-999, 96], x2: [98] });
  });

  it.each([
    ['a kind without the option', ['--kind', 'logistic', '--special-values', 'x1:1'], 'E_USAGE', /--special-values sets the specialValues option, which --kind logistic does not have \(kinds that take it: scorecard, special\)/],
    ['a malformed value', ['--kind', 'special', '--special-values', 'x1:1,two'], 'E_USAGE', /--special-values part "x1:1,two": "two" is not a finite decimal number/],
    ['an unknown column', ['--kind', 'special', '--special-values', 'x1:1;nope:2'], 'E_COLUMN_UNKNOWN', /train\.csv, column "nope": --special-values names "nope", a column the file does not have/],
    ['a column that is not a feature', ['--kind', 'special', '--special-values', 'id:1'], 'E_USAGE', /--special-values names "id", which is not a feature/],
    ['a categorical column', ['--kind', 'special', '--special-values', 'sex:1'], 'E_COLUMN_TYPE', /--special-values names "sex", a categorical feature/],
    ['the flag and the option in --options', ['--kind', 'special', '--special-values', 'x1:1', '--options', '{"specialValues": {"x1": [2]}}'], 'E_USAGE', /--special-values and "specialValues" in --options both set specialValues/],
  ])('%s is a coded error, and writes nothing', async (_name, args, code, message) => {
    const out = tmp.file('bad.json');
    const r = await cli(...base(out), ...args);
    expectCodedFailure(r, code, message, out);
  });
});

describe('creditkit train --kind scorecard --special-values', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  // x1 with past-due style codes: 96 and 98 in some rows.
  const lines = trainingCsv(300).trimEnd().split('\n');
  const coded = [lines[0], ...lines.slice(1).map((l, i) => {
    const cells = l.split(',');
    if (i % 10 === 3) cells[1] = '96';
    if (i % 10 === 7) cells[1] = '98';
    return cells.join(',');
  })].join('\n') + '\n';
  const data = tmp.file('coded.csv', coded);
  const base = (out: string): string[] => ['train', '--data', data, '--target', 'y', '--drop', 'id', '--kind', 'scorecard', '--options', '{"minIv": 0}', '--out', out];

  it('gives each special value an attribute of its own in the saved card', async () => {
    const out = tmp.file('card.json');
    const r = await cli(...base(out), '--special-values', 'x1:96,98');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const card = loadModel(readFileSync(out, 'utf8')) as ScorecardModel;
    expect(card.options.specialValues).toEqual({ x1: [96, 98] });
    const labels = card.pointsTable().rows.filter((row) => row.characteristic === 'x1').map((row) => [row.attribute, row.count]);
    expect(labels).toContainEqual(['Special: 96', 30]);
    expect(labels).toContainEqual(['Special: 98', 30]);
  });

  it.each([
    ['a special value that never occurs', 'x1:96,97', 'E_SPECIAL_VALUE_UNSEEN', /coded\.csv, column "x1": .*special value 97 never occurs/],
    ['an unknown column', 'x1:96;nope:1', 'E_COLUMN_UNKNOWN', /coded\.csv, column "nope": --special-values names "nope", a column the file does not have/],
  ])('%s is a coded error naming the column, and writes nothing', async (_name, spec, code, message) => {
    const out = tmp.file('bad.json');
    expectCodedFailure(await cli(...base(out), '--special-values', spec), code, message, out);
  });

  it('a characteristic with one value is left out and shown; a file where every one has one value, and a constraint no binning meets, are coded errors', async () => {
    const constant = tmp.file('constant.csv', coded.replace(/^(id,x1,x2),grp,/, '$1,grp_old,').split('\n').map((l, i) => {
      if (l === '') return l;
      const cells = l.split(',');
      cells[3] = i === 0 ? 'grp' : '7';
      return cells.join(',');
    }).join('\n'));
    const card = tmp.file('constant-card.json');
    const one = await cli('train', '--data', constant, '--target', 'y', '--drop', 'id', '--kind', 'scorecard', '--out', card);
    expect([one.code, one.err]).toEqual([0, '']);
    expect(one.out).toMatch(/^left out {4}(.*, )?grp \(single value\)/m);
    const model = loadModel(readFileSync(card, 'utf8')) as ScorecardModel;
    expect(model.rejected).toContainEqual({ feature: 'grp', iv: 0, reason: 'single-value' });
    expect(model.featureSpecs.map((f) => f.name)).not.toContain('grp');
    const json = await cli('train', '--data', constant, '--target', 'y', '--drop', 'id', '--kind', 'scorecard', '--out', card, '--json');
    expect(JSON.parse(json.out).leftOut).toContainEqual({ feature: 'grp', iv: 0, reason: 'single-value' });
    const table = await cli('scorecard', '--model', card);
    expect(table.out).toMatch(/left out: (.*, )?grp \(single value\)/);
    // Nothing to bin: every feature has one value.
    const flat = tmp.file('flat.csv', ['a,b,y', ...Array.from({ length: 40 }, (_, i) => `1,x,${i % 2}`)].join('\n') + '\n');
    const out = tmp.file('bad.json');
    expectCodedFailure(await cli('train', '--data', flat, '--target', 'y', '--kind', 'scorecard', '--out', out), 'E_NO_CHARACTERISTIC',
      /no characteristic to bin: every one has a single value in the training rows \("a", "b"\)/, out);
    // 20% of x1 are special: no value bin can hold 90% of the rows.
    const infeasible = await cli('train', '--data', data, '--target', 'y', '--drop', 'id', '--kind', 'scorecard', '--out', out,
      '--special-values', 'x1:96,98', '--options', '{"minBinShare": 0.9}');
    expectCodedFailure(infeasible, 'E_BINNING_INFEASIBLE', /coded\.csv, column "x1": feature "x1": no binning of its \d+ pre-bins satisfies the constraints \(.*minBinShare 0\.9/, out);
  });
});

