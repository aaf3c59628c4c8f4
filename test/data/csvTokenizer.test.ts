import { describe, expect, it } from 'vitest';
import { CsvTokenizer, MAX_QUOTED_FIELD } from '../../src/data/csvTokenizer.js';
import { countLineEnds } from '../../src/io/lineEnds.js';
import { CreditkitError } from '../../src/errors.js';

/** Cells, record starts and record ends the tokenizer reports for text fed in the given pieces. */
function tokens(pieces: string[], skipBom = true) {
  const events: string[] = [];
  const t = new CsvTokenizer({
    delimiter: 0x2c,
    keepCells: true,
    skipBom,
    onRecordStart: (start, line) => events.push(`start ${start} line ${line}`),
    onRecordEnd: (start, end, line) => events.push(`end ${start}-${end} line ${line}`),
  });
  for (const p of pieces) t.push(p);
  t.end();
  return { events, bounds: Array.from(t.bounds.subarray(0, 2 * t.nCells)), nRecords: t.nRecords, nCols: t.nCols };
}

/** Every way of cutting `text` into two pieces, and into single characters. */
function cuts(text: string): string[][] {
  const out = [[text], Array.from(text)];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

describe('CsvTokenizer', () => {
  it('reports the same cells, records and lines however the text is cut', () => {
    const texts = [
      '\ufeffa,"b ""q"""\r\n\r\n1,"x\r\ny"\r2,\n3,TV 12" screen',
      'a\r\r\n\n"multi\r\rline"\r',
      'a,b\n"",""\n,\n',
    ];
    for (const text of texts) {
      const whole = tokens([text]);
      for (const pieces of cuts(text)) expect(tokens(pieces)).toEqual(whole);
    }
  });

  it('ends records at LF, CRLF and a lone CR, and counts lines the same way', () => {
    const { events } = tokens(['h\r1\r\n\n2\n"3\r\n4"\r5']);
    expect(events.filter((e) => e.startsWith('start'))).toEqual(['start 0 line 1', 'start 2 line 2', 'start 6 line 4', 'start 8 line 5', 'start 15 line 7']);
    expect(countLineEnds('h\r1\r\n\n2\n"3\r\n4"\r5')).toBe(6);
  });

  it('skips a byte-order mark only at the start of the input, and only when asked', () => {
    expect(tokens(['\ufeffa\n1']).bounds.slice(0, 2)).toEqual([1, 2]);
    expect(tokens(['\ufeffa\n1'], false).bounds.slice(0, 2)).toEqual([0, 2]);
    expect(tokens(['\n\ufeffa\n1']).bounds.slice(0, 2)).toEqual([1, 3]);
  });

  it('fails at the line where a quote opened when the quoted field passes MAX_QUOTED_FIELD, whatever the pieces', () => {
    const text = `a\n\n"${'x'.repeat(MAX_QUOTED_FIELD + 1)}`;
    for (const size of [text.length, 4096, 333_333]) {
      const t = new CsvTokenizer({ delimiter: 0x2c, file: 'f.csv' });
      let err: unknown;
      try {
        for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size));
        t.end();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CreditkitError);
      expect((err as CreditkitError).where).toEqual({ file: 'f.csv', line: 3, row: 0 });
      expect((err as CreditkitError).message).toContain('longer than');
    }
  });

  it('accepts a quoted field of exactly MAX_QUOTED_FIELD characters, escapes included', () => {
    const field = `"${'x'.repeat(MAX_QUOTED_FIELD - 2)}"""`; // MAX - 2 x's and one "" escape
    for (const pieces of [[`a\n${field}\n`], [`a\n${field.slice(0, 1000)}`, `${field.slice(1000)}\n`]]) {
      const t = new CsvTokenizer({ delimiter: 0x2c, keepCells: true });
      for (const p of pieces) t.push(p);
      t.end();
      expect(t.nRecords).toBe(2);
      expect(t.bounds[3] - (t.bounds[2] & 0x7fffffff)).toBe(MAX_QUOTED_FIELD);
    }
    const t = new CsvTokenizer({ delimiter: 0x2c });
    expect(() => t.push(`a\n"${'x'.repeat(MAX_QUOTED_FIELD - 1)}"""\n`)).toThrow(/longer than/);
  });
});
