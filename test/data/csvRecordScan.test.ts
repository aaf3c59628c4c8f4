import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { loadedRuntime } from '../../src/wasm/load.js';
import { CsvRecordSession, SLOT_CELL, type CsvRecordStep } from '../../src/wasm/csvRecords.js';
import { Random } from '../../src/random.js';

/**
 * The record kernel's scan (assembly/csvRecords.ts): 64-byte chunks of
 * structural bits, a delimiter/LF-only walk for chunks without quotes or CRs,
 * foreign bytes (NUL, ≥ 0x80) found per chunk — against its scalar twin (the
 * kernel's `naive` mode, which builds the same masks byte by byte), with a
 * NUL, a byte ≥ 0x80, a quote, a CR or a blank line at every offset of a text
 * that spans several chunks, and cut at every length.
 */

const COMMA = 0x2c;

interface Step extends CsvRecordStep {
  values: number[];
  cells: number[];
  lines: number[];
}

/** One kernel call over `text` (3 fields: a cell, two numbers), everything it answered. */
function read(text: Uint8Array, last: boolean, naive: boolean, utf8: boolean): Step {
  const rt = loadedRuntime();
  if (!rt) throw new Error('the wasm runtime is not loaded');
  const session = new CsvRecordSession(rt, COMMA, Int32Array.of(SLOT_CELL, 0, 1), 2, 1, 64);
  try {
    const buffer = session.textBuffer(text.length);
    buffer.set(text);
    buffer.fill(0x31, text.length);
    const step = session.read(text.length, last, 0, 1, naive, utf8);
    const rows = step.owned ? step.rows : 0;
    return {
      ...step,
      values: [...session.values(0, rows), ...session.values(1, rows)],
      cells: Array.from(session.cells(rows)),
      lines: Array.from(session.lines(rows)),
    };
  } finally {
    session.free();
  }
}

function expectTwins(text: Uint8Array, label: string): void {
  for (const last of [false, true]) {
    for (const utf8 of [false, true]) {
      const simd = read(text, last, false, utf8);
      const naive = read(text, last, true, utf8);
      // Not owned: the caller drops what was read (the SIMD scan finds foreign bytes of whole chunks at the end).
      if (!simd.owned || !naive.owned) expect(simd.owned, `${label}, last ${last}, utf8 ${utf8}`).toBe(naive.owned);
      else expect(simd, `${label}, last ${last}, utf8 ${utf8}`).toEqual(naive);
    }
  }
}

function plainText(rng: Random, rows: number): string {
  let s = '';
  for (let r = 0; r < rows; r++) s += `id${r},${rng.int(1000)},${(rng.next() * 2 - 1).toFixed(rng.int(17))}\n`;
  return s;
}

describe('wasm CSV reader: the record scan and its scalar twin', () => {
  it('agree with a NUL, a byte ≥ 0x80, a quote, a CR or a blank line at every offset of a 300-byte text', () => {
    const rng = new Random(45);
    const base = new TextEncoder().encode(plainText(rng, 12));
    expect(base.length).toBeGreaterThan(192);
    expectTwins(base, 'plain');
    for (let at = 0; at < base.length; at++) {
      for (const byte of [0x00, 0xc3, 0x22, 0x0d, 0x0a]) {
        const text = base.slice();
        text[at] = byte;
        expectTwins(text, `byte ${byte} at ${at}`);
      }
    }
  });

  it('agree on every cut of texts with quoted fields, CRLF and blank lines across chunk boundaries', () => {
    const rng = new Random(46);
    for (let k = 0; k < 20; k++) {
      let s = '';
      for (let r = 0; r < 10; r++) {
        const id = rng.next() < 0.3 ? `"q,${'x'.repeat(rng.int(70))}\n${r}"` : `id${r}`;
        s += `${id},${rng.int(100000)},${rng.next()}${rng.next() < 0.3 ? '\r\n' : '\n'}${rng.next() < 0.2 ? '\n' : ''}`;
      }
      const text = new TextEncoder().encode(s);
      for (let len = 0; len <= text.length; len += 1 + rng.int(7)) expectTwins(text.subarray(0, len), `text ${k} cut at ${len}`);
    }
  });
});
