import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { parseCsvJs, type CsvOptions } from '../data/csv.js';
import { parseCsvWasm } from '../data/csvWasmReader.js';
import type { Dataset } from '../data/dataset.js';
import { decodeText } from '../io/textDecoding.js';
import { loadedRuntime } from '../wasm/load.js';
import { THREAD_RANGE } from '../parallel/threadRange.js';
import { blocksOnThreads } from './blocksInOrder.js';
import { bytePieces, concatBytes } from './bytePieces.js';
import { ColumnAssembler } from './columnAssembler.js';
import { datasetOfColumns } from './parsedColumns.js';
import { BlockBuffers, type CsvBlock } from './plainCsvSplitter.js';
import { LineBlocks } from './lineBlocks.js';
import { WebCsvPool, hasWebWorkers, type BlockWorker } from './webCsvPool.js';

/**
 * CSV bytes read on Web Workers (browsers, Deno), in blocks of whole lines
 * whose columns are joined in input order. The result is `parseCsv`'s on the
 * bytes' text (UTF-8, decoded strictly as readCsvFile decodes it), bit for
 * bit, and so are the errors (code, message, file, line, column):
 *
 * - plain input (ASCII without NUL, quoted fields each on one line) is cut
 *   at line ends into blocks of about `blockBytes` (LineBlocks), and each
 *   block is parsed by a worker as `parseCsvBlock` parses it in Node, which
 *   checks that it is plain and counts its lines;
 * - anything else — a quoted field over two lines, a byte ≥ 0x80, a block
 *   that fails (bad input),
 *   blocks that infer different kinds for a column — makes the calling thread
 *   read the whole input as one, which gives parseCsv's answer by
 *   construction. The bytes are kept until the end for that reason.
 *
 * With one thread, without a Worker global (Node) or before the wasm is
 * loaded, the calling thread reads the input as one.
 */

/** Bytes in one piece, a Blob (a File from an input element), or a stream of bytes (a fetch Response's body). */
export type CsvBytesInput = Uint8Array | Blob | ReadableStream<Uint8Array>;

export interface ParallelCsvOptions extends Omit<CsvOptions, 'lineOffset' | 'rowOffset'> {
  /**
   * Web Workers that parse the blocks, 1..256 (default: the host's logical
   * processors, `navigator.hardwareConcurrency`); 1 parses in this thread.
   */
  threads?: number;
  /** Bytes per block, about (default 4 MiB): a block ends at the first line end after them. */
  blockBytes?: number;
  /** Starts one worker (default: a module Web Worker on the package's webCsvWorker.js). @internal */
  startWorker?: () => BlockWorker;
}

/** Bytes per block, about: 16,384 rows of 30 features (the Node file reader's blocks) take 3 MiB. */
const BLOCK_BYTES = 4 << 20;
export const BLOCK_BYTES_RANGE: IntegerRange = { min: 1, max: 1 << 30 };
/** A Uint8Array input is handed to the splitter in pieces this size (views, not copies), so workers start early. */
const PIECE_BYTES = 1 << 20;

/** Reads CSV bytes into a Dataset on Web Workers; see the module comment. */
export async function parseCsvParallel(input: CsvBytesInput, options: ParallelCsvOptions = {}): Promise<Dataset> {
  const { threads = defaultThreads(), blockBytes = BLOCK_BYTES, startWorker, ...csv } = options;
  checkIntegerRange('threads', threads, THREAD_RANGE);
  checkIntegerRange('blockBytes', blockBytes, BLOCK_BYTES_RANGE);
  const bytes = new KeptBytes(input);
  const runtime = loadedRuntime();
  if (threads > 1 && runtime !== null && (startWorker !== undefined || hasWebWorkers())) {
    let pool: WebCsvPool | undefined;
    try {
      pool = await WebCsvPool.create(threads, runtime.module, csv, startWorker);
      const ds = await assembleOnWorkers(bytes, pool, csv, blockBytes, 2 * threads);
      if (ds !== undefined) return ds;
    } catch {
      // Not plain, a block that failed, or workers that could not start: read below, as one.
      // (An error reading the input is thrown again by `bytes.all()`.)
    } finally {
      pool?.close();
    }
  }
  return parseWhole(await bytes.all(), csv);
}

