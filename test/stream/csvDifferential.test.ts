import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvHeader, type CsvOptions } from '../../src/data/csv.js';
import { decodeText } from '../../src/io/textDecoding.js';
import { CsvTokenizer } from '../../src/data/csvTokenizer.js';
import type { Dataset } from '../../src/data/dataset.js';
import { CreditkitError } from '../../src/errors.js';
import { Random } from '../../src/random.js';
import { pick, splitBytes } from '../csvFuzz.js';
import { readCsvChunks } from '../../src/stream/csvChunks.js';

/**
 * Differential fuzzing of the two CSV readers: random CSVs (quotes everywhere,
 * escapes, stray quotes, LF/CRLF/CR, blank lines, BOM, multi-byte characters,
 * delimiters in quotes, ragged rows, empty fields) read whole by parseCsv and
 * streamed by readCsvChunks in random byte pieces (cut inside multi-byte
 * characters and CRLFs too) must give the same cells, or the same error at
 * the same line.
 */

const CASES = 4000;

const WORDS = ['a', 'x1', 'NA', '', ' ', '12', '-3.5e2', 'café', '名前', '😀', 'Ünïcode ok', 'TV 12" screen', '"', '""', 'a""b', ' lead', 'trail ', 'x\ty'];
const EOLS = ['\n', '\r\n', '\r'];

/** A field's value: words, sometimes with delimiters, quotes or line ends inside. */
function value(rng: Random, delim: string): string {
  let s = pick(rng, WORDS);
  if (rng.next() < 0.2) s += pick(rng, [delim, '"', '\n', '\r\n', '\r', ' ', 'é']) + pick(rng, WORDS);
  return s;
}

/** A value written as a field: quoted when it must be, or often anyway; sometimes raw (stray quotes). */
function field(rng: Random, v: string, delim: string): string {
  const needs = v.includes(delim) || v.includes('\n') || v.includes('\r') || v.startsWith('"');
  const r = rng.next();
  if (r < 0.015) return v; // raw, even when it breaks the record
  if (needs || r < 0.35) return `"${v.replaceAll('"', '""')}"`;
  return v;
}

function randomCsv(rng: Random): { text: string; delimiter: string } {
  const delimiter = pick(rng, [',', ',', ',', ';', '\t']);
  const eolMode = rng.int(4); // one style for the file, or (3) mixed
  const eol = (): string => (eolMode < 3 ? EOLS[eolMode] : pick(rng, EOLS));
  const nCols = 1 + rng.int(5);
  const names = Array.from({ length: nCols }, (_, j) => pick(rng, ['c', 'col ', 'é', '名', '"q', 'a,b']) + j);
  if (nCols > 1 && rng.next() < 0.03) names[nCols - 1] = names[0];
  const records: string[] = [names.map((n) => field(rng, n, delimiter)).join(delimiter)];
  const nRows = rng.int(30);
  for (let i = 0; i < nRows; i++) {
    const ragged = rng.next() < 0.03 ? pick(rng, [-1, 1]) : 0;
    const fields = Array.from({ length: Math.max(1, nCols + ragged) }, () => field(rng, value(rng, delimiter), delimiter));
    records.push(fields.join(delimiter));
  }
  let text = rng.next() < 0.2 ? '\ufeff' : '';
  if (rng.next() < 0.1) text += eol();
  for (const r of records) {
    text += r;
    if (rng.next() < 0.1) text += eol(); // a blank line
    text += eol();
  }
  if (rng.next() < 0.3) text = text.slice(0, text.length - 1); // no final line end, or half a CRLF
  return { text: mutate(rng, text, delimiter), delimiter };
}

/** A few random edits by code point: stray quotes, delimiters, line ends, deletions, truncation. */
function mutate(rng: Random, text: string, delim: string): string {
  const chars = Array.from(text);
  const nEdits = rng.next() < 0.6 ? 0 : 1 + rng.int(3);
  for (let e = 0; e < nEdits && chars.length > 0; e++) {
    const at = rng.int(chars.length + 1);
    const r = rng.next();
    if (r < 0.4) chars.splice(at, 0, '"');
    else if (r < 0.55) chars.splice(at, 0, delim);
    else if (r < 0.7) chars.splice(at, 0, pick(rng, EOLS));
    else if (r < 0.9) chars.splice(at, 1);
    else chars.length = at;
  }
  return chars.join('');
}

