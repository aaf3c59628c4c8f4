import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeTable, tableFromIPC, vectorFromArray, Table, Utf8, Dictionary, Int32, Float64, Bool, DateDay } from 'apache-arrow';
import { datasetFromArrow } from '../../src/columnar/arrowDataset.js';
import { parseCsv } from '../../src/data/csv.js';
import { errorOf } from '../errorOf.js';
import { fixture } from './fixtures.js';

describe('datasetFromArrow', () => {
  it('shares the buffer of a float32 column without nulls (no copy)', () => {
    const x = new Float32Array([0.5, 1.5, -2, 3]);
    const table = makeTable({ x });
    const ds = datasetFromArrow(table);
    const values = ds.column('x').values;
    expect(values.buffer).toBe(x.buffer);
    expect(Array.from(values)).toEqual([0.5, 1.5, -2, 3]);
    x[1] = 9; // the same memory
    expect(values[1]).toBe(9);
  });

  it('shares a sliced float32 column at its offset', () => {
    const x = new Float32Array([1, 2, 3, 4, 5]);
    const table = makeTable({ x }).slice(2);
    const values = datasetFromArrow(table).column('x').values;
    expect(values.buffer).toBe(x.buffer);
    expect(Array.from(values)).toEqual([3, 4, 5]);
  });

  it('copies a float32 column with nulls, nulls becoming NaN', () => {
    const table = new Table({ x: vectorFromArray([1.5, null, 2.5]) });
    const col = datasetFromArrow(table).column('x');
    expect(col.kind).toBe('numeric');
    expect(Array.from(col.values)).toEqual([1.5, NaN, 2.5]);
    // a slice keeps its offset into the validity bitmap
    const sliced = new Table({ x: vectorFromArray([1, null, 3, null, 5]), b: vectorFromArray([true, false, null, true, false]) }).slice(1);
    expect(Array.from(datasetFromArrow(sliced).column('x').values)).toEqual([NaN, 3, NaN, 5]);
    expect(Array.from(datasetFromArrow(sliced).column('b').values)).toEqual([0, NaN, 1, 0]);
  });

  it('reads every supported Arrow type as the CSV reader would read its text', () => {
    const table = tableFromIPC(readFileSync(fixture('types.arrow')));
    const ds = datasetFromArrow(table, { columns: ['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'f32', 'flag', 'day', 'text', 'dict', 'empty'] });
    const v = (name: string): number[] => Array.from(ds.column(name).values);
    expect(v('i8')).toEqual([-128, 0, 127, NaN]);
    expect(v('i16')).toEqual([-32768, 1, 32767, NaN]);
    // int32/int64 beyond 2^24 round to the nearest float32, as "16777217" in a CSV does
    expect(v('i32')).toEqual([-2147483648, 16777216, 2147483648, NaN]);
    expect(v('i64')).toEqual([Math.fround(-(2 ** 63)), 16777216, Math.fround(2 ** 53), NaN]);
    expect(v('u8')).toEqual([0, 1, 255, NaN]);
    expect(v('u16')).toEqual([0, 1, 65535, NaN]);
    expect(v('u32')).toEqual([0, 1, 4294967296, NaN]);
    expect(v('u64')).toEqual([0, 1, Math.fround(2 ** 64), NaN]);
    expect(v('f32')).toEqual([Math.fround(0.1), NaN, NaN, -3.5]);
    expect(v('flag')).toEqual([1, 0, NaN, 1]);
    expect(v('day')).toEqual([0, 19000, NaN, -1]); // days since 1970-01-01
    expect(v('empty')).toEqual([NaN, NaN, NaN, NaN]);
    expect(ds.column('text').categories).toEqual(['10', 'a', 'b']); // numbers first, as parseCsv sorts
    expect(v('text')).toEqual([2, 1, NaN, 0]);
    expect(ds.column('dict').categories).toEqual(['x', 'y']);
    expect(v('dict')).toEqual([0, NaN, 1, 0]);
  });

  it('gives the same dataset as parseCsv on the same rows', () => {
    const table = tableFromIPC(readFileSync(fixture('loans.arrow')));
    const fromArrow = datasetFromArrow(table);
    const fromCsv = parseCsv(readFileSync(fixture('loans.csv'), 'utf8'));
    expect(fromArrow.names).toEqual(fromCsv.names);
    for (const c of fromCsv.columns) {
      const a = fromArrow.column(c.name);
      expect(a.kind, c.name).toBe(c.kind);
      expect(a.categories, c.name).toEqual(c.categories);
      expect(Buffer.from(a.values.buffer, a.values.byteOffset, a.values.byteLength).equals(Buffer.from(c.values.buffer, c.values.byteOffset, c.values.byteLength)), c.name).toBe(true);
    }
  });

  it('follows types, categories and columns as the CSV reader does', () => {
    const table = new Table({
      id: vectorFromArray([10, 20, 30], new Int32()),
      grade: vectorFromArray(['B', 'A', 'Z'], new Dictionary(new Utf8(), new Int32())),
      owner: vectorFromArray([true, false, true], new Bool()),
    });
    const ds = datasetFromArrow(table, { columns: ['grade', 'id'], types: { id: 'categorical' }, categories: { grade: ['A', 'B', 'C'] } });
    expect(ds.names).toEqual(['grade', 'id']);
    expect(Array.from(ds.column('grade').values)).toEqual([1, 0, NaN]); // Z is not in the model's dictionary
    expect(ds.column('id').categories).toEqual(['10', '20', '30']);
  });

  it('E_COLUMN_UNKNOWN, E_COLUMN_TYPE and E_NONFINITE name the column', () => {
    const table = new Table({ x: vectorFromArray([1.5, 1e300], new Float64()), s: vectorFromArray(['a', 'b'], new Utf8()), d: vectorFromArray([new Date(0), new Date(86_400_000)], new DateDay()) });
    expect(errorOf(() => datasetFromArrow(table, { columns: ['nope'], file: 'f.arrow' }))).toMatchObject({ code: 'E_COLUMN_UNKNOWN', where: { file: 'f.arrow', column: 'nope' } });
    expect(errorOf(() => datasetFromArrow(table, { columns: ['s'], types: { s: 'numeric' } }))).toMatchObject({ code: 'E_COLUMN_TYPE', where: { column: 's' } });
    expect(errorOf(() => datasetFromArrow(table, { columns: ['x'] }))).toMatchObject({ code: 'E_NONFINITE', where: { row: 1, column: 'x' } });
    expect(Array.from(datasetFromArrow(table, { columns: ['d'] }).column('d').values)).toEqual([0, 1]);
    // ±Infinity is refused as the CSV reader refuses it, also in a shared float32 column
    const inf = makeTable({ y: new Float32Array([1, 2, -Infinity]) });
    expect(errorOf(() => datasetFromArrow(inf, { file: 'i.arrow' }))).toMatchObject({ code: 'E_NONFINITE', where: { file: 'i.arrow', row: 2, column: 'y' } });
    const types = tableFromIPC(readFileSync(fixture('types.arrow')));
    expect(errorOf(() => datasetFromArrow(types.slice(2), { columns: ['f64'] }))).toMatchObject({ code: 'E_NONFINITE', where: { row: 1, column: 'f64' } });
  });

  it('E_COLUMN_TYPE for a timestamp or list column, naming it', () => {
    const stamps = tableFromIPC(readFileSync(fixture('bad-timestamp.arrow')));
    expect(errorOf(() => datasetFromArrow(stamps, { file: 'bad-timestamp.arrow' }))).toMatchObject({ code: 'E_COLUMN_TYPE', where: { file: 'bad-timestamp.arrow', column: 'at' } });
    const lists = tableFromIPC(readFileSync(fixture('bad-list.arrow')));
    expect(errorOf(() => datasetFromArrow(lists))).toMatchObject({ code: 'E_COLUMN_TYPE', where: { column: 'tags' } });
    expect(datasetFromArrow(lists, { columns: ['x'] }).nRows).toBe(2);
  });
});
