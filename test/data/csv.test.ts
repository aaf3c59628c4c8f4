import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { readCsvFile } from '../../src/data/csvFile.js';
import { readCsvFileSync } from '../readCsvFileSync.js';
import { MAX_QUOTED_FIELD } from '../../src/data/csvTokenizer.js';
import { CreditkitError } from '../../src/errors.js';
import { asyncErrorOf, errorOf } from '../errorOf.js';

const values = (ds: ReturnType<typeof parseCsv>, name: string): number[] => Array.from(ds.column(name).values);

/** A one-column CSV: nine good numbers, then `bad` on line 11. */
const nineNumbersThen = (bad: string): string => `x\n${[1, 2, 3, 4, 5, 6, 7, 8, 9].join('\n')}\n${bad}\n`;

describe('parseCsv: values and types', () => {
  it('reads numeric columns, with NaN for every missing spelling', () => {
    const ds = parseCsv('a,b,c\n1,2.5,-3e2\n4,,NA\n7,N/A,null\n-0.5,NaN,NULL\n8,nan,\n');
    expect(ds.nRows).toBe(5);
    expect(ds.names).toEqual(['a', 'b', 'c']);
    expect(ds.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'numeric']);
    expect(values(ds, 'a')).toEqual([1, 4, 7, -0.5, 8]);
    expect(values(ds, 'b')).toEqual([2.5, NaN, NaN, NaN, NaN]);
    expect(values(ds, 'c')).toEqual([-300, NaN, NaN, NaN, NaN]);
  });

  it('accepts the strict number syntax and stores Float32', () => {
    const ds = parseCsv('v\n+1.5\n.5\n5.\n1e3\n1E-3\n-0.25e+2\n007\n 42 \n0.1\n12345678901234567890\n');
    expect(values(ds, 'v')).toEqual([1.5, 0.5, 5, 1000, Math.fround(0.001), -25, 7, 42, Math.fround(0.1), Math.fround(12345678901234567890)]);
  });

  it('infers a categorical column with codes in sorted label order', () => {
    const ds = parseCsv('grade,x\nB,1\nA,2\nC,3\n,4\nB,5\nNA,6\n');
    const col = ds.column('grade');
    expect(col.kind).toBe('categorical');
    expect(col.categories).toEqual(['A', 'B', 'C']);
    expect(Array.from(col.values)).toEqual([1, 0, 2, NaN, 1, NaN]);
  });

  it('gives the same codes whatever the row order', () => {
    const a = parseCsv('g\nz\ny\nx\n').column('g');
    const b = parseCsv('g\nx\nz\ny\n').column('g');
    expect(a.categories).toEqual(['x', 'y', 'z']);
    expect(b.categories).toEqual(a.categories);
  });

  it('treats a mostly-text column as categorical, numbers included', () => {
    const col = parseCsv('g\nlow\nhigh\n3\nlow\n').column('g');
    expect(col.kind).toBe('categorical');
    expect(col.categories).toEqual(['3', 'high', 'low']);
    expect(Array.from(col.values)).toEqual([2, 1, 0, 2]);
  });

  it('sorts numeric labels of a forced categorical column by value', () => {
    const col = parseCsv('k\n10\n2\n1\n2\n', { types: { k: 'categorical' } }).column('k');
    expect(col.kind).toBe('categorical');
    expect(col.categories).toEqual(['1', '2', '10']);
    expect(Array.from(col.values)).toEqual([2, 1, 0, 1]);
  });

  it('uses a fixed dictionary: its order for codes, NaN for unseen labels', () => {
    const col = parseCsv('g\nb\nz\na\n\n', { categories: { g: ['b', 'a'] } }).column('g');
    expect(col.kind).toBe('categorical');
    expect(col.categories).toEqual(['b', 'a']);
    expect(Array.from(col.values)).toEqual([0, NaN, 1]);
  });

  it('takes a column made only of missing cells as numeric NaN', () => {
    const col = parseCsv('a,b\n1,\n2,NA\n').column('b');
    expect(col.kind).toBe('numeric');
    expect(Array.from(col.values)).toEqual([NaN, NaN]);
  });

  it('honours custom naValues, including numeric ones', () => {
    const ds = parseCsv('a,b\n-999,x\n5,?\n6,NA\n', { naValues: ['-999', '?'] });
    expect(values(ds, 'a')).toEqual([NaN, 5, 6]);
    expect(ds.column('b').categories).toEqual(['NA', 'x']);
    expect(values(ds, 'b')).toEqual([1, NaN, 0]);
  });

  it('reads only the requested columns, in the requested order', () => {
    const ds = parseCsv('a,b,c\n1,x,3\n4,y,6\n', { columns: ['c', 'a'] });
    expect(ds.names).toEqual(['c', 'a']);
    expect(values(ds, 'c')).toEqual([3, 6]);
  });

  it('reads tab-separated text', () => {
    const ds = parseCsv('a\tb\n1\tx y\n2\t\n', { delimiter: '\t' });
    expect(values(ds, 'a')).toEqual([1, 2]);
    expect(ds.column('b').categories).toEqual(['x y']);
    expect(values(ds, 'b')).toEqual([0, NaN]);
  });

  it('supports another delimiter; then "1,5" is text, not a number', () => {
    const ds = parseCsv('a;b\n1,5;2\n3,5;4\n', { delimiter: ';' });
    expect(ds.column('a').kind).toBe('categorical');
    expect(ds.column('a').categories).toEqual(['1,5', '3,5']);
    expect(values(ds, 'b')).toEqual([2, 4]);
  });
});

