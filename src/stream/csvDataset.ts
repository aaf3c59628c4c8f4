import { checkIntegerRange } from '../integerRange.js';
import { readCsvFile, readPlainCsvFile, type CsvFileOptions } from '../data/csvFile.js';
import type { Dataset } from '../data/dataset.js';
import { ColumnAssembler } from './columnAssembler.js';
import { CHUNK_ROWS_RANGE, parseCsvBlock, readCsvBlocks, type ByteSource } from './csvChunks.js';
import { CsvBlockPool, blocksOnThreads, parsedDataset } from './csvBlockPool.js';
import { BlockBuffers, type CsvBlock } from './plainCsvSplitter.js';
import type { CsvOptions } from '../data/csv.js';
import { THREAD_RANGE } from '../parallel/threadRange.js';
import { readCsvFileOnThreads } from './readCsvFileOnThreads.js';

/**
 * A whole CSV file read as a stream of row blocks into one Dataset, so that
 * memory never holds the file's text and its cell bounds at once: only one
 * block's text is alive, and the float32 columns grow block by block. The
 * result (values, kinds, category dictionaries, row lines) and the errors are
 * those of `readCsvFile` on the same file.
 *
 * Column kinds are inferred per block (see readCsvChunks). Blocks agree in the
 * common cases — a column numeric in every block, or categorical in every
 * block (its dictionaries are merged and sorted as a whole-file read sorts
 * them) — and a block whose cells of a column are all missing fits either.
 * When they do not agree (a column mostly numbers with text in some blocks
 * only), or when the stream meets any error, the file is read again whole by
 * `readCsvFile`, which gives the whole-file answer: the dataset, or the same
 * error with the same file, line and column.
 *
 * On N > 1 threads, a plain file is read in byte ranges that each thread
 * reads and parses itself (readCsvFileOnThreads). On one thread, a plain file
 * that the wasm CSV reader owns is read piece by piece straight into the
 * columns instead (`readPlainCsvFile`), which holds
 * no text either and is faster; progress then comes after each piece.
 */

/** Reading progress, reported after each block. */
export interface CsvReadProgress {
  /** Bytes of the file read so far (compressed bytes for a gzipped file). */
  bytesRead: number;
  /** The file's size in bytes. */
  totalBytes: number;
  /** Data rows parsed so far. */
  rows: number;
}

export interface StreamedCsvOptions extends CsvFileOptions {
  /** Data rows per block (default 16,384): a block's text and cell bounds are held while it is parsed. */
  chunkRows?: number;
  /** Called after each block (or, for a plain file on one thread, each piece of about 1 MiB) is parsed. */
  onProgress?: (progress: CsvReadProgress) => void;
  /**
   * Worker threads that parse the blocks (Node, Deno), 1..256; 1 parses in this
   * thread (default). The result and the errors are the same.
   */
  threads?: number;
  /** Bytes per range read by each thread (default 4 MiB), for the tests that cut small files into many ranges. @internal */
  rangeBytes?: number;
}

// Reading 1M rows × 30 features (310 MiB) alone peaked at 338 MiB of RSS with 16,384-row blocks and 387 MiB with
// 65,536 (unreclaimed blocks), at the same speed within the noise of a loaded machine.
export const DATASET_CHUNK_ROWS = 16_384;

