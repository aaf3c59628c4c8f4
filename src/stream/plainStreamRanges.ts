import { concatBytes, heldThenRest } from './bytePieces.js';
import { readCsvBlocksOfBytes, type CsvChunkOptions } from './csvChunks.js';
import { rangeBlock, readCsvFileHead, type CsvFileHead, type FileAtOffsets } from './csvFileRanges.js';
import { PlainPieces, asciiText, byteIndex, type BlockBuffers, type CsvBlock } from './plainCsvSplitter.js';
import { LF, CR } from '../io/csvBytes.js';

/**
 * A CSV stream (gunzipped bytes) cut into blocks of large byte ranges for the
 * threads that score it, without the splitter's line-by-line work: each
 * piece is checked plain and scanned once for where records start
 * (BlockStarts); once the pieces hold about `rangeBytes`, the range ends where
 * the last block of `chunkRows` records begins (where the one-thread path
 * starts a block, so a range that fails is read again in that path's blocks),
 * and its bytes are copied once, behind the header line, into the block's
 * buffer (which is then moved to a worker, not copied); the bytes after that
 * point start the next range, whose first row and line the counts give.
 *
 * Cutting at a line start is right only for plain bytes. The first piece that is
 * not plain (a quote, a byte ≥ 0x80, a NUL, a lone CR) hands the stream over,
 * from the last block start before it, to readCsvBlocksOfBytes (its plain splitter, then
 * the text splitter): its blocks and errors from there are those of
 * `readCsvBlocks`. So is the whole input's when its start is not a plain
 * header line followed by data (a BOM, a blank line, a quote in the header,
 * …), when `headerOk` refuses the header (its error is then the usual path's),
 * or when it holds no record at all.
 */

/** Plain ranges cut (for the tests that check the path is taken). @internal */
export const streamRangesCut = { count: 0 };

/** Where the usual block reader goes on, and with what. */
type Rest = { bytes: Uint8Array[]; from?: { offset: number; line: number; header: string; rows: number } };

export async function* plainStreamBlocks(
  source: AsyncGenerator<Uint8Array>,
  options: CsvChunkOptions & { chunkRows: number },
  rangeBytes: number,
  headerOk: (header: string) => boolean,
  buffers?: BlockBuffers,
): AsyncGenerator<CsvBlock, void, undefined> {
  try {
    const rest = yield* plainRanges(source, options.chunkRows, rangeBytes, headerOk, buffers);
    if (rest !== null) yield* readCsvBlocksOfBytes(heldThenRest(rest.bytes, source), options, buffers, rest.from);
  } finally {
    await source.return(undefined);
  }
}

/** The plain ranges as blocks; the rest, when the usual reader must read it. */
async function* plainRanges(
  source: AsyncGenerator<Uint8Array>, chunkRows: number, rangeBytes: number, headerOk: (header: string) => boolean, buffers: BlockBuffers | undefined,
): AsyncGenerator<CsvBlock, Rest | null, undefined> {
  // Each piece checked plain as it comes, as PlainCsvSplitter checks them (a CR at a piece's end needs an LF next).
  const plain = new PlainPieces();
  // The header line: pieces until its LF and at least one byte after it (or the input's end), kept as they came.
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let sawLf = false;
  for (;;) {
    const r = await source.next();
    if (r.done) return { bytes: held };
    held.push(r.value);
    heldBytes += r.value.length;
    if (!plain.plain(r.value)) return { bytes: held };
    sawLf ||= r.value.indexOf(LF) >= 0;
    if (heldBytes > MAX_HEAD_PROBE) return { bytes: held };
    if (sawLf && concatBytes(held).indexOf(LF) < heldBytes - 1) break; // something after the header line
  }
  const first = concatBytes(held);
  const head = readCsvFileHead(bytesAt(first));
  if (head === null || !headerOk(asciiText(head.header))) return { bytes: held };
  const header = head.header;
  const headerText = asciiText(header);
  const h = header.length + 1;

  // Data bytes not cut yet (plain), from a block's start, copied behind the header line as each piece comes (so
  // the pieces die young, and are copied while they are in cache); where they start, and the counts before.
  const fill = new RangeFill(header, buffers, 2 * rangeBytes);
  const firstData = first.subarray(head.dataStart);
  fill.push(firstData);
  const scan = new BlockStarts(chunkRows);
  scan.push(firstData);
  let offset = head.dataStart;
  let rows = 0;
  let lineEnds = 1; // the header's

  /** The pending bytes before `cut` (whole blocks: `cutRows` records, `cutLineEnds` LFs) as a block; advances past them. */
  const range = (cut: number, cutRows: number, cutLineEnds: number): CsvBlock => {
    const block = rangeBlock({ input: fill.cut(cut), start: offset, end: offset + cut, rows: cutRows, lineEnds: cutLineEnds }, rows, lineEnds);
    offset += cut;
    rows += cutRows;
    lineEnds += cutLineEnds;
    streamRangesCut.count++;
    return block;
  };

  for (;;) {
    const r = await source.next();
    if (r.done) break;
    const piece = r.value;
    if (!plain.plain(piece)) {
      // The usual reader goes on from the last block start before this piece, where PlainCsvSplitter hands over.
      const last = scan.last;
      if (last !== null) yield range(last.at, last.rows, last.lineEnds);
      return { bytes: [fill.pending(), piece], from: { offset, line: lineEnds + 1, header: headerText, rows } };
    }
    fill.push(piece);
    scan.push(piece);
    const last = scan.last;
    if (fill.pendingBytes >= rangeBytes && last !== null) {
      yield range(last.at, last.rows, last.lineEnds);
      scan.rebase(last);
    }
  }
  if (!plain.complete) {
    // A CR at the end: the usual reader reads from the last block start (and says what it makes of it).
    const last = scan.last;
    if (last !== null) yield range(last.at, last.rows, last.lineEnds);
    return { bytes: [fill.pending()], from: { offset, line: lineEnds + 1, header: headerText, rows } };
  }
  // No record at all: read whole (nothing was cut, so the pending bytes are all the data after the first piece's).
  if (rows === 0 && scan.rows === 0) return { bytes: [...held, fill.pending().subarray(firstData.length)] };
  if (scan.rows > 0) yield range(fill.pendingBytes, scan.rows, scan.lineEnds);
  return null;
}