describe('parseCsv: RFC 4180 syntax', () => {
  it('reads quoted fields with delimiters, newlines and "" escapes', () => {
    const ds = parseCsv('name,"note, long",n\n"Smith, J.","said ""hi""\nthen left","12"\nplain,"",3\n');
    expect(ds.names).toEqual(['name', 'note, long', 'n']);
    expect(ds.column('name').categories).toEqual(['Smith, J.', 'plain']);
    expect(ds.column('note, long').categories).toEqual(['said "hi"\nthen left']);
    expect(values(ds, 'note, long')).toEqual([0, NaN]);
    expect(ds.column('n').kind).toBe('numeric');
    expect(values(ds, 'n')).toEqual([12, 3]);
  });

  it('reads CRLF line ends, including inside and after quoted fields', () => {
    const ds = parseCsv('a,b\r\n1,"x\r\ny"\r\n2,"z"\r\n3,w');
    expect(values(ds, 'a')).toEqual([1, 2, 3]);
    expect(ds.column('b').categories).toEqual(['w', 'x\r\ny', 'z']);
  });

  it('strips a BOM and ignores a missing final newline and blank lines', () => {
    const ds = parseCsv('\uFEFFid,v\n1,2\n\n3,4\r\n\r\n');
    expect(ds.names).toEqual(['id', 'v']);
    expect(values(ds, 'id')).toEqual([1, 3]);
    expect(values(ds, 'v')).toEqual([2, 4]);
  });

  it('reads CR-only line ends (old Mac files), counting their lines in errors', () => {
    const ds = parseCsv('a,b\r1,"x\ry"\r\r2,z\r');
    expect(values(ds, 'a')).toEqual([1, 2]);
    expect(ds.column('b').categories).toEqual(['x\ry', 'z']);
    const e = errorOf(() => parseCsv('a,b\r1,2\r"two\rlines",3\rx,4\r', { types: { a: 'numeric' } }));
    expect(e.code).toBe('E_CSV_NOT_NUMERIC');
    expect(e.where).toMatchObject({ line: 3, row: 1, column: 'a' });
    expect(errorOf(() => parseCsv('a\r1\r2,3\r')).where).toMatchObject({ line: 3, row: 1 });
  });

  it('takes a quote inside an unquoted field as text; a quoted field must end at its closing quote', () => {
    expect(parseCsv('d,n\nTV 12" screen,1\n 5"x"," "\n').column('d').categories).toEqual(['5"x"', 'TV 12" screen']);
    expect(errorOf(() => parseCsv('d,n\n"12" screen,1\n')).where).toMatchObject({ line: 2, row: 0 });
  });

  it('E_CSV_PARSE for a quoted field longer than MAX_QUOTED_FIELD, at the line where it opened', () => {
    const long = 'x'.repeat(MAX_QUOTED_FIELD);
    expect(parseCsv(`a,b\n1,"${long}"\n`).column('b').categories).toEqual([long]);
    const e = errorOf(() => parseCsv(`a,b\n1,2\n\n3,"${long}x"\n`, { file: 'f.csv' }));
    expect(e.code).toBe('E_CSV_PARSE');
    expect(e.where).toEqual({ file: 'f.csv', line: 4, row: 1 });
    expect(e.message).toContain(`longer than ${MAX_QUOTED_FIELD} characters`);
  });

  it('keeps an empty last field', () => {
    expect(values(parseCsv('a,b\n1,\n2,'), 'b')).toEqual([NaN, NaN]);
  });

  it('parses 150k rows × 12 columns', () => {
    const rows = ['c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11'];
    for (let i = 0; i < 150_000; i++) rows.push(`${i},${i % 2},0.${i},${i % 97},,${i * 3.5},${i % 7},1e-3,${-i},42,7.25,${i % 5 ? i : ''}`);
    const ds = parseCsv(rows.join('\n'));
    expect(ds.nRows).toBe(150_000);
    expect(ds.column('c11').values[5]).toBeNaN();
    expect(ds.column('c5').values[149_999]).toBe(Math.fround(149_999 * 3.5));
  });
});

