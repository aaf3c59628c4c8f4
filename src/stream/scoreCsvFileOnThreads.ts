import type { CsvOptions } from '../data/csv.js';
import type { Classifier } from '../models/classifier.js';
import { BlockLinesScorer } from './blockLinesScorer.js';
import { CsvBlockPool, type BlockOutcome, type RangeCount } from './csvBlockPool.js';
import { DEFAULT_CHUNK_ROWS, readCsvBlocksFrom } from './csvChunks.js';
import { fileAt, lineStartAt, nominalStart, rangeBlock, rangeCount, readCsvFileHead, readRange, recordStart } from './csvFileRanges.js';
import { BlockBuffers, asciiText, byteIndex } from './plainCsvSplitter.js';
import { RangeStarts } from './rangeStarts.js';
import { rangesInOrder } from './rangesInOrder.js';
import { plainBytes, readableHeader, writeBlocksScoredOnPool } from './scoreCsvOnThreads.js';
import { scoringSchema, type CsvLinesSink, type ScoreStreamOptions, type ScoreStreamResult } from './scoreStream.js';
import { LF, COMMA } from '../io/csvBytes.js';

/**
 * CSV → CSV scoring of a file on N threads — this one and N − 1 workers —
 * that each read byte ranges of the file themselves (csvFileRanges.ts): no
 * byte of the input passes between threads, only each range's output lines,
 * moved (not copied) to this thread, which writes them in file order. This
 * thread scores ranges too (rangesInOrder), from the start (while the
 * workers start) and whenever the range due next is not ready.
 *
 * A range's row numbers (the `row` column, written when there is no id
 * column) need the rows before it: each thread counts its range's records as
 * soon as it has read it, this thread adds the counts up and publishes each
 * range's start (RangeStarts), and a worker waits for it before scoring (this
 * thread scores ahead and numbers its lines again when it writes them).
 * Line numbers are only needed for errors. From the first range that fails
 * or is not plain (a byte ≥ 0x80, a NUL, a lone CR, a quoted field over two
 * lines) on, the file is read by one stream (readCsvBlocksFrom: cut as bytes
 * by the plain splitter, which follows quotes, as text from what it cannot
 * cut) from the one-thread block start at or before it, and scored in those
 * blocks by the workers and this thread, as `scoreStream` does: an error is
 * then the one the one-thread path throws (the first of the first block that
 * has one, with its file, line and column), not the first a range's parse
 * meets (a ragged row is found when a block is tokenized, before an earlier
 * bad cell). The lines of the rows after the last block start are held until
 * their block is whole, so the lines written before an error are the
 * one-thread ones. The output is byte for byte the one-thread
 * output.
 */

/** Bytes per range, about (3.2 MB is 10,000 rows of 30 features, the one-thread path's blocks). */
const RANGE_BYTES = 4 << 20;

type Fs = typeof import('node:fs');

/** Files scored by their ranges to the end (for the tests that check the path is taken). @internal */
export const filesScoredInRanges = { count: 0 };

/**
 * What became of a range: a worker's answer, a failure here, or lines scored here before the rows
 * before the range were known, numbered from 1 (`renumber`: they are numbered again when written).
 */
type RangeOutcome = BlockOutcome | { type: 'here-failed' } | { type: 'here-ahead'; lines: Uint8Array; rows: number };

/**
 * Scores the file open as `fd` (`size` bytes) on `options.threads` threads, or
 * answers null without writing anything when the range path does not apply:
 * the file does not start with a plain header line and data (see
 * readCsvFileHead), an encoding in which ASCII bytes are not their text, or no
 * data row at all. The caller then reads it as a stream, which gives its
 * errors.
 */
