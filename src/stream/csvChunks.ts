import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { CreditkitError } from '../errors.js';
import { csvDelimiter, parseCsv, parseCsvJs, readCsvHeader, type CsvOptions } from '../data/csv.js';
import { CsvTokenizer } from '../data/csvTokenizer.js';
import { countLineEnds } from '../io/lineEnds.js';
import type { Dataset } from '../data/dataset.js';
import { readFileError } from '../io/fileErrors.js';
import { TextStreamDecoder, checkTextEncoding, type TextEncoding } from '../io/textDecoding.js';
import { parseCsvWasm } from '../data/csvWasmReader.js';
import { bytePieces, concatBytes } from './bytePieces.js';
import { BlockBuffers, PlainCsvSplitter, asciiText, type CsvBlock, type Handover } from './plainCsvSplitter.js';

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
  /** The bytes' encoding (see TextEncoding; default utf-8, decoded strictly). */
  encoding?: TextEncoding;
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
  const { chunkRows: _, encoding: __, ...csv } = options;
  const buffers = new BlockBuffers();
  for await (const block of readCsvBlocks(input, options, buffers)) {
    const dataset = parseCsvBlock(block, csv);
    buffers.release(block.input);
    yield { dataset, firstRow: block.firstRow, firstLine: block.firstLine };
  }
}

/**
 * A block read as the whole-input reader reads it: `parseCsv` of its text (the
 * header line then its rows), with the line and row numbers of the whole input.
 * Plain blocks come as bytes, which the wasm reader takes as they are.
 */
export function parseCsvBlock(block: CsvBlock, csv: CsvOptions): Dataset {
  const options = { ...csv, lineOffset: block.lineOffset, rowOffset: block.firstRow };
  if (typeof block.input === 'string') return parseCsv(block.input, options);
  return parseCsvWasm(block.input, options) ?? parseCsvJs(asciiText(block.input), options);
}

/**
 * The input's blocks of `chunkRows` rows, in order, not parsed yet (so that
 * worker threads can parse them). Plain input (ASCII, no quotes, LF or CRLF)
 * is cut as bytes by PlainCsvSplitter; from the first piece that is not, the
 * text is decoded and cut by the CSV tokenizer, as `parseCsv` reads it. The
 * blocks, and the errors met between them, are the same either way.
 */
export async function* readCsvBlocks(input: ByteSource, options: CsvChunkOptions = {}, buffers?: BlockBuffers): AsyncGenerator<CsvBlock, void, undefined> {
  yield* readCsvBlocksOfBytes(decompressed(input, options.file), options, buffers);
}

/**
 * `readCsvBlocks` of bytes already gunzipped (see `decompressed`); with
 * `from`, of bytes that start at a record's start after the header and
 * `from.rows` rows, all plain before (PlainCsvSplitter goes on from there,
 * or the text splitter when a test has turned the plain one off).
 */
export async function* readCsvBlocksOfBytes(
  source: AsyncGenerator<Uint8Array>, options: CsvChunkOptions = {}, buffers?: BlockBuffers,
  from?: { offset: number; line: number; header: string; rows: number },
): AsyncGenerator<CsvBlock, void, undefined> {
  const { chunkRows = DEFAULT_CHUNK_ROWS, encoding, ...csv } = options;
  checkIntegerRange('chunkRows', chunkRows, CHUNK_ROWS_RANGE);
  // The plain splitter takes what is ASCII in every encoding it may meet.
  let plain = plainSplitting && plainBytesAreText({ encoding, delimiter: csv.delimiter }) ? new PlainCsvSplitter(chunkRows, csv, buffers, from) : null;
  // Without it (turned off by a test), the text splitter starts at `from` (plain bytes before it: ASCII).
  let decoder = from !== undefined && plain === null ? TextStreamDecoder.afterAscii(encoding, csv.file, from.offset, from.line - 1) : new TextStreamDecoder(encoding, csv.file);
  let splitter = new BlockSplitter(chunkRows, csv, plain === null ? from : undefined);
  try {
    for await (const bytes of source) {
      if (plain !== null) {
        const step = plain.push(bytes);
        yield* step.blocks;
        if (step.handover === undefined) continue;
        ({ decoder, splitter } = takeOver(step.handover, encoding, chunkRows, csv, decoder, splitter));
        plain = null;
        const text = decoder.decode(step.handover.bytes);
        if (text.length > 0) yield* textBlocks(splitter.push(text));
        continue;
      }
      const text = decoder.decode(bytes);
      if (text.length > 0) yield* textBlocks(splitter.push(text));
    }
    if (plain !== null) {
      const step = plain.finish();
      yield* step.blocks;
      if (step.handover === undefined) return;
      ({ decoder, splitter } = takeOver(step.handover, encoding, chunkRows, csv, decoder, splitter));
      const text = decoder.decode(step.handover.bytes);
      if (text.length > 0) yield* textBlocks(splitter.push(text));
    }
  } finally {
    await source.return(undefined);
  }
  const tail = decoder.end();
  if (tail.length > 0) yield* textBlocks(splitter.push(tail));
  yield* textBlocks(splitter.end());
}

