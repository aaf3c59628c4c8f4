import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shortestDoubleTablesText } from '../../scripts/shortest-double-tables.js';
import { Random } from '../../src/random.js';
import { formatDoubleLines } from '../../src/wasm/doubleLines.js';
import { SHORTEST_DOUBLE_MAX_BYTES } from '../../src/wasm/layout.js';
import { getRuntime, init } from '../../src/wasm/load.js';

await init();
const rt = getRuntime();
const decoder = new TextDecoder();

/** The doubles whose wasm text differs from String(x), with both texts (at most `limit`). */
function mismatches(values: Float64Array, limit = 5): string[] {
  const lines = decoder.decode(formatDoubleLines(rt, values)).split('\n');
  const found: string[] = [];
  if (lines.length !== values.length + 1 || lines[values.length] !== '') found.push(`${lines.length - 1} lines for ${values.length} values`);
  const bits = new BigUint64Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < values.length && found.length < limit; i++) {
    const expected = String(values[i]);
    if (lines[i] !== expected) found.push(`0x${bits[i].toString(16)}: wasm "${lines[i]}", String "${expected}"`);
  }
  return found;
}

/** x and its `steps` neighbours on each side (as doubles, in both signs). */
function withNeighbours(xs: number[], steps: number): Float64Array {
  const out: number[] = [];
  const cell = new Float64Array(1);
  const bits = new BigInt64Array(cell.buffer);
  for (const x of xs) {
    cell[0] = Math.abs(x);
    const b = bits[0];
    for (let d = -steps; d <= steps; d++) {
      bits[0] = b + BigInt(d);
      if (bits[0] < 0n || !Number.isFinite(cell[0])) continue;
      out.push(cell[0], -cell[0]);
    }
  }
  return Float64Array.from(out);
}

function randomBits(rng: Random, n: number): Float64Array {
  const words = new Uint32Array(2 * n);
  for (let i = 0; i < words.length; i++) words[i] = rng.nextU32();
  return new Float64Array(words.buffer);
}