export async function scoreCsvFileOnThreads(
  model: Classifier,
  fs: Fs,
  path: string,
  fd: number,
  size: number,
  sink: CsvLinesSink,
  options: ScoreStreamOptions & { threads: number; rangeBytes?: number },
): Promise<ScoreStreamResult | null> {
  const t0 = performance.now();
  const { idColumn, threads } = options;
  const safe = options.safeCsv === true;
  const text: CsvOptions = { file: options.file, naValues: options.naValues, delimiter: options.delimiter };
  const csv: CsvOptions = { ...scoringSchema(model, idColumn), ...text };
  const file = fileAt(fs.readSync, fd, size);
  const head = plainBytes(options) ? readCsvFileHead(file) : null;
  if (head === null || !readableHeader(asciiText(head.header), csv)) return null;
  const rangeBytes = options.rangeBytes ?? RANGE_BYTES;
  const nRanges = rangeCount(rangeBytes, head, size);
  const starts = new RangeStarts();
  // Without an id column the lines number the rows: a worker scores a range once the rows before it are known.
  const needsStart = idColumn === undefined;

  // Rows and line ends before each range, known for ranges 0..known (the header's line end is the first).
  const counted: ({ rows: number; lineEnds: number } | undefined)[] = [];
  const before = [{ rows: 0, lineEnds: 1 }];
  let known = 0;
  const count = (k: number, rows: number, lineEnds: number): void => {
    counted[k] = { rows, lineEnds };
    while (counted[known] !== undefined) {
      const c = counted[known]!;
      before[known + 1] = { rows: before[known].rows + c.rows, lineEnds: before[known].lineEnds + c.lineEnds };
      counted[known] = undefined;
      known++;
      starts.publish(known, before[known].rows, before[known].lineEnds);
    }
  };
  starts.publish(0, 0, 1);

  const here = new BlockLinesScorer(model, csv, idColumn, safe);
  const reader = { buffer: new Uint8Array(0), scratch: new Uint8Array(1 << 16) };
  const scoreHere = (k: number): RangeOutcome => {
    const range = readRange(file, k, rangeBytes, head, reader);
    if (range === null) return { type: 'notPlain', id: -1, input: '' };
    count(k, range.rows, range.lineEnds);
    if (range.rows === 0) return { type: 'scored', id: -1, lines: new Uint8Array(0), rows: 0, input: '' };
    // Rows and lines before the range are only needed to number the rows (and for errors, read again at their turn).
    const ahead = needsStart && known < k;
    const b = needsStart && !ahead ? before[k] : { rows: 0, lineEnds: 1 };
    try {
      const { lines, rows } = here.score(rangeBlock(range, b.rows, b.lineEnds));
      return ahead ? { type: 'here-ahead', lines, rows } : { type: 'scored', id: -1, lines, rows, input: '' };
    } catch {
      return { type: 'here-failed' };
    }
  };

  // The workers start while this thread scores the first ranges.
  let pool: CsvBlockPool | undefined;
  const fileSpec = { path, size, head, rangeBytes, starts: starts.memory };
  const starting = CsvBlockPool.create(threads - 1, text, { model: model.toJSON(), idColumn, safeCsv: safe }, fileSpec).then((p) => {
    pool = p;
    p.onCounted = (c: RangeCount) => count(c.k, c.rows, c.lineEnds);
    return p;
  });
  starting.catch(() => undefined); // awaited below
  const there = (p: CsvBlockPool, k: number): Promise<RangeOutcome> =>
    p.runRange(k, needsStart).catch((e: unknown): RangeOutcome => ({ type: 'failed', id: -1, message: String(e), input: '' }));

  // The one-thread path writes blocks of `chunkRows` rows, and none of a block that fails: the lines of
  // the rows after the last block start are held until their block is whole, so that a failure writes
  // what that path writes (the rest is then read from that block start, in its blocks).
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  let held: Uint8Array[] = [];
  let flushed = 0; // rows written, a multiple of chunkRows until the end
  let rows = 0; // rows written or held
  const write = async (lines: Uint8Array, n: number): Promise<void> => {
    const boundary = rows + n - ((rows + n) % chunkRows);
    if (boundary <= flushed) {
      held.push(lines.slice());
    } else {
      const cut = lineEnd(lines, boundary - rows);
      for (const h of held) await sink.write(h);
      held = cut < lines.length ? [lines.slice(cut)] : [];
      await sink.write(lines.subarray(0, cut));
      flushed = boundary;
      options.onProgress?.({ rows: flushed, seconds: (performance.now() - t0) / 1000 });
    }
    rows += n;
  };

  let written = 0;
  try {
    for await (const outcome of rangesInOrder(nRanges, threads, starting, scoreHere, there)) {
      if (outcome.type !== 'scored' && outcome.type !== 'here-ahead') {
        // Not plain, or an error: from the one-thread block start on, as that path reads it (and fails).
        rows = await scoreRestAsStream(written);
        break;
      }
      const lines = outcome.type === 'here-ahead' ? renumbered(outcome.lines, before[written].rows) : asBytes(outcome.lines);
      written++;
      if (outcome.rows > 0) await write(lines, outcome.rows);
    }
    if (rows === 0 && written === nRanges) return null; // no data row: the stream path gives the error
    if (written === nRanges) {
      filesScoredInRanges.count++;
      for (const h of held) await sink.write(h);
      if (flushed < rows) options.onProgress?.({ rows, seconds: (performance.now() - t0) / 1000 });
    }
    await sink.end();
  } catch (e) {
    await sink.fail(e);
    throw e;
  } finally {
    starts.dropAll();
    here.free();
    await starting.catch(() => undefined);
    await pool?.close();
  }
  return { rows, seconds: (performance.now() - t0) / 1000 };

  /**
   * From the one-thread block start at or before range k on (the held lines after it dropped), the
   * file read by one stream and scored in blocks on the workers and this thread.
   */
  async function scoreRestAsStream(k: number): Promise<number> {
    // Workers waiting for a range's start give it up; the pool reads the blocks after the ranges they hold.
    starts.dropAll();
    const blockPool = await starting;
    const from = blockStartAtOrBefore(k);
    const input = fs.createReadStream(path, { start: from.offset, highWaterMark: 1 << 20 });
    try {
      const buffers = new BlockBuffers();
      const blocks = readCsvBlocksFrom(input, { ...from, header: asciiText(head!.header) }, {
        ...csv, chunkRows, encoding: options.encoding,
      }, buffers);
      // This thread scores blocks too when every worker has two in hand, as scoreStream on threads does.
      return await writeBlocksScoredOnPool(model, blocks, blockPool, sink, options, flushed, t0, buffers, here);
    } finally {
      input.destroy();
    }
  }

  /** Where the one-thread block holding range k's first row starts: its byte, line and the rows before it. */
  function blockStartAtOrBefore(k: number): { offset: number; line: number; rows: number } {
    const start = before[k].rows - (before[k].rows % chunkRows);
    if (start === before[k].rows) {
      return { offset: lineStartAt(file, nominalStart(k, rangeBytes, head!, size), head!.dataStart, reader.scratch), line: before[k].lineEnds + 1, rows: start };
    }
    // In an earlier range, scored (so plain): its record there.
    let j = k - 1;
    while (before[j].rows > start) j--;
    const range = readRange(file, j, rangeBytes, head!, reader, false)!;
    const at = recordStart(range.input.subarray(head!.header.length + 1), start - before[j].rows)!;
    return { offset: range.start + at.at, line: before[j].lineEnds + at.lineEnds + 1, rows: start };
  }
}

