import { CreditkitError } from '../errors.js';
import type { ColumnKind, Dataset } from '../data/dataset.js';
import { float32Text } from '../data/float32Text.js';
import { FLOAT32_EXACT_INTEGERS } from '../data/idColumns.js';
import type { TextEncoding } from '../io/textDecoding.js';
import { csvField } from '../io/csvField.js';
import { checkIntegerRange } from '../integerRange.js';
import { THREAD_RANGE } from '../parallel/threadRange.js';
import { canScoreInPool, type Classifier } from '../models/classifier.js';
import type { FeatureSpec } from '../models/schema.js';
import type { ScoringPool } from '../models/predict/scoringPool.js';
import {
  readCsvChunks, readCsvBlocks, readCsvBlocksOfBytes, parseCsvBlock, decompressed, plainBytesAreText, plainCsvSplitterOn, CHUNK_ROWS_RANGE, DEFAULT_CHUNK_ROWS, type ByteSource,
} from './csvChunks.js';
import { releasesChunks } from '../io/releasesChunks.js';
import { OutputRing } from './outputRing.js';
import { PlainBlockScorer } from './plainBlockScorer.js';
import { BlockBuffers, type CsvBlock } from './plainCsvSplitter.js';
import { readAhead } from './readAhead.js';
import { scoreCsvOnThreads } from './scoreCsvOnThreads.js';
import { scoreDirectPieces } from './scoreDirectPieces.js';
import { nextTurn } from './nextTurn.js';
import { heldThenRest } from './bytePieces.js';
import { unreadFilePath } from './fileBackedStream.js';
import { scoreFileOfStream } from './scoreCsvFile.js';

/**
 * Batch scoring of a CSV of any size in bounded memory: the input is read in
 * blocks of rows, each block is scored (on worker threads when `threads` > 1)
 * and its lines are written in input order. Only a few blocks are held at a
 * time, and reading waits when the output is slow (backpressure).
 */

/** A Node Writable (anything with write/end/once; it is given strings or bytes) or a web WritableStream. */
export type TextSink = NodeWritableLike | WritableStream<Uint8Array>;

export interface NodeWritableLike {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
  end(callback?: () => void): unknown;
  once(event: 'drain' | 'error', listener: (...args: unknown[]) => void): unknown;
  removeListener(event: 'drain' | 'error', listener: (...args: unknown[]) => void): unknown;
}

export interface ScoreStreamProgress {
  /** Rows written so far. */
  rows: number;
  seconds: number;
}

export interface ScoreStreamOptions {
  /** Worker threads (Node, gradient-boosting models), 1..256; 1 scores in this thread (default). */
  threads?: number;
  /** Copy this column (as text) into the output instead of the 1-based row number. */
  idColumn?: string;
  /**
   * Write ids that a spreadsheet would run as a formula (starting with =, +, -, @,
   * tab or CR) with a leading single quote (see `csvField`). Default false: ids are
   * written exactly as read.
   */
  safeCsv?: boolean;
  /** Rows per block, 1..1,000,000 (default 10,000). */
  chunkRows?: number;
  /** The input's name in error messages. */
  file?: string;
  /** Cell texts that mean missing (default: parseCsv's). */
  naValues?: readonly string[];
  delimiter?: string;
  /** The input's text encoding (see TextEncoding; default utf-8, decoded strictly). */
  encoding?: TextEncoding;
  /** End (Node) or close (web) the output when done (default true). */
  end?: boolean;
  /** Called after each block is written. */
  onProgress?(progress: ScoreStreamProgress): void;
}

export interface ScoreStreamResult {
  rows: number;
  seconds: number;
}

/**
 * Reads CSV or CSV.gz rows from `input`, writes `id,pd` (or `row,pd`) lines to
 * `output` in input order and resolves with the number of rows and the time
 * taken. The model's feature columns are read with the model's kinds and
 * categorical dictionaries, so every block is encoded alike; other columns
 * are ignored. A bad cell or a missing column rejects with a CreditkitError
 * naming the line and column; the output then holds a prefix of the lines and
 * is not ended (a web WritableStream is aborted): write to a temporary file
 * and discard it (see `openAtomicWriter`).
 *
 * With `threads` > 1, a Node `fs.ReadStream` of a regular file handed over as
 * made (`createReadStream(path)`, whole file, nothing read) is scored as
 * `scoreCsvFile` scores the file, each thread reading byte ranges of it; the
 * stream is destroyed unread. The same lines and errors either way.
 */
