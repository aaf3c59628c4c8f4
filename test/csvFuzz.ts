// Shared by the CSV fuzz tests (test/data/csvWasmReader.test.ts, test/stream/csvDifferential.test.ts):
// seeded choices and the byte pieces a stream may deliver. Not a test file itself.
import type { Random } from '../src/random.js';

/** One of `items`, chosen by `rng`. */
export function pick<T>(rng: Random, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/**
 * `bytes` cut into the pieces a stream could deliver: up to 7 random cut points, plus (each with
 * chance 0.3) a cut inside every multi-byte character and CRLF. With `everyByteShare`, that share
 * of the calls cuts between every byte instead (it draws one more number from `rng` first).
 */
export function splitBytes(rng: Random, bytes: Uint8Array, everyByteShare?: number): Uint8Array[] {
  if (everyByteShare !== undefined && rng.next() < everyByteShare) return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
  const cuts = new Set<number>();
  const nRandom = rng.int(8);
  for (let k = 0; k < nRandom; k++) cuts.add(1 + rng.int(Math.max(1, bytes.length - 1)));
  for (let i = 1; i < bytes.length; i++) {
    const inChar = (bytes[i] & 0xc0) === 0x80;
    const inCrlf = bytes[i - 1] === 0x0d && bytes[i] === 0x0a;
    if ((inChar || inCrlf) && rng.next() < 0.3) cuts.add(i);
  }
  const sorted = [...cuts].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const c of sorted) {
    pieces.push(bytes.subarray(from, c));
    from = c;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}