/** Reads a CSV or CSV.gz file as `readCsvFile` does, holding one block of its text at a time. */
export async function readCsvFileStreamed(path: string, options: StreamedCsvOptions = {}): Promise<Dataset> {
  const { chunkRows = DATASET_CHUNK_ROWS, onProgress, threads = 1, rangeBytes, ...fileOptions } = options;
  checkIntegerRange('chunkRows', chunkRows, CHUNK_ROWS_RANGE);
  checkIntegerRange('threads', threads, THREAD_RANGE);
  if (threads > 1) {
    // A plain file: each thread reads and parses its own byte ranges of it; the others are read as a stream below.
    const read = await readCsvFileOnThreads(path, { ...fileOptions, file: fileOptions.file ?? path }, threads,
      onProgress && ((bytesRead, totalBytes, rows) => onProgress({ bytesRead, totalBytes, rows })), rangeBytes);
    if (read === 'whole') return readCsvFile(path, fileOptions);
    if (read !== 'not-plain') return read;
  }
  if (threads === 1) {
    // A plain file the wasm reader owns is read piece by piece into the columns (the fastest way on
    // one thread, and it never holds the text either); anything else is read as blocks below.
    const plain = await readPlainCsvFile(path, fileOptions, onProgress && ((bytesRead, totalBytes, rows) => onProgress({ bytesRead, totalBytes, rows })));
    if (plain !== undefined) return plain;
  }
  const { createReadStream } = await import('node:fs');
  const { stat } = await import('node:fs/promises');
  let assembled: Dataset | undefined;
  // The caller's callback failing is the caller's error, not the file's.
  let callbackError: { error: unknown } | undefined;
  try {
    const totalBytes = (await stat(path)).size;
    const counter = { bytes: 0 };
    const source = countedBytes(createReadStream(path, { highWaterMark: 1 << 20 }), counter);
    assembled = await assembleChunks(source, { ...fileOptions, file: fileOptions.file ?? path, chunkRows }, (rows) => {
      try {
        onProgress?.({ bytesRead: counter.bytes, totalBytes, rows });
      } catch (error) {
        callbackError = { error };
        throw error;
      }
    }, threads);
  } catch {
    if (callbackError) throw callbackError.error;
    assembled = undefined;
  }
  // The blocks disagreed on a column's kind, or something failed: the whole-file answer.
  return assembled ?? readCsvFile(path, fileOptions);
}

/**
 * The rows of a CSV byte stream as one Dataset, or undefined when its blocks
 * infer different kinds for a column (see the module comment). Errors are
 * thrown as the streaming reader meets them.
 */
export async function assembleChunks(
  input: ByteSource,
  options: CsvFileOptions & { chunkRows?: number },
  onBlock?: (rows: number) => void,
  threads = 1,
): Promise<Dataset | undefined> {
  const assembler = new ColumnAssembler(new Set(Object.keys(options.categories ?? {})));
  const { chunkRows: _, encoding: __, ...csv } = options;
  let pool: CsvBlockPool | undefined;
  try {
    if (threads > 1) pool = await CsvBlockPool.create(threads, csv, null);
    const buffers = new BlockBuffers();
    const blocks = readCsvBlocks(input, options, buffers);
    // Worker threads parse the blocks; a block one of them cannot read is read here (for its error).
    const datasets = pool === undefined ? inThisThread(blocks, csv, buffers) : onThreads(blocks, pool, 2 * threads, csv, buffers);
    for await (const dataset of datasets) {
      // Leaving the loop early closes the input.
      if (!assembler.add(dataset)) return undefined;
      onBlock?.(assembler.nRows);
    }
  } finally {
    await pool?.close();
  }
  return assembler.finish(options.file);
}

async function* inThisThread(blocks: AsyncIterable<CsvBlock>, csv: CsvOptions, buffers: BlockBuffers): AsyncGenerator<Dataset> {
  for await (const block of blocks) {
    const dataset = parseCsvBlock(block, csv);
    buffers.release(block.input);
    yield dataset;
  }
}

async function* onThreads(blocks: AsyncIterable<CsvBlock>, pool: CsvBlockPool, inFlight: number, csv: CsvOptions, buffers: BlockBuffers): AsyncGenerator<Dataset> {
  for await (const { block, outcome } of blocksOnThreads(blocks, pool, inFlight)) {
    const dataset = outcome.type === 'parsed' ? parsedDataset(outcome, block, csv.file) : parseCsvBlock(block, csv);
    buffers.release(block.input);
    yield dataset;
  }
}

/** Counts the bytes that pass through. */
async function* countedBytes(input: AsyncIterable<Uint8Array>, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const bytes of input) {
    counter.bytes += bytes.length;
    yield bytes;
  }
}
