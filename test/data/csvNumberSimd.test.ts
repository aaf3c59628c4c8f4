import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { loadedRuntime } from '../../src/wasm/load.js';
import { CsvRecordSession } from '../../src/wasm/csvRecords.js';
import { Random } from '../../src/random.js';

/**
 * The SIMD number path of the wasm CSV record kernel (assembly/csvNumberSimd.ts)
 * against its scalar twin (assembly/csvNumber.ts, the kernel's `naive` mode):
 * the same float32 bits and the same flagged cells, at the edges of the SIMD
 * path — digit runs of every length 0–19 before and after the point, leading
 * zeros, signs, cells of 15–17 bytes and around 19–21, trailing blanks, the
 * last cell of the text without a line end (with digits in the bytes past the
 * text's end) — and every unflagged value is Math.fround(Number(text)).
 */

const COMMA = 0x2c;

interface Read {
  bits: number[];
  flags: number[];
}

/** The kernel's values (as float32 bits) and flags for one numeric column of `cells`, one per line. */
function readColumn(cells: string[], naive: boolean, lineEnd: boolean): Read {
  const rt = loadedRuntime();
  if (!rt) throw new Error('the wasm runtime is not loaded');
  const text = new TextEncoder().encode(cells.join('\n') + (lineEnd ? '\n' : ''));
  const session = new CsvRecordSession(rt, COMMA, Int32Array.of(0), 1, 0, cells.length);
  try {
    const buffer = session.textBuffer(text.length);
    buffer.set(text);
    buffer.fill(0x39, text.length); // digits past the end must not be read as the last cell's
    const step = session.read(text.length, true, 0, 1, naive);
    expect(step.owned).toBe(true);
    expect(step.rows).toBe(cells.length);
    return {
      bits: Array.from(new Uint32Array(Float32Array.from(session.values(0, step.rows)).buffer)),
      flags: Array.from(session.flags(step.flags)),
    };
  } finally {
    session.free();
  }
}

function f32Bits(x: number): number {
  return new Uint32Array(Float32Array.of(x).buffer)[0];
}

/** Both paths agree bit for bit, and an unflagged cell holds Math.fround(Number(text)). */
function expectTwins(all: string[], lineEnd = true): void {
  all = all.filter((c) => c !== ''); // an empty line is a blank line, not an empty cell, in a one-column file
  // One read per 4,000 cells: the kernel stops early when its flag buffer (4,096 flags) could fill.
  for (let at = 0; at < all.length; at += 4000) expectTwinsRead(all.slice(at, at + 4000), lineEnd);
}

function expectTwinsRead(cells: string[], lineEnd: boolean): void {
  const simd = readColumn(cells, false, lineEnd);
  const naive = readColumn(cells, true, lineEnd);
  expect(simd.flags).toEqual(naive.flags);
  expect(simd.bits).toEqual(naive.bits);
  const flagged = new Set<number>();
  for (let i = 0; i < simd.flags.length; i += 4) flagged.add(simd.flags[i]);
  cells.forEach((c, r) => {
    if (flagged.has(r) || c.trim() === '') return;
    if (simd.bits[r] !== f32Bits(Number(c))) throw new Error(`${JSON.stringify(c)}: bits ${simd.bits[r]}, not ${f32Bits(Number(c))}`);
  });
}

function digitRun(rng: Random, n: number, style: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += style === 0 ? String(rng.int(10)) : style === 1 ? '9' : i < n - 1 ? '0' : String(1 + rng.int(9));
  return s;
}

describe('wasm CSV reader: the SIMD number path and its scalar twin', () => {
  it('agree on digit runs of every length 0–19 before and after the point, signed, with leading zeros', () => {
    const rng = new Random(18);
    const cells: string[] = [];
    for (let a = 0; a <= 19; a++) {
      for (let b = -1; b <= 19; b++) {
        for (let style = 0; style < 3; style++) {
          for (const sign of ['', '-', '+']) {
            const body = digitRun(rng, a, style) + (b >= 0 ? '.' + digitRun(rng, b, style) : '');
            cells.push(sign + body, sign + '0' + body, sign + '000' + body);
          }
        }
      }
    }
    expectTwins(cells);
  });

  it('agree on cells of 14 to 22 bytes, with blanks around, and on shapes the SIMD path hands over', () => {
    const rng = new Random(19);
    const cells: string[] = [];
    for (let len = 14; len <= 22; len++) {
      for (let point = -1; point < len; point++) {
        const d = Array.from({ length: len }, (_, i) => (i === point ? '.' : String(rng.int(10)))).join('');
        cells.push(d, `-${d.slice(1)}`, ` ${d}`, `${d} `, `${d}\t `, `\t${d.slice(2)}  `);
      }
    }
    cells.push('.', '-', '-.', '+', '..5', '1.2.3', '1-2', '--1', '-+1', '1e5', '1.5e-3', '-0', '-0.0', '0.', '.0', '-.5', '5.', '1 2', '0x10', 'NaN', 'inf');
    cells.push('18446744073709551615', '9999999999999999999', '999999999999999999', '0.999999999999999999', '9007199254740993', '16777217', '0.1000000000000000055511151231257827');
    expectTwins(cells);
  });

  it('agree on the last cell of the text, without a line end, for every length', () => {
    const rng = new Random(20);
    for (let len = 1; len <= 21; len++) {
      for (const point of [-1, 0, 1, len - 1]) {
        const d = Array.from({ length: len }, (_, i) => (i === point ? '.' : String(rng.int(10)))).join('');
        expectTwins(['1', d], false);
        expectTwins(['1', `-${d}`], false);
        expectTwins([`${d}  `], false);
      }
    }
  });

  it('agree near float32 rounding boundaries: the midpoints between float32s, spelled short and long, and the doubles around them', () => {
    const rng = new Random(22);
    const bits = new DataView(new ArrayBuffer(8));
    const nextDouble = (x: number, ulps: number): number => {
      bits.setFloat64(0, x);
      bits.setBigUint64(0, bits.getBigUint64(0) + BigInt(ulps));
      return bits.getFloat64(0);
    };
    const cells: string[] = ['16777217', '16777219', '0.50000002980232239', '33554434', '-16777217'];
    for (let i = 0; i < 3000; i++) {
      const a = Math.fround((0.5 + rng.next()) * 10 ** (rng.int(20) - 10));
      bits.setFloat32(0, a);
      bits.setUint32(0, bits.getUint32(0) + 1);
      const b = bits.getFloat32(0); // the next float32
      const mid = (a + b) / 2; // exact in a double
      cells.push(String(mid), mid.toPrecision(9 + rng.int(9)), String(nextDouble(mid, 1 + rng.int(4))), String(nextDouble(mid, -1 - rng.int(4))));
    }
    expectTwins(cells.map((c) => (c.includes('e') ? c : c.slice(0, 20))));
  });

  it('agree on 20,000 random float32 and double spellings', () => {
    const rng = new Random(21);
    const cells: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = (rng.next() - 0.5) * 10 ** (rng.int(24) - 12);
      cells.push(rng.next() < 0.5 ? String(Math.fround(x)) : rng.next() < 0.5 ? String(x) : x.toFixed(rng.int(19)));
    }
    expectTwins(cells);
  });
});
