import { describe, expect, it } from 'vitest';
import { findIdColumns } from '../../src/data/idColumns.js';
import { parseCsv } from '../../src/data/csv.js';

function table(header: string[], rows: (string | number)[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

describe('findIdColumns', () => {
  const rows = Array.from({ length: 30 }, (_, i) => [
    `C${1000 + 7 * i}`, // text, distinct: an id
    i + 1, // row numbers (consecutive): an id
    90_000 + 13 * i, // distinct whole numbers, not consecutive
    30 + (i % 7), // repeats
    (i * 0.37).toFixed(2), // distinct fractions: an amount
    ['a', 'b'][i % 2], // a category
    i % 3 === 0 ? 1 : 0,
  ]);
  const header = ['customer', 'row_no', 'amount', 'age', 'ratio', 'segment', 'bad'];

  it('takes text unique per row and consecutive whole numbers, not distinct amounts', () => {
    const ds = parseCsv(table(header, rows));
    expect(findIdColumns(ds, ['bad'])).toEqual(['customer', 'row_no']);
  });

  it('takes distinct whole numbers when the name says id', () => {
    const ds = parseCsv(table(['loan_id', 'id_card', 'ID', 'amount', 'bad'], rows.map((r) => [r[2], r[2], r[2], r[2], r[6]])));
    expect(findIdColumns(ds)).toEqual(['loan_id', 'id_card', 'ID']);
  });

  it('skips a column with a repeat or a missing cell, the excluded ones, and tables of one row', () => {
    const text = table(['id', 'name', 'bad'], [[1, 'x', 0], [2, 'y', 1], [2, 'z', 0], [4, '', 1]]);
    const ds = parseCsv(text);
    expect(findIdColumns(ds)).toEqual([]);
    const unique = parseCsv(table(['id', 'name'], [[1, 'x'], [2, 'y']]));
    expect(findIdColumns(unique, ['name'])).toEqual(['id']);
    expect(findIdColumns(parseCsv('id,name\n1,x\n'))).toEqual([]);
  });

  it('takes id-named whole numbers above 2^24, which float32 rounds together (100000001 and 100000002 read alike)', () => {
    const big = Array.from({ length: 30 }, (_, i) => [100_000_001 + i, 3_000_000_000 + 7 * i, (i * 0.37).toFixed(2), i % 3 === 0 ? 1 : 0]);
    const ds = parseCsv(table(['loan_id', 'account', 'ratio', 'bad'], big));
    expect(ds.column('loan_id').values[0]).toBe(ds.column('loan_id').values[1]); // the precision loss this rule works around
    // 'account' is not named like an id, and its float32 values cannot show a run or distinctness.
    expect(findIdColumns(ds, ['bad'])).toEqual(['loan_id']);
  });
});
