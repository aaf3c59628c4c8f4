import { describe, expect, it } from 'vitest';
import { findIdColumns } from '../../src/data/idColumns.js';
import { parseCsv } from '../../src/data/csv.js';
import { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/random.js';

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

  it('decides numeric columns as sorting them would, on 2,000 random columns (runs in any order, repeats, gaps, negatives, ±0)', () => {
    // The rule written out plainly: distinct whole numbers, and then named like an id or a run.
    const reference = (name: string, v: Float32Array): boolean => {
      if (v.some((x) => !Number.isInteger(x))) return false;
      if (v.some((x) => Math.abs(x) > 2 ** 24)) return /^id$|_id$|^id_/i.test(name);
      const sorted = Float64Array.from(v).sort();
      for (let i = 1; i < v.length; i++) if (sorted[i] === sorted[i - 1]) return false;
      return /^id$|_id$|^id_/i.test(name) || sorted[v.length - 1] - sorted[0] === v.length - 1;
    };
    const rng = new Random(44);
    let ids = 0;
    for (let k = 0; k < 2000; k++) {
      const n = 2 + rng.int(200);
      const start = rng.int(3) === 0 ? -rng.int(1000) : rng.int(1000);
      const step = [1, 1, 1, 2, 7][rng.int(5)];
      const v = Float32Array.from({ length: n }, (_, i) => start + step * i);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [v[i], v[j]] = [v[j], v[i]];
      }
      const change = rng.int(6);
      if (change === 0) v[rng.int(n)] = v[rng.int(n)]; // a repeat (or nothing)
      if (change === 1) v[rng.int(n)] = start + step * n + rng.int(3); // a gap at the end
      if (change === 2) v[rng.int(n)] = 0.5; // not whole
      if (change === 3 && start === 0) v[rng.int(n)] = -0; // -0 beside 0
      if (change === 4) v[rng.int(n)] = 2 ** 25; // beyond float32's exact integers
      const name = rng.int(2) === 0 ? 'loan_id' : 'amount';
      const ds = Dataset.fromColumns({ [name]: v });
      const expected = reference(name, v);
      expect(findIdColumns(ds), `case ${k}: ${name} ${Array.from(v).join(' ')}`).toEqual(expected ? [name] : []);
      if (expected) ids++;
    }
    expect(ids).toBeGreaterThan(400);
    expect(ids).toBeLessThan(1600);
  });
});
