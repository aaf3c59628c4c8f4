import { BlockBuffers, type CsvBlock } from './plainCsvSplitter.js';
import { withoutSpecialBytes } from './plainBytes.js';
import { concatBytes } from './bytePieces.js';
import { LF, CR, QUOTE } from '../io/csvBytes.js';
import { quotedFieldsOnOneLine } from './quotedLines.js';

/**
 * Cuts CSV bytes into blocks for Web Workers with almost no work in the
 * calling thread: a block is the header line, an LF, then the input's bytes
 * from one line start to the first line end from `blockBytes` bytes on.
 * Nothing else is looked at here — not the records, not the rows, not
 * whether the bytes are plain: each worker checks its own block
 * (`plainBlockLines`) and counts its line ends, so the calling thread learns
 * the blocks' rows and lines from their answers, in order.
 *
 * This split is right only for plain input (ASCII without NUL, every quoted
 * field on one line: see quotedLines.ts), where every LF ends a record and
 * no byte needs decoding: a worker that finds anything else answers `failed`, and the
 * caller reads the whole input as one. The header line
 * itself is checked here; input that does not start with a plain header line
 * (a blank line, a BOM, a quote) is refused at once (`NotPlain`).
 *
 * Why not PlainCsvSplitter, which the Node readers use: it counts rows, so it
 * finds every line end in the calling thread, and in Chromium that scan and its
 * checks took about as long as the wasm reader takes to parse the whole input
 * on one thread (1M rows × 30: 0.6–1.0 s against 1.1 s): the workers waited.
 */
export class LineBlocks {
  private header: Uint8Array | null = null;
  /** Bytes after the header not in a block yet, as they came. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly blockBytes: number, private readonly buffers = new BlockBuffers()) {}

  /** The blocks a piece completes. */
  push(piece: Uint8Array): CsvBlock[] {
    this.pending.push(piece);
    this.pendingBytes += piece.length;
    if (this.header === null && !this.readHeader()) return [];
    const blocks: CsvBlock[] = [];
    while (this.pendingBytes >= this.blockBytes) {
      const block = this.cutAfter(this.blockBytes - 1);
      if (block === null) break;
      blocks.push(block);
    }
    return blocks;
  }

  /** The end of the input: the last block (none when only blank lines are left). */
  finish(): CsvBlock[] {
    if (this.header === null) throw new NotPlain();
    const rest = this.take(this.pending.length, 0);
    for (const part of rest) for (const b of part) if (b !== LF && b !== CR) return [this.block(rest)];
    return [];
  }

  /** The header line once its line end is in; false while it is not. */
  private readHeader(): boolean {
    const bytes = this.pending.length === 1 ? this.pending[0] : concatBytes(this.pending);
    if (bytes.length > 0 && (bytes[0] === LF || bytes[0] === CR)) throw new NotPlain(); // a blank line first
    const lf = bytes.indexOf(LF);
    if (lf < 0) return false;
    const header = bytes.subarray(0, lf > 0 && bytes[lf - 1] === CR ? lf - 1 : lf);
    if (!withoutSpecialBytes(header)) throw new NotPlain();
    this.header = header.slice();
    const rest = bytes.subarray(lf + 1);
    this.pending = [rest];
    this.pendingBytes = rest.length;
    return true;
  }

  /** A block to the first LF at or after pending byte `from`, or null when none is held. */
  private cutAfter(from: number): CsvBlock | null {
    let skip = from;
    for (let k = 0; k < this.pending.length; k++) {
      const piece = this.pending[k];
      if (skip >= piece.length) {
        skip -= piece.length;
        continue;
      }
      const lf = piece.indexOf(LF, skip);
      if (lf >= 0) return this.block(this.take(k, lf + 1));
      skip = 0;
    }
    return null;
  }

  /** Removes and returns the pending bytes before piece `k`'s byte `at`: a block's body, in parts. */
  private take(k: number, at: number): Uint8Array[] {
    const parts = [...this.pending.slice(0, k), ...(k < this.pending.length ? [this.pending[k].subarray(0, at)] : [])];
    const rest = k < this.pending.length ? [this.pending[k].subarray(at), ...this.pending.slice(k + 1)] : [];
    this.pending = rest.filter((p) => p.length > 0);
    this.pendingBytes = this.pending.reduce((n, p) => n + p.length, 0);
    return parts;
  }

  /** The header, an LF, the body: bytes of their own (copied once), to be moved to a worker. */
  private block(body: readonly Uint8Array[]): CsvBlock {
    const header = this.header!;
    const input = this.buffers.take(header.length + 1 + body.reduce((n, p) => n + p.length, 0));
    input.set(header);
    input[header.length] = LF;
    let at = header.length + 1;
    for (const part of body) {
      input.set(part, at);
      at += part.length;
    }
    // Rows and lines are the caller's to add up from the workers' answers.
    return { input, firstRow: 0, firstLine: 2, lineOffset: 0 };
  }
}

/** The input is not plain from its first line: the caller reads it whole. */
export class NotPlain extends Error {}

/**
 * A block's line ends after its header line, or null when its body is not
 * plain: a NUL or a byte ≥ 0x80 (text to decode), or a quote — unless the
 * wasm reader parsed the block (`checked`: it takes no NUL or byte ≥ 0x80)
 * and every quoted field stays on one line (quotedFieldsOnOneLine: a quoted
 * field that holds a line end may span two blocks, and its record's lines
 * would not be counted below). `lastLine` is the line (the header's being 1)
 * of the block's last record, as its parsed rows give it: its records are one
 * line each, so the line ends are those before that record's line, plus those
 * from its end on (LF, CRLF or a lone CR each count one, as the readers count
 * lines).
 */
export function plainBlockLines(input: Uint8Array, headerLength: number, lastLine: number, checked: boolean): number | null {
  const body = input.subarray(headerLength + 1);
  if (!checked && !withoutSpecialBytes(body)) {
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (c >= 0x80 || c === 0 || c === QUOTE) return null;
    }
  }
  if (checked && body.includes(QUOTE) && (hasLoneCr(body) || !quotedFieldsOnOneLine(body))) return null;
  let after = 0;
  for (let i = body.length - 1; i >= 0 && (body[i] === LF || body[i] === CR); i--) if (body[i] === LF || body[i + 1] !== LF) after++;
  return lastLine - 2 + after;
}

/** Whether a CR is not followed by an LF (a line end of its own, which quotes may hide from the count above). */
function hasLoneCr(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(CR); i >= 0; i = bytes.indexOf(CR, i + 1)) if (bytes[i + 1] !== LF) return true;
  return false;
}
