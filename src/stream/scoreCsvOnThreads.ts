import { readCsvHeader, type CsvOptions } from '../data/csv.js';
import type { Classifier } from '../models/classifier.js';
import {
  readCsvBlocks, readCsvBlocksOfBytes, parseCsvBlock, decompressed, plainBytesAreText, plainCsvSplitterOn, DEFAULT_CHUNK_ROWS, type ByteSource, type CsvChunkOptions,
} from './csvChunks.js';
import { plainStreamBlocks } from './plainStreamRanges.js';
import { readAhead } from './readAhead.js';
import { CsvBlockPool, blocksOnThreads, type BlockOutcome } from './csvBlockPool.js';
import type { BlockRunner } from './blocksInOrder.js';
import { BlockLinesScorer } from './blockLinesScorer.js';
import { BlockBuffers, asciiText, byteIndex, type CsvBlock } from './plainCsvSplitter.js';
import { LF, CR } from '../io/csvBytes.js';
import { scoreLines, scoringSchema, type CsvLinesSink, type ScoreStreamOptions, type ScoreStreamResult } from './scoreStream.js';
import { nextTurn } from './nextTurn.js';

/**
 * Bytes per plain range, about: 1 MiB is ~3,300 rows of 30 features, a few
 * milliseconds of scoring, so the threads finish within that of each other.
 */
const RANGE_BYTES = 1 << 20;
/**
 * Input bytes read ahead (see readAhead): this thread scores ranges for
 * milliseconds at a time, in which a stream reads nothing unless its reads
 * were started before (its own buffer holds one or two pieces). Measured on
 * 1M × 30 on 2 threads: this thread waited 0.39–0.43 s for reads with 16 MiB,
 * 0.67–0.72 s without (RESULTS §53).
 */
const READ_AHEAD_BYTES = 16 << 20;

/**
 * `scoreStream` on N threads: this thread cuts the input and writes the
 * output in input order; N − 1 workers parse, score and format what they are
 * given (csvBlockWorker.ts), and this thread scores a part itself while the
 * workers start and whenever every worker already has two in hand (so N
 * threads are busy, not N + 1 on N cores). Plain input is cut into large
 * byte ranges of whole blocks (plainStreamRanges.ts: no line-by-line
 * copying); from the first piece that is not plain on, into the splitters'
 * blocks. Ranges' and blocks' bytes are moved to the workers and back, their
 * lines moved here (never copied). The output is byte for byte the
 * one-thread output. A range or block a worker cannot read is read again
 * here in the one-thread path's blocks, which writes the lines before its
 * error and throws the error with its file, line and column; an error the
 * splitters meet is thrown after the blocks before it, so the error reported
 * is the one the one-thread path reports. (A file on disk is read by the
 * workers themselves: scoreCsvFile.)
 */
