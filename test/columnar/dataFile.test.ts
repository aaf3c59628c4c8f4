import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataFile, readTableChunks, dataFormat } from '../../src/columnar/dataFile.js';
import { readParquetFile, readParquetChunks } from '../../src/columnar/parquetFile.js';
import { readArrowFile } from '../../src/columnar/arrowFile.js';
import { readCsvFile } from '../../src/data/csvFile.js';
import type { Dataset } from '../../src/data/dataset.js';
import { asyncErrorOf } from '../errorOf.js';
import { fixture, LOANS_FORMATS } from './fixtures.js';

function bytesOf(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function expectSameDataset(a: Dataset, b: Dataset, label: string): void {
  expect(a.names, label).toEqual(b.names);
  expect(a.nRows, label).toBe(b.nRows);
  for (const c of b.columns) {
    const x = a.column(c.name);
    expect(x.kind, `${label} ${c.name}`).toBe(c.kind);
    expect(x.categories, `${label} ${c.name}`).toEqual(c.categories);
    expect(bytesOf(x.values).equals(bytesOf(c.values)), `${label} ${c.name}`).toBe(true);
  }
}

describe('readDataFile', () => {
  it('chooses the reader by extension', () => {
    expect(dataFormat('a/b.parquet')).toBe('parquet');
    expect(dataFormat('B.PQ')).toBe('parquet');
    expect(dataFormat('x.arrow')).toBe('arrow');
    expect(dataFormat('x.feather')).toBe('arrow');
    expect(dataFormat('x.arrows')).toBe('arrow');
    expect(dataFormat('x.csv.gz')).toBe('csv');
    expect(dataFormat('parquet')).toBe('csv');
  });

  it.each(LOANS_FORMATS)('%s gives the CSV reader\'s dataset bit for bit (nulls, dictionary strings, int64, booleans)', async (name) => {
    const csv = await readCsvFile(fixture('loans.csv'));
    expectSameDataset(await readDataFile(fixture(name)), csv, name);
  });

  it.each(LOANS_FORMATS)('%s follows the model schema options as CSV does', async (name) => {
    const options = { columns: ['grade', 'id', 'age'], types: { id: 'categorical' as const }, categories: { grade: ['B', 'A'] } };
    const csv = await readCsvFile(fixture('loans.csv'), options);
    expectSameDataset(await readDataFile(fixture(name), options), csv, name);
  });

  it('reads Parquet types: ints, unsigned, float, boolean, date (days), strings', async () => {
    const ds = await readParquetFile(fixture('types.parquet'));
    const v = (name: string): number[] => Array.from(ds.column(name).values);
    expect(v('i8')).toEqual([-128, 0, 127, NaN]);
    expect(v('i32')).toEqual([-2147483648, 16777216, 2147483648, NaN]);
    expect(v('i64')).toEqual([Math.fround(-(2 ** 63)), 16777216, Math.fround(2 ** 53), NaN]);
    expect(v('u32')).toEqual([0, 1, 4294967296, NaN]);
    expect(v('u64')).toEqual([0, 1, Math.fround(2 ** 64), NaN]);
    expect(v('f32')).toEqual([Math.fround(0.1), NaN, NaN, -3.5]);
    expect(v('flag')).toEqual([1, 0, NaN, 1]);
    expect(v('day')).toEqual([0, 19000, NaN, -1]);
    expect(ds.column('text').categories).toEqual(['10', 'a', 'b']);
    expect(v('dict')).toEqual([0, NaN, 1, 0]);
  });

  it('reads a Parquet file one row group at a time', async () => {
    const chunks = [];
    for await (const c of readParquetChunks(fixture('loans-snappy.parquet'), { columns: ['income', 'grade'], categories: { grade: ['A', 'B', 'C', 'D'] } })) chunks.push(c);
    expect(chunks.map((c) => [c.firstRow, c.dataset.nRows])).toEqual([[0, 16], [16, 16], [32, 16], [48, 12]]);
    const whole = await readCsvFile(fixture('loans.csv'), { columns: ['income', 'grade'], categories: { grade: ['A', 'B', 'C', 'D'] } });
    const joined = new Float32Array(60);
    for (const c of chunks) joined.set(c.dataset.column('income').values, c.firstRow);
    expect(bytesOf(joined).equals(bytesOf(whole.column('income').values))).toBe(true);
    const fromArrow = [];
    for await (const c of readTableChunks(fixture('loans.arrow'))) fromArrow.push(c);
    // Arrow: one record batch at a time (pyarrow wrote batches of 25 rows)
    expect(fromArrow.map((c) => [c.firstRow, c.dataset.nRows])).toEqual([[0, 25], [25, 25], [50, 10]]);
    const arrowIncome = new Float32Array(60);
    for (const c of fromArrow) arrowIncome.set(c.dataset.column('income').values, c.firstRow);
    expect(bytesOf(arrowIncome).equals(bytesOf(whole.column('income').values))).toBe(true);
    for (const name of ['loans.arrows', 'loans.feather', 'loans-lz4.feather']) {
      let n = 0;
      for await (const c of readTableChunks(fixture(name))) n += c.dataset.nRows;
      expect(n, name).toBe(60);
    }
    expect(await asyncErrorOf(async () => { for await (const c of readTableChunks(fixture('loans.csv'))) void c; })).toMatchObject({ code: 'E_OPTION' });
  });

  it('E_DATA_FORMAT for damaged and truncated files (a damaged LZ4 buffer too), naming the file', async () => {
    for (const name of ['bad-truncated.parquet', 'bad-magic.parquet', 'bad-truncated.arrow', 'bad-magic.arrow', 'bad-lz4.feather', 'loans.csv']) {
      const path = fixture(name);
      const read = name.endsWith('.csv') ? () => readParquetFile(path) : () => readDataFile(path);
      expect(await asyncErrorOf(read), name).toMatchObject({ code: 'E_DATA_FORMAT', where: { file: path } });
    }
    expect(await asyncErrorOf(() => readArrowFile(fixture('loans.csv')))).toMatchObject({ code: 'E_DATA_FORMAT' });
    // the same errors when read block by block (as score and explain read)
    for (const name of ['bad-truncated.parquet', 'bad-magic.parquet', 'bad-truncated.arrow', 'bad-magic.arrow', 'bad-lz4.feather']) {
      const path = fixture(name);
      const chunks = async (): Promise<void> => {
        for await (const c of readTableChunks(path)) void c;
      };
      expect(await asyncErrorOf(chunks), name).toMatchObject({ code: 'E_DATA_FORMAT', where: { file: path } });
    }
  });

  it('E_COLUMN_TYPE for a list or timestamp column and E_COLUMN_UNKNOWN for a missing one, naming file and column', async () => {
    const list = fixture('bad-list.parquet');
    expect(await asyncErrorOf(() => readDataFile(list))).toMatchObject({ code: 'E_COLUMN_TYPE', where: { file: list, column: 'tags' } });
    expect((await readDataFile(list, { columns: ['x'] })).nRows).toBe(2);
    const stamp = fixture('bad-timestamp.arrow');
    expect(await asyncErrorOf(() => readDataFile(stamp))).toMatchObject({ code: 'E_COLUMN_TYPE', where: { file: stamp, column: 'at' } });
    for (const name of ['loans-zstd.parquet', 'loans.arrow']) {
      expect(await asyncErrorOf(() => readDataFile(fixture(name), { columns: ['nope'] }))).toMatchObject({ code: 'E_COLUMN_UNKNOWN', where: { file: fixture(name), column: 'nope' } });
    }
    expect(await asyncErrorOf(() => readDataFile(fixture('loans.feather'), { types: { region: 'numeric' } }))).toMatchObject({ code: 'E_COLUMN_TYPE', where: { column: 'region' } });
  });

  it('E_FILE_NOT_FOUND and E_FILE_IS_DIRECTORY as for CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditkit-columnar-'));
    try {
      mkdirSync(join(dir, 'folder.parquet'));
      mkdirSync(join(dir, 'folder.arrow'));
      for (const ext of ['parquet', 'arrow']) {
        expect(await asyncErrorOf(() => readDataFile(join(dir, `missing.${ext}`)))).toMatchObject({ code: 'E_FILE_NOT_FOUND' });
        expect(await asyncErrorOf(() => readDataFile(join(dir, `folder.${ext}`)))).toMatchObject({ code: 'E_FILE_IS_DIRECTORY' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