export async function scoreStream(
  model: Classifier,
  input: ByteSource,
  output: TextSink,
  options: ScoreStreamOptions = {},
): Promise<ScoreStreamResult> {
  const threads = checkedScoringThreads(model, options);
  if (threads > 1) {
    // A file's read stream, not read yet: each thread reads byte ranges of the file (errors name `file`, as here).
    const path = await unreadFilePath(input);
    if (path !== null) {
      (input as unknown as { destroy(): void }).destroy();
      return scoreFileOfStream(model, path, output, { ...options, threads });
    }
  }
  return scoreReadable(model, input, output, options, threads);
}

/** `scoreStream` of the stream as given, cut into blocks on this thread. @internal */
export async function scoreReadable(
  model: Classifier, input: ByteSource, output: TextSink, options: ScoreStreamOptions, threads: number,
): Promise<ScoreStreamResult> {
  if (threads > 1) {
    return scoreCsvOnThreads(model, input, csvLinesSink(output, options), { ...options, threads });
  }
  const { types, categories, columns } = scoringSchema(model, options.idColumn);
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const csv = { types, categories, columns, file: options.file, naValues: options.naValues, delimiter: options.delimiter };
  const plain = PlainBlockScorer.create(model, csv, chunkRows, options.idColumn, options.safeCsv === true);
  if (plain !== null) return scorePlainBlocks(model, plain, input, output, { ...options, chunkRows });
  const chunks = readCsvChunks(input, { ...csv, chunkRows, encoding: options.encoding });
  return scoreChunks(model, chunks, csvScoreSink(output, options), options);
}

/**
 * The options every CSV scoring entry checks before it reads a byte: the
 * thread count, the rows per block, and a model that can be scored on threads
 * when there are several. Returns the thread count.
 */
export function checkedScoringThreads(model: Classifier, options: Pick<ScoreStreamOptions, 'threads' | 'chunkRows'>): number {
  const threads = options.threads ?? 1;
  checkIntegerRange('threads', threads, THREAD_RANGE);
  if (options.chunkRows !== undefined) checkIntegerRange('chunkRows', options.chunkRows, CHUNK_ROWS_RANGE);
  if (threads > 1 && !canScoreInPool(model)) throw new CreditkitError('E_OPTION', 'threads > 1 is available for gradient-boosting models');
  return threads;
}

/** Input bytes read ahead of one-thread scoring (see readAhead). */
const READ_AHEAD_BYTES = 8 << 20;
/** Blocks of output lines in the sink's hands at most (see OutputRing). */
const OUTPUT_BLOCKS_IN_FLIGHT = 4;

/**
 * One-thread scoring block by block, plain blocks by `plain` straight from
 * their bytes, the others (and plain ones it does not own) read by
 * parseCsvBlock and written by `scoreLines`: the same lines and errors. The
 * input is read ahead, the thread lets reads and writes run between the
 * pieces of a block, and the lines of plain blocks go out in an OutputRing
 * (no wait for a drain while a ring slot is free).
 */
