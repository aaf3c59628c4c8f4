import { describe, expect, it } from 'vitest';
import { Dataset, parseCsv, weightsFromColumn } from '../../src/core.js';

describe('weightsFromColumn', () => {
  it('reads a text column exactly and a numeric column as it is', () => {
    const ds = parseCsv('w,x\n0.1,1\n2.5e1,2\n0,3\n', { types: { w: 'categorical' }, file: 'w.csv' });
    expect([...weightsFromColumn(ds, 'w')]).toEqual([0.1, 25, 0]);
    const numeric = new Dataset([{ name: 'w', kind: 'numeric', values: Float32Array.of(1, 0.5, 2) }]);
    expect([...weightsFromColumn(numeric, 'w')]).toEqual([1, 0.5, 2]);
  });

  it.each([
    ['w,x\n1,1\nabc,2\n', 'E_CSV_NOT_NUMERIC', 3],
    ['w,x\n1,1\n-inf,2\n', 'E_CSV_NONFINITE', 3],
    ['w,x\n1,1\n1e400,2\n', 'E_CSV_NONFINITE', 3],
    ['w,x\n1,1\n2,2\n-0.5,3\n', 'E_WEIGHT', 4],
    ['w,x\nNA,1\n2,2\n', 'E_WEIGHT', 2],
    ['w,x\n0,1\n0.0,2\n', 'E_WEIGHT', undefined],
  ])('%j is %s at line %s, naming the file and column', (csv, code, line) => {
    const ds = parseCsv(csv, { types: { w: 'categorical' }, file: 'w.csv' });
    expect(() => weightsFromColumn(ds, 'w')).toThrow(expect.objectContaining({ code, where: expect.objectContaining({ file: 'w.csv', column: 'w', ...(line === undefined ? {} : { line }) }) }));
  });

  it('a column the data lacks is E_COLUMN_UNKNOWN', () => {
    expect(() => weightsFromColumn(parseCsv('x\n1\n'), 'w')).toThrow(expect.objectContaining({ code: 'E_COLUMN_UNKNOWN' }));
  });
});