describe('parseCsv: errors name the file, line, row and column', () => {
  it('E_CSV_NOT_NUMERIC for a bad cell in a mostly numeric column', () => {
    const e = errorOf(() => parseCsv('id,income\n1,100\n2,200\n3,250\n4,300\n5,n/a!\n6,1\n7,2\n8,3\n9,4\n10,5\n', { file: 'loans.csv' }));
    expect(e.code).toBe('E_CSV_NOT_NUMERIC');
    expect(e.where).toEqual({ file: 'loans.csv', line: 6, row: 4, column: 'income' });
    expect(e.message).toContain('loans.csv, line 6, column "income"');
    expect(e.message).toContain('"n/a!"');
  });

  it.each(['0x1A', '1,5', '1e', 'e3', '.', '-', '1.2.3', '1 2', '12abc', '$5'])('rejects %j as a number', (bad) => {
    const e = errorOf(() => parseCsv(nineNumbersThen(`"${bad}"`)));
    expect(e.code).toBe('E_CSV_NOT_NUMERIC');
    expect(e.where).toMatchObject({ line: 11, row: 9, column: 'x' });
  });

  it('names the first offender', () => {
    const e = errorOf(() => parseCsv(`x\n${Array.from({ length: 20 }, (_, i) => i).join('\n')}\nfoo\nbar\n`));
    expect(e.code).toBe('E_CSV_NOT_NUMERIC');
    expect(e.where).toMatchObject({ line: 22, row: 20 });
    expect(e.message).toContain('"foo"');
  });

  it.each(['Infinity', '-inf', 'inf', '1e999', '-1e400'])('E_CSV_NONFINITE for %j', (bad) => {
    const e = errorOf(() => parseCsv(nineNumbersThen(bad), { file: 'f.csv' }));
    expect(e.code).toBe('E_CSV_NONFINITE');
    expect(e.where).toEqual({ file: 'f.csv', line: 11, row: 9, column: 'x' });
    expect(e.message).toContain('empty field');
  });

  it('E_CSV_NOT_NUMERIC for a forced numeric column, even a mostly text one', () => {
    const e = errorOf(() => parseCsv('a,b\n1,x\n2,y\n', { types: { b: 'numeric' } }));
    expect(e.code).toBe('E_CSV_NOT_NUMERIC');
    expect(e.where).toMatchObject({ line: 2, row: 0, column: 'b' });
  });

  it('counts lines inside multi-line quoted fields', () => {
    const e = errorOf(() => parseCsv(`note,x\n"two\nlines",1\n${'n,2\n'.repeat(9)}n,oops\n`));
    expect(e.code).toBe('E_CSV_NOT_NUMERIC');
    expect(e.where).toMatchObject({ line: 13, row: 10, column: 'x' });
  });

  it('E_CSV_PARSE for a row with too few or too many fields', () => {
    const few = errorOf(() => parseCsv('a,b,c\n1,2,3\n4,5\n', { file: 'f.csv' }));
    expect(few.code).toBe('E_CSV_PARSE');
    expect(few.where).toEqual({ file: 'f.csv', line: 3, row: 1 });
    expect(few.message).toContain('2 fields');
    const many = errorOf(() => parseCsv('a,b\r\n1,2\r\n\r\n3,4,5\r\n'));
    expect(many.code).toBe('E_CSV_PARSE');
    expect(many.where).toMatchObject({ line: 4, row: 1 });
  });

  it('E_CSV_PARSE at the line where an unterminated quote opened', () => {
    const e = errorOf(() => parseCsv('a,b\n1,2\n3,"open\nstill\nopen\n'));
    expect(e.code).toBe('E_CSV_PARSE');
    expect(e.where).toMatchObject({ line: 3, row: 1 });
    expect(e.message).toContain('unterminated');
  });

  it('E_CSV_PARSE for text after a closing quote', () => {
    const e = errorOf(() => parseCsv('a,b\n1,"x"y\n'));
    expect(e.code).toBe('E_CSV_PARSE');
    expect(e.where).toMatchObject({ line: 2, row: 0 });
  });

  it('E_CSV_EMPTY for no text, blank lines or a header alone', () => {
    for (const text of ['', '\uFEFF', '\n\r\n', 'a,b\n', 'a,b']) {
      expect(errorOf(() => parseCsv(text)).code).toBe('E_CSV_EMPTY');
    }
  });

  it('E_CSV_PARSE for a duplicate or empty header name', () => {
    const dup = errorOf(() => parseCsv('a,b,a\n1,2,3\n'));
    expect(dup.code).toBe('E_CSV_PARSE');
    expect(dup.where).toMatchObject({ line: 1, column: 'a' });
    const empty = errorOf(() => parseCsv('a, ,c\n1,2,3\n'));
    expect(empty.code).toBe('E_CSV_PARSE');
    expect(empty.where).toMatchObject({ line: 1 });
  });

  it('names the line of the header when blank lines come first', () => {
    expect(errorOf(() => parseCsv('\n\r\na,a\n1,2\n')).where).toMatchObject({ line: 3, column: 'a' });
  });

  it('reads a header of 500,000 columns (quadratic before: 40,000 took 4 s, this would take 10 minutes)', () => {
    const n = 500_000;
    const header = Array.from({ length: n }, (_, j) => `c${j}`);
    const ds = parseCsv(`${header.join(',')}\n${'0,'.repeat(n - 1)}7\n`, { columns: ['c499999', 'c5'] });
    expect(ds.names).toEqual(['c499999', 'c5']);
    expect(Array.from(ds.column('c499999').values)).toEqual([7]);
  });

  it('finds a duplicate name at the end of a header of 300,000 columns', () => {
    const header = Array.from({ length: 300_000 }, (_, j) => `c${j}`);
    header.push('c17');
    expect(errorOf(() => parseCsv(`${header.join(',')}\n${'0,'.repeat(header.length - 1)}7\n`)).where).toMatchObject({ line: 1, column: 'c17' });
  });

  it('E_COLUMN_UNKNOWN listing the available columns', () => {
    const e = errorOf(() => parseCsv('age,income\n1,2\n', { columns: ['age', 'salary'], file: 'f.csv' }));
    expect(e.code).toBe('E_COLUMN_UNKNOWN');
    expect(e.where).toEqual({ file: 'f.csv', column: 'salary' });
    expect(e.message).toContain('age, income');
    expect(errorOf(() => parseCsv('a\n1\n', { types: { b: 'numeric' } })).code).toBe('E_COLUMN_UNKNOWN');
    expect(errorOf(() => parseCsv('a\n1\n', { categories: { b: ['x'] } })).code).toBe('E_COLUMN_UNKNOWN');
  });

  it('E_OPTION for bad options', () => {
    expect(errorOf(() => parseCsv('a\n1\n', { delimiter: '"' })).code).toBe('E_OPTION');
    expect(errorOf(() => parseCsv('a\n1\n', { delimiter: ';;' })).code).toBe('E_OPTION');
    expect(errorOf(() => parseCsv('a\n1\n', { columns: ['a', 'a'] })).code).toBe('E_OPTION');
    expect(errorOf(() => parseCsv('a\n1\n', { categories: { a: ['x', 'x'] } })).code).toBe('E_OPTION');
    expect(errorOf(() => parseCsv('a\n1\n', { types: { a: 'numeric' }, categories: { a: ['1'] } })).code).toBe('E_OPTION');
  });
});

