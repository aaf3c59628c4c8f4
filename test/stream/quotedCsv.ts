import type { Random } from '../../src/index.js';

/**
 * Random CSVs with quoted fields (RFC 4180) for the tests that compare ways of
 * reading and scoring them: columns id, text, a, b, c; quoted ids, text and
 * numbers holding delimiters, LF and CRLF line ends, `""` escapes, quotes in
 * the middle of a field, blank and missing cells, sometimes every field quoted;
 * at most one odd row (text after a closing quote, UTF-8 inside quotes, an
 * escape in a number, a bad number, a lone CR inside quotes), sometimes a
 * quoted header, sometimes a quote never closed at the end.
 */

/** Quoted ids: plain, with a delimiter, an escape, line ends inside, missing words, blanks, formula starts. */
export const QUOTED_IDS = ['"r#"', '"a,b#"', '"x""y#"', '"two\nlines#"', '"crlf\r\nin#"', '"NA"', '""', '" pad# "', '"=cmd#"', '"-5"', '"a;b#"', '""""', '"q"""', '"""q#"'];
/** Unquoted ids with a quote inside (text: a quote opens a quoted field only as a field's first byte). */
const ODD_IDS = ['ab"c#', 'x"#', ' "lead#'];
/** Text cells of the column no model feature reads. */
const TEXT_CELLS = ['"Main St, 5"', '"said ""hi"""', '"multi\nline\ntext"', '"cr\r\nlf"', '"' + 'long,'.repeat(40) + '"', 'plain', '""', '","', '"\n"'];
const NUMBER_CELLS = ['"0.5"', '" -1.25 "', '"NA"', '""', '"1.0000000000000000000001"', '"7e1"'];
/** At most one per CSV: what the direct path hands to the usual one, or an error. */
const ODD_ROWS = [
  'r,"a"b,1,2,3', // text after a closing quote
  'r,"caf\u00e9",1,2,3', // UTF-8 inside quotes
  'r,x,"1""5",2,3', // an escape in a number: text
  'r,x,"oops",2,3', // not a number
  'r,"lone\rcr",1,2,3', // a CR inside quotes not before an LF
];

export function quotedCsv(rng: Random, maxRows = 3000): { text: string; unterminated: boolean } {
  const eol = rng.next() < 0.3 ? '\r\n' : '\n';
  const n = 1 + Math.floor(rng.next() * (rng.next() < 0.3 ? maxRows : Math.min(200, maxRows)));
  const odd = rng.next() < 0.3 ? Math.floor(rng.next() * n) : -1;
  const allQuoted = rng.next() < 0.3;
  const q = (cell: string): string => (allQuoted && !cell.startsWith('"') ? `"${cell}"` : cell);
  const lines = [rng.next() < 0.1 ? '"id",text,a,b,c' : 'id,text,a,b,c'];
  for (let i = 0; i < n; i++) {
    if (i === odd) {
      lines.push(ODD_ROWS[Math.floor(rng.next() * ODD_ROWS.length)]);
      continue;
    }
    if (rng.next() < 0.01) lines.push('');
    const u = rng.next();
    const id = u < 0.3 ? QUOTED_IDS[Math.floor(rng.next() * QUOTED_IDS.length)] : u < 0.35 ? ODD_IDS[Math.floor(rng.next() * ODD_IDS.length)] : `r#`;
    const text = rng.next() < 0.7 ? TEXT_CELLS[Math.floor(rng.next() * TEXT_CELLS.length)] : `t${i}`;
    const num = (v: string): string => (rng.next() < 0.1 ? NUMBER_CELLS[Math.floor(rng.next() * NUMBER_CELLS.length)] : q(v));
    lines.push([q(id.replace('#', String(i))), q(text), num((rng.next() * 4 - 2).toFixed(1 + (i % 9))), num(String(i % 50)), num(String(rng.next()))].join(','));
  }
  let text = lines.join(eol) + (rng.next() < 0.8 ? eol : '');
  const unterminated = rng.next() < 0.08;
  if (unterminated) text += `r,"never closed${eol}1,2,3${eol}`;
  return { text, unterminated };
}
