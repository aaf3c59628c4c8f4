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
  const src = changetype<RowBlock>(srcBlock);
  const dst = changetype<RowBlock>(dstBlock);
  const st = <usize>stride;
  const col = <usize>feature;
  const sBins = src.bins, sGh = src.gh, sRows = src.rows;
  const dBins = dst.bins, dGh = dst.gh, dRows = dst.rows;
  let l = start;
  let r = end - 1;
  for (let k = start; k < end; k++) {
    const rowBins = sBins + <usize>k * st;
    const left = goesLeft(rowBins, col, splitBin, defaultLeft);
    const pos = <usize>select<i32>(l, r, left);
    l += <i32>left;
    r -= <i32>!left;
    const to = dBins + pos * st;
    for (let o: usize = 0; o < st; o += 16) v128.store(to + o, v128.load(rowBins + o));
    v128.store(dGh + (pos << 4), v128.load(sGh + (<usize>k << 4)));
    store<u32>(dRows + (pos << 2), load<u32>(sRows + (<usize>k << 2)));
  }
  return l;
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
