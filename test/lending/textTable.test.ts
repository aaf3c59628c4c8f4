import { describe, expect, it } from 'vitest';
import { TextTable } from '../../src/lending/textTable.js';
import { errorOf } from '../errorOf.js';

describe('TextTable', () => {
  it('reads CR-only, CRLF and LF line ends alike, naming the line of a bad cell', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const t = new TextTable(['id,amount', '', 'a,"1', '000"', 'b,x'].join(eol) + eol, 'apps.csv');
      expect(t.header).toEqual(['id', 'amount']);
      expect(t.text(0, 'amount')).toBe(`1${eol}000`);
      expect(t.line(1)).toBe(5);
      expect(errorOf(() => t.number(1, 'amount')).where).toMatchObject({ file: 'apps.csv', line: 5, row: 1, column: 'amount' });
    }
  });
});
