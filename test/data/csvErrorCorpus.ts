import type { CsvOptions } from '../../src/data/csv.js';

/** Nine good rows of one column, then `bad`. */
const nine = (bad: string): string => `x\n${[1, 2, 3, 4, 5, 6, 7, 8, 9].join('\n')}\n${bad}\n`;

/** CSV inputs that meet the errors the readers report (and a few near misses): what, text, options. */
export const CSV_ERROR_CORPUS: [string, string, CsvOptions][] = [
  ['a non-number in a numeric column', nine('abc'), {}],
  ['infinity words', nine('inf'), {}],
  ['beyond float32', nine('1e39'), {}],
  ['beyond double', nine('-1e400'), {}],
  ['Infinity', nine('Infinity'), {}],
  ['typed numeric', 'a,b\n1,x\n2,y\n', { types: { b: 'numeric' } }],
  ['too few fields', 'a,b\n1,2\n3\n', {}],
  ['too many fields', 'a,b\n1,2\n3,4,5\n', {}],
  ['too many fields, CRLF', 'a,b\r\n1,2\r\n3,4,5\r\n', {}],
  ['too few fields at the end', 'a,b\n1,2\n3', {}],
  ['unterminated quote', 'a,b\n1,2\n"3,4\n', {}],
  ['text after a closing quote', 'a,b\n1,"2"x\n', {}],
  ['empty input', '', {}],
  ['blank lines only', '\n\r\n', {}],
  ['a header alone', 'a,b\n', {}],
  ['a header alone, blank lines after', 'a,b\n\n\n', {}],
  ['a duplicate name', 'a,a\n1,2\n', {}],
  ['an empty name', 'a,,b\n1,2,3\n', {}],
  ['an unknown column', 'a,b\n1,2\n', { columns: ['c'] }],
  ['a column listed twice', 'a,b\n1,2\n', { columns: ['a', 'a'] }],
  ['a bad delimiter', 'a,b\n1,2\n', { delimiter: ';;' }],
  ['a bad type', 'a,b\n1,2\n', { types: { a: 'text' as 'numeric' } }],
  ['a dictionary on a numeric column', 'a,b\n1,2\n', { types: { a: 'numeric' }, categories: { a: ['1'] } }],
  ['an error after blank lines (row lines not consecutive)', 'a,b\n1,2\n\n\n3,x\n4,5\n', { types: { b: 'numeric' } }],
  ['an error after a lone CR', 'a,b\r1,2\r\r3,zz\r', { types: { b: 'numeric' } }],
  ['an error in a streamed block', 'a,b\n1,2\n3,q\n', { lineOffset: 40, rowOffset: 100, file: 'f.csv', types: { b: 'numeric' } }],
  ['a NUL byte', 'a,b\n1,\u00002\n', {}],
  ['a BOM then an error', '\ufeffa,b\n1,x\n', { types: { b: 'numeric' } }],
  ['a non-ASCII cell in a numeric column', 'a,b\n1,2\n3,é\n', { types: { b: 'numeric' } }],
];
