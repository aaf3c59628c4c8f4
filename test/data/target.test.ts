import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { readCsvFile } from '../../src/data/csvFile.js';
import { CreditkitError } from '../../src/errors.js';
import { readCsvChunks } from '../../src/stream/csvChunks.js';
import { Dataset } from '../../src/data/dataset.js';
import { splitTarget, validateLabels } from '../../src/data/target.js';
import { asyncErrorOf, errorOf } from '../errorOf.js';

describe('splitTarget', () => {
  it('separates a numeric 0/1 target from the features', () => {
    const ds = parseCsv('age,bad,grade\n30,0,A\n40,1,B\n50,0,A\n');
    const { X, y } = splitTarget(ds, 'bad');
    expect(y).toBeInstanceOf(Float64Array);
    expect(Array.from(y)).toEqual([0, 1, 0]);
    expect(X.names).toEqual(['age', 'grade']);
    expect(X.nRows).toBe(3);
  });

  it('maps a categorical target through `positive`', () => {
    const ds = parseCsv('x,status\n1,good\n2,bad\n3,good\n');
    expect(Array.from(splitTarget(ds, 'status', { positive: 'bad' }).y)).toEqual([0, 1, 0]);
    expect(Array.from(splitTarget(ds, 'status', { positive: 'good' }).y)).toEqual([1, 0, 1]);
  });

  it.each([
    ['No', 'Yes', [0, 1, 0]],
    ['FALSE', 'TRUE', [0, 1, 0]],
    ['false', 'true', [0, 1, 0]],
  ])('maps %s/%s without `positive`', (neg, pos, expected) => {
    const ds = parseCsv(`x,t\n1,${neg}\n2,${pos}\n3,${neg}\n`);
    expect(Array.from(splitTarget(ds, 't').y)).toEqual(expected);
  });

  it("maps a categorical '0'/'1' target", () => {
    const ds = parseCsv('x,t\n1,1\n2,0\n', { types: { t: 'categorical' } });
    expect(Array.from(splitTarget(ds, 't').y)).toEqual([1, 0]);
  });

  it('E_TARGET_MISSING listing the columns', () => {
    const e = errorOf(() => splitTarget(parseCsv('a,b\n1,0\n'), 'default'));
    expect(e.code).toBe('E_TARGET_MISSING');
    expect(e.where).toEqual({ column: 'default' });
    expect(e.message).toContain('a, b');
  });

  it('E_TARGET_INVALID naming the row and value of a non-0/1 label', () => {
    const e = errorOf(() => splitTarget(parseCsv('x,y\n1,0\n2,1\n3,2\n'), 'y'));
    expect(e.code).toBe('E_TARGET_INVALID');
    expect(e.where).toEqual({ line: 4, row: 2, column: 'y' });
    expect(e.message).toContain('has label 2');
  });

  it('E_TARGET_INVALID for a missing label, numeric or categorical', () => {
    const numeric = errorOf(() => splitTarget(parseCsv('x,y\n1,0\n2,\n3,1\n'), 'y'));
    expect(numeric.code).toBe('E_TARGET_INVALID');
    expect(numeric.where).toEqual({ line: 3, row: 1, column: 'y' });
    expect(numeric.message).toContain('missing');
    const categorical = errorOf(() => splitTarget(parseCsv('x,y\n1,yes\n2,no\n3,NA\n'), 'y'));
    expect(categorical.code).toBe('E_TARGET_INVALID');
    expect(categorical.where).toEqual({ line: 4, row: 2, column: 'y' });
  });

  it('E_TARGET_INVALID for a categorical target with a third label', () => {
    const e = errorOf(() => splitTarget(parseCsv('x,y\n1,a\n2,b\n3,a\n4,c\n'), 'y', { positive: 'a' }));
    expect(e.code).toBe('E_TARGET_INVALID');
    expect(e.where).toEqual({ line: 5, row: 3, column: 'y' });
    expect(e.message).toContain('"c"');
  });

  it('E_TARGET_INVALID when two labels need `positive`', () => {
    const e = errorOf(() => splitTarget(parseCsv('x,y\n1,good\n2,bad\n'), 'y'));
    expect(e.code).toBe('E_TARGET_INVALID');
    expect(e.where).toEqual({ column: 'y' });
    expect(e.message).toContain('positive');
  });

  it('E_OPTION for a `positive` label that does not occur', () => {
    expect(errorOf(() => splitTarget(parseCsv('x,y\n1,good\n2,bad\n'), 'y', { positive: 'Bad' })).code).toBe('E_OPTION');
    expect(errorOf(() => splitTarget(parseCsv('x,y\n1,0\n2,1\n'), 'y', { positive: '0' })).code).toBe('E_OPTION');
  });

  it('E_SINGLE_CLASS when one class is absent', () => {
    expect(errorOf(() => splitTarget(parseCsv('x,y\n1,0\n2,0\n'), 'y')).code).toBe('E_SINGLE_CLASS');
    const e = errorOf(() => splitTarget(parseCsv('x,y\n1,bad\n2,bad\n'), 'y', { positive: 'bad' }));
    expect(e.code).toBe('E_SINGLE_CLASS');
    expect(e.where).toEqual({ column: 'y' });
  });

  it('E_EMPTY_DATA for zero rows', () => {
    const empty = new Dataset([{ name: 'y', kind: 'numeric', values: new Float32Array(0) }]);
    expect(errorOf(() => splitTarget(empty, 'y')).code).toBe('E_EMPTY_DATA');
  });
});

