import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { Random } from '../../src/index.js';
import type { Classifier } from '../../src/models/classifier.js';
import { decompressed, readCsvBlocks } from '../../src/stream/csvChunks.js';
import { plainStreamBlocks, streamRangesCut } from '../../src/stream/plainStreamRanges.js';
import { BlockBuffers, type CsvBlock } from '../../src/stream/plainCsvSplitter.js';
import { LF } from '../../src/io/csvBytes.js';
import { readableHeader, scoreCsvOnThreads } from '../../src/stream/scoreCsvOnThreads.js';
import { csvLinesSink, scoreStream, scoringSchema, type ScoreStreamOptions } from '../../src/stream/scoreStream.js';
import { described, pieces, randomCsv, smallModel } from './randomCsv.js';

/**
 * plainStreamBlocks (a stream cut into large plain byte ranges for the threads
 * of `scoreStream`) against the one-thread path: on random CSVs with random
 * piece sizes, range sizes and block sizes — quotes (the usual reader takes
 * over), CRLF, blank lines, a BOM, bytes ≥ 0x80, a lone CR, bad cells and
 * ragged rows in any range — every range starts where a one-thread block
 * starts, and scoring on 2 and 3 threads writes the same bytes and throws the
 * same error (code, message, file, line, column) as one thread.
 */

/** randomCsv with more spoiled: blank lines and bad cells (or ragged rows) at random rows. */
function spoiledCsv(rng: Random): Uint8Array {
  const text = Buffer.from(randomCsv(rng, 1 + rng.int(400))).toString('latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  for (let k = rng.int(4); k > 0; k--) {
    const at = 1 + rng.int(Math.max(1, lines.length - 1));
    const u = rng.next();
    if (u < 0.4) lines.splice(at, 0, '');
    else if (u < 0.7) lines[at] = (lines[at] ?? '').replace(/,[^,]*$/, ',oops');
    else lines[at] = `${lines[at] ?? ''},9`;
  }
  return Buffer.from(lines.join(eol), 'latin1');
}

function sink(parts: Buffer[]): Writable {
  return new Writable({ write(chunk, _enc, cb) { parts.push(Buffer.from(chunk)); cb(); } });
}

interface Scored {
  out: string;
  rows?: number;
  error?: unknown;
}

async function scored(run: (output: Writable) => Promise<{ rows: number }>): Promise<Scored> {
  const parts: Buffer[] = [];
  try {
    const r = await run(sink(parts));
    return { out: Buffer.concat(parts).toString('latin1'), rows: r.rows };
  } catch (e) {
    return { out: Buffer.concat(parts).toString('latin1'), error: described(e) };
  }
}

/** Each block (or the source's error) of an input. */
async function blocksOf(blocks: AsyncIterable<CsvBlock>): Promise<{ blocks: CsvBlock[]; error?: unknown }> {
  const out: CsvBlock[] = [];
  try {
    for await (const b of blocks) out.push(b);
    return { blocks: out };
  } catch (e) {
    return { blocks: out, error: described(e) };
  }
}

/** The line of a block's first record: its first line, after the blank lines a range may start with. */
function recordLine(b: CsvBlock): number {
  const text = typeof b.input === 'string' ? b.input : Buffer.from(b.input).toString('latin1');
  const data = text.slice(text.indexOf('\n') + 1);
  return b.firstLine + (data.match(/^(\r?\n)*/)![0].match(/\n/g)?.length ?? 0);
}

