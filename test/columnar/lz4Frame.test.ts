import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeLz4Frames } from '../../src/columnar/lz4Frame.js';
import { xxHash32 } from '../../src/columnar/xxHash32.js';
import { Random } from '../../src/random.js';
import { fixture } from './fixtures.js';

// Frames written by the reference LZ4 library (scripts/fixtures/lz4-frames.py).
interface Corpus {
  inputs: Record<string, { length: number; sha256: string }>;
  cases: { input: string; options: Record<string, number>; frame: string }[];
}
const corpus = JSON.parse(readFileSync(fixture('lz4-frames.json'), 'utf8')) as Corpus;
const frameOf = (c: Corpus['cases'][number]): Uint8Array => new Uint8Array(Buffer.from(c.frame, 'base64'));
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A hand-made frame: descriptor bytes, blocks as [size word, bytes], end mark. */
function frame(flg: number, bd: number, blocks: [number, number[]][], extra: number[] = []): Uint8Array {
  const head = [0x04, 0x22, 0x4d, 0x18, flg, bd, ...extra];
  const hc = (xxHash32(new Uint8Array(head), 4) >>> 8) & 0xff;
  const out = [...head, hc];
  const le = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  for (const [word, bytes] of blocks) out.push(...le(word), ...bytes);
  out.push(0, 0, 0, 0);
  return new Uint8Array(out);
}

describe('decodeLz4Frames', () => {
  it('decodes the reference library\'s frames: every block size, linked and independent blocks, checksums, content size, stored blocks, two frames', () => {
    expect(corpus.cases.length).toBe(26);
    for (const c of corpus.cases) {
      const want = corpus.inputs[c.input];
      const got = decodeLz4Frames(frameOf(c));
      expect(got.length, `${c.input} ${JSON.stringify(c.options)}`).toBe(want.length);
      expect(sha256(got), `${c.input} ${JSON.stringify(c.options)}`).toBe(want.sha256);
    }
  });

  it('xxHash32 gives the published values', () => {
    const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(xxHash32(bytes(''))).toBe(0x02cc5d05);
    expect(xxHash32(bytes('abc'))).toBe(0x32d153ff);
    expect(xxHash32(bytes('Nobody inspects the spammish repetition'))).toBe(0xe2293b2f);
  });

  it('a frame cut anywhere is an Error saying so, never a partial result', () => {
    const whole = frameOf(corpus.cases.find((c) => c.input === 'text' && c.options.block_checksum === 1)!);
    for (let cut = 0; cut < whole.length; cut += cut < 64 ? 1 : 97) {
      expect(() => decodeLz4Frames(whole.subarray(0, cut)), `cut at ${cut}`).toThrow(/^lz4 /);
    }
  });

  it('damaged bytes throw an lz4 Error or decode; with a content checksum, what decodes is the original', () => {
    const rnd = new Random(7);
    const plain = frameOf(corpus.cases.find((c) => c.input === 'text' && c.options.block_size === 4 && c.options.block_linked === undefined)!);
    const checked = frameOf(corpus.cases.find((c) => c.input === 'text' && c.options.content_checksum === 1)!);
    for (let k = 0; k < 400; k++) {
      for (const [bytes, verified] of [[plain, false], [checked, true]] as const) {
        const bad = bytes.slice();
        const at = 4 + Math.floor(rnd.next() * (bad.length - 4));
        bad[at] ^= 1 + Math.floor(rnd.next() * 255);
        let error: unknown = null;
        let out: Uint8Array | null = null;
        try {
          out = decodeLz4Frames(bad);
        } catch (e) {
          error = e;
        }
        if (error !== null) expect((error as Error).message, `flip at ${at}`).toMatch(/^lz4 /);
        // a changed match offset can copy the same bytes: the checksum then rightly passes
        else if (verified) expect(sha256(out!), `flip at ${at}`).toBe(corpus.inputs.text.sha256);
      }
    }
  });

  it('names each broken rule', () => {
    const lit = (s: string): number[] => [s.length << 4, ...new TextEncoder().encode(s)];
    expect(new TextDecoder().decode(decodeLz4Frames(frame(0x60, 0x40, [[4, lit('abc')]])))).toBe('abc');
    expect(new TextDecoder().decode(decodeLz4Frames(frame(0x60, 0x40, [[0x80000003, [0x78, 0x79, 0x7a]]])))).toBe('xyz');
    // 'ab' then a match of 4 at offset 2 (overlapping copy): 'ababab', then literal 'c'
    expect(new TextDecoder().decode(decodeLz4Frames(frame(0x60, 0x40, [[7, [0x20, 0x61, 0x62, 2, 0, 0x10, 0x63]]])))).toBe('abababc');
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array([1, 2, 3]), /shorter than its magic/],
      [new Uint8Array([0x05, 0x22, 0x4d, 0x18, 0x60, 0x40, 0]), /bad magic number/],
      [frame(0xa0, 0x40, []), /version 2/],
      [frame(0x62, 0x40, []), /reserved descriptor bits/],
      [frame(0x61, 0x40, [], [1, 2, 3, 4]), /dictionary/],
      [frame(0x60, 0x10, []), /reserved block size code 1/],
      [frame(0x60, 0x40, [[0x10001, new Array(0x10001).fill(0)]]), /exceeds the frame's maximum/],
      [frame(0x60, 0x40, [[3, [0x00, 5, 0]]]), /match offset 5 points before the start/],
      [frame(0x60, 0x40, [[4, [0x10, 0x61, 1, 0]]]), /ends with a match/],
      [frame(0x60, 0x40, [[2, [0x50, 0x61]]]), /literals run past the end/],
      [frame(0x60, 0x40, [[1, [0xf0]]]), /literal length runs past/],
      [frame(0x68, 0x40, [[4, lit('abc')]], [9, 0, 0, 0, 0, 0, 0, 0]), /decoded 3 bytes, the frame declares 9/],
      [frame(0x68, 0x40, [], [255, 255, 255, 255, 0, 0, 0, 0]), /more than the input could hold/],
      [frame(0x64, 0x40, [[4, lit('abc')]]), /cut off in the content checksum/],
    ];
    for (const [bytes, message] of cases) expect(() => decodeLz4Frames(bytes), String(message)).toThrow(message);
    const badHeader = frame(0x60, 0x40, [[4, lit('abc')]]);
    badHeader[6] ^= 0xff;
    expect(() => decodeLz4Frames(badHeader)).toThrow(/header checksum mismatch/);
  });
});
