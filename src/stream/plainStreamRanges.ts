import { concatBytes } from './bytePieces.js';
import { readCsvBlocksOfBytes, type CsvChunkOptions } from './csvChunks.js';
import { plainRangeCounts, rangeBlock, readCsvFileHead, type CsvFileHead, type FileAtOffsets } from './csvFileRanges.js';
import { asciiText, type BlockBuffers, type CsvBlock } from './plainCsvSplitter.js';
import { LF } from '../io/csvBytes.js';

/**
 * A CSV stream (gunzipped bytes) cut into blocks of large byte ranges for the
 * threads that score it, without the splitter's line-by-line work: the
 * stream's pieces are grouped until they hold about `rangeBytes`, the range
 * ends after their last LF (one native `lastIndexOf`), and its bytes are
 * copied once, behind the header line, into the block's buffer (which is
 * then moved to a worker, not copied); the bytes after that LF start the next
 * range. Each range is checked plain and its records and line ends counted
 * (plainRangeCounts, as a file's ranges are: csvFileRanges.ts), which gives the
 * next block its first row and line.
 *
 * Cutting at any LF is right only for plain bytes. The first range that is
 * not plain (a quote, a byte ≥ 0x80, a NUL, a lone CR) hands the stream over,
 * from that range's start, to readCsvBlocksOfBytes (its plain splitter, then
 * the text splitter): its blocks and errors from there are those of
 * `readCsvBlocks`. So is the whole input's when its start is not a plain
 * header line followed by data (a BOM, a blank line, a quote in the header,
 * …), when `headerOk` refuses the header (its error is then the usual path's),
 * or when it holds no record at all.
 */

/** Where the usual block reader goes on, and with what. */
type Rest = { bytes: Uint8Array[]; from?: { offset: number; line: number; header: string; rows: number } };

export async function* plainStreamBlocks(
  source: AsyncGenerator<Uint8Array>,
  options: CsvChunkOptions,
  rangeBytes: number,
  headerOk: (header: string) => boolean,
  buffers?: BlockBuffers,
): AsyncGenerator<CsvBlock, void, undefined> {
  try {
    const rest = yield* plainRanges(source, rangeBytes, headerOk, buffers);
    if (rest !== null) yield* readCsvBlocksOfBytes(heldThenRest(rest.bytes, source), options, buffers, rest.from);
  } finally {
    await source.return(undefined);
  }
}

/** The plain ranges as blocks; the rest, when the usual reader must read it. */
async function* plainRanges(
  source: AsyncGenerator<Uint8Array>, rangeBytes: number, headerOk: (header: string) => boolean, buffers: BlockBuffers | undefined,
): AsyncGenerator<CsvBlock, Rest | null, undefined> {
  // The header line: pieces until its LF and at least one byte after it (or the input's end).
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let sawLf = false;
  for (;;) {
    const r = await source.next();
    if (r.done) return { bytes: held };
    held.push(r.value);
    heldBytes += r.value.length;
    sawLf ||= r.value.indexOf(LF) >= 0;
    if (heldBytes > MAX_HEAD_PROBE) break;
    if (!sawLf) continue;
    const first = concatBytes(held);
    held.splice(0, held.length, first);
    if (first.indexOf(LF) < first.length - 1) break; // something after the header line
  }
  const first = concatBytes(held);
  const head = readCsvFileHead(bytesAt(first));
  if (head === null || !headerOk(asciiText(head.header))) return { bytes: [first] };
  const header = head.header;
  const headerText = asciiText(header);
  const h = header.length + 1;

  // Data bytes not cut yet, as views of the source's pieces; where they start in the input, and the counts before.
  const pending: Uint8Array[] = [first.subarray(head.dataStart)];
  let pendingBytes = pending[0].length;
  let offset = head.dataStart;
  let rows = 0;
  let lineEnds = 1; // the header's
  let ended = false;
  // Bytes wanted before a cut: more while no LF (a long line) or, before the first record, no record has come.
  let want = rangeBytes;
  for (;;) {
    while (!ended && pendingBytes < want) {
      const r = await source.next();
      if (r.done) ended = true;
      else if (r.value.length > 0) {
        pending.push(r.value);
        pendingBytes += r.value.length;
      }
    }
    const cut = ended ? pendingBytes : afterLastLf(pending);
    if (cut === 0) {
      if (ended) return null;
      want = 2 * pendingBytes;
      continue;
    }
    const input = buffers?.take(h + cut) ?? new Uint8Array(h + cut);
    input.set(header);
    input[h - 1] = LF;
    takeInto(pending, input, h, cut);
    const data = input.subarray(h);
    const counts = plainRangeCounts(data);
    if (counts === null) {
      // Not plain: the usual reader goes on from this range's start.
      return { bytes: [data, ...pending], from: { offset, line: lineEnds + 1, header: headerText, rows } };
    }
    if (rows === 0 && counts.rows === 0) {
      // No record yet: all of it stays, so that an input without any is read whole by the usual reader.
      if (ended) return { bytes: [first.subarray(0, head.dataStart), data] };
      pending.unshift(data);
      want = 2 * pendingBytes;
      continue;
    }
    pendingBytes -= cut;
    want = rangeBytes;
    if (counts.rows > 0) yield rangeBlock({ input, start: offset, end: offset + cut, ...counts }, rows, lineEnds);
    else buffers?.release(input);
    offset += cut;
    rows += counts.rows;
    lineEnds += counts.lineEnds;
    if (ended && pendingBytes === 0) return null;
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

/** The number of bytes of `pieces` up to and including their last LF (0: none). */
function afterLastLf(pieces: readonly Uint8Array[]): number {
  let before = pieces.reduce((n, p) => n + p.length, 0);
  for (let k = pieces.length - 1; k >= 0; k--) {
    before -= pieces[k].length;
    const lf = pieces[k].lastIndexOf(LF);
    if (lf >= 0) return before + lf + 1;
  }
  return 0;
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

/** `held`, then the pieces `source` has not given yet. */
async function* heldThenRest(held: readonly Uint8Array[], source: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const b of held) if (b.length > 0) yield b;
  for (let r = await source.next(); !r.done; r = await source.next()) yield r.value;
}
