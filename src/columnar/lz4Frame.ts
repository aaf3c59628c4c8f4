import { xxHash32 } from './xxHash32.js';

/**
 * Decodes the LZ4 frame format (what Arrow IPC writers use for
 * `compression='lz4'`, pandas' and pyarrow's default for Feather v2): one or
 * more frames, each a descriptor, LZ4 blocks and an end mark, with the
 * optional block and content checksums verified when the frame has them.
 *
 * Written for untrusted input: every length, offset and copy is checked
 * against the input and the frame's declared limits, and a bad frame throws
 * an Error saying what is wrong (the Arrow reader turns it into E_DATA_FORMAT).
 */

const FRAME_MAGIC = 0x184d2204;
/** Skippable frames carry user data the decoder passes over (magic 0x184D2A50–5F). */
const SKIPPABLE_MAGIC = 0x184d2a50;
/** LZ4 cannot expand input by more than this (a 1-byte token and 255-byte length runs). */
const MAX_EXPANSION = 256;
/** Block maximum sizes by the BD byte's 3-bit code; codes 0–3 are reserved. */
const BLOCK_MAX_SIZES: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

export function decodeLz4Frames(input: Uint8Array): Uint8Array {
  if (input.length < 4) throw new Error('lz4 frame: shorter than its magic number');
  const out = new GrowingBytes(input.length * 4);
  let i = 0;
  while (i < input.length) {
    const magic = u32(input, i, 'magic number');
    if ((magic & 0xfffffff0) === SKIPPABLE_MAGIC) {
      const size = u32(input, i + 4, 'skippable frame size');
      i += 8 + size;
      if (i > input.length) throw new Error('lz4 frame: skippable frame runs past the end');
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new Error(`lz4 frame: bad magic number 0x${magic.toString(16)} at byte ${i}`);
    i = decodeFrame(input, i + 4, out);
  }
  return out.bytes();
}

/** One frame from its descriptor (at `start`) to past its end; returns the next byte's index. */
function decodeFrame(input: Uint8Array, start: number, out: GrowingBytes): number {
  let i = start;
  const flg = byte(input, i++, 'descriptor');
  const bd = byte(input, i++, 'descriptor');
  if (flg >> 6 !== 1) throw new Error(`lz4 frame: version ${flg >> 6}, only version 1 exists`);
  if ((flg & 0x02) !== 0 || (bd & 0x8f) !== 0) throw new Error('lz4 frame: reserved descriptor bits are set');
  const blockChecksums = (flg & 0x10) !== 0;
  const hasContentSize = (flg & 0x08) !== 0;
  const contentChecksum = (flg & 0x04) !== 0;
  if ((flg & 0x01) !== 0) throw new Error('lz4 frame: needs a dictionary (not supported)');
  const blockMax = BLOCK_MAX_SIZES[(bd >> 4) & 0x07];
  if (blockMax === undefined) throw new Error(`lz4 frame: reserved block size code ${(bd >> 4) & 0x07}`);
  let contentSize = -1;
  if (hasContentSize) {
    const low = u32(input, i, 'content size');
    const high = u32(input, i + 4, 'content size');
    if (high > 0x1fffff) throw new Error('lz4 frame: content size beyond 2^53');
    contentSize = high * 2 ** 32 + low;
    if (contentSize > MAX_EXPANSION * input.length) throw new Error(`lz4 frame: content size ${contentSize} is more than the input could hold`);
    i += 8;
  }
  const headerCheck = byte(input, i, 'header checksum');
  if (((xxHash32(input, start, i) >>> 8) & 0xff) !== headerCheck) throw new Error('lz4 frame: header checksum mismatch');
  i++;
  const frameStart = out.length;
  if (contentSize >= 0) out.reserve(contentSize);
  for (;;) {
    const word = u32(input, i, 'block size');
    i += 4;
    if (word === 0) break;
    const stored = (word & 0x80000000) !== 0;
    const size = word & 0x7fffffff;
    if (size > blockMax) throw new Error(`lz4 frame: a block of ${size} bytes exceeds the frame's maximum of ${blockMax}`);
    if (i + size > input.length) throw new Error('lz4 frame: a block runs past the end of the input');
    if (blockChecksums) {
      const check = u32(input, i + size, 'block checksum');
      if (xxHash32(input, i, i + size) !== check) throw new Error('lz4 frame: block checksum mismatch');
    }
    if (stored) out.append(input, i, i + size);
    else decodeBlock(input, i, i + size, out, blockMax);
    i += size + (blockChecksums ? 4 : 0);
  }
  if (contentSize >= 0 && out.length - frameStart !== contentSize) {
    throw new Error(`lz4 frame: decoded ${out.length - frameStart} bytes, the frame declares ${contentSize}`);
  }
  if (contentChecksum) {
    const check = u32(input, i, 'content checksum');
    if (xxHash32(out.view(), frameStart, out.length) !== check) throw new Error('lz4 frame: content checksum mismatch');
    i += 4;
  }
  return i;
}

/**
 * One LZ4 block (input[from, to)) appended to `out`, at most `limit` bytes.
 * A sequence is a token (literal count, match length), its literals, then a
 * 2-byte offset back into the output and the match copied from there; the
 * last sequence has literals only. Matches may reach into earlier blocks.
 */
function decodeBlock(input: Uint8Array, from: number, to: number, out: GrowingBytes, limit: number): void {
  const blockStart = out.length;
  out.reserve(Math.min(limit, MAX_EXPANSION * (to - from)));
  let i = from;
  while (i < to) {
    const token = input[i++];
    let literals = token >> 4;
    if (literals === 15) {
      for (let b = 255; b === 255; literals += b) {
        if (i >= to) throw new Error('lz4 block: a literal length runs past the end of the block');
        b = input[i++];
      }
    }
    if (literals > to - i) throw new Error('lz4 block: literals run past the end of the block');
    if (out.length - blockStart + literals > limit) throw new Error('lz4 block: decodes to more than the block maximum');
    out.append(input, i, i + literals);
    i += literals;
    if (i === to) return;
    if (i + 2 > to) throw new Error('lz4 block: a match offset is cut off');
    const offset = input[i] | (input[i + 1] << 8);
    i += 2;
    if (offset === 0 || offset > out.length) throw new Error(`lz4 block: match offset ${offset} points before the start of the output`);
    let matchLength = (token & 0x0f) + 4;
    if (matchLength === 19) {
      for (let b = 255; b === 255; matchLength += b) {
        if (i >= to) throw new Error('lz4 block: a match length runs past the end of the block');
        b = input[i++];
      }
    }
    if (out.length - blockStart + matchLength > limit) throw new Error('lz4 block: decodes to more than the block maximum');
    out.copyMatch(offset, matchLength);
  }
  throw new Error('lz4 block: ends with a match (the last sequence must be literals only)');
}

function byte(input: Uint8Array, at: number, what: string): number {
  if (at >= input.length) throw new Error(`lz4 frame: cut off in the ${what}`);
  return input[at];
}

function u32(input: Uint8Array, at: number, what: string): number {
  if (at + 4 > input.length) throw new Error(`lz4 frame: cut off in the ${what}`);
  return (input[at] | (input[at + 1] << 8) | (input[at + 2] << 16) | (input[at + 3] << 24)) >>> 0;
}

/** An output buffer that doubles as it fills. */
class GrowingBytes {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(64, capacity));
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(need, this.buffer.length * 2));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  append(source: Uint8Array, from: number, to: number): void {
    this.reserve(to - from);
    this.buffer.set(source.subarray(from, to), this.length);
    this.length += to - from;
  }

  /** Copies `length` bytes from `offset` back; an overlapping match repeats its bytes. */
  copyMatch(offset: number, length: number): void {
    this.reserve(length);
    const b = this.buffer;
    const o = this.length;
    const src = o - offset;
    if (offset >= length) b.copyWithin(o, src, src + length);
    else for (let k = 0; k < length; k++) b[o + k] = b[src + k];
    this.length = o + length;
  }

  view(): Uint8Array {
    return this.buffer;
  }

  /** The bytes written (a view while the buffer is exactly full, otherwise a trimmed copy). */
  bytes(): Uint8Array {
    return this.length === this.buffer.length ? this.buffer : this.buffer.slice(0, this.length);
  }
}
