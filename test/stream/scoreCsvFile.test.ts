import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { GradientBoostingClassifier, Random, parseCsv } from '../../src/index.js';
import type { Classifier } from '../../src/models/classifier.js';
import { scoreCsvFile, type ScoreCsvFileOptions } from '../../src/stream/scoreCsvFile.js';
import { filesScoredInRanges } from '../../src/stream/scoreCsvFileOnThreads.js';
import { scoreStream } from '../../src/stream/scoreStream.js';
import { setPlainCsvSplitter } from '../../src/stream/csvChunks.js';
import { tempDir } from '../cli/helpers.js';
import { CSV_ERROR_CORPUS } from '../data/csvErrorCorpus.js';
import { described, pieces, randomCsv, smallModel } from './randomCsv.js';

/**
 * `scoreCsvFile` on threads reads byte ranges of the file on each thread; it
 * must write exactly what one-thread `scoreStream` writes on the same bytes,
 * or throw the same error (code, message, file, line, column): random CSVs
 * (quotes, CRLF, BOM, bytes ≥ 0x80, NULs, bad cells, ragged rows, blank
 * lines), cut into ranges of random sizes, with and without an id column, on
 * 2 and 3 threads; the CSV error corpus; quoted fields after many plain ranges.
 */

interface Scored {
  text: string;
  error?: unknown;
}

function sink(parts: Buffer[]): Writable {
  return new Writable({ write(chunk, _enc, cb) { parts.push(Buffer.from(chunk)); cb(); } });
}

async function oneThread(model: Classifier, bytes: Uint8Array, options: ScoreCsvFileOptions): Promise<Scored> {
  const parts: Buffer[] = [];
  try {
    await scoreStream(model, pieces(new Random(1), bytes), sink(parts), options);
    return { text: Buffer.concat(parts).toString('latin1') };
  } catch (e) {
    return { text: '', error: described(e) };
  }
}

async function fromFile(model: Classifier, path: string, options: ScoreCsvFileOptions): Promise<Scored> {
  const parts: Buffer[] = [];
  try {
    await scoreCsvFile(model, path, sink(parts), options);
    return { text: Buffer.concat(parts).toString('latin1') };
  } catch (e) {
    return { text: '', error: described(e) };
  }
}

/** On an error the output is unfinished (a prefix, discarded by an atomic writer): only the error is compared. */
const outcome = (s: Scored): unknown => s.error ?? s.text;

