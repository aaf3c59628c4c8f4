import { describe, expect, it } from 'vitest';
import { Random } from '../../src/index.js';
import { withoutSpecialBytes } from '../../src/stream/plainBytes.js';

/** The definition, byte by byte. */
function naive(bytes: Uint8Array): boolean {
  return bytes.every((c) => c < 0x80 && c !== 0 && c !== 0x22 && c !== 0x0d);
}

describe('withoutSpecialBytes (the one-pass plain-bytes check of LineBlocks)', () => {
  it('agrees with a byte loop on random views: every offset, length and special byte at every place', () => {
    const rng = new Random(34);
    const specials = [0x80, 0xff, 0xc3, 0x00, 0x22, 0x0d, 0x81, 0x01, 0x21, 0x23, 0x0c, 0x0e, 0x7f];
    let rejected = 0;
    for (let k = 0; k < 20_000; k++) {
      const buffer = new Uint8Array(40);
      for (let i = 0; i < buffer.length; i++) buffer[i] = 0x20 + rng.int(0x5f); // printable ASCII, quote included at times
      for (let i = 0; i < buffer.length; i++) if (buffer[i] === 0x22) buffer[i] = 0x2c;
      if (rng.next() < 0.7) buffer[rng.int(buffer.length)] = specials[rng.int(specials.length)];
      const from = rng.int(12);
      const view = buffer.subarray(from, from + rng.int(buffer.length - from + 1));
      expect(withoutSpecialBytes(view), `bytes ${Array.from(view).join(',')}`).toBe(naive(view));
      if (!naive(view)) rejected++;
    }
    expect(rejected).toBeGreaterThan(2000);
  });
});