async function scorePlainBlocks(
  model: Classifier, plain: PlainBlockScorer, input: ByteSource, output: TextSink, options: ScoreStreamOptions & { chunkRows: number },
): Promise<ScoreStreamResult> {
  const t0 = performance.now();
  const { types, categories, columns } = scoringSchema(model, options.idColumn);
  const csv = { types, categories, columns, file: options.file, naValues: options.naValues, delimiter: options.delimiter };
  const sink = csvLinesSink(output, options);
  const buffers = new BlockBuffers();
  const ring = new OutputRing(OUTPUT_BLOCKS_IN_FLIGHT, releasesChunks(output));
  const chunkOptions = { ...csv, chunkRows: options.chunkRows, encoding: options.encoding };
  let rows = 0;
  let source: AsyncGenerator<Uint8Array> | null = null;
  try {
    let blocks: AsyncGenerator<CsvBlock>;
    if (plainCsvSplitterOn() && plainBytesAreText(options)) {
      // Pieces read straight into the record kernel; the usual blocks from where it stopped owning them.
      source = decompressed(readAhead(input, READ_AHEAD_BYTES), options.file);
      const outcome = await scoreDirectPieces(
        plain, source, options.chunkRows,
        async () => {
          await ring.ready();
          return ring.take;
        },
        async (bytes, n) => {
          await sink.writeBytes(bytes, () => ring.release(bytes));
          rows += n;
          options.onProgress?.({ rows, seconds: (performance.now() - t0) / 1000 });
        },
        nextTurn,
      );
      const h = outcome.handover;
      if (h === undefined) {
        await sink.end();
        return { rows, seconds: (performance.now() - t0) / 1000 };
      }
      const rest = heldThenRest([h.bytes], source);
      blocks = readCsvBlocksOfBytes(rest, chunkOptions, buffers, h.header === null ? undefined : { offset: h.offset, line: h.line, header: h.header, rows: h.rows });
    } else {
      blocks = readCsvBlocks(readAhead(input, READ_AHEAD_BYTES), chunkOptions, buffers);
    }
    for await (const block of blocks) {
      await ring.ready();
      const steps = plain.scoreSteps(block, ring.take);
      let step = steps.next();
      while (!step.done) {
        await nextTurn();
        step = steps.next();
      }
      const bytes = step.value;
      if (bytes !== undefined) {
        buffers.release(block.input);
        await sink.writeBytes(bytes, () => ring.release(bytes));
        rows += plain.rows;
      } else {
        const ds = parseCsvBlock(block, csv);
        buffers.release(block.input);
        await sink.write(scoreLines(model, ds, block.firstRow, options.idColumn, options.safeCsv === true));
        rows += ds.nRows;
      }
      options.onProgress?.({ rows, seconds: (performance.now() - t0) / 1000 });
    }
    await sink.end();
  } catch (e) {
    await sink.fail(e);
    throw e;
  } finally {
    plain.free();
    await source?.return(undefined);
  }
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The columns a model reads, with the model's kinds and categorical
 * dictionaries (so every block is encoded alike and a categorical column keeps
 * the training dictionary even if its labels look numeric), plus `extra`
 * columns (an id, a target) read as text, which keeps their exact spelling.
 */
export function scoringSchema(
  model: Classifier | readonly FeatureSpec[], extra?: string | readonly string[],
): { types: Record<string, ColumnKind>; categories: Record<string, readonly string[]>; columns: string[] } {
  const specs = 'featureSpecs' in model ? model.featureSpecs : model;
  const extras = extra === undefined ? [] : typeof extra === 'string' ? [extra] : extra;
  // No prototype: any feature name ("constructor", "__proto__") is an own key.
  const types = Object.create(null) as Record<string, ColumnKind>;
  const categories = Object.create(null) as Record<string, readonly string[]>;
  for (const s of specs) {
    types[s.name] = s.kind;
    if (s.categories) categories[s.name] = s.categories;
  }
  for (const name of extras) if (!(name in types)) types[name] = 'categorical';
  return { types, categories, columns: [...new Set([...specs.map((s) => s.name), ...extras])] };
}

/** A block of rows to score: its Dataset and the 0-based index of its first row in the input. */
export interface ScoreChunk {
  dataset: Dataset;
  firstRow: number;
}

/** One scored block: the ids (or null: rows are numbered from firstRow + 1) and the PDs, in input order. */
export interface ScoredBlock {
  firstRow: number;
  ids: string[] | null;
  pd: Float64Array;
}

/** Where scored blocks go: CSV lines (`scoreStream`) or another format (e.g. Parquet). */
export interface ScoreSink {
  write(block: ScoredBlock): Promise<void>;
  /** All blocks written: finish the output. */
  end(): Promise<void>;
  /** Scoring failed: leave the output unfinished (a temporary file is then discarded). */
  fail(e: unknown): Promise<void>;
}

/**
 * Scores blocks of rows (from any reader: CSV chunks, Parquet row groups) and
 * writes them to `sink` in input order, on worker threads when `threads` > 1.
 * The blocks must carry the model's columns (see `scoringSchema`).
 */
export async function scoreChunks(
  model: Classifier,
  chunks: AsyncIterable<ScoreChunk>,
  sink: ScoreSink,
  options: Pick<ScoreStreamOptions, 'threads' | 'idColumn' | 'onProgress'> = {},
): Promise<ScoreStreamResult> {
  const t0 = performance.now();
  const threads = options.threads ?? 1;
  checkIntegerRange('threads', threads, THREAD_RANGE);
  const idColumn = options.idColumn;

  // One single-worker pool per thread, blocks dealt round-robin: a block is
  // one pool task, so this spreads blocks over threads while this thread
  // parses the next blocks.
  let pools: ScoringPool[] = [];
  if (threads > 1) {
    if (!canScoreInPool(model)) throw new CreditkitError('E_OPTION', 'threads > 1 is available for gradient-boosting models');
    pools = await Promise.all(Array.from({ length: threads }, () => model.createScoringPool(1, { useMainThread: false })));
  }

  interface InFlight {
    chunk: ScoreChunk;
    ids: string[] | null;
    scores: Promise<Float64Array>;
  }
  const queue: InFlight[] = [];
  const maxInFlight = threads > 1 ? threads + 1 : 1;
  let rows = 0;
  let nChunks = 0;

  const flushHead = async (): Promise<void> => {
    const head = queue[0];
    const pd = await head.scores;
    queue.shift();
    await sink.write({ firstRow: head.chunk.firstRow, ids: head.ids, pd });
    rows += pd.length;
    options.onProgress?.({ rows, seconds: (performance.now() - t0) / 1000 });
  };

  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const chunk = next.value;
      const ids = idColumn !== undefined ? idLabels(chunk.dataset.column(idColumn), chunk.firstRow) : null;
      const scores = pools.length > 0 ? pools[nChunks % pools.length].predictProba(chunk.dataset) : Promise.resolve(scoreHere(model, chunk.dataset));
      scores.catch(() => undefined); // handled when the block reaches the head of the queue
      nChunks++;
      queue.push({ chunk, ids, scores });
      while (queue.length >= maxInFlight) await flushHead();
    }
    while (queue.length > 0) await flushHead();
    await sink.end();
  } catch (e) {
    await sink.fail(e);
    throw e;
  } finally {
    await iterator.return?.(undefined).catch(() => undefined);
    await Promise.all(pools.map((p) => p.close()));
  }
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

