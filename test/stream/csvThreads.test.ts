import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { GradientBoostingClassifier, Random } from '../../src/index.js';
import type { CsvOptions } from '../../src/data/csv.js';
import type { Dataset } from '../../src/data/dataset.js';
import { readCsvChunks, setPlainCsvSplitter } from '../../src/stream/csvChunks.js';
import { readCsvFileStreamed } from '../../src/stream/csvDataset.js';
import { filesReadInRanges } from '../../src/stream/readCsvFileOnThreads.js';
import { scoreStream } from '../../src/stream/scoreStream.js';
import { tempDir } from '../cli/helpers.js';
import { CSV_ERROR_CORPUS } from '../data/csvErrorCorpus.js';
import { described, pieces, randomCsv, smallModel } from './randomCsv.js';

/**
 * The plain byte splitter and the worker threads change how CSV is read, never
 * what comes out: random CSVs, mostly plain (ASCII, no quotes, LF or CRLF) with
 * something that is not (a quote, é, a lone CR, a byte that is not UTF-8, a NUL,
 * a bad cell, a ragged row, blank lines, a BOM) somewhere, cut into random byte
 * pieces and blocks of random sizes, give the same blocks and the same errors
 * (code, message, file, line, row, column) with the text splitter alone, and the
 * same output bytes or error when scored or read on 1 and 2 or 3 threads.
 */

type Outcome = { blocks: unknown[] } | { blocks: unknown[]; error: unknown };

function datasetOf(ds: Dataset): unknown {
  return {
    columns: ds.columns.map((c) => ({ name: c.name, kind: c.kind, values: Array.from(c.values, (v) => (v === v ? v : null)), categories: c.categories })),
    lines: Array.from({ length: ds.nRows }, (_, r) => ds.origin!.line(r)),
    rows: Array.from({ length: ds.nRows }, (_, r) => ds.origin!.row(r)),
  };
}

async function chunkOutcome(bytes: Uint8Array, seed: number, options: CsvOptions & { chunkRows: number }): Promise<Outcome> {
  const blocks: unknown[] = [];
  try {
    for await (const c of readCsvChunks(pieces(new Random(seed), bytes), options)) blocks.push({ firstRow: c.firstRow, firstLine: c.firstLine, ...(datasetOf(c.dataset) as object) });
    return { blocks };
  } catch (e) {
    return { blocks, error: described(e) };
  }
}

describe('the plain byte splitter', () => {
  it('gives the text splitter\'s blocks and errors on 1500 random CSVs, however cut', async () => {
    const rng = new Random(18);
    let plainToTheEnd = 0;
    for (let k = 0; k < 1500; k++) {
      const bytes = randomCsv(rng, rng.int(40));
      const options = {
        file: 'in.csv',
        chunkRows: 1 + rng.int(9),
        ...(rng.next() < 0.5 ? { types: { id: 'categorical' as const } } : {}),
        ...(rng.next() < 0.2 ? { encoding: 'windows-1252' as const } : {}),
      };
      const seed = rng.int(1e9);
      const withPlain = await chunkOutcome(bytes, seed, options);
      const was = setPlainCsvSplitter(false);
      let textOnly: Outcome;
      try {
        textOnly = await chunkOutcome(bytes, seed, options);
      } finally {
        setPlainCsvSplitter(was);
      }
      expect(withPlain, `case ${k}: ${JSON.stringify(new TextDecoder('latin1').decode(bytes).slice(0, 400))}`).toEqual(textOnly);
      if (!('error' in withPlain)) plainToTheEnd++;
    }
    expect(plainToTheEnd).toBeGreaterThan(500);
  });
});

/** The error corpus's inputs that are files (offsets are for text cut from a file). */
const FILE_CORPUS = CSV_ERROR_CORPUS.filter(([, , o]) => o.lineOffset === undefined && o.rowOffset === undefined);

