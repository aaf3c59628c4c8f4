import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { getRuntime, init } from '../../src/wasm/load.js';

await init();
const { heap, kernels: k } = getRuntime();

/** lineEnds (SIMD) against its scalar twin and a JavaScript search, on random texts, lengths and output limits. */
describe('lineEnds', () => {
  it('finds the LFs of 3,000 random texts as lineEndsNaive and indexOf do', () => {
    const rng = new Random(17);
    for (let t = 0; t < 3000; t++) {
      const len = Math.floor(rng.next() * 200);
      const bytes = Uint8Array.from({ length: len }, () => (rng.next() < 0.15 ? 0x0a : 0x20 + Math.floor(rng.next() * 90)));
      const expected: number[] = [];
      for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) expected.push(i);
      const maxOut = rng.next() < 0.3 ? Math.floor(rng.next() * (expected.length + 1)) : len;
      heap.scoped((scope) => {
        const text = scope.alloc(len + 16);
        // Bytes after the text are LFs: they must not be counted.
        heap.u8(text, len + 16).fill(0x0a);
        heap.u8(text, len).set(bytes);
        for (const kernel of [k.lineEnds, k.lineEndsNaive]) {
          const out = scope.alloc(4 * len + 4);
          const n = kernel(text, len, out, maxOut);
          expect(Array.from(heap.u32(out, n)), `text ${t}`).toEqual(expected.slice(0, Math.min(maxOut, expected.length)));
        }
      });
    }
  });
});
