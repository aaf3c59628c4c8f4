import { describe, expect, it } from 'vitest';
import { parseSpecialValues } from '../../src/binning/specialValuesText.js';
import { errorOf } from '../errorOf.js';

describe('parseSpecialValues', () => {
  it('reads COL:v1,v2;COL2:v3 into numbers per column', () => {
    expect(parseSpecialValues('x1:-999,96, 98 ; x2:1e3')).toEqual({ x1: [-999, 96, 98], x2: [1000] });
    expect(parseSpecialValues('late30:96,98; income:-999')).toEqual({ late30: [96, 98], income: [-999] });
    // The column is what precedes the last ":".
    expect(parseSpecialValues('a:b:0.5')).toEqual({ 'a:b': [0.5] });
    expect(Object.hasOwn(parseSpecialValues('__proto__:1'), '__proto__')).toBe(true);
  });

  it.each([
    ['x1', /special values part "x1": no ":" between the column and its values/],
    ['x1:', /special values part "x1:": no values after "x1:"/],
    [':5', /special values part ":5": no column name before ":"/],
    ['x1:1,abc', /special values part "x1:1,abc": "abc" is not a finite decimal number/],
    ['x1:1,,2', /special values part "x1:1,,2": "" is not a finite decimal number/],
    ['x1:inf', /"inf" is not a finite decimal number/],
    ['x1:0x10', /"0x10" is not a finite decimal number/],
    ['x1:1,1', /special values part "x1:1,1": value 1 is given twice/],
    ['x1:1;x1:2', /special values part "x1:2": column "x1" is given twice/],
    ['x1:1;;x2:2', /special values part "": empty part/],
    ['', /no column given/],
  ])('"%s" is E_OPTION quoting the offending part', (text, message) => {
    const e = errorOf(() => parseSpecialValues(text));
    expect(e.code).toBe('E_OPTION');
    expect(e.message).toMatch(message);
    expect(e.message).toContain('(the form is COL:v1,v2;COL2:v3)');
  });
});