describe('the CSV error corpus', () => {
  it.each(FILE_CORPUS)('%s: the same blocks and error with the plain splitter', async (_what, text, options) => {
    const bytes = new TextEncoder().encode(text);
    for (const chunkRows of [1, 2, 5]) {
      const withPlain = await chunkOutcome(bytes, chunkRows, { ...options, chunkRows });
      const was = setPlainCsvSplitter(false);
      try {
        expect(withPlain).toEqual(await chunkOutcome(bytes, chunkRows, { ...options, chunkRows }));
      } finally {
        setPlainCsvSplitter(was);
      }
    }
  });

  it('gives the same dataset or error read on 1 and 2 threads', async () => {
    const { dir, cleanup } = tempDir();
    for (const [k, [what, text, options]] of FILE_CORPUS.entries()) {
      const path = join(dir, `c${k}.csv`);
      writeFileSync(path, text);
      const read = async (threads: number): Promise<unknown> => {
        try {
          return datasetOf(await readCsvFileStreamed(path, { ...options, chunkRows: 2, threads }));
        } catch (e) {
          return { error: described(e) };
        }
      };
      expect(await read(2), what).toEqual(await read(1));
    }
    cleanup();
  }, 120_000);
});

async function scored(model: GradientBoostingClassifier, bytes: Uint8Array, seed: number, threads: number, chunkRows: number): Promise<{ text: string; error?: unknown }> {
  const parts: Buffer[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { parts.push(Buffer.from(chunk)); cb(); } });
  try {
    await scoreStream(model, pieces(new Random(seed), bytes), sink, { threads, chunkRows, idColumn: 'id', file: 'in.csv' });
    return { text: Buffer.concat(parts).toString('utf8') };
  } catch (e) {
    return { text: '', error: described(e) };
  }
}

describe('reading on worker threads', () => {
  const model = smallModel();

  it('scoreStream writes the same bytes, or throws the same error, on 1, 2 and 3 threads', async () => {
    const rng = new Random(7);
    for (let k = 0; k < 12; k++) {
      const bytes = randomCsv(rng, k < 3 ? 3000 : rng.int(300));
      const chunkRows = 1 + rng.int(k < 3 ? 700 : 40);
      const seed = rng.int(1e9);
      const one = await scored(model, bytes, seed, 1, chunkRows);
      for (const threads of k < 3 ? [2, 3] : [2]) {
        const many = await scored(model, bytes, seed, threads, chunkRows);
        // On an error the output is unfinished (a prefix, discarded): only the error is compared.
        expect(many.error ?? many.text, `case ${k}, ${threads} threads`).toEqual(one.error ?? one.text);
      }
    }
  }, 240_000);

  it('readCsvFileStreamed gives the same dataset, or the same error, on 1 and 2 threads', async () => {
    const { dir, cleanup } = tempDir();
    const rng = new Random(11);
    for (let k = 0; k < 10; k++) {
      const path = join(dir, `f${k}.csv`);
      writeFileSync(path, randomCsv(rng, k < 3 ? 5000 : rng.int(300)));
      const chunkRows = 1 + rng.int(k < 3 ? 900 : 40);
      const read = async (threads: number): Promise<unknown> => {
        try {
          return datasetOf(await readCsvFileStreamed(path, { chunkRows, threads }));
        } catch (e) {
          return { error: described(e) };
        }
      };
      expect(await read(2), `case ${k}`).toEqual(await read(1));
    }
    cleanup();
  }, 240_000);

  it('readCsvFileStreamed reads a file in byte ranges on 2 and 3 threads: the same dataset or error as on 1, however cut', async () => {
    const { dir, cleanup } = tempDir();
    const rng = new Random(29);
    const before = filesReadInRanges.count;
    let read1 = 0;
    for (let k = 0; k < 60; k++) {
      const path = join(dir, `g${k}.csv`);
      writeFileSync(path, randomCsv(rng, k < 6 ? 3000 : rng.int(300)));
      const options = rng.next() < 0.5 ? { types: { id: 'categorical' as const } } : {};
      const read = async (threads: number, rangeBytes?: number): Promise<unknown> => {
        try {
          return datasetOf(await readCsvFileStreamed(path, { ...options, threads, rangeBytes }));
        } catch (e) {
          return { error: described(e) };
        }
      };
      const one = await read(1);
      if (!(one as { error?: unknown }).error) read1++;
      for (const threads of k < 6 ? [2, 3] : [2]) {
        const rangeBytes = 1 + rng.int(rng.next() < 0.5 ? 64 : 5000);
        expect(await read(threads, rangeBytes), `case ${k}, ${threads} threads, ranges of ${rangeBytes} bytes`).toEqual(one);
      }
    }
    // Most files that read are read in ranges to their end (the others are not plain, or their ranges infer other kinds).
    expect(filesReadInRanges.count - before).toBeGreaterThan(read1 / 2);
    cleanup();
  }, 600_000);
});
