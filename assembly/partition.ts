import { MISSING_BIN } from './common';
import { RowBlock } from './rowblock';

// @ts-ignore: decorator
@inline
function goesLeft(rowBins: usize, feature: usize, splitBin: i32, defaultLeft: i32): bool {
  const b = <i32>load<u8>(rowBins + feature);
  return b == MISSING_BIN ? defaultLeft != 0 : b <= splitBin;
}

/**
 * Splits the rows start..end of block `src` by a split, copying them into
 * the same range of block `dst`: left rows from `start` upwards in their
 * order, right rows from `end - 1` downwards. Branch-free: each row is
 * written to the next free slot of its side, chosen with `select`.
 * Returns the first index of the right child.
 *
 * @param src   IN  RowBlock, rows start..end read
 * @param dst   OUT RowBlock, rows start..end written
 */
export function splitRows(
  srcBlock: usize, dstBlock: usize, stride: i32, start: i32, end: i32,
  feature: i32, splitBin: i32, defaultLeft: i32,
): i32 {
  // The common strides get a copy of their own with the row's bytes copied in
  // straight-line code (binStride rounds to whole v128s).
  if (stride == 16) return splitRowsOf(srcBlock, dstBlock, 16, start, end, feature, splitBin, defaultLeft);
  if (stride == 32) return splitRowsOf(srcBlock, dstBlock, 32, start, end, feature, splitBin, defaultLeft);
  if (stride == 48) return splitRowsOf(srcBlock, dstBlock, 48, start, end, feature, splitBin, defaultLeft);
  if (stride == 64) return splitRowsOf(srcBlock, dstBlock, 64, start, end, feature, splitBin, defaultLeft);
  return splitRowsOf(srcBlock, dstBlock, <usize>stride, start, end, feature, splitBin, defaultLeft);
}

/** splitRows for one stride; with a constant `st` the row copy is straight-line. */
// @ts-ignore: decorator
@inline
function splitRowsOf(
  srcBlock: usize, dstBlock: usize, st: usize, start: i32, end: i32,
  feature: i32, splitBin: i32, defaultLeft: i32,
): i32 {
  const src = changetype<RowBlock>(srcBlock);
  const dst = changetype<RowBlock>(dstBlock);
  const sBins = src.bins, sGh = src.gh, sRows = src.rows;
  const dBins = dst.bins, dGh = dst.gh, dRows = dst.rows;
  const col = <usize>feature;
  // goesLeft in two operations: with off = 1 when missing values go left, bin
  // b goes left iff ((b + off) & 255) <= splitBin + off (a split bin is below
  // MISSING_BIN = 255, so off = 0 sends it right, and off = 1 maps it to 0).
  const off = <u32>(defaultLeft != 0);
  const limit = <u32>splitBin + off;
  // The next left slot is l; the next right one, end - 1 - (rows gone right) = end - 1 - k + l.
  const lastMinus = end - 1;
  let l = start;
  for (let k = start; k < end; k++) {
    const rowBins = sBins + <usize>k * st;
    const left = ((<u32>load<u8>(rowBins + col) + off) & 255) <= limit;
    const pos = <usize>(l + select<i32>(0, lastMinus - k, left));
    l += <i32>left;
    copyRowBins(dBins + pos * st, rowBins, st);
    v128.store(dGh + (pos << 4), v128.load(sGh + (<usize>k << 4)));
    store<u32>(dRows + (pos << 2), load<u32>(sRows + (<usize>k << 2)));
  }
  return l;
}

/** Copies a row's `st` bytes of bin codes (a multiple of 16); straight-line for a constant st up to 64. */
// @ts-ignore: decorator
@inline
function copyRowBins(to: usize, from: usize, st: usize): void {
  if (st >= 16) v128.store(to, v128.load(from));
  if (st >= 32) v128.store(to, v128.load(from, 16), 16);
  if (st >= 48) v128.store(to, v128.load(from, 32), 32);
  if (st >= 64) v128.store(to, v128.load(from, 48), 48);
  if (st > 64) for (let o: usize = 64; o < st; o += 16) v128.store(to + o, v128.load(from + o));
}

/**
 * For a split whose two children are leaves: adds the left or right leaf
 * value to each row's score, without moving any rows.
 *
 * @param block   IN     RowBlock holding the split node's rows start..end
 * @param scores  IN/OUT f64 [nRows], indexed by original row
 */
export function addSplitLeaves(
  blockPtr: usize, stride: i32, start: i32, end: i32,
  feature: i32, splitBin: i32, defaultLeft: i32, leftValue: f64, rightValue: f64, scores: usize,
): void {
  const block = changetype<RowBlock>(blockPtr);
  const col = <usize>feature;
  for (let k = start; k < end; k++) {
    const left = goesLeft(block.bins + <usize>k * <usize>stride, col, splitBin, defaultLeft);
    const p = scores + (<usize>load<u32>(block.rows + (<usize>k << 2)) << 3);
    store<f64>(p, load<f64>(p) + select<f64>(leftValue, rightValue, left));
  }
}

/**
 * Copies the rows listed in rows[0..n) (a row sample) from the full binned
 * matrix and gradient array into the contiguous block `dst`.
 *
 * @param bins  IN  u8 [nRows * stride]
 * @param gh    IN  f64 [nRows * 2]
 * @param rows  IN  u32 [n], original row indices
 * @param dst   OUT RowBlock, rows 0..n written
 */
export function gatherRows(bins: usize, gh: usize, rows: usize, n: i32, stride: i32, dstBlock: usize): void {
  const dst = changetype<RowBlock>(dstBlock);
  const st = <usize>stride;
  for (let k = 0; k < n; k++) {
    const row = <usize>load<u32>(rows + (<usize>k << 2));
    const from = bins + row * st;
    const to = dst.bins + <usize>k * st;
    for (let o: usize = 0; o < st; o += 16) v128.store(to + o, v128.load(from + o));
    v128.store(dst.gh + (<usize>k << 4), v128.load(gh + (row << 4)));
    store<u32>(dst.rows + (<usize>k << 2), <u32>row);
  }
}
