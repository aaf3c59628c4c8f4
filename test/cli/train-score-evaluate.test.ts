import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesReadInRanges } from '../../src/stream/readCsvFileOnThreads.js';
import { cli, GERMAN, tempDir } from './helpers.js';

describe('creditkit train → score → evaluate on German credit', () => {
  const tmp = tempDir();
  const model = tmp.file('model.json');
  let trainOut = '';

  beforeAll(async () => {
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', model, '--n-estimators', '40', '--max-depth', '3', '--valid-ratio', '0.25', '--seed', '7');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    trainOut = r.out;
  });
  afterAll(() => tmp.cleanup());

  it('trains, reports metrics and saves a loadable model', () => {
    expect(trainOut).toMatch(/1,000 rows, 20 features/);
    const validAuc = Number(/validation .* AUC (\d\.\d+)/.exec(trainOut)?.[1]);
    expect(validAuc).toBeGreaterThan(0.7);
    const json = JSON.parse(readFileSync(model, 'utf8'));
    expect(json.format).toBe('creditkit-model');
    expect(json.trees).toHaveLength(40);
    expect(readdirSync(tmp.dir)).toEqual(['model.json']);
  });

  it('scores every row in order, with ids copied exactly', async () => {
    const out = tmp.file('scores.csv');
    const r = await cli('score', '--model', model, '--data', GERMAN, '--out', out, '--id', 'credit_amount');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/scored 1,000 rows/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('credit_amount,pd');
    expect(lines).toHaveLength(1001);
    expect(lines[1].split(',')[0]).toBe('1169');
    expect(lines[2].split(',')[0]).toBe('5951');
    for (const line of lines.slice(1)) {
      const pd = Number(line.split(',')[1]);
      expect(pd).toBeGreaterThan(0);
      expect(pd).toBeLessThan(1);
    }
  });

  it('evaluates as a table and as JSON', async () => {
    const text = await cli('evaluate', '--model', model, '--data', GERMAN, '--target', 'is_bad');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/AUC\s+0\.\d{4}/);
    expect(text.out).toMatch(/KS-optimal/);
    const json = await cli('evaluate', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--json');
    const m = JSON.parse(json.out);
    expect(m.rows).toBe(1000);
    expect(m.defaultRate).toBeCloseTo(0.3, 10);
    expect(m.auc).toBeGreaterThan(0.75);
    expect(m.gini).toBeCloseTo(2 * m.auc - 1, 12);
    expect(m.ks).toBeGreaterThan(0);
    expect(m.atThreshold.tp + m.atThreshold.fp + m.atThreshold.tn + m.atThreshold.fn).toBe(1000);
  });
});

describe('creditkit help and usage', () => {
  it('prints help for every command', async () => {
    for (const c of ['train', 'score', 'evaluate', 'demo']) {
      const r = await cli(c, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`usage: creditkit ${c}`));
    }
    const top = await cli('--help');
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/train .*score .*evaluate/s);
  });

  it('rejects unknown commands, unknown flags and missing flags with exit code 2', async () => {
    expect((await cli('fly')).err).toMatch(/E_USAGE.*unknown command "fly"/);
    const flag = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--bogus', '1');
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/E_USAGE.*bogus/);
    const missing = await cli('score', '--model', 'm.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--data is required/);
    const notNumber = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--max-depth', 'six');
    expect(notNumber.err).toMatch(/--max-depth must be a number/);
    expect(existsSync('model.json')).toBe(false);
  });
});

