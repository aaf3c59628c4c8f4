import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../src/io/csvField.js';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and writes numbers as they are', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(null)).toBe('');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvLine(['x', 1, 'y,z'])).toBe('x,1,"y,z"');
  });

  it('leaves formula-like text alone by default: ids are written exactly as read', () => {
    for (const s of ['=1+2', '+1', '-x', '@SUM(A1)']) expect(csvField(s)).toBe(s);
  });

  it('in safe mode prefixes text a spreadsheet would run as a formula with a single quote, inside quotes', () => {
    const safe = { safe: true };
    expect(csvField('=HYPERLINK("http://x","y")', safe)).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+1+2', safe)).toBe('"\'+1+2"');
    expect(csvField('-2+3', safe)).toBe('"\'-2+3"');
    expect(csvField('@SUM(A1)', safe)).toBe('"\'@SUM(A1)"');
    expect(csvField('\t=1', safe)).toBe('"\'\t=1"');
    expect(csvField('\r=1', safe)).toBe('"\'\r=1"');
    // Plain numbers (as text or not) and ordinary text are unchanged.
    for (const s of ['-12.5', '+3e2', '-.5', 'A-1', 'x=1', '', 'Café']) expect(csvField(s, safe)).toBe(s);
    expect(csvField(-7, safe)).toBe('-7');
    expect(csvLine(['=1', -1], safe)).toBe('"\'=1",-1');
  });
});