/**
 * The blocks of an input that starts at byte `from.offset` of a CSV, on a line
 * start after `from.rows` data rows, on line `from.line`, the header line
 * (`from.header`) and the rows before read elsewhere as plain bytes (see
 * scoreCsvFile's ranges): the blocks and errors `readCsvBlocks` gives from
 * there — cut as bytes by the plain splitter, which follows quotes, and from
 * the first bytes it cannot cut (a byte ≥ 0x80, a lone CR, …) by the text
 * splitter.
 */
export function readCsvBlocksFrom(
  input: ByteSource, from: { offset: number; line: number; header: string; rows: number }, options: CsvChunkOptions = {}, buffers?: BlockBuffers,
): AsyncGenerator<CsvBlock, void, undefined> {
  return readCsvBlocksOfBytes(byteChunks(input, options.file), options, buffers, from);
}

/** Whether plain bytes (ASCII) of an input in this encoding, with this delimiter, are its text as they are. */
export function plainBytesAreText(options: Pick<CsvChunkOptions, 'encoding' | 'delimiter'>): boolean {
  return ASCII_COMPATIBLE.has(checkTextEncoding(options.encoding)) && csvDelimiter(options) < 0x80;
}

let plainSplitting = true;

/** Whether plain input is cut as bytes (see setPlainCsvSplitter). @internal */
export function plainCsvSplitterOn(): boolean {
  return plainSplitting;
}

/**
 * Turns the plain splitter off (or back on), so tests can compare its blocks
 * and errors with the text splitter's; returns the previous setting.
 * @internal
 */
export function setPlainCsvSplitter(on: boolean): boolean {
  const was = plainSplitting;
  plainSplitting = on;
  return was;
}

/** The encodings in which an ASCII byte is that character (so plain bytes need no decoding). */
const ASCII_COMPATIBLE = new Set<TextEncoding>(['utf-8', 'auto', 'latin1', 'windows-1252']);

/** The decoder and text splitter that go on from a handover (the fresh ones when it is at the input's start). */
function takeOver(
  h: Handover, encoding: TextEncoding | undefined, chunkRows: number, csv: CsvOptions, decoder: TextStreamDecoder, splitter: BlockSplitter,
): { decoder: TextStreamDecoder; splitter: BlockSplitter } {
  if (h.header === null) return { decoder, splitter };
  return {
    decoder: TextStreamDecoder.afterAscii(encoding, csv.file, h.offset, h.line - 1),
    splitter: new BlockSplitter(chunkRows, csv, { header: h.header, line: h.line, rows: h.rows }),
  };
}

/** The text splitter's blocks, then the error it met after them, if any. */
function* textBlocks(step: SplitStep): Generator<CsvBlock> {
  for (const b of step.blocks) {
    yield { input: b.header + '\n' + b.body, firstRow: b.firstRow, firstLine: b.firstLine, lineOffset: b.firstLine - (b.headerLines + 1) };
  }
  if (step.error !== undefined) throw step.error;
}

/** The blocks a piece completes, and the error met after them. */
interface SplitStep {
  blocks: TextBlock[];
  error?: unknown;
}

interface TextBlock {
  /** The header record (without its line end); the same in every block. */
  header: string;
  /** The lines the header record spans. */
  headerLines: number;
  /** Whole records, from the start of the block's first row to the start of the next block's. */
  body: string;
  firstRow: number;
  firstLine: number;
}

/**
 * Cuts decoded text into blocks of whole records with the tokenizer that
 * parseCsv uses, so records end where parseCsv ends them and structural errors
 * (quotes, field counts) are found here, at the lines of the whole input.
 * The text since the current block's start is kept as pieces and joined once,
 * when the block is cut; each piece is scanned once.
 */
class BlockSplitter {
  private readonly tokenizer: CsvTokenizer;
  /** The input from offset `piecesStart` on. */
  private pieces: string[] = [];
  private piecesStart = 0;
  private header: string | undefined;
  private headerLine = 1;
  private headerLines = 0;
  /** The current block: where its first row starts (-1: no row yet), its rows. */
  private blockStart = -1;
  private blockLine = 0;
  private blockRow = 0;
  private rows = 0;
  /** Blocks completed by the piece being scanned: [start, end) offsets. */
  private cuts: { start: number; end: number; firstRow: number; firstLine: number }[] = [];

  /**
   * `resume`: the splitter starts at line `line` of the input, after the header
   * line (`header`, the input's first line) and `rows` data rows read elsewhere.
   */
  constructor(private readonly chunkRows: number, private readonly csv: CsvOptions, private readonly resume?: { header: string; line: number; rows: number }) {
    if (resume !== undefined) {
      this.header = resume.header;
      this.headerLines = 1;
      this.blockRow = resume.rows;
    }
    this.tokenizer = new CsvTokenizer({
      delimiter: csvDelimiter(csv),
      file: csv.file,
      skipBom: resume === undefined,
      resume: resume && { line: resume.line, nCols: readCsvHeader(resume.header, csv, 1).length, nRecords: resume.rows + 1 },
      // parseCsv reads every block again and checks its field counts there, at the same lines.
      deferFieldCounts: true,
      onRecordStart: (start, line) => this.recordStart(start, line),
      onRecordEnd: (start, end, line) => this.recordEnd(start, end, line),
    });
  }

