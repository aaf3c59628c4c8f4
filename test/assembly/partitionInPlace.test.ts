import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { getRuntime, init } from '../../src/wasm/load.js';
import { type Block, block, goesLeft, withBlocks } from './rowBlockFixture.js';

await init();
const { kernels, heap } = getRuntime();

/**
 * After an in-place partition of rows start..end of `b` (now in wasm at
 * bins/gh/rows), checks it against splitRows' stable copy of the same rows:
 * the same left count, the same rows on each side, each row's bins, gradient
 * pair and id moved together, and the rows outside the range untouched.
 */
function expectSamePartition(b: Block, ptrs: { bins: number; gh: number; rows: number }, copied: { bins: number; gh: number; rows: number }, start: number, end: number, mid: number, copyMid: number): void {
  expect(mid).toBe(copyMid);
  const bins = heap.u8(ptrs.bins, b.bins.length).slice();
  const gh = heap.f64(ptrs.gh, b.gh.length).slice();
  const rows = heap.u32(ptrs.rows, b.nRows).slice();
  const copiedRows = heap.u32(copied.rows, b.nRows).slice();
  const sorted = (a: Uint32Array): number[] => Array.from(a).sort((x, y) => x - y);
  expect(sorted(rows.subarray(start, mid))).toEqual(sorted(copiedRows.subarray(start, copyMid)));
  expect(sorted(rows.subarray(mid, end))).toEqual(sorted(copiedRows.subarray(copyMid, end)));
  // Where each row id was before the partition.
  const origin = new Map<number, number>();
  b.rows.forEach((id, k) => origin.set(id, k));
  let wrong = 0;
  for (let pos = 0; pos < b.nRows; pos++) {
    const k = pos >= start && pos < end ? origin.get(rows[pos])! : pos;
    if (rows[pos] !== b.rows[k] || gh[2 * pos] !== b.gh[2 * k] || gh[2 * pos + 1] !== b.gh[2 * k + 1]) wrong++;
    for (let o = 0; o < b.stride; o++) if (bins[pos * b.stride + o] !== b.bins[k * b.stride + o]) wrong++;
  }
  expect(wrong).toBe(0);
}

describe('partitionRowsInPlace and its scalar twin partitionRowsSwap', () => {
  const rng = new Random(2026);
  const cases: Array<[number, number, number, number, number, number]> = [];
  // Strides 16, 32, 48, 64 (each with its own swap code) and 80 (the general one); ranges below, around and far above
  // the block scheme's 2 × 128 rows; split bins that send every row left, every row right, or some of each.
  for (const nf of [4, 20, 40, 64, 70]) {
    for (const [start, end] of [[0, 1], [3, 200], [0, 256], [1, 257], [17, 900], [0, 3000], [5, 2999]]) {
      for (const splitBin of [0, 9, 39, 254]) cases.push([nf, start, end, rng.int(nf), splitBin, rng.int(2)]);
    }
  }

  it.each(cases)('with %i features, rows %i..%i, feature %i split after bin %i, defaultLeft %i: the rows of splitRows on each side', (nf, start, end, feature, splitBin, defaultLeft) => {
    const b = block(nf * 7919 + start * 31 + end + splitBin, 3000, nf);
    for (const kernel of ['partitionRowsInPlace', 'partitionRowsSwap'] as const) {
      withBlocks(b, 0, (src, copy) => {
        const copyMid = kernels.splitRows(src.block, copy.block, b.stride, start, end, feature, splitBin, defaultLeft);
        const mid = kernels[kernel](src.block, b.stride, start, end, feature, splitBin, defaultLeft);
        expectSamePartition(b, src, copy, start, end, mid, copyMid);
        // The left side's rows are the ones that go left.
        const bins = heap.u8(src.bins, b.bins.length);
        let misplaced = 0;
        for (let k = start; k < end; k++) if (goesLeft(bins[k * b.stride + feature], splitBin, defaultLeft) !== k < mid) misplaced++;
        expect(misplaced).toBe(0);
      });
    }
  });

  it('agree with each other on repeated splits of shrinking ranges (the grower\'s use)', () => {
    const nf = 30;
    const b = block(55, 3000, nf);
    withBlocks(b, 0, (blockA, blockB) => {
      heap.u8(blockB.bins, b.bins.length).set(b.bins);
      heap.f64(blockB.gh, b.gh.length).set(b.gh);
      heap.u32(blockB.rows, b.nRows).set(b.rows);
      const r = new Random(9);
      let ranges: Array<[number, number]> = [[0, b.nRows]];
      for (let level = 0; level < 6; level++) {
        const next: Array<[number, number]> = [];
        for (const [start, end] of ranges) {
          const feature = r.int(nf);
          const splitBin = r.int(40);
          const defaultLeft = r.int(2);
          const mid = kernels.partitionRowsInPlace(blockA.block, b.stride, start, end, feature, splitBin, defaultLeft);
          expect(kernels.partitionRowsSwap(blockB.block, b.stride, start, end, feature, splitBin, defaultLeft)).toBe(mid);
          const sorted = (p: number, s: number, e: number): number[] => Array.from(heap.u32(p, b.nRows).subarray(s, e)).sort((x, y) => x - y);
          expect(sorted(blockA.rows, start, mid)).toEqual(sorted(blockB.rows, start, mid));
          next.push([start, mid], [mid, end]);
        }
        ranges = next;
      }
    });
  });
});