describe('scoreCsvFile on threads', () => {
  const model = smallModel();

  it('writes the one-thread bytes, or throws its error, on 120 random CSVs cut into random ranges', async () => {
    const { dir, cleanup } = tempDir();
    const rng = new Random(11);
    const before = filesScoredInRanges.count;
    let plainFiles = 0;
    for (let k = 0; k < 120; k++) {
      const bytes = randomCsv(rng, rng.int(k < 10 ? 2000 : 200));
      const path = join(dir, `r${k}.csv`);
      writeFileSync(path, bytes);
      const options: ScoreCsvFileOptions = { file: 'in.csv', ...(rng.next() < 0.6 ? { idColumn: 'id' } : {}), chunkRows: 1 + rng.int(30) };
      const one = await oneThread(model, bytes, options);
      if (one.error === undefined) plainFiles++;
      for (const threads of k < 10 ? [2, 3] : [2]) {
        const rangeBytes = 1 + rng.int(rng.next() < 0.5 ? 64 : 4000);
        const many = await fromFile(model, path, { ...options, threads, rangeBytes });
        expect(outcome(many), `case ${k}, ${threads} threads, ranges of ${rangeBytes} bytes, ${JSON.stringify(options)}`).toEqual(outcome(one));
      }
    }
    // Most files go the range path to their end (the others hand over to the text reader, or fail).
    expect(filesScoredInRanges.count - before).toBeGreaterThan(plainFiles / 2);
    cleanup();
  }, 600_000);

  it('hands over to the stream reader at a quoted field after many plain ranges, a line end inside it (plain splitter on and off)', async () => {
    const { dir, cleanup } = tempDir();
    const lines = ['id,a,b,c'];
    for (let i = 0; i < 3000; i++) lines.push(`r${i},${i % 7},${(i * 13) % 101},${i / 1000}`);
    lines[2500] = '"r2499\nstill the id",1,2,3';
    lines[2700] = 'r2699,"4",5,6';
    const bytes = new TextEncoder().encode(lines.join('\r\n') + '\r\n');
    const path = join(dir, 'quoted.csv');
    writeFileSync(path, bytes);
    for (const idColumn of ['id', undefined]) {
      const one = await oneThread(model, bytes, { idColumn });
      expect(one.error).toBeUndefined();
      for (const rangeBytes of [100, 997, 5000]) {
        expect((await fromFile(model, path, { idColumn, threads: 2, rangeBytes })).text).toBe(one.text);
        // The text splitter alone from the handover (the plain one, which follows quotes, turned off).
        const was = setPlainCsvSplitter(false);
        try {
          expect((await fromFile(model, path, { idColumn, threads: 2, rangeBytes })).text).toBe(one.text);
        } finally {
          setPlainCsvSplitter(was);
        }
      }
    }
    cleanup();
  }, 120_000);

  it('reads quoted fields that stay on one line in ranges to the end, and hands over at one that spans lines', async () => {
    const { dir, cleanup } = tempDir();
    const lines = ['id,a,b,c'];
    for (let i = 0; i < 3000; i++) lines.push(`"r${i}, ""${i % 5}""",${i % 7},"${(i * 13) % 101}",${i / 1000}`);
    const cases: [string, string[], boolean][] = [
      ['one-line quotes', lines, true],
      ['a quoted line end at row 2,000', lines.map((l, i) => (i === 2001 ? '"r2000\nstill the id",1,2,3' : l)), false],
      ['a quote left open at the end', [...lines, '"r3000,1,2,3'], false],
    ];
    for (const [what, rows, toTheEnd] of cases) {
      const bytes = new TextEncoder().encode(rows.join('\n') + '\n');
      const path = join(dir, 'quoted-ranges.csv');
      writeFileSync(path, bytes);
      for (const idColumn of ['id', undefined]) {
        const one = await oneThread(model, bytes, { idColumn, file: 'q.csv' });
        for (const threads of [2, 3]) {
          const before = filesScoredInRanges.count;
          const got = await fromFile(model, path, { idColumn, file: 'q.csv', threads, rangeBytes: 2000 });
          expect(got, `${what}, ${threads} threads`).toEqual(one);
          expect(filesScoredInRanges.count - before, what).toBe(toTheEnd ? 1 : 0);
        }
      }
    }
    cleanup();
  }, 120_000);

  it('gives the one-thread error of every input of the CSV error corpus', async () => {
    const { dir, cleanup } = tempDir();
    const y = Float64Array.from({ length: 40 }, (_, i) => i % 2);
    const onX = new GradientBoostingClassifier({ nEstimators: 3, maxDepth: 2 }).fit(parseCsv(`x\n${Array.from({ length: 40 }, (_, i) => i).join('\n')}\n`), y);
    const onAB = new GradientBoostingClassifier({ nEstimators: 3, maxDepth: 2 }).fit(parseCsv(`a,b\n${Array.from({ length: 40 }, (_, i) => `${i},${i % 3}`).join('\n')}\n`), y);
    mkdirSync(join(dir, 'corpus'));
    for (const [k, [what, text, csv]] of CSV_ERROR_CORPUS.entries()) {
      if (csv.lineOffset !== undefined) continue; // text cut from a file, not a file
      const path = join(dir, 'corpus', `c${k}.csv`);
      writeFileSync(path, text);
      const bytes = new TextEncoder().encode(text);
      const model = /^\ufeff?x/.test(text) ? onX : onAB;
      const options: ScoreCsvFileOptions = { file: 'c.csv', ...(csv.delimiter !== undefined ? { delimiter: csv.delimiter } : {}) };
      const one = await oneThread(model, bytes, options);
      for (const [threads, rangeBytes] of [[2, 1], [3, 64]]) {
        expect(outcome(await fromFile(model, path, { ...options, threads, rangeBytes })), `${what}, ${threads} threads, ranges of ${rangeBytes}`).toEqual(outcome(one));
      }
    }
    cleanup();
  }, 240_000);

  it('scores on one thread as scoreStream does, and names a missing file or a folder', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'small.csv');
    const bytes = new TextEncoder().encode('id,a,b,c\nr1,1,2,3\nr2,4,5,6\n');
    writeFileSync(path, bytes);
    expect((await fromFile(model, path, { idColumn: 'id' })).text).toBe((await oneThread(model, bytes, { idColumn: 'id' })).text);
    expect((await fromFile(model, join(dir, 'none.csv'), { threads: 2 })).error).toMatchObject({ code: 'E_FILE_NOT_FOUND' });
    expect((await fromFile(model, dir, { threads: 2 })).error).toMatchObject({ code: 'E_FILE_IS_DIRECTORY' });
    expect((await fromFile(model, path, { threads: 0 })).error).toMatchObject({ code: 'E_OPTION' });
    cleanup();
  }, 60_000);
});