/** The `id,pd` (or `row,pd`) CSV lines `creditkit score` writes, on a text sink. */
export function csvScoreSink(output: TextSink, options: Pick<ScoreStreamOptions, 'idColumn' | 'safeCsv' | 'end'> = {}): ScoreSink {
  const safe = options.safeCsv === true;
  const lines = csvLinesSink(output, options);
  return {
    write: (block) => lines.write(formatLines(block.firstRow, block.ids, block.pd, '', safe)),
    end: () => lines.end(),
    fail: (e) => lines.fail(e),
  };
}

/** Where scored lines go, already formatted (`scoreLines`): the header line is written before the first. */
export interface CsvLinesSink {
  /** Text, or its bytes (ASCII: `scoreStream`'s plain blocks). */
  write(lines: string | Uint8Array): Promise<void>;
  /**
   * Bytes handed to the output without waiting for it to drain (the caller
   * bounds what is in flight): `written` is called when the output is done
   * with them. A failed write rejects a later call, or `end`.
   */
  writeBytes(lines: Uint8Array, written: () => void): Promise<void>;
  end(): Promise<void>;
  fail(e: unknown): Promise<void>;
}

/** The output of `creditkit score` as text: its header line, then the lines it is given. */
export function csvLinesSink(output: TextSink, options: Pick<ScoreStreamOptions, 'idColumn' | 'safeCsv' | 'end'> = {}): CsvLinesSink {
  const header = `${csvField(options.idColumn ?? 'row', { safe: options.safeCsv === true })},pd\n`;
  const sink = textSink(output);
  let started = false;
  return {
    async write(lines) {
      if (!started && typeof lines !== 'string') await sink.write(header);
      await sink.write(started || typeof lines !== 'string' ? lines : header + lines);
      started = true;
    },
    async writeBytes(lines, written) {
      if (!started) await sink.write(header);
      started = true;
      await sink.writeBytes(lines, written);
    },
    async end() {
      if (!started) await sink.write(header);
      if (options.end ?? true) await sink.end();
      else sink.release();
    },
    fail: (e) => sink.fail(e),
  };
}

/** A block's output lines: its rows scored, each as `id,pd` (or `row,pd`). */
export function scoreLines(model: Classifier, ds: Dataset, firstRow: number, idColumn: string | undefined, safe: boolean): string {
  const ids = idColumn !== undefined ? idLabels(ds.column(idColumn), firstRow) : null;
  return formatLines(firstRow, ids, scoreHere(model, ds), '', safe);
}

function scoreHere(model: Classifier, ds: Dataset): Float64Array {
  return model.predictProba(ds);
}

/** The lines of one block: id (or 1-based row number) and pd, as `creditkit score` writes them. */
function formatLines(firstRow: number, ids: string[] | null, pd: Float64Array, prefix: string, safe: boolean): string {
  const parts = new Array<string>(pd.length);
  if (ids) for (let i = 0; i < pd.length; i++) parts[i] = `${csvField(ids[i], { safe })},${pd[i]}\n`;
  else for (let i = 0; i < pd.length; i++) parts[i] = `${firstRow + i + 1},${pd[i]}\n`;
  return prefix + parts.join('');
}