describe('plainStreamBlocks', () => {
  const model = smallModel();

  it('starts every range where a one-thread block starts, and meets the same errors, on 300 random CSVs in random pieces', async () => {
    const rng = new Random(5);
    const csv = { ...scoringSchema(model, 'id'), file: 'in.csv' };
    const before = streamRangesCut.count;
    let plainRanges = 0;
    for (let k = 0; k < 300; k++) {
      const bytes = spoiledCsv(rng);
      const chunkRows = 1 + rng.int(12);
      const rangeBytes = 1 + rng.int(600);
      const seed = rng.int(1 << 30);
      const options = { ...csv, chunkRows };
      const theirs = await blocksOf(readCsvBlocks(pieces(new Random(seed), bytes), options));
      const ours = await blocksOf(plainStreamBlocks(decompressed(pieces(new Random(seed), bytes), 'in.csv'), options, rangeBytes, (header) => readableHeader(header, csv)));
      const starts = new Set(theirs.blocks.map((b) => `${b.firstRow}:${recordLine(b)}`));
      for (const b of ours.blocks) expect(starts.has(`${b.firstRow}:${recordLine(b)}`), `csv ${k}: a block at row ${b.firstRow}, line ${recordLine(b)}`).toBe(true);
      // The same rows in all, in blocks that hold whole one-thread blocks.
      const rowsOf = (bs: CsvBlock[]): number[] => bs.map((b) => b.firstRow);
      expect(ours.blocks.length > 0 ? rowsOf(ours.blocks)[0] : 0, `csv ${k}`).toBe(theirs.blocks.length > 0 ? rowsOf(theirs.blocks)[0] : 0);
      for (let j = 1; j < ours.blocks.length; j++) expect((ours.blocks[j].firstRow - ours.blocks[j - 1].firstRow) % chunkRows, `csv ${k}`).toBe(0);
      expect(ours.error, `csv ${k}`).toEqual(theirs.error);
      plainRanges += ours.blocks.filter((b) => typeof b.input !== 'string').length;
    }
    // Most inputs were cut into ranges (and many into several).
    expect(streamRangesCut.count - before).toBeGreaterThan(150);
    expect(plainRanges).toBeGreaterThan(300);
  });

  it('copies each range\'s bytes, behind the header line, from reused buffers holding earlier bytes, on 200 random CSVs', async () => {
    const rng = new Random(11);
    const csv = { ...scoringSchema(model, 'id'), file: 'in.csv' };
    // Shared and given back after each range, as the threads do: later ranges are filled in buffers holding earlier bytes.
    const buffers = new BlockBuffers();
    let checked = 0;
    for (let k = 0; k < 200; k++) {
      const bytes = spoiledCsv(rng);
      const options = { ...csv, chunkRows: 1 + rng.int(12) };
      const source = decompressed(pieces(new Random(rng.int(1 << 30)), bytes), 'in.csv');
      const headerEnd = bytes.indexOf(LF);
      let at = headerEnd + 1;
      try {
        for await (const b of plainStreamBlocks(source, options, 1 + rng.int(600), (header) => readableHeader(header, csv), buffers)) {
          if (typeof b.input !== 'string') {
            // The ranges follow each other from the first data byte: the header line, an LF, the range's bytes as they came.
            const data = b.input.subarray(headerEnd + 1);
            expect(Buffer.from(b.input.subarray(0, headerEnd + 1)).equals(Buffer.from(bytes.subarray(0, headerEnd + 1))), `csv ${k}`).toBe(true);
            expect(Buffer.from(data).equals(Buffer.from(bytes.subarray(at, at + data.length))), `csv ${k}: the range at byte ${at}`).toBe(true);
            at += data.length;
            checked++;
          }
          buffers.release(b.input);
        }
      } catch {
        // an error of the input: the ranges before it were checked
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('writes the one-thread bytes and throws its errors on 2 and 3 threads, on 40 random CSVs in random pieces and ranges', async () => {
    const rng = new Random(17);
    let errors = 0;
    for (let k = 0; k < 40; k++) {
      const bytes = spoiledCsv(rng);
      const options: ScoreStreamOptions = { chunkRows: 1 + rng.int(12), idColumn: rng.next() < 0.7 ? 'id' : undefined, file: 'in.csv' };
      const rangeBytes = 1 + rng.int(900);
      const threads = k % 4 === 3 ? 3 : 2;
      const seed = rng.int(1 << 30);
      const input = k % 10 === 9 ? gzipSync(bytes) : bytes;
      const one = await scored((out) => scoreStream(model, pieces(new Random(seed), input), out, options));
      const many = await scored((out) => scoreCsvOnThreads(model, pieces(new Random(seed), input), csvLinesSink(out, options), { ...options, threads, rangeBytes }));
      expect(many.out, `csv ${k}, ${threads} threads`).toBe(one.out);
      expect(many.error, `csv ${k}, ${threads} threads`).toEqual(one.error);
      expect(many.rows, `csv ${k}`).toBe(one.rows);
      if (one.error !== undefined) errors++;
    }
    expect(errors).toBeGreaterThan(5);
    expect(errors).toBeLessThan(35);
  });

  it('scores a long plain stream in many ranges on 2 threads, with an error in a late range', async () => {
    const rng = new Random(23);
    const lines = ['id,a,b,c'];
    for (let i = 0; i < 20_000; i++) lines.push(`r${i},${rng.next()},${rng.int(50)},${rng.next() * 4 - 2}`);
    const text = lines.join('\n') + '\n';
    const model2: Classifier = model;
    for (const bad of [false, true]) {
      const body = bad ? text.replace('\nr17001,', '\nr17001,x') : text;
      const bytes = Buffer.from(body);
      const options: ScoreStreamOptions = { idColumn: bad ? undefined : 'id', file: 'big.csv', chunkRows: 1000 };
      const before = streamRangesCut.count;
      const one = await scored((out) => scoreStream(model2, pieces(new Random(1), bytes), out, options));
      const many = await scored((out) => scoreCsvOnThreads(model2, pieces(new Random(1), bytes), csvLinesSink(out, options), { ...options, threads: 2, rangeBytes: 20_000 }));
      expect(streamRangesCut.count - before).toBeGreaterThan(10);
      expect(many.error).toEqual(one.error);
      expect(many.out).toBe(one.out);
      if (bad) expect(one.error).toMatchObject({ code: 'E_CSV_NOT_NUMERIC', where: { line: 17003, column: 'a' } });
      else expect(many.rows).toBe(20_000);
    }
  });
});
