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

  // Data bytes not cut yet (plain), from a block's start: views of the pieces; where they start, and the counts before.
  const pending: Uint8Array[] = [first.subarray(head.dataStart)];
  let pendingBytes = pending[0].length;
  const scan = new BlockStarts(chunkRows);
  scan.push(pending[0]);
  let offset = head.dataStart;
  let rows = 0;
  let lineEnds = 1; // the header's

  /** The pending bytes before `cut` (whole blocks: `cutRows` records, `cutLineEnds` LFs) as a block; advances past them. */
  const range = (cut: number, cutRows: number, cutLineEnds: number): CsvBlock => {
    const input = buffers?.take(h + cut) ?? new Uint8Array(h + cut);
    input.set(header);
    input[h - 1] = LF;
    takeInto(pending, input, h, cut);
    pendingBytes -= cut;
    const block = rangeBlock({ input, start: offset, end: offset + cut, rows: cutRows, lineEnds: cutLineEnds }, rows, lineEnds);
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
      return { bytes: [...pending, piece], from: { offset, line: lineEnds + 1, header: headerText, rows } };
    }
    pending.push(piece);
    pendingBytes += piece.length;
    scan.push(piece);
    const last = scan.last;
    if (pendingBytes >= rangeBytes && last !== null) {
      yield range(last.at, last.rows, last.lineEnds);
      scan.rebase(last);
    }
  }
  if (!plain.complete) {
    // A CR at the end: the usual reader reads from the last block start (and says what it makes of it).
    const last = scan.last;
    if (last !== null) yield range(last.at, last.rows, last.lineEnds);
    return { bytes: pending, from: { offset, line: lineEnds + 1, header: headerText, rows } };
  }
  if (rows === 0 && scan.rows === 0) return { bytes: [...held, ...pending.slice(1)] }; // no record at all: read whole
  if (scan.rows > 0) yield range(pendingBytes, scan.rows, scan.lineEnds);
  return null;
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

/** Moves the first `n` bytes of `pieces` into `into` at `at` (the pieces keep what is left). */
function takeInto(pieces: Uint8Array[], into: Uint8Array, at: number, n: number): void {
  while (n > 0) {
    const p = pieces[0];
    if (p.length <= n) {
      into.set(p, at);
      at += p.length;
      n -= p.length;
      pieces.shift();
    } else {
      into.set(p.subarray(0, n), at);
      pieces[0] = p.subarray(n);
      n = 0;
    }
  }
}
