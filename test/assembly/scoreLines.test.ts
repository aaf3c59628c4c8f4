import { describe, expect, it } from 'vitest';
import { getRuntime, init } from '../../src/wasm/load.js';

await init();
const rt = getRuntime();
const { heap, kernels: k } = rt;
const decoder = new TextDecoder();

/**
 * writeScoreLines (assembly/scoreLines.ts) on bytes laid out by hand: ids
 * trimmed and copied, row numbers up to 2^53, PDs as String(pd), and the rows
 * it leaves to the caller (short ids, formula starts in safe mode, bytes
 * csvField quotes on when the delimiter is another or the input has quotes,
 * quoted ids with `""` escapes).
 */
function run(ids: string[] | null, pds: number[], firstRow: number, opts: { from?: number; maxMissing?: number; safe?: boolean; quotable?: boolean; escaped?: number[] } = {}): { text: string; stop: number } {
  return heap.scoped((scope) => {
    const n = pds.length;
    const base = 1000; // the cells' offsets are the input's: the text holds input bytes from `base` on
    const joined = ids?.join('|') ?? '';
    const text = scope.alloc(joined.length + 16);
    heap.u8(text, joined.length).set(new TextEncoder().encode(joined));
    const cells = ids ? scope.alloc(8 * n) : 0;
    if (ids) {
      const b = heap.u32(cells, 2 * n);
      let at = base;
      ids.forEach((id, r) => {
        b[2 * r] = opts.escaped?.includes(r) ? (at | 0x80000000) >>> 0 : at;
        b[2 * r + 1] = at + id.length;
        at += id.length + 1;
      });
    }
    const pd = scope.alloc(8 * n);
    heap.f64(pd, n).set(pds);
    const out = scope.alloc(n * 64 + joined.length + 64);
    const end = k.writeScoreLines(pd, n, cells, text, base, firstRow, opts.from ?? 0, out, opts.maxMissing ?? 0, opts.safe ? 1 : 0, opts.quotable ? 1 : 0);
    return { text: decoder.decode(heap.u8(out, end - out)), stop: k.scoreLinesStop() };
  });
}

describe('writeScoreLines', () => {
  it('writes trimmed ids and String(pd) for every row', () => {
    const pds = [0.5, 1e-7, 0.123456789012345, 1, 0, 3.0000000000000004e-22];
    const r = run(['a', ' b\t', '\t c d ', 'long-id-0001', 'x', 'y'], pds, 0);
    expect(r.stop).toBe(6);
    expect(r.text).toBe(['a', 'b', 'c d', 'long-id-0001', 'x', 'y'].map((id, i) => `${id},${String(pds[i])}\n`).join(''));
  });

  it('numbers rows from firstRow + 1, up to 2^53', () => {
    for (const first of [0, 9, 99_999, 2 ** 32 - 2, 2 ** 53 - 3]) {
      expect(run(null, [0.25, 0.75], first).text).toBe(`${first + 1},0.25\n${first + 2},0.75\n`);
    }
    expect(run(null, [0.25, 0.75, 0.5], 10, { from: 1 }).text).toBe('12,0.75\n13,0.5\n');
  });

  it('stops at the rows whose id needs text handling', () => {
    const ids = ['long1', 'NA', 'long2', '=cmd1', 'a,b,c', '+x_long'];
    expect(run(ids, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 0, { maxMissing: 4 })).toEqual({ text: 'long1,0.1\n', stop: 1 });
    expect(run(ids, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 0, { from: 2, maxMissing: 4 })).toEqual({ text: 'long2,0.3\n=cmd1,0.4\na,b,c,0.5\n+x_long,0.6\n', stop: 6 });
    expect(run(ids, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 0, { from: 2, safe: true }).stop).toBe(3);
    expect(run(ids, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 0, { from: 4, quotable: true }).stop).toBe(4);
    expect(run(ids, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 0, { from: 5, safe: true }).stop).toBe(5);
  });

  it('with quotable ids, stops at a comma, a quote, a CR or an LF; and at a cell flagged with escapes', () => {
    const ids = ['id-1', 'a,b', 'q"x', 'two\nlines', 'cr\rx', 'id-6'];
    const pds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    for (let from = 1; from <= 4; from++) expect(run(ids, pds, 0, { from, quotable: true }).stop).toBe(from);
    expect(run(ids, pds, 0, { from: 5, quotable: true })).toEqual({ text: 'id-6,0.6\n', stop: 6 });
    // Without quotable, only the delimiter-free rules apply (plain input has none of these bytes).
    expect(run(ids, pds, 0).stop).toBe(6);
    // An escaped cell (offset flagged) is left to the caller; the others' offsets read as usual.
    expect(run(['id-1', 'x""y', 'id-3'], [0.1, 0.2, 0.3], 0, { escaped: [1] })).toEqual({ text: 'id-1,0.1\n', stop: 1 });
    expect(run(['id-1', 'x""y', 'id-3'], [0.1, 0.2, 0.3], 0, { from: 2, escaped: [1] })).toEqual({ text: 'id-3,0.3\n', stop: 3 });
  });
});