describe('writeShortestDouble (String(x) of a double, in wasm)', () => {
  it('writes the Number::toString forms: specials, signed zero, the fixed and exponent ranges', () => {
    const cases: [number, string][] = [
      [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [0, '0'], [-0, '0'],
      [1, '1'], [-1, '-1'], [0.1, '0.1'], [0.3, '0.3'], [1 / 3, '0.3333333333333333'], [123.456, '123.456'],
      [1e-7, '1e-7'], [1.5e-7, '1.5e-7'], [1e-6, '0.000001'], [1.2345678901234567e-6, '0.0000012345678901234567'],
      [-1.2345678901234567e-6, '-0.0000012345678901234567'], [1e21, '1e+21'], [1e20, '100000000000000000000'],
      [123456789012345680000, '123456789012345680000'], [2 ** 60, '1152921504606847000'],
      [-1.2345678901234567e-308, '-1.2345678901234567e-308'], [5e-324, '5e-324'], [-5e-324, '-5e-324'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'], [2.2250738585072014e-308, '2.2250738585072014e-308'],
      [9007199254740993, '9007199254740992'], [1e23, '1e+23'], [0.000001234, '0.000001234'],
    ];
    const lines = decoder.decode(formatDoubleLines(rt, Float64Array.from(cases, (c) => c[0]))).split('\n');
    expect(lines.slice(0, -1)).toEqual(cases.map((c) => c[1]));
    expect(cases.every(([x, text]) => String(x) === text)).toBe(true);
  });

  it('returns the end of the text and writes nothing past it, from any address', () => {
    const { heap, kernels } = rt;
    const values = [-1.2345678901234567e-6, -1.2345678901234567e-308, -Infinity, NaN, -0, 7, 0.05, 1e21, -Number.MIN_VALUE, 0.8414709848078965];
    heap.scoped((scope) => {
      const size = 64;
      const buf = scope.alloc(size);
      for (const x of values) {
        for (const offset of [0, 1, 3, 7]) {
          heap.u8(buf, size).fill(0xaa);
          const end = kernels.writeShortestDouble(x, buf + offset);
          const bytes = heap.u8(buf, size);
          expect(decoder.decode(bytes.subarray(offset, end - buf)), `${x} at +${offset}`).toBe(String(x));
          expect(end - buf - offset).toBeLessThanOrEqual(SHORTEST_DOUBLE_MAX_BYTES);
          expect(bytes.subarray(0, offset).every((b) => b === 0xaa) && bytes.subarray(end - buf).every((b) => b === 0xaa), `${x} at +${offset}`).toBe(true);
        }
      }
    });
  });

  it('matches String(x) on 800,000 random 64-bit patterns (every exponent, NaN payloads, infinities)', () => {
    const rng = new Random(18);
    const values = randomBits(rng, 800_000);
    const cell = new Uint32Array(values.buffer);
    // Every biased exponent, sign and both ends of the fraction at least once.
    for (let e = 0; e < 2048; e++) {
      cell[2 * e + 1] = (cell[2 * e + 1] & 0x800fffff) | (e << 20);
      cell[2 * (2048 + e)] = 0;
      cell[2 * (2048 + e) + 1] = e << 20;
    }
    expect(mismatches(values)).toEqual([]);
  });

  it('matches String(x) on 600,000 PDs 1/(1 + exp(-z)) and 100,000 values in (0, 1)', () => {
    const rng = new Random(7);
    const pds = new Float64Array(700_000);
    for (let i = 0; i < 600_000; i++) {
      // z from a sum of uniforms (roughly normal, sd ≈ 3), some far in the tails.
      const z = (rng.next() + rng.next() + rng.next() - 1.5) * 6 + (i % 97 === 0 ? (rng.next() - 0.5) * 80 : 0);
      pds[i] = 1 / (1 + Math.exp(-z));
    }
    for (let i = 600_000; i < pds.length; i++) pds[i] = rng.next();
    expect(mismatches(pds)).toEqual([]);
  });

  it('matches String(x) on 300,000 integers of every size (exact up to 2^53, rounded above)', () => {
    const rng = new Random(3);
    const values = new Float64Array(300_000);
    for (let i = 0; i < values.length; i++) {
      const digits = 1 + rng.int(25);
      const x = Math.floor(rng.next() * 10 ** digits);
      values[i] = i % 2 ? -x : x;
    }
    expect(mismatches(values)).toEqual([]);
  });

  it('matches String(x) at powers of 2 and 10 and their neighbours, and at the 1e-7 and 1e21 form boundaries', () => {
    const powers: number[] = [];
    for (let e = -1074; e <= 1023; e++) powers.push(2 ** e);
    for (let e = -323; e <= 308; e++) powers.push(Number(`1e${e}`));
    const values = withNeighbours(powers, 3);
    expect(values.length).toBeGreaterThan(30_000);
    expect(mismatches(values)).toEqual([]);
    const boundaries = withNeighbours([1e-7, 1e-6, 1e21, 1e20, 1e22, 9.999999999999999e20, 9.999999999999999e-8, 2 ** 53, 2 ** 64], 200);
    expect(mismatches(boundaries)).toEqual([]);
  });

  it('matches String(x) on 200,000 subnormals and the extreme values', () => {
    const rng = new Random(5);
    const values = randomBits(rng, 200_000);
    const cell = new Uint32Array(values.buffer);
    // Exponent 0; the fraction's top bits cleared at random so small subnormals (few digits) come too.
    for (let i = 0; i < values.length; i++) {
      const high = cell[2 * i + 1];
      cell[2 * i + 1] = (high & 0x80000000) | ((high & 0x000fffff) >>> (i % 2 ? rng.int(21) : 0));
    }
    expect(values.every((x) => Math.abs(x) < 2.2250738585072014e-308)).toBe(true);
    expect(mismatches(values)).toEqual([]);
    const extremes = withNeighbours([Number.MIN_VALUE, 2.2250738585072014e-308, Number.MAX_VALUE, Number.EPSILON, Number.MAX_SAFE_INTEGER], 50);
    expect(mismatches(extremes)).toEqual([]);
  });

  it('matches String(x) on 200,000 decimals of 15 to 17 significant digits at every decimal exponent', () => {
    const rng = new Random(11);
    const values = new Float64Array(200_000);
    for (let i = 0; i < values.length; i++) {
      const digits = 15 + rng.int(3);
      let mantissa = String(1 + rng.int(9));
      for (let d = 1; d < digits; d++) mantissa += String(rng.int(10));
      const exponent = rng.int(631) - 323;
      values[i] = Number(`${mantissa[0]}.${mantissa.slice(1)}e${exponent}`);
    }
    expect(mismatches(values)).toEqual([]);
  });

  it('uses the powers-of-five table that scripts/shortest-double-tables.ts generates', () => {
    expect(readFileSync(new URL('../../assembly/shortestDoubleTables.ts', import.meta.url), 'utf8')).toBe(shortestDoubleTablesText());
  });
});
