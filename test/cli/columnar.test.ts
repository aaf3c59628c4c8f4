import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync, copyFileSync } from 'node:fs';
import { readParquetFile } from '../../src/columnar/parquetFile.js';
import { cli, tempDir } from './helpers.js';
import { fixture, LOANS_FORMATS } from '../columnar/fixtures.js';

// The same 60 rows as CSV, Parquet (snappy, zstd, gzip) and Arrow (file, Feather plain, LZ4 and Zstandard, stream), written by pyarrow.
const tmp = tempDir();
const model = tmp.file('model.json');

beforeAll(async () => {
  const r = await cli('train', '--data', fixture('loans.csv'), '--target', 'default', '--drop', 'id,region', '--out', model, '--n-estimators', '20', '--max-depth', '3');
  expect(r.code, r.err).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('creditkit on Parquet and Arrow files', () => {
  it('score writes byte-identical CSV from CSV, Parquet and Arrow input', async () => {
    const outputs = new Map<string, string>();
    for (const name of ['loans.csv', ...LOANS_FORMATS]) {
      for (const id of [[], ['--id', 'id']]) {
        const out = tmp.file(`${name}${id.length}.csv`);
        const r = await cli('score', '--model', model, '--data', fixture(name), '--out', out, ...id);
        expect(r.code, `${name}: ${r.err}`).toBe(0);
        outputs.set(`${name}${id.length}`, readFileSync(out, 'utf8'));
      }
    }
    const csvRows = outputs.get('loans.csv0')!;
    expect(csvRows.split('\n')[0]).toBe('row,pd');
    expect(csvRows.trim().split('\n')).toHaveLength(61);
    expect(outputs.get('loans.csv2')!.split('\n')[1]).toMatch(/^100000,0\.\d+$/);
    for (const name of LOANS_FORMATS) {
      expect(outputs.get(`${name}0`), name).toBe(csvRows);
      expect(outputs.get(`${name}2`), name).toBe(outputs.get('loans.csv2'));
    }
  });

  it('score --out x.parquet writes the same ids and PDs as the CSV output', async () => {
    const csvOut = tmp.file('ref.csv');
    expect((await cli('score', '--model', model, '--data', fixture('loans.csv'), '--out', csvOut, '--id', 'region')).code).toBe(0);
    const lines = readFileSync(csvOut, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const input of ['loans.csv', 'loans-snappy.parquet', 'loans.arrow']) {
      const out = tmp.file(`${input}.out.parquet`);
      const r = await cli('score', '--model', model, '--data', fixture(input), '--out', out, '--id', 'region');
      expect(r.code, r.err).toBe(0);
      const back = await readParquetFile(out, { types: { region: 'categorical' } });
      expect(back.names).toEqual(['region', 'pd']);
      const region = back.column('region');
      expect(Array.from(region.values, (c) => region.categories![c])).toEqual(lines.map((l) => l[0]));
      // pd is DOUBLE in the file; read back as float32 it matches the CSV's values rounded alike
      expect(Array.from(back.column('pd').values)).toEqual(lines.map((l) => Math.fround(Number(l[1]))));
    }
    // without --id: an INT64 "row" column, 1-based
    const out = tmp.file('rows.parquet');
    expect((await cli('score', '--model', model, '--data', fixture('loans-zstd.parquet'), '--out', out)).code).toBe(0);
    expect(Array.from((await readParquetFile(out)).column('row').values)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('score refuses to overwrite its Parquet input, leaving it intact', async () => {
    const input = tmp.file('in.parquet');
    copyFileSync(fixture('loans-snappy.parquet'), input);
    const before = readFileSync(input);
    const r = await cli('score', '--model', model, '--data', input, '--out', input);
    expect(r.code).toBe(2);
    expect(r.err).toContain('E_USAGE');
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it('a bad Parquet input fails with a coded error and leaves no output', async () => {
    const out = tmp.file('never.csv');
    const r = await cli('score', '--model', model, '--data', fixture('bad-truncated.parquet'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('E_DATA_FORMAT');
    expect(r.err).toContain('bad-truncated.parquet');
    expect(existsSync(out)).toBe(false);
    const typed = await cli('score', '--model', model, '--data', fixture('bad-list.parquet'), '--out', out);
    expect(typed.code).toBe(2);
    expect(typed.err).toContain('E_COLUMN_UNKNOWN');
  });

  it('train on Parquet or Arrow writes the same model as on CSV', async () => {
    const ref = readFileSync(model, 'utf8');
    for (const name of ['loans-gzip.parquet', 'loans.feather']) {
      const out = tmp.file(`${name}.model.json`);
      const r = await cli('train', '--data', fixture(name), '--target', 'default', '--drop', 'id,region', '--out', out, '--n-estimators', '20', '--max-depth', '3');
      expect(r.code, r.err).toBe(0);
      expect(readFileSync(out, 'utf8'), name).toBe(ref);
    }
  });

  it('evaluate and explain print the same results from every format', async () => {
    const evalOut = async (name: string): Promise<string> => {
      const r = await cli('evaluate', '--model', model, '--data', fixture(name), '--target', 'default', '--json');
      expect(r.code, r.err).toBe(0);
      return r.out;
    };
    const explainOut = async (name: string): Promise<string> => {
      const out = tmp.file(`${name}.reasons.csv`);
      const r = await cli('explain', '--model', model, '--data', fixture(name), '--id', 'id', '--out', out, '--top', '2', '--block-rows', '7');
      expect(r.code, r.err).toBe(0);
      return readFileSync(out, 'utf8');
    };
    const refEval = await evalOut('loans.csv');
    const refExplain = await explainOut('loans.csv');
    expect(refExplain.trim().split('\n')).toHaveLength(61);
    for (const name of ['loans-snappy.parquet', 'loans.arrow']) {
      expect(await evalOut(name), name).toBe(refEval);
      expect(await explainOut(name), name).toBe(refExplain);
    }
  });
});