describe('creditkit score ids', () => {
  it('copies text ids exactly (quotes, long digit strings) and numbers rows without --id', async () => {
    const tmp = tempDir();
    try {
      const rows = ['id,x,y'];
      for (let i = 0; i < 40; i++) rows.push(`${i === 0 ? '"Acme, Inc."' : String(10n ** 18n + BigInt(i))},${i % 7},${i % 2}`);
      const data = tmp.file('d.csv', rows.join('\n') + '\n');
      const model = tmp.file('m.json');
      expect((await cli('train', '--data', data, '--target', 'y', '--drop', 'id', '--out', model, '--n-estimators', '3', '--min-child-weight', '0')).code).toBe(0);
      const out = tmp.file('s.csv');
      expect((await cli('score', '--model', model, '--data', data, '--out', out, '--id', 'id')).code).toBe(0);
      const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(lines[1].startsWith('"Acme, Inc.",')).toBe(true);
      expect(lines[2].startsWith('1000000000000000001,')).toBe(true);
      const plain = tmp.file('p.csv');
      expect((await cli('score', '--model', model, '--data', data, '--out', plain)).code).toBe(0);
      const p = readFileSync(plain, 'utf8').trimEnd().split('\n');
      expect(p[0]).toBe('row,pd');
      expect(p[40].startsWith('40,')).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('creditkit score --threads', () => {
  it('writes the same scores on 2 threads as on 1', async () => {
    const tmp = tempDir();
    try {
      const model = tmp.file('m.json');
      expect((await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', model, '--n-estimators', '10')).code).toBe(0);
      const one = tmp.file('one.csv');
      const two = tmp.file('two.csv');
      expect((await cli('score', '--model', model, '--data', GERMAN, '--out', one)).code).toBe(0);
      const r = await cli('score', '--model', model, '--data', GERMAN, '--out', two, '--threads', '2');
      expect(r.code).toBe(0);
      expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
      expect((await cli('score', '--model', model, '--data', GERMAN, '--out', two, '--threads', '0')).err).toMatch(/E_USAGE.*threads/);
    } finally {
      tmp.cleanup();
    }
  });

  it('reads a file in ranges on 2 and 3 threads: the same bytes, and on a bad cell the one-thread error and no output file', async () => {
    const tmp = tempDir();
    try {
      // 9 MB, three ranges of 4 MiB: a note column the model does not read makes the lines long.
      const note = 'n'.repeat(200);
      const lines = ['id,a,b,note,y'];
      for (let i = 0; i < 40_000; i++) lines.push(`c${i},${(i * 7919) % 1000},${(i % 13) / 4},${note},${i % 3 === 0 ? 1 : 0}`);
      const data = tmp.file('numbers.csv', lines.join('\n') + '\n');
      const model = tmp.file('m.json');
      expect((await cli('train', '--data', data, '--target', 'y', '--drop', 'id,note', '--out', model, '--n-estimators', '5')).code).toBe(0);
      const one = tmp.file('one.csv');
      expect((await cli('score', '--model', model, '--data', data, '--out', one, '--id', 'id')).code).toBe(0);
      for (const threads of ['2', '3']) {
        const many = tmp.file(`many${threads}.csv`);
        expect((await cli('score', '--model', model, '--data', data, '--out', many, '--id', 'id', '--threads', threads)).code).toBe(0);
        expect(readFileSync(many, 'utf8')).toBe(readFileSync(one, 'utf8'));
      }
      lines[25_000] = `c24999,12,x,${note},0`;
      const bad = tmp.file('bad.csv', lines.join('\n') + '\n');
      const errors = [];
      for (const threads of ['1', '2']) {
        const out = tmp.file(`bad-out-${threads}.csv`);
        const r = await cli('score', '--model', model, '--data', bad, '--out', out, '--threads', threads);
        expect(r.code).not.toBe(0);
        expect(existsSync(out)).toBe(false);
        errors.push(r.err);
      }
      expect(errors[0]).toMatch(/line 25001/);
      expect(errors[1]).toBe(errors[0]);
      expect(readdirSync(tmp.dir).filter((f) => f.startsWith('bad-out') || f.includes('.tmp'))).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  }, 120_000);

  it('trains the same model file on 2 threads as on 1, early stopping included', async () => {
    const tmp = tempDir();
    try {
      const args = ['train', '--data', GERMAN, '--target', 'is_bad', '--n-estimators', '30', '--valid-ratio', '0.2', '--early-stopping-rounds', '5', '--seed', '3'];
      const one = tmp.file('one.json');
      const two = tmp.file('two.json');
      expect((await cli(...args, '--out', one)).code).toBe(0);
      const r = await cli(...args, '--out', two, '--threads', '2');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
      expect((await cli(...args, '--out', two, '--threads', '1.5')).err).toMatch(/E_USAGE.*--threads/);
    } finally {
      tmp.cleanup();
    }
  });

  it('reads a plain CSV in byte ranges on 2 threads, and trains the same model file as on 1', async () => {
    const tmp = tempDir();
    try {
      const plain = tmp.file('german.csv');
      writeFileSync(plain, gunzipSync(readFileSync(GERMAN)));
      const args = ['train', '--data', plain, '--target', 'is_bad', '--n-estimators', '20', '--seed', '3'];
      const one = tmp.file('one.json');
      const two = tmp.file('two.json');
      expect((await cli(...args, '--out', one)).code).toBe(0);
      const before = filesReadInRanges.count;
      const r = await cli(...args, '--out', two, '--threads', '2');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(filesReadInRanges.count).toBe(before + 1);
      expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
    } finally {
      tmp.cleanup();
    }
  });
});
