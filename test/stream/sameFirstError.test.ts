import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../src/index.js';
import { scoreCsvFile, type ScoreCsvFileOptions } from '../../src/stream/scoreCsvFile.js';
import { tempDir } from '../cli/helpers.js';
import { smallModel } from './randomCsv.js';
import { errorShape, runIntoMemory, type StreamRun } from './streamRuns.js';

/**
 * A file scored on 1, 2 and 3 threads gives the same run: the same output
 * bytes (on an error, the same prefix: the one-thread blocks before the one
 * that fails), the same error (code, message, where), the same row count.
 * Random CSVs with 0–3 errors of different kinds at random places — a bad
 * cell, a ragged row, a non-finite number, a missing column, a quote where
 * one is refused, a lone CR, a byte that is not UTF-8 — so that a range or a
 * block may hold two errors of different kinds; small ranges and blocks.
 */

const model = smallModel();

/** The kinds of error, each a way to spoil one data line (`cells`: id, a, b, c). */
const SPOILS: readonly ((cells: string[], rng: Random) => void)[] = [
  (c) => { c[1 + (c.length > 2 ? 1 : 0)] = 'oops'; }, // a cell that is not a number
  (c) => { c.push('9'); }, // more fields than the header
  (c) => { c.pop(); }, // fewer
  (c, rng) => { c[3 % c.length] = ['Infinity', '-Infinity', '1e39'][rng.int(3)]; }, // not finite
  (c) => { c[2 % c.length] = '2"3'; }, // a quote inside an unquoted field
  (c) => { c[1] = '"1"x'; }, // text after a closing quote
  (c) => { c[1] = `${c[1]}\r5`; }, // a lone CR
  (c) => { c[0] = `${c[0]}\xff`; }, // a byte that is not UTF-8 (in the id): last, see NOT_UTF8
];

/**
 * The spoils before the one that is not UTF-8. One-thread `scoreStream`
 * decodes a piece of its input before it parses the rows in it, so a byte
 * that is not UTF-8 is reported before an error on an earlier row of the same
 * piece (as the whole-file reader reports it before any): which comes first
 * then depends on the stream's piece sizes, not on the file. So that byte is
 * only ever the file's first error here.
 */
const NOT_UTF8 = SPOILS.length - 1;

/** Harmless text that still takes the file off the plain path: a quoted id, a byte ≥ 0x80 in valid UTF-8. */
const DETOURS: readonly ((cells: string[]) => void)[] = [
  (c) => { c[0] = `"${c[0]}"`; },
  (c) => { c[0] = `${c[0]}é`; },
];

function errorCsv(rng: Random): Uint8Array {
  const nRows = 1 + rng.int(rng.next() < 0.2 ? 1500 : 200);
  const eol = rng.next() < 0.3 ? '\r\n' : '\n';
  // Now and then a missing column (b), or one the model does not read.
  const header = rng.next() < 0.05 ? ['id', 'a', 'c'] : rng.next() < 0.1 ? ['id', 'a', 'b', 'c', 'zz'] : ['id', 'a', 'b', 'c'];
  const rows: string[][] = [];
  for (let i = 0; i < nRows; i++) {
    const cell = (): string => (rng.next() < 0.05 ? '' : String(Math.fround((rng.next() - 0.5) * 10 ** rng.int(5))));
    rows.push([`r${i}`, ...header.slice(1).map(cell)]);
  }
  // Errors on rows in file order; a byte that is not UTF-8 only first (see NOT_UTF8).
  const at = Array.from({ length: rng.int(4) }, () => rng.int(nRows)).sort((x, y) => x - y);
  for (const [e, row] of at.entries()) SPOILS[rng.int(e === 0 ? SPOILS.length : NOT_UTF8)](rows[row], rng);
  if (rng.next() < 0.15) DETOURS[rng.int(DETOURS.length)](rows[rng.int(nRows)]);
  const lines = [header.join(','), ...rows.map((r) => r.join(','))];
  // Blank lines here and there.
  for (let b = rng.int(3); b > 0; b--) lines.splice(1 + rng.int(lines.length - 1), 0, '');
  const text = lines.join(eol) + (rng.next() < 0.8 ? eol : '');
  const bytes = new Uint8Array(text.length * 2);
  let n = 0;
  for (const ch of text) {
    if (ch === 'é') {
      bytes[n++] = 0xc3;
      bytes[n++] = 0xa9;
    } else bytes[n++] = ch.charCodeAt(0);
  }
  return bytes.subarray(0, n);
}

function scored(path: string, options: ScoreCsvFileOptions): Promise<StreamRun> {
  return runIntoMemory((sink) => scoreCsvFile(model, path, sink, options), errorShape);
}

/**
 * On an error both outputs are prefixes of the lines a good file would give,
 * cut at a line end (the one-thread prefix itself depends on the input's piece
 * sizes: a byte that is not UTF-8 fails a piece when it is decoded, before the
 * blocks in it are written): the shorter is the longer's start.
 */
function samePrefix(a: string, b: string, what: string): void {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  expect(long.startsWith(short), what).toBe(true);
  expect(short === '' || short.endsWith('\n'), what).toBe(true);
}

describe('a file on N threads', () => {
  it('gives the one-thread output, first error and row count, on 100 random CSVs with 0–3 errors', async () => {
    const { dir, cleanup } = tempDir();
    const rng = new Random(18);
    let failing = 0;
    for (let k = 0; k < 100; k++) {
      const path = join(dir, `e${k}.csv`);
      writeFileSync(path, errorCsv(rng));
      const options: ScoreCsvFileOptions = { file: 'in.csv', chunkRows: 1 + rng.int(30), ...(rng.next() < 0.5 ? { idColumn: 'id' } : {}) };
      const one = await scored(path, options);
      if (one.error !== undefined) failing++;
      for (const threads of [2, 3]) {
        const rangeBytes = 1 + rng.int(rng.next() < 0.5 ? 64 : 3000);
        const many = await scored(path, { ...options, threads, rangeBytes });
        const what = `file ${k}, ${threads} threads, ranges of ${rangeBytes} bytes, ${JSON.stringify(options)}`;
        expect(many.error, what).toEqual(one.error);
        expect(many.rows, what).toBe(one.rows);
        if ((one.error as { code?: string } | undefined)?.code !== 'E_ENCODING') expect(many.out, what).toBe(one.out);
        else samePrefix(many.out, one.out, what);
      }
    }
    // Most files fail somewhere (and some do not).
    expect(failing).toBeGreaterThan(50);
    expect(failing).toBeLessThan(100);
    cleanup();
  }, 600_000);
});