function asBytes(lines: string | Uint8Array): Uint8Array {
  return typeof lines === 'string' ? new TextEncoder().encode(lines) : lines;
}

/** The byte after the n-th LF of `lines` (n ≥ 1). */
function lineEnd(lines: Uint8Array, n: number): number {
  let i = -1;
  for (let m = 0; m < n; m++) i = byteIndex(lines, LF, i + 1);
  return i + 1;
}

/** `row,pd` lines numbered from 1, numbered from `rowsBefore` + 1 instead. */
function renumbered(lines: Uint8Array, rowsBefore: number): Uint8Array {
  if (rowsBefore === 0) return lines;
  let rows = 0;
  for (let i = byteIndex(lines, LF, 0); i >= 0; i = byteIndex(lines, LF, i + 1)) rows++;
  const out = new Uint8Array(lines.length + rows * String(rowsBefore).length);
  let o = 0;
  let row = rowsBefore;
  for (let i = 0; i < lines.length; ) {
    const comma = byteIndex(lines, COMMA, i);
    const lf = byteIndex(lines, LF, comma);
    const number = String(++row);
    for (let c = 0; c < number.length; c++) out[o++] = number.charCodeAt(c);
    out.set(lines.subarray(comma, lf + 1), o);
    o += lf + 1 - comma;
    i = lf + 1;
  }
  return out.subarray(0, o);
}