describe('readCsvFile / readCsvFileSync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'creditkit-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'id,grade,amount\n1,A,100\n2,B,\n3,A,250.5\n';
  const plain = join(dir, 'loans.csv');
  const gz = join(dir, 'loans.csv.gz');
  // gzipped content under a plain .csv name: detected by its magic bytes
  const disguised = join(dir, 'disguised.csv');
  writeFileSync(plain, text);
  writeFileSync(gz, gzipSync(text));
  writeFileSync(disguised, gzipSync(text));

  const check = (ds: ReturnType<typeof parseCsv>): void => {
    expect(ds.nRows).toBe(3);
    expect(ds.column('grade').categories).toEqual(['A', 'B']);
    expect(values(ds, 'amount')).toEqual([100, NaN, 250.5]);
  };

  it('reads plain, gzipped and disguised gzipped files', async () => {
    for (const path of [plain, gz, disguised]) {
      check(await readCsvFile(path));
      check(readCsvFileSync(path));
    }
  });

  it('passes options through and names the file in errors', async () => {
    const ds = await readCsvFile(gz, { columns: ['amount'] });
    expect(ds.names).toEqual(['amount']);
    const e = await asyncErrorOf(() => readCsvFile(gz, { types: { grade: 'numeric' } }));
    expect(e.code).toBe('E_CSV_NOT_NUMERIC');
    expect(e.where).toEqual({ file: gz, line: 2, row: 0, column: 'grade' });
  });

  it('E_FILE_NOT_FOUND with the path', async () => {
    const missing = join(dir, 'nope.csv');
    const e = await asyncErrorOf(() => readCsvFile(missing));
    expect(e.code).toBe('E_FILE_NOT_FOUND');
    expect(e.where.file).toBe(missing);
    expect(errorOf(() => readCsvFileSync(missing)).where).toEqual({ file: missing });
  });

  it('E_CSV_PARSE for a corrupt gzip file', async () => {
    const broken = join(dir, 'broken.csv.gz');
    writeFileSync(broken, gzipSync(text).subarray(0, 20));
    expect((await asyncErrorOf(() => readCsvFile(broken))).code).toBe('E_CSV_PARSE');
    expect(errorOf(() => readCsvFileSync(broken)).where).toEqual({ file: broken });
  });
});
