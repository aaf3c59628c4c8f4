import type { CsvOptions } from '../data/csv.js';
import type { Classifier } from '../models/classifier.js';
import { readCsvBlocks, parseCsvBlock, DEFAULT_CHUNK_ROWS, type ByteSource } from './csvChunks.js';
import { CsvBlockPool, blocksOnThreads, type BlockOutcome } from './csvBlockPool.js';
import type { BlockRunner } from './blocksInOrder.js';
import { BlockLinesScorer } from './blockLinesScorer.js';
import { BlockBuffers, type CsvBlock } from './plainCsvSplitter.js';
import { scoreLines, scoringSchema, type CsvLinesSink, type ScoreStreamOptions, type ScoreStreamResult } from './scoreStream.js';

/**
 * `scoreStream` on N threads: this thread cuts the input into blocks (as
 * bytes when it is plain, see PlainCsvSplitter) and writes their output in
 * input order; N − 1 workers parse, score and format whole blocks
 * (csvBlockWorker.ts), and this thread scores a block itself whenever every
 * worker already has two in hand (so N threads are busy, not N + 1 on N
 * cores), so reading scales with the threads as scoring does.
 * Blocks' bytes are moved to the workers and back, their lines moved here
 * (never copied). The output is byte for byte the one-thread output. A block
 * a worker cannot read is read again here, which throws its error with its
 * file, line and column; an error the splitter meets is thrown after the
 * blocks before it, so the error reported is the one the one-thread path
 * reports. (A file on disk is read by the workers themselves: scoreCsvFile.)
 */
export async function scoreCsvOnThreads(
  model: Classifier,
  input: ByteSource,
  sink: CsvLinesSink,
  options: ScoreStreamOptions & { threads: number },
): Promise<ScoreStreamResult> {
  const t0 = performance.now();
  const { idColumn, threads } = options;
  const text: CsvOptions = { file: options.file, naValues: options.naValues, delimiter: options.delimiter };
  const csv: CsvOptions = { ...scoringSchema(model, idColumn), ...text };
  const buffers = new BlockBuffers();
  const blocks = readCsvBlocks(input, { ...csv, chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS, encoding: options.encoding }, buffers);
  let rows = 0;
  let pool: CsvBlockPool | undefined;
  const here = new BlockLinesScorer(model, csv, idColumn, options.safeCsv === true);
  try {
    pool = await CsvBlockPool.create(threads - 1, text, { model: model.toJSON(), idColumn, safeCsv: options.safeCsv === true });
    rows = await writeBlocksScoredOnPool(model, blocks, pool, sink, { ...options, threads }, 0, t0, buffers, here);
    await sink.end();
  } catch (e) {
    await sink.fail(e);
    throw e;
  } finally {
    await blocks.return(undefined).catch(() => undefined);
    await pool?.close();
    here.free();
  }
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Scores `blocks` on the pool's workers and writes their lines to `sink` in
 * input order (not ending it); `rowsBefore` rows were written before them.
 * With `here`, this thread scores the blocks that come while every worker
 * has two in hand. The rows written in all, for progress from `t0`.
 */
export async function writeBlocksScoredOnPool(
  model: Classifier,
  blocks: AsyncIterable<CsvBlock>,
  pool: CsvBlockPool,
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
  const runner = here === undefined ? pool : helpedRunner(pool, here);
  for await (const { block, outcome } of blocksOnThreads(blocks, runner, here === undefined ? 2 * pool.size : 2 * pool.size + 4)) {
    let lines: string | Uint8Array;
    if (outcome.type === 'scored') {
      lines = outcome.lines;
      rows += outcome.rows;
    } else {
      // Read here: this throws the block's error as the one-thread path does.
      const ds = parseCsvBlock(block, csv);
      lines = scoreLines(model, ds, block.firstRow, idColumn, safe);
      rows += ds.nRows;
    }
    buffers?.release(block.input);
    await sink.write(lines);
    options.onProgress?.({ rows, seconds: (performance.now() - t0) / 1000 });
  }
  return rows;
}

/**
 * Hands a block to the pool while its workers hold fewer than two blocks
 * each, and otherwise scores it on this thread at once. A block that fails here comes
 * back as `failed`, so its error is raised in input order, as a worker's is.
 */
function helpedRunner(pool: CsvBlockPool, here: BlockLinesScorer): BlockRunner<BlockOutcome> {
  return {
    run(block) {
      if (pool.inHand < 2 * pool.size) return pool.run(block);
      try {
        const { lines, rows } = here.score(block);
        return Promise.resolve({ type: 'scored', id: -1, lines, rows, input: block.input });
      } catch (e) {
        return Promise.resolve({ type: 'failed', id: -1, message: String((e as Error)?.message ?? e), input: block.input });
      }
    },
  };
}