/** The whole input as parseCsv reads its text: ASCII bytes go to the wasm reader as they are. */
function parseWhole(bytes: Uint8Array, csv: CsvOptions): Dataset {
  return parseCsvWasm(bytes, csv) ?? parseCsvJs(decodeText(bytes, 'utf-8', csv.file), csv);
}

/** The input's Dataset from the workers' blocks, or undefined when a block is not plain, fails, or infers another kind for a column. */
async function assembleOnWorkers(bytes: KeptBytes, pool: WebCsvPool, csv: CsvOptions, blockBytes: number, inFlight: number): Promise<Dataset | undefined> {
  const buffers = new BlockBuffers();
  const assembler = new ColumnAssembler(new Set(Object.keys(csv.categories ?? {})));
  // Rows and line ends before the next block (the header's line end is the first).
  let rows = 0;
  let lineEnds = 1;
  for await (const { outcome } of blocksOnThreads(lineBlocks(bytes, new LineBlocks(blockBytes, buffers)), pool, inFlight)) {
    if (outcome.type !== 'parsed') return undefined;
    if (!assembler.add(datasetOfColumns(outcome.parsed, rows, csv.file, lineEnds - 1))) return undefined;
    rows += outcome.parsed.nRows;
    lineEnds += outcome.lineEnds;
    buffers.release(outcome.input);
  }
  // No rows (a header and blank lines at most): parseCsv's error, read whole.
  return rows === 0 ? undefined : assembler.finish(csv.file);
}

/** The input's blocks, as LineBlocks cuts it (NotPlain when its first line is not plain). */
async function* lineBlocks(bytes: KeptBytes, cutter: LineBlocks): AsyncGenerator<CsvBlock> {
  for (let piece = await bytes.next(); piece !== null; piece = await bytes.next()) yield* cutter.push(piece);
  yield* cutter.finish();
}

/**
 * The input read piece by piece, each piece kept, so that the whole input can
 * be read again as one. An error reading the input is thrown to every reader.
 */
class KeptBytes {
  private readonly kept: Uint8Array[] = [];
  private readonly pieces: AsyncIterator<Uint8Array>;
  private done = false;
  private failure: { error: unknown } | undefined;
  /** A Uint8Array input, which is the whole input already. */
  private readonly whole: Uint8Array | undefined;

  constructor(input: CsvBytesInput) {
    this.whole = input instanceof Uint8Array ? input : undefined;
    this.pieces = input instanceof Uint8Array ? viewsOf(input) : bytePieces(typeof Blob !== 'undefined' && input instanceof Blob ? input.stream() : (input as ReadableStream<Uint8Array>));
  }

  /** The next piece, or null at the end. */
  async next(): Promise<Uint8Array | null> {
    if (this.failure) throw this.failure.error;
    if (this.done) return null;
    let r: IteratorResult<Uint8Array>;
    try {
      r = await this.pieces.next();
    } catch (error) {
      this.failure = { error };
      throw error;
    }
    if (r.done) {
      this.done = true;
      return null;
    }
    this.kept.push(r.value);
    return r.value;
  }

  /** The whole input, read to its end. */
  async all(): Promise<Uint8Array> {
    if (this.whole !== undefined) return this.whole;
    while ((await this.next()) !== null);
    return this.kept.length === 1 ? this.kept[0] : concatBytes(this.kept);
  }
}

async function* viewsOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (bytes.length === 0) yield bytes;
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES);
}


function defaultThreads(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && Number.isInteger(n) ? Math.min(Math.max(n, THREAD_RANGE.min), THREAD_RANGE.max) : 1;
}