/** Every column read as text, so that blocks and the whole file are comparable cell by cell. */
function allText(text: string, delimiter: string): CsvOptions {
  let header: string | undefined;
  let line = 1;
  const tokenizer = new CsvTokenizer({
    delimiter: delimiter.charCodeAt(0),
    onRecordEnd: (start, end, at) => {
      if (header === undefined) [header, line] = [text.slice(start, end), at];
    },
  });
  try {
    tokenizer.push(text);
    tokenizer.end();
  } catch {
    // The readers report it.
  }
  let names: string[] = [];
  try {
    if (header !== undefined) names = readCsvHeader(header, { delimiter }, line);
  } catch {
    // Likewise.
  }
  return { delimiter, file: 'fuzz.csv', types: Object.fromEntries(names.map((n) => [n, 'categorical' as const])) };
}

type Outcome = { names: string[]; cells: (string | null)[][] } | { error: { code: string; message: string; where: unknown } };

function cellsOf(blocks: Dataset[], names: string[]): (string | null)[][] {
  return names.map((name) =>
    blocks.flatMap((ds) => {
      const col = ds.column(name);
      return Array.from(col.values, (v) => (Number.isNaN(v) ? null : col.categories![v]));
    }),
  );
}

function failure(e: unknown): Outcome {
  if (!(e instanceof CreditkitError)) throw e; // an uncoded error is a failure of its own
  return { error: { code: e.code, message: e.message, where: e.where } };
}

function whole(bytes: Uint8Array, options: CsvOptions): Outcome {
  try {
    const ds = parseCsv(decodeText(bytes, 'utf-8'), options);
    return { names: ds.names, cells: cellsOf([ds], ds.names) };
  } catch (e) {
    return failure(e);
  }
}

async function streamed(pieces: Uint8Array[], options: CsvOptions, chunkRows: number): Promise<Outcome> {
  const blocks: Dataset[] = [];
  try {
    let nextRow = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      yield* pieces;
    }
    for await (const c of readCsvChunks(source(), { ...options, chunkRows })) {
      expect(c.firstRow).toBe(nextRow);
      expect(c.dataset.nRows).toBeGreaterThan(0);
      expect(c.dataset.nRows).toBeLessThanOrEqual(chunkRows);
      nextRow += c.dataset.nRows;
      blocks.push(c.dataset);
    }
    const names = blocks[0].names;
    return { names, cells: cellsOf(blocks, names) };
  } catch (e) {
    return failure(e);
  }
}

describe('CSV readers: differential fuzzing', () => {
  it(`parseCsv and readCsvChunks agree on ${CASES} random CSVs cut at random bytes`, async () => {
    const rng = new Random(20240914);
    const seen = { ok: 0, errors: new Map<string, number>() };
    for (let k = 0; k < CASES; k++) {
      const { text, delimiter } = randomCsv(rng);
      const bytes = new TextEncoder().encode(text);
      const options = allText(decodeText(bytes, 'utf-8'), delimiter);
      const chunkRows = 1 + rng.int(6);
      const expected = whole(bytes, options);
      const got = await streamed(splitBytes(rng, bytes, 0.05), options, chunkRows);
      expect(got, `case ${k}: ${JSON.stringify(text)} in blocks of ${chunkRows}`).toEqual(expected);
      if ('error' in expected) {
        const key = `${expected.error.code}: ${expected.error.message.replace(/^.*?line \d+: /, '').replace(/\d+/g, 'N')}`;
        seen.errors.set(key, (seen.errors.get(key) ?? 0) + 1);
      } else {
        seen.ok++;
      }
    }
    // The generator reaches both readers' successes and each kind of structural error.
    expect(seen.ok).toBeGreaterThan(CASES / 4);
    const kinds = [...seen.errors.keys()].join('\n');
    for (const kind of ['unterminated quoted field', 'unexpected text after a closing quote', 'fields, the header has', "more than the header's", 'duplicate column name', 'E_CSV_EMPTY']) {
      expect(kinds).toContain(kind);
    }
  });
});