  /** Scans a piece: the blocks it completes, and the error it met after them, if any. */
  push(text: string): SplitStep {
    this.pieces.push(text);
    try {
      this.tokenizer.push(text);
    } catch (error) {
      const blocks = this.takeCuts();
      return { blocks, error: this.firstError(error, false) };
    }
    return { blocks: this.takeCuts() };
  }

  /** The end of the input: the last block. */
  end(): SplitStep {
    try {
      this.tokenizer.end();
    } catch (error) {
      const blocks = this.takeCuts();
      return { blocks, error: this.firstError(error, true) };
    }
    if (this.header === undefined) parseCsv('', this.csv); // throws E_CSV_EMPTY
    if (this.blockStart < 0 && (this.resume?.rows ?? 0) > 0) return { blocks: this.takeCuts() };
    if (this.blockStart < 0) parseCsv(this.header + '\n', { ...this.csv, lineOffset: this.headerLine - 1 }); // likewise
    let length = 0;
    for (const p of this.pieces) length += p.length;
    this.cuts.push({ start: this.blockStart, end: this.piecesStart + length, firstRow: this.blockRow, firstLine: this.blockLine });
    return { blocks: this.takeCuts() };
  }

  /**
   * The error to report for `error`, met in the current block: the splitter leaves field counts to
   * parseCsv, so a miscounted record earlier in the block comes first, as the whole-file reader
   * reports it. The block so far is read again, with every check, as parseCsv would read it.
   */
  private firstError(error: unknown, atEnd: boolean): unknown {
    if (this.header === undefined || this.blockStart < 0) return error;
    const body = this.joined().slice(this.blockStart - this.piecesStart);
    const check = new CsvTokenizer({
      delimiter: csvDelimiter(this.csv),
      file: this.csv.file,
      lineOffset: this.blockLine - (this.headerLines + 1),
      rowOffset: this.blockRow,
      skipBom: false,
    });
    try {
      check.push(this.header + '\n' + body);
      if (atEnd) check.end();
    } catch (first) {
      return first;
    }
    return error;
  }

  private recordStart(start: number, line: number): void {
    if (this.header === undefined) return;
    if (this.blockStart < 0) {
      this.blockStart = start;
      this.blockLine = line;
    } else if (this.rows === this.chunkRows) {
      this.cuts.push({ start: this.blockStart, end: start, firstRow: this.blockRow, firstLine: this.blockLine });
      this.blockStart = start;
      this.blockLine = line;
      this.blockRow += this.rows;
      this.rows = 0;
    }
  }

  private recordEnd(start: number, end: number, line: number): void {
    if (this.header !== undefined) {
      this.rows++;
      return;
    }
    const text = this.joined();
    const header = text.slice(start - this.piecesStart, end - this.piecesStart);
    // Checked now, before any row, as parseCsv does.
    readCsvHeader(header, this.csv, line);
    this.header = header;
    this.headerLine = line;
    this.headerLines = countLineEnds(header) + 1;
  }

  private joined(): string {
    if (this.pieces.length > 1) this.pieces = [this.pieces.join('')];
    return this.pieces[0] ?? '';
  }

  private takeCuts(): TextBlock[] {
    const blocks: TextBlock[] = [];
    if (this.cuts.length > 0) {
      const text = this.joined();
      const from = this.piecesStart;
      for (const c of this.cuts) {
        blocks.push({ header: this.header!, headerLines: this.headerLines, body: text.slice(c.start - from, c.end - from), firstRow: c.firstRow, firstLine: c.firstLine });
      }
      const keep = this.cuts[this.cuts.length - 1].end;
      this.pieces = [text.slice(keep - from)];
      this.piecesStart = keep;
      this.cuts = [];
    }
    return blocks;
  }
}

// ---------------------------------------------------------------------------
// Bytes

/** Byte chunks of the input, gunzipped when the input starts with gzip's magic bytes. */
export async function* decompressed(input: ByteSource, file: string | undefined): AsyncGenerator<Uint8Array> {
  const source = byteChunks(input, file);
  // Peek at the first two bytes.
  const head: Uint8Array[] = [];
  let nHead = 0;
  while (nHead < 2) {
    const r = await source.next();
    if (r.done) break;
    head.push(r.value);
    nHead += r.value.length;
  }
  const first = head.length === 1 ? head[0] : concatBytes(head);
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
  yield* bytePieces(ds.readable);
  await feeding;
}

/** The input's bytes (see bytePieces); an operating-system error while reading (EIO, …) is a coded error naming the file. */
async function* byteChunks(input: ByteSource, file: string | undefined): AsyncGenerator<Uint8Array> {
  try {
    yield* bytePieces(input);
  } catch (e) {
    throw readFileError(e, file ?? 'the input');
  }
}
