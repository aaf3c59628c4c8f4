import { checkIntegerRange } from '../integerRange.js';
import { parseCsvJs, type CsvOptions } from '../data/csv.js';
import { parseCsvWasm } from '../data/csvWasmReader.js';
import type { Dataset } from '../data/dataset.js';
import { decodeText } from '../io/textDecoding.js';
import { loadedRuntime } from '../wasm/load.js';
import { THREAD_RANGE } from '../parallel/threadRange.js';
import { blocksOnThreads } from './blocksInOrder.js';
import { ColumnAssembler } from './columnAssembler.js';
import { CHUNK_ROWS_RANGE } from './csvBlock.js';
import { datasetOfColumns } from './parsedColumns.js';
import { BlockBuffers, PlainCsvSplitter, type CsvBlock } from './plainCsvSplitter.js';
import { WebCsvPool, hasWebWorkers, type BlockWorker } from './webCsvPool.js';

/**
 * CSV bytes read on Web Workers (browsers, Deno), in blocks of rows whose
 * columns are joined in input order. The result is `parseCsv`'s on the
 * bytes' text (UTF-8, decoded strictly as readCsvFile decodes it), bit for
 * bit, and so are the errors (code, message, file, line, column):
 *
 * - plain input (ASCII without NUL or quotes, LF or CRLF line ends) is cut
 *   into blocks by PlainCsvSplitter, as the Node reader cuts it, and each
 *   block is parsed by a worker as `parseCsvBlock` parses it in Node;
 * - anything else — a quote, a byte ≥ 0x80, a block that fails (bad input),
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
  /** Data rows per block (default 16,384). */
  chunkRows?: number;
  /** Starts one worker (default: a module Web Worker on the package's webCsvWorker.js). @internal */
  startWorker?: () => BlockWorker;
}

/** Rows per block: the Node file reader's block size, measured there (readCsvFileStreamed). */
const PARALLEL_CHUNK_ROWS = 16_384;
/** A Uint8Array input is handed to the splitter in pieces this size (views, not copies), so workers start early. */
const PIECE_BYTES = 1 << 20;

/** Reads CSV bytes into a Dataset on Web Workers; see the module comment. */
export async function parseCsvParallel(input: CsvBytesInput, options: ParallelCsvOptions = {}): Promise<Dataset> {
  const { threads = defaultThreads(), chunkRows = PARALLEL_CHUNK_ROWS, startWorker, ...csv } = options;
  checkIntegerRange('threads', threads, THREAD_RANGE);
  checkIntegerRange('chunkRows', chunkRows, CHUNK_ROWS_RANGE);
  const bytes = new KeptBytes(input);
  const runtime = loadedRuntime();
  if (threads > 1 && runtime !== null && (startWorker !== undefined || hasWebWorkers())) {
    let pool: WebCsvPool | undefined;
    try {
      pool = await WebCsvPool.create(threads, runtime.module, csv, startWorker);
      const ds = await assembleOnWorkers(bytes, pool, csv, chunkRows, 2 * threads);
      if (ds !== undefined) return ds;
    } catch {
      // Not plain, a block that failed, or workers that could not start: read below, as one.
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

/** The input's Dataset from the workers' blocks, or undefined when its blocks infer different kinds for a column. */
async function assembleOnWorkers(bytes: KeptBytes, pool: WebCsvPool, csv: CsvOptions, chunkRows: number, inFlight: number): Promise<Dataset | undefined> {
  const buffers = new BlockBuffers();
  const assembler = new ColumnAssembler(new Set(Object.keys(csv.categories ?? {})));
  for await (const { block, outcome } of blocksOnThreads(plainBlocks(bytes, new PlainCsvSplitter(chunkRows, csv, buffers)), pool, inFlight)) {
    if (outcome.type !== 'parsed') return undefined;
    if (!assembler.add(datasetOfColumns(outcome.parsed, block.firstRow, csv.file))) return undefined;
    buffers.release(block.input);
  }
  return assembler.finish(csv.file);
}

/** The blocks of a plain input; throws NotPlain where it turns out not to be. */
async function* plainBlocks(bytes: KeptBytes, splitter: PlainCsvSplitter): AsyncGenerator<CsvBlock> {
  for (let piece = await bytes.next(); piece !== null; piece = await bytes.next()) {
    const step = splitter.push(piece);
    yield* step.blocks;
    if (step.handover !== undefined) throw new NotPlain();
  }
  const step = splitter.finish();
  yield* step.blocks;
  if (step.handover !== undefined) throw new NotPlain();
}

class NotPlain extends Error {}

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
    this.pieces = input instanceof Uint8Array ? viewsOf(input) : streamPieces(typeof Blob !== 'undefined' && input instanceof Blob ? input.stream() : (input as ReadableStream<Uint8Array>));
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
    if (this.kept.length === 1) return this.kept[0];
    const out = new Uint8Array(this.kept.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.kept) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

async function* viewsOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (bytes.length === 0) yield bytes;
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES);
}

async function* streamPieces(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}

function defaultThreads(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && Number.isInteger(n) ? Math.min(Math.max(n, THREAD_RANGE.min), THREAD_RANGE.max) : 1;
}