export async function scoreCsvOnThreads(
  model: Classifier,
  input: ByteSource,
  sink: CsvLinesSink,
  options: ScoreStreamOptions & { threads: number; rangeBytes?: number },
): Promise<ScoreStreamResult> {
  const t0 = performance.now();
  const { idColumn, threads } = options;
  const text: CsvOptions = { file: options.file, naValues: options.naValues, delimiter: options.delimiter };
  const csv: CsvOptions = { ...scoringSchema(model, idColumn), ...text };
  const buffers = new BlockBuffers();
  const chunkOptions: CsvChunkOptions & { chunkRows: number } = { ...csv, chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS, encoding: options.encoding };
  // Plain input in large byte ranges (plainStreamRanges.ts); anything else in the splitters' blocks of `chunkRows` rows.
  const blocks = plainCsvSplitterOn() && plainBytes(options)
    ? plainStreamBlocks(decompressed(readAhead(input, READ_AHEAD_BYTES), options.file), chunkOptions, options.rangeBytes ?? RANGE_BYTES, (header) => readableHeader(header, csv), buffers)
    : readCsvBlocks(input, chunkOptions, buffers);
  let rows = 0;
  const here = new BlockLinesScorer(model, csv, idColumn, options.safeCsv === true);
  // The workers start while this thread scores the first blocks.
  const starting = CsvBlockPool.create(threads - 1, text, { model: model.toJSON(), idColumn, safeCsv: options.safeCsv === true });
  starting.catch(() => undefined); // its failure is the first block's that needs it
  try {
    rows = await writeBlocksScoredOnPool(model, withTurns(blocks), starting, sink, { ...options, threads }, 0, t0, buffers, here);
    await sink.end();
  } catch (e) {
    await sink.fail(e);
    throw e;
  } finally {
    await blocks.return(undefined).catch(() => undefined);
    await (await starting.catch(() => undefined))?.close();
    here.free();
  }
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

/**
 * `blocks`, letting the event loop run before each next one: the stream's
 * pieces may come without it (buffered), and this thread, which scores
 * blocks in between, would then not see that the pool has started or that a
 * worker has handed a block back (and so score the next one itself).
 */
async function* withTurns(blocks: AsyncGenerator<CsvBlock>): AsyncGenerator<CsvBlock> {
  for await (const block of blocks) {
    yield block;
    await nextTurn();
  }
}

/**
 * Scores `blocks` on the pool's workers and writes their lines to `sink` in
 * input order (not ending it); `rowsBefore` rows were written before them.
 * With `here`, this thread scores the blocks that come while the pool starts
 * or every worker has two in hand. The rows written in all, for progress from `t0`.
 */
export async function writeBlocksScoredOnPool(
  model: Classifier,
  blocks: AsyncIterable<CsvBlock>,
  pool: CsvBlockPool | Promise<CsvBlockPool>,
  sink: CsvLinesSink,
  options: ScoreStreamOptions & { threads: number },
  rowsBefore: number,
  t0: number,
  buffers?: BlockBuffers,
  here?: BlockLinesScorer,
): Promise<number> {
  const { idColumn } = options;
  const safe = options.safeCsv === true;
  const csv: CsvOptions = { ...scoringSchema(model, idColumn), file: options.file, naValues: options.naValues, delimiter: options.delimiter };
  let rows = rowsBefore;
  // Blocks in the workers' hands: enough that none waits while this thread writes; with `here`, four
  // more in the queue, so this thread scores on instead of waiting for a worker's block to come back.
  const workers = options.threads - 1;
  const runner = here === undefined ? await pool : helpedRunner(pool, here);
  for await (const { block, outcome } of blocksOnThreads(blocks, runner, here === undefined ? 2 * workers : 2 * workers + 4)) {
    if (outcome.type === 'scored') {
      rows += outcome.rows;
      await sink.write(outcome.lines);
    } else {
      // Read here in the one-thread path's blocks: this writes the lines before the error and throws it as that path does.
      for await (const part of oneThreadBlocks(block, { ...csv, chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS, encoding: options.encoding })) {
        const ds = parseCsvBlock(part, csv);
        rows += ds.nRows;
        await sink.write(scoreLines(model, ds, part.firstRow, idColumn, safe));
      }
    }
    buffers?.release(block.input);
    options.onProgress?.({ rows, seconds: (performance.now() - t0) / 1000 });
  }
  return rows;
}

/**
 * A block cut again into the blocks of `chunkRows` rows that the one-thread
 * path reads (a plain range holds several; plainStreamRanges.ts starts each
 * range where one of them starts), so that its error is the one that path
 * throws: the first error of the first block that has one.
 */
async function* oneThreadBlocks(block: CsvBlock, options: CsvChunkOptions & { chunkRows: number }): AsyncGenerator<CsvBlock> {
  const input = block.input;
  if (typeof input === 'string') {
    yield block;
    return;
  }
  const headerEnd = byteIndex(input, LF, 0);
  const header = asciiText(input.subarray(0, input[headerEnd - 1] === CR ? headerEnd - 1 : headerEnd));
  const data = (async function* () {
    yield input.subarray(headerEnd + 1);
  })();
  // Plain bytes: the plain splitter cuts them all (the offset only places a text decoder's errors, never met here).
  yield* readCsvBlocksOfBytes(data, options, undefined, { offset: 0, line: block.firstLine, header, rows: block.firstRow });
}

/**
 * Hands a block to the pool while its workers hold fewer than two blocks
 * each, and otherwise (or while the pool starts) scores it on this thread,
 * after the blocks it is scoring already, in steps between which the event
 * loop runs (so the stream's reads, one at a time, go on while it scores). A
 * block that fails here comes back as `failed`, so its error is raised in
 * input order, as a worker's is; so is the pool's failure to start.
 */
function helpedRunner(starting: CsvBlockPool | Promise<CsvBlockPool>, here: BlockLinesScorer): BlockRunner<BlockOutcome> {
  let pool: CsvBlockPool | undefined;
  let failed: { error: unknown } | undefined;
  if (starting instanceof Promise) starting.then((p) => void (pool = p), (error: unknown) => void (failed = { error }));
  else pool = starting;
  let hereDone: Promise<unknown> = Promise.resolve();
  const scoreHere = async (block: CsvBlock): Promise<BlockOutcome> => {
    try {
      const steps = here.scoreSteps(block);
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) return { type: 'scored', id: -1, lines: step.value.lines, rows: step.value.rows, input: block.input };
        await nextTurn();
      }
    } catch (e) {
      return { type: 'failed', id: -1, message: String((e as Error)?.message ?? e), input: block.input };
    }
  };
  return {
    run(block) {
      if (failed !== undefined) return Promise.reject(failed.error);
      if (pool !== undefined && pool.inHand < 2 * pool.size) return pool.run(block);
      const outcome = hereDone.then(() => scoreHere(block));
      hereDone = outcome;
      return outcome;
    },
  };
}

/** Whether plain bytes are the input's text (false for a bad option too: the usual reader throws its error). */
export function plainBytes(options: ScoreStreamOptions): boolean {
  try {
    return plainBytesAreText(options);
  } catch {
    return false;
  }
}

/** Whether the header line names the model's columns (else the usual reader reads the input, for its error). */
export function readableHeader(header: string, csv: CsvOptions): boolean {
  try {
    readCsvHeader(header, csv, 1);
    return true;
  } catch {
    return false;
  }
}