/**
 * A range being filled: the header line and an LF, then the data bytes not
 * cut yet, copied in as they come, in a buffer from `buffers` (grown by
 * doubling when short). `cut` hands the buffer over as a range's input (its
 * memory goes with it, to a worker and back to `buffers`) and starts the next
 * one with the bytes after the cut (at most about a piece: ranges are cut as
 * soon as a block starts past the size wanted).
 */
class RangeFill {
  private buffer: Uint8Array;
  private used: number;
  private readonly h: number;

  constructor(private readonly header: Uint8Array, private readonly buffers: BlockBuffers | undefined, private capacity: number) {
    this.h = header.length + 1;
    this.buffer = this.fresh(this.h + capacity);
    this.used = this.h;
  }

  /** Data bytes held (after the header line). */
  get pendingBytes(): number {
    return this.used - this.h;
  }

  push(piece: Uint8Array): void {
    if (this.used + piece.length > this.buffer.length) {
      const grown = this.fresh(Math.max(2 * this.buffer.length, this.used + piece.length));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffers?.release(this.buffer);
      this.buffer = grown;
    }
    this.buffer.set(piece, this.used);
    this.used += piece.length;
  }

  /** The header line, an LF and the first `n` data bytes, as a range's input; the rest start the next range. */
  cut(n: number): Uint8Array {
    const input = this.buffer.subarray(0, this.h + n);
    const rest = this.buffer.subarray(this.h + n, this.used);
    // The next range is about as long as this one (whole blocks): room for it and half again, not to grow it.
    this.capacity = Math.max(this.capacity, n + (n >> 1));
    this.buffer = this.fresh(this.h + Math.max(this.capacity, rest.length));
    this.buffer.set(rest, this.h);
    this.used = this.h + rest.length;
    return input;
  }

  /** The data bytes held (a view: the caller reads them, nothing is filled after). */
  pending(): Uint8Array {
    return this.buffer.subarray(this.h, this.used);
  }

  /** A buffer of at least `n` bytes (all of a spare one's) starting with the header line and an LF. */
  private fresh(n: number): Uint8Array {
    const taken = this.buffers?.take(n);
    const b = taken === undefined ? new Uint8Array(n) : new Uint8Array(taken.buffer, 0, taken.buffer.byteLength);
    b.set(this.header);
    b[this.h - 1] = LF;
    return b;
  }
}

/**
 * The records of plain bytes from a block's start, scanned piece by piece
 * (each byte once): their count, their LFs, and where the last block of
 * `chunkRows` records after the first starts (`last`). A record starts at the
 * first byte of a line that is not a line end, as PlainCsvSplitter sees it,
 * so `last` is where it starts a block, even before that line's end has come.
 */
export class BlockStarts {
  rows = 0;
  lineEnds = 0;
  /** The last block start after the first: its offset, and the records and LFs before it. */
  last: { at: number; rows: number; lineEnds: number } | null = null;
  private base = 0;
  private atLineStart = true;

  constructor(private readonly chunkRows: number) {}

  push(piece: Uint8Array): void {
    let i = 0;
    while (i < piece.length) {
      if (this.atLineStart) {
        const c = piece[i];
        if (c !== LF && c !== CR) {
          if (this.rows > 0 && this.rows % this.chunkRows === 0) this.last = { at: this.base + i, rows: this.rows, lineEnds: this.lineEnds };
          this.rows++;
        }
        this.atLineStart = false;
      }
      const lf = byteIndex(piece, LF, i);
      if (lf < 0) break;
      this.lineEnds++;
      this.atLineStart = true;
      i = lf + 1;
    }
    this.base += piece.length;
  }

  /** The bytes before `last` (this.last) are gone: offsets and counts from there. */
  rebase(last: { at: number; rows: number; lineEnds: number }): void {
    this.base -= last.at;
    this.rows -= last.rows;
    this.lineEnds -= last.lineEnds;
    this.last = null;
  }
}

/** A header line longer than this is left to the usual reader. */
const MAX_HEAD_PROBE = 1 << 20;

/** Bytes in memory read as a file at offsets (to find the header line as a file's is found). */
function bytesAt(bytes: Uint8Array): FileAtOffsets {
  return {
    size: bytes.length,
    readAt(into, at) {
      const n = Math.max(0, Math.min(into.length, bytes.length - at));
      into.set(bytes.subarray(at, at + n));
      return n;
    },
  };
}
