import { describe, expect, it } from 'vitest';
import { createReadStream, openSync, closeSync, readSync, writeFileSync, type ReadStream } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { filesScoredInRanges } from '../../src/stream/scoreCsvFileOnThreads.js';
import { scoreStream, type ScoreStreamOptions } from '../../src/stream/scoreStream.js';
import { tempDir } from '../cli/helpers.js';
import { smallModel } from './randomCsv.js';
import { errorShape, runIntoMemory, scoreInPieces, type StreamRun } from './streamRuns.js';

/**
 * `scoreStream` on threads given `createReadStream(path)` of a regular file
 * scores the file by its byte ranges (scoreCsvFile's path): the same bytes and
 * errors (and lines before an error) as one thread, the stream destroyed (its descriptor closed); streams
 * that are not a whole unread file (a start, a descriptor, read from) are cut
 * into blocks as before; a gzipped file still scores.
 */

const model = smallModel();

function run(input: ReadStream, options: ScoreStreamOptions): Promise<StreamRun> {
  return runIntoMemory((sink) => scoreStream(model, input, sink, options), errorShape);
}

async function closed(s: ReadStream): Promise<void> {
  if (!s.closed) await new Promise<void>((resolve) => s.once('close', () => resolve()));
}

function bigCsv(): Uint8Array {
  const lines = ['id,a,b,c'];
  for (let i = 0; i < 4000; i++) lines.push(`r${i},${(i % 17) / 4 - 2},${(i * 7) % 10},${(i % 101) / 100}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

describe('scoreStream of a file read stream on threads', () => {
  it('scores a whole unread file by its ranges: the one-thread bytes, the stream destroyed and closed', async () => {
    const { dir, cleanup } = tempDir();
    const bytes = bigCsv();
    const path = join(dir, 'big.csv');
    writeFileSync(path, bytes);
    for (const options of [{ idColumn: 'id' }, {}, { chunkRows: 7, file: 'named.csv' }] as ScoreStreamOptions[]) {
      const one = await scoreInPieces(model, bytes, [1000], options);
      const before = filesScoredInRanges.count;
      const input = createReadStream(path);
      const many = await run(input, { ...options, threads: 2 });
      expect(filesScoredInRanges.count - before).toBe(1);
      expect(many).toEqual({ out: one.out, rows: one.rows });
      expect(input.destroyed).toBe(true);
      await closed(input);
    }
    cleanup();
  }, 120_000);

  it('gives the one-thread error, and the lines before it, of a bad file', async () => {
    const { dir, cleanup } = tempDir();
    const text = new TextDecoder().decode(bigCsv()).replace('r2500,', 'r2500,oops');
    const bytes = new TextEncoder().encode(text);
    const path = join(dir, 'bad.csv');
    writeFileSync(path, bytes);
    for (const options of [{ idColumn: 'id', chunkRows: 300 }, { file: 'named.csv', chunkRows: 7 }] as ScoreStreamOptions[]) {
      const one = await scoreInPieces(model, bytes, [1000], options);
      const input = createReadStream(path);
      const many = await run(input, { ...options, threads: 3 });
      expect(one.error).toBeDefined();
      expect(one.out.length).toBeGreaterThan(1000);
      // The lines written before the error too: the one-thread blocks before the one that fails.
      expect(many).toEqual({ out: one.out, error: errorShape(one.error) });
      expect(input.destroyed).toBe(true);
      await closed(input);
    }
    cleanup();
  }, 120_000);

  it('cuts into blocks here a stream with an end, one on a descriptor, one read from; a gzipped file still scores', async () => {
    const { dir, cleanup } = tempDir();
    const clean = bigCsv();
    const path = join(dir, 'plain.csv');
    writeFileSync(path, clean);
    const header = clean.indexOf(10) + 1;
    const one = await scoreInPieces(model, clean, [333], { idColumn: 'id' });
    const options: ScoreStreamOptions = { idColumn: 'id', threads: 2 };
    const before = filesScoredInRanges.count;

    // `end` before the file's end: its lines only (the ranges would read past it).
    const cut = clean.lastIndexOf(10, clean.length - 200) + 1;
    expect(await run(createReadStream(path, { end: cut - 1 }), options)).toEqual(await scoreInPieces(model, clean.subarray(0, cut), [333], { idColumn: 'id' }));

    // A descriptor moved past a first line (as a shell's `{ read line; creditkit …; } < file` leaves it): read from there.
    const junk = join(dir, 'junk-first.csv');
    writeFileSync(junk, Buffer.concat([Buffer.from('junk line\n'), clean]));
    const fd = openSync(junk, 'r');
    expect(readSync(fd, Buffer.alloc(10), 0, 10, null)).toBe(10);
    const onFd = createReadStream('', { fd, autoClose: false });
    expect(await run(onFd, options)).toEqual({ out: one.out, rows: one.rows });
    closeSync(fd);

    // Read from (one piece taken): what is left is scored, not the whole file.
    const started = createReadStream(path, { highWaterMark: header });
    const first = await new Promise<Buffer>((resolve) => started.once('data', (b) => { started.pause(); resolve(b as Buffer); }));
    expect(first.length).toBe(header);
    expect(await run(started, options)).toEqual(await run(createReadStream(path, { start: header }), { idColumn: 'id' }));

    expect(filesScoredInRanges.count).toBe(before);

    const gz = join(dir, 'plain.csv.gz');
    writeFileSync(gz, gzipSync(clean));
    const zipped = createReadStream(gz);
    expect(await run(zipped, options)).toEqual({ out: one.out, rows: one.rows });
    expect(zipped.destroyed).toBe(true);
    cleanup();
  }, 120_000);
});