/**
 * The id column's text per row. Extra columns are read as text, so ids keep
 * their exact spelling; an id that is also a numeric feature is printed from
 * its float32 value (shortest decimals), and one above 2^24, which float32 may
 * have rounded to a neighbour's value, is E_COLUMN_TYPE (`firstRow`, the block's
 * first row in the input, 0-based, names the row).
 */
export function idLabels(col: { name?: string; kind: string; values: Float32Array; categories?: readonly string[] }, firstRow = 0): string[] {
  if (col.kind !== 'numeric') return Array.from(col.values, (c) => (c === c ? col.categories![c] : ''));
  // A numeric id is one the model also reads as a feature (float32). Above 2^24
  // float32 keeps only every 2nd, 4th, … whole number, so 100000001 reads back as
  // 100000000: writing it would silently give rows another borrower's id.
  return Array.from(col.values, (v, i) => {
    if (Math.abs(v) > FLOAT32_EXACT_INTEGERS) {
      throw new CreditkitError('E_COLUMN_TYPE', `id column "${col.name ?? '?'}" is a model feature read as float32, which cannot keep its value on data row ${firstRow + i + 1} (${float32Text(v)} after rounding); ids must be read as text: use an id column the model does not read as a feature`);
    }
    return v === v ? float32Text(v) : '';
  });
}

// ---------------------------------------------------------------------------
// Output

interface Sink {
  write(text: string | Uint8Array): Promise<void>;
  writeBytes(bytes: Uint8Array, written: () => void): Promise<void>;
  end(): Promise<void>;
  release(): void;
  fail(e: unknown): Promise<void>;
}

function textSink(output: TextSink): Sink {
  if (typeof (output as WritableStream).getWriter === 'function') {
    const writer = (output as WritableStream<Uint8Array>).getWriter();
    const encoder = new TextEncoder();
    let failure: { error: unknown } | null = null;
    return {
      async write(text) {
        if (failure !== null) throw failure.error;
        await writer.ready;
        await writer.write(typeof text === 'string' ? encoder.encode(text) : text);
      },
      async writeBytes(bytes, written) {
        if (failure !== null) throw failure.error;
        await writer.ready;
        writer.write(bytes).then(written, (error: unknown) => {
          failure ??= { error };
          written();
        });
      },
      async end() {
        if (failure !== null) throw failure.error;
        await writer.close();
      },
      release() {
        writer.releaseLock();
      },
      async fail(e) {
        await writer.abort(e).catch(() => undefined);
      },
    };
  }
  const w = output as NodeWritableLike;
  // writeBytes' failures: the first error of a write or of the stream while bytes are in flight.
  let failure: { error: unknown } | null = null;
  let watching = false;
  const onFailure = (error: unknown): void => {
    failure ??= { error };
  };
  const unwatch = (): void => {
    if (watching) w.removeListener('error', onFailure);
    watching = false;
  };
  return {
    async writeBytes(bytes, written) {
      if (failure !== null) throw failure.error;
      if (!watching) {
        w.once('error', onFailure);
        watching = true;
      }
      w.write(bytes, (e) => {
        if (e) onFailure(e);
        written();
      });
    },
    write(text) {
      if (failure !== null) return Promise.reject(failure.error);
      return new Promise<void>((resolve, reject) => {
        let failed = false;
        const onError = (e: unknown): void => {
          failed = true;
          reject(e);
        };
        w.once('error', onError);
        const ok = w.write(text, (e) => {
          if (e) onError(e);
        });
        if (ok) {
          w.removeListener('error', onError);
          resolve();
        } else {
          w.once('drain', () => {
            w.removeListener('error', onError);
            if (!failed) resolve();
          });
        }
      });
    },
    end() {
      return new Promise<void>((resolve, reject) => {
        if (failure !== null) {
          unwatch();
          reject(failure.error);
          return;
        }
        const onError = (e: unknown): void => {
          unwatch();
          reject(e);
        };
        w.once('error', onError);
        w.end(() => {
          w.removeListener('error', onError);
          unwatch();
          if (failure !== null) reject(failure.error);
          else resolve();
        });
      });
    },
    release() {
      unwatch();
    },
    async fail() {
      unwatch();
    },
  };
}
