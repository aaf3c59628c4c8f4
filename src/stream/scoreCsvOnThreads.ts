import type { CsvOptions } from '../data/csv.js';
import type { Classifier } from '../models/classifier.js';
import { readCsvBlocks, parseCsvBlock, DEFAULT_CHUNK_ROWS, type ByteSource } from './csvChunks.js';
import { CsvBlockPool, blocksOnThreads } from './csvBlockPool.js';
import { BlockBuffers, type CsvBlock } from './plainCsvSplitter.js';
import { scoreLines, scoringSchema, type CsvLinesSink, type ScoreStreamOptions, type ScoreStreamResult } from './scoreStream.js';

/**
 * `scoreStream` on N worker threads: this thread only cuts the input into
 * blocks (as bytes when it is plain, see PlainCsvSplitter) and writes their
 * output in input order; each worker parses, scores and formats whole blocks
 * (csvBlockWorker.ts), so reading scales with the threads as scoring does.
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
  try {
    pool = await CsvBlockPool.create(threads, text, { model: model.toJSON(), idColumn, safeCsv: options.safeCsv === true });
    rows = await writeBlocksScoredOnPool(model, blocks, pool, sink, { ...options, threads }, 0, t0, buffers);
    await sink.end();
  } catch (e) {
    await sink.fail(e);
    throw e;
  } finally {
    await blocks.return(undefined).catch(() => undefined);
    await pool?.close();
  }
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Scores `blocks` on the pool's workers and writes their lines to `sink` in
 * input order (not ending it); `rowsBefore` rows were written before them.
 * The rows written in all, for progress from `t0`.
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
): Promise<number> {
  const { idColumn } = options;
  const safe = options.safeCsv === true;
  const csv: CsvOptions = { ...scoringSchema(model, idColumn), file: options.file, naValues: options.naValues, delimiter: options.delimiter };
  let rows = rowsBefore;
  // Blocks in the workers' hands: enough that none waits while this thread writes.
  for await (const { block, outcome } of blocksOnThreads(blocks, pool, 2 * pool.size)) {
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
