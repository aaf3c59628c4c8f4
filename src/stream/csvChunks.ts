import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { CreditkitError } from '../errors.js';
import { parseCsv, type CsvOptions } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';

/**
 * Streaming CSV reading: bytes (plain or gzipped) → blocks of rows, each
 * parsed by `parseCsv` into a Dataset. Memory holds one block of text at a
 * time (plus what the consumer keeps), whatever the size of the input.
 *
 * Every block is parsed as the header line followed by the block's rows, with
 * the same options; line numbers in errors are those of the whole input. Pass
 * `types` (and `categories` for categorical columns) for every column you read:
 * otherwise a column's kind is inferred per block and may differ between
 * blocks (a categorical column's codes then index each block's own
 * dictionary, `column.categories`).
 */

/** A Node Readable (any async iterable of byte chunks) or a web ReadableStream. */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export interface CsvChunkOptions extends Omit<CsvOptions, 'lineOffset' | 'rowOffset'> {
  /** Data rows per block (default 10,000). Blank lines are not counted. */
  chunkRows?: number;
}

export interface CsvChunk {
  /** The block's rows. */
  dataset: Dataset;
  /** 0-based index of the block's first data row in the whole input. */
  firstRow: number;
  /** 1-based line of the input on which the block's first row starts (the header is line 1). */
  firstLine: number;
}

// Measured on 200k rows × 30 features (bench/score-stream.ts data): peak RSS 653 MiB with 50,000-row blocks, 258 MiB with
// 10,000 and no slower; much smaller blocks pay per-block overhead.
export const DEFAULT_CHUNK_ROWS = 10_000;

/** Rows per block: a block's columns are held in memory (4 bytes a cell) while it is parsed and scored. */
export const CHUNK_ROWS_RANGE: IntegerRange = { min: 1, max: 1_000_000 };

/** Yields the input's rows in blocks of `chunkRows`, in order. */
export async function* readCsvChunks(input: ByteSource, options: CsvChunkOptions = {}): AsyncGenerator<CsvChunk, void, undefined> {
  const { chunkRows = DEFAULT_CHUNK_ROWS, ...csv } = options;
  checkIntegerRange('chunkRows', chunkRows, CHUNK_ROWS_RANGE);
  let header: string | undefined;
  let headerLines = 0;
  let nextRow = 0;
  let nextLine = 1;
  for await (const text of csvTextBlocks(input, chunkRows, csv.file)) {
    const newlines = countNewlines(text.body);
    if (header === undefined) {
      // The first block holds the header: parse it as it is.
      header = text.header;
      headerLines = countNewlines(header) + 1;
      nextLine = text.leadingLines + headerLines + 1;
      if (text.rows === 0) {
        // Only the header (and blank lines): parseCsv reports the empty input.
        if (!text.last) continue;
        parseCsv(header + '\n', csv);
      }
      const dataset = parseCsv(header + '\n' + text.body, { ...csv, lineOffset: text.leadingLines });
      yield { dataset, firstRow: 0, firstLine: nextLine };
    } else {
      if (text.rows === 0) {
        nextLine += newlines;
        continue;
      }
      const lineOffset = nextLine - (headerLines + 1);
      const dataset = parseCsv(header + '\n' + text.body, { ...csv, lineOffset, rowOffset: nextRow });
      yield { dataset, firstRow: nextRow, firstLine: nextLine };
    }
    nextRow += text.rows;
    nextLine += newlines;
  }
  if (header === undefined) parseCsv('', csv); // throws E_CSV_EMPTY
}

interface TextBlock {
  /** The header record (without its line end); the same in every block. */
  header: string;
  /** Whole records (with their line ends; the last block's may lack one). */
  body: string;
  /** Non-blank records in body. */
  rows: number;
  last: boolean;
  /** Line ends before the header (blank lines at the top of the input). */
  leadingLines: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Cuts decoded text into blocks of whole records: a line end inside a quoted
 * field does not end a record. The scan jumps between quotes and line ends
 * with indexOf, so unquoted data costs one indexOf per line.
 */
async function* csvTextBlocks(input: ByteSource, chunkRows: number, file: string | undefined): AsyncGenerator<TextBlock> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let pos = 0; // scan position
  let recStart = 0; // start of the record being scanned
  let inQuote = false;
  let rows = 0; // complete non-blank records in buf[bodyStart, recStart)
  let header: string | undefined;
  let bodyStart = 0;
  let leadingLines = 0;
  // Cache of the next quote: qPos >= qFrom is the first quote at or after qFrom,
  // or -1 when there is none in [qFrom, qEnd).
  let qPos = -1;
  let qFrom = 0;
  let qEnd = 0;

  const nextQuote = (from: number): number => {
    if (qPos >= from) return qPos;
    if (qPos === -1 && from >= qFrom && qEnd === buf.length) return -1;
    const start = qPos === -1 && from >= qFrom ? Math.max(from, qEnd) : from;
    qPos = buf.indexOf('"', start);
    qFrom = from;
    qEnd = buf.length;
    return qPos;
  };