describe('target errors name the file and the input line', () => {
  it('through blank lines and line ends inside quotes, in a file read whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditkit-target-'));
    try {
      const path = join(dir, 'loans.csv');
      writeFileSync(path, 'note,y\n"a\nb",0\n\nplain,1\n"c\n\nd",2\n');
      const e = await asyncErrorOf(async () => splitTarget(await readCsvFile(path), 'y'));
      expect(e.code).toBe('E_TARGET_INVALID');
      expect(e.where).toEqual({ file: path, line: 6, row: 2, column: 'y' });
      expect(e.message).toBe(`${path}, line 6, column "y": the target has label 2; labels must be 0 or 1`);
      // errors about the column as a whole name the file too
      writeFileSync(path, 'x,y\n1,0\n2,0\n');
      expect((await asyncErrorOf(async () => splitTarget(await readCsvFile(path), 'y'))).where).toEqual({ file: path, column: 'y' });
      expect((await asyncErrorOf(async () => splitTarget(await readCsvFile(path), 'z'))).where).toEqual({ file: path, column: 'z' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in a streamed block: the line and row of the whole input', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `${i},${i === 21 ? 7 : i % 2}`);
    const input = Readable.from([Buffer.from(`x,y\n\n${rows.join('\n')}\n`)], { objectMode: false });
    let e: unknown;
    try {
      for await (const chunk of readCsvChunks(input, { chunkRows: 4, file: 'in.csv' })) splitTarget(chunk.dataset, 'y');
    } catch (err) {
      e = err;
    }
    expect((e as CreditkitError).code).toBe('E_TARGET_INVALID');
    expect((e as CreditkitError).where).toEqual({ file: 'in.csv', line: 24, row: 21, column: 'y' });
  });

  it('rows taken from a dataset keep their lines', () => {
    const ds = parseCsv('x,y\n1,0\n2,1\n\n3,7\n4,0\n', { file: 'f.csv' });
    const e = errorOf(() => splitTarget(ds.take([3, 2]), 'y'));
    expect(e.where).toEqual({ file: 'f.csv', line: 5, row: 2, column: 'y' });
    expect(ds.select(['y']).where(3)).toEqual({ file: 'f.csv', line: 6, row: 3 });
    expect(ds.drop(['x']).where(0, 'y')).toEqual({ file: 'f.csv', line: 2, row: 0, column: 'y' });
  });
});

describe('validateLabels', () => {
  it('accepts 0/1 labels of any array type', () => {
    expect(() => validateLabels([0, 1, 1])).not.toThrow();
    expect(() => validateLabels(new Float32Array([1, 0]))).not.toThrow();
    expect(() => validateLabels(new Uint8Array([0, 0, 1]))).not.toThrow();
  });

  it.each([
    [NaN, 'a missing label'],
    [Infinity, 'label Infinity'],
    [-1, 'label -1'],
    [0.5, 'label 0.5'],
  ])('E_TARGET_INVALID for %s, with its row', (bad, shown) => {
    const e = errorOf(() => validateLabels([0, 1, bad, 1], 'labels'));
    expect(e.code).toBe('E_TARGET_INVALID');
    expect(e.where).toEqual({ row: 2 });
    expect(e.message).toBe(`row 3: labels has ${shown}; labels must be 0 or 1`);
  });

  it('E_SINGLE_CLASS and E_EMPTY_DATA', () => {
    expect(errorOf(() => validateLabels([1, 1, 1])).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => validateLabels(new Float64Array(0))).code).toBe('E_EMPTY_DATA');
  });
});

describe('target errors name the input line with CR-only line ends', () => {
  it('counts a lone CR as a line end', () => {
    const ds = parseCsv('x,y\r1,0\r2,7\r', { file: 'mac.csv' });
    expect(errorOf(() => splitTarget(ds, 'y')).where).toMatchObject({ file: 'mac.csv', line: 3, column: 'y' });
  });
});
