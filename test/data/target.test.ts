import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { Dataset } from '../../src/data/dataset.js';
import { splitTarget, validateLabels } from '../../src/data/target.js';
import { errorOf } from '../errorOf.js';

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
    expect(e.where).toEqual({ row: 2, column: 'y' });
    expect(e.message).toContain('has label 2');
  });

  it('E_TARGET_INVALID for a missing label, numeric or categorical', () => {
    const numeric = errorOf(() => splitTarget(parseCsv('x,y\n1,0\n2,\n3,1\n'), 'y'));
    expect(numeric.code).toBe('E_TARGET_INVALID');
    expect(numeric.where).toEqual({ row: 1, column: 'y' });
    expect(numeric.message).toContain('missing');
    const categorical = errorOf(() => splitTarget(parseCsv('x,y\n1,yes\n2,no\n3,NA\n'), 'y'));
    expect(categorical.code).toBe('E_TARGET_INVALID');
    expect(categorical.where).toEqual({ row: 2, column: 'y' });
  });

  it('E_TARGET_INVALID for a categorical target with a third label', () => {
    const e = errorOf(() => splitTarget(parseCsv('x,y\n1,a\n2,b\n3,a\n4,c\n'), 'y', { positive: 'a' }));
    expect(e.code).toBe('E_TARGET_INVALID');
    expect(e.where).toEqual({ row: 3, column: 'y' });
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
    expect(e.message).toBe(`row 2: labels has ${shown}; labels must be 0 or 1`);
  });

  it('E_SINGLE_CLASS and E_EMPTY_DATA', () => {
    expect(errorOf(() => validateLabels([1, 1, 1])).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => validateLabels(new Float64Array(0))).code).toBe('E_EMPTY_DATA');
  });
});