  /** Scans on; returns true when `chunkRows` rows are complete (at recStart). */
  const scan = (): boolean => {
    for (;;) {
      if (inQuote) {
        const q = buf.indexOf('"', pos);
        if (q < 0) {
          pos = buf.length;
          return false;
        }
        pos = q + 1;
        inQuote = false;
        continue;
      }
      const nl = buf.indexOf('\n', pos);
      const q = nextQuote(pos);
      if (q >= 0 && (nl < 0 || q < nl)) {
        pos = q + 1;
        inQuote = true;
        continue;
      }
      if (nl < 0) {
        pos = buf.length;
        return false;
      }
      const blank = nl === recStart || (nl === recStart + 1 && buf.charCodeAt(recStart) === CR);
      pos = nl + 1;
      if (header === undefined) {
        if (blank) {
          leadingLines++;
          recStart = pos;
          continue;
        }
        header = buf.slice(recStart, nl);
        bodyStart = pos;
      } else if (!blank) {
        rows++;
      }
      recStart = pos;
      if (header !== undefined && rows === chunkRows) return true;
    }
  };

  /** Takes buf[bodyStart, end) as a block and drops it from buf. */
  const take = (end: number, last: boolean): TextBlock => {
    const block: TextBlock = { header: header!, body: buf.slice(bodyStart, end), rows, last, leadingLines };
    buf = buf.slice(end);
    pos -= end;
    recStart -= end;
    if (qPos >= end) qPos -= end;
    else if (qPos >= 0) qPos = -2; // stale: search again
    else if (qPos === -1) {
      qFrom = Math.max(0, qFrom - end);
      qEnd -= end;
    }
    bodyStart = 0;
    rows = 0;
    return block;
  };

  for await (const bytes of decompressed(input, file)) {
    const text = decoder.decode(bytes, { stream: true });
    if (text.length === 0) continue;
    buf = buf.length === 0 ? text : buf + text;
    while (scan()) yield take(recStart, false);
  }
  const tail = decoder.decode();
  if (tail.length > 0) {
    buf += tail;
    while (scan()) yield take(recStart, false);
  }
  // The last record may lack a line end (or be an unterminated quote: parseCsv reports it).
  if (header === undefined) {
    const rest = buf.slice(recStart);
    if (rest.replace(/[\r\n]/g, '').length === 0) return;
    header = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
    bodyStart = buf.length;
  } else if (recStart < buf.length && !(buf.length === recStart + 1 && buf.charCodeAt(recStart) === CR)) {
    rows++;
  }
  yield take(buf.length, true);
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------
// Bytes

/** Byte chunks of the input, gunzipped when the input starts with gzip's magic bytes. */
async function* decompressed(input: ByteSource, file: string | undefined): AsyncGenerator<Uint8Array> {
  const source = byteChunks(input);
  // Peek at the first two bytes.
  const head: Uint8Array[] = [];
  let nHead = 0;
  while (nHead < 2) {
    const r = await source.next();
    if (r.done) break;
    head.push(r.value);
    nHead += r.value.length;
  }
  const first = head.length === 1 ? head[0] : concat(head);
  const isGzip = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      if (first.length > 0) yield first;
      for (;;) {
        const r = await source.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await source.return(undefined);
    }
  }
  if (!isGzip) {
    yield* all();
    return;
  }
  try {
    yield* gunzip(all());
  } catch (e) {
    if (e instanceof CreditkitError) throw e;
    throw new CreditkitError('E_CSV_PARSE', `the input starts like gzip but does not decompress (${(e as Error).message})`, { file });
  }
}

async function* gunzip(source: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  let zlib: typeof import('node:zlib') | undefined;
  let stream: { Readable: typeof import('node:stream').Readable; pipeline: typeof import('node:stream').pipeline } | undefined;
  try {
    zlib = await import('node:zlib');
    const { Readable, pipeline } = await import('node:stream');
    stream = { Readable, pipeline };
  } catch {
    zlib = undefined;
  }
  if (zlib && stream) {
    const gz = zlib.createGunzip();
    const src = stream.Readable.from(source, { objectMode: false });
    stream.pipeline(src, gz, () => undefined); // errors reach the reader through gz
    try {
      for await (const b of gz as AsyncIterable<Uint8Array>) yield b;
    } finally {
      src.destroy();
      gz.destroy();
    }
    return;
  }
  // Browsers and edge runtimes: the standard DecompressionStream.
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter() as WritableStreamDefaultWriter<Uint8Array>;
  const feeding = (async () => {
    try {
      for await (const b of source) await writer.write(b);
      await writer.close();
    } catch (e) {
      await writer.abort(e).catch(() => undefined);
    }
  })();
  yield* byteChunks(ds.readable);
  await feeding;
}

/** Async iteration over a Node stream, any async iterable, or a web ReadableStream. */
async function* byteChunks(input: ByteSource): AsyncGenerator<Uint8Array> {
  if (isWebReadable(input)) {
    const reader = input.getReader();
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }
  for await (const b of input as AsyncIterable<Uint8Array | string>) {
    yield typeof b === 'string' ? new TextEncoder().encode(b) : b;
  }
}

function isWebReadable(x: ByteSource): x is ReadableStream<Uint8Array> {
  return typeof (x as ReadableStream).getReader === 'function';
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
