import { RowBlock } from './rowblock';

/**
 * Splits the rows start..end of a block by a split inside the block itself:
 * afterwards the left rows fill start..mid and the right rows mid..end, each
 * row's bins, (gradient, hessian) pair and row id moved together. Returns mid.
 *
 * The rows of each side end up in no particular order (a row is swapped at
 * most once per pass, see below), so this is only for trees whose sums do not
 * depend on the order of their terms: boosting's gradient pairs lie on a grid
 * where every sum is exact (loss.ts). CART weights do not, and keep
 * splitRows' stable copy between two blocks.
 *
 * Block swaps (the BlockQuicksort scheme): the next BLOCK rows from the
 * bottom are classified branch-free, noting the ones that belong right, and
 * the next BLOCK rows from the top, noting the ones that belong left; then
 * pairs of them are swapped. Each row is read once and only misplaced rows are
 * written, in lines the classification has just brought into cache, against
 * splitRows' read of every row and write of every row to a second block. The
 * few rows left in the middle are finished by partitionRowsSwap.
 *
 * @param block  IN/OUT RowBlock, rows start..end rearranged
 */
export function partitionRowsInPlace(
  blockPtr: usize, stride: i32, start: i32, end: i32,
  feature: i32, splitBin: i32, defaultLeft: i32,
): i32 {
  // The common strides get a copy of their own, with straight-line row swaps (binStride rounds to whole v128s).
  if (stride == 16) return blockPartitionOf(blockPtr, 16, start, end, feature, splitBin, defaultLeft);
  if (stride == 32) return blockPartitionOf(blockPtr, 32, start, end, feature, splitBin, defaultLeft);
  if (stride == 48) return blockPartitionOf(blockPtr, 48, start, end, feature, splitBin, defaultLeft);
  if (stride == 64) return blockPartitionOf(blockPtr, 64, start, end, feature, splitBin, defaultLeft);
  return blockPartitionOf(blockPtr, <usize>stride, start, end, feature, splitBin, defaultLeft);
}

/**
 * The scalar twin: a branch-free one-ended pass (Lomuto) that swaps every row
 * with the next left slot and advances that slot when the row goes left (a
 * right row swapped with a right row keeps the invariant: start..l left,
 * l..k right). partitionRowsInPlace finishes its middle rows with it, and a
 * test compares the two.
 */
export function partitionRowsSwap(
  blockPtr: usize, stride: i32, start: i32, end: i32,
  feature: i32, splitBin: i32, defaultLeft: i32,
): i32 {
  const block = changetype<RowBlock>(blockPtr);
  return swapPass(block.bins, block.gh, block.rows, <usize>stride, start, end, <usize>feature, splitLimit(splitBin, defaultLeft), splitOffset(defaultLeft));
}

// goesLeft in two operations (as in splitRows): with off = 1 when missing
// values go left, bin b goes left iff ((b + off) & 255) <= splitBin + off.
// @ts-ignore: decorator
@inline
function splitOffset(defaultLeft: i32): u32 {
  return <u32>(defaultLeft != 0);
}

// @ts-ignore: decorator
@inline
function splitLimit(splitBin: i32, defaultLeft: i32): u32 {
  return <u32>splitBin + splitOffset(defaultLeft);
}

// @ts-ignore: decorator
@inline
function rowGoesLeft(bins: usize, st: usize, k: i32, col: usize, off: u32, limit: u32): bool {
  return ((<u32>load<u8>(bins + <usize>k * st + col) + off) & 255) <= limit;
}

/** Rows classified per side and step; offsets fit in a u8. */
const BLOCK: i32 = 128;
// Offsets within the current bottom block of rows that go right, and within the current top block of rows that go left.
const offsetsLow: usize = memory.data(BLOCK, 16);
const offsetsHigh: usize = memory.data(BLOCK, 16);

// @ts-ignore: decorator
@inline
function blockPartitionOf(
  blockPtr: usize, st: usize, start: i32, end: i32,
  feature: i32, splitBin: i32, defaultLeft: i32,
): i32 {
  const block = changetype<RowBlock>(blockPtr);
  const bins = block.bins, gh = block.gh, rows = block.rows;
  const col = <usize>feature;
  const off = splitOffset(defaultLeft);
  const limit = splitLimit(splitBin, defaultLeft);
  // Rows below lo go left and rows from hi up go right; lo..hi is still to place.
  let lo = start;
  let hi = end;
  let nLow = 0, firstLow = 0, nHigh = 0, firstHigh = 0;
  while (hi - lo >= 2 * BLOCK) {
    if (nLow == 0) {
      firstLow = 0;
      for (let t = 0; t < BLOCK; t++) {
        store<u8>(offsetsLow + <usize>nLow, <u8>t);
        nLow += <i32>!rowGoesLeft(bins, st, lo + t, col, off, limit);
      }
    }
    if (nHigh == 0) {
      firstHigh = 0;
      for (let t = 0; t < BLOCK; t++) {
        store<u8>(offsetsHigh + <usize>nHigh, <u8>t);
        nHigh += <i32>rowGoesLeft(bins, st, hi - 1 - t, col, off, limit);
      }
    }
    const n = min(nLow, nHigh);
    for (let t = 0; t < n; t++) {
      const a = lo + <i32>load<u8>(offsetsLow + <usize>(firstLow + t));
      const b = hi - 1 - <i32>load<u8>(offsetsHigh + <usize>(firstHigh + t));
      swapRows(bins, gh, rows, st, a, b);
    }
    nLow -= n; firstLow += n;
    nHigh -= n; firstHigh += n;
    if (nLow == 0) lo += BLOCK;
    if (nHigh == 0) hi -= BLOCK;
  }
  // Fewer than 3 BLOCK rows remain unplaced (a block with pending offsets included).
  return swapPass(bins, gh, rows, st, lo, hi, col, limit, off);
}

// @ts-ignore: decorator
@inline
function swapPass(bins: usize, gh: usize, rows: usize, st: usize, start: i32, end: i32, col: usize, limit: u32, off: u32): i32 {
  let l = start;
  for (let k = start; k < end; k++) {
    const left = rowGoesLeft(bins, st, k, col, off, limit);
    swapRows(bins, gh, rows, st, k, l);
    l += <i32>left;
  }
  return l;
}

/** Swaps rows a and b of a block: bins (st bytes, a multiple of 16; straight-line for a constant st up to 64), gh and id. */
// @ts-ignore: decorator
@inline
function swapRows(bins: usize, gh: usize, rows: usize, st: usize, a: i32, b: i32): void {
  const pa = bins + <usize>a * st;
  const pb = bins + <usize>b * st;
  if (st >= 16) swap16(pa, pb, 0);
  if (st >= 32) swap16(pa, pb, 16);
  if (st >= 48) swap16(pa, pb, 32);
  if (st >= 64) swap16(pa, pb, 48);
  if (st > 64) for (let o: usize = 64; o < st; o += 16) swap16(pa, pb, o);
  swap16(gh + (<usize>a << 4), gh + (<usize>b << 4), 0);
  const ia = rows + (<usize>a << 2);
  const ib = rows + (<usize>b << 2);
  const ra = load<u32>(ia);
  store<u32>(ia, load<u32>(ib));
  store<u32>(ib, ra);
}

// @ts-ignore: decorator
@inline
function swap16(pa: usize, pb: usize, o: usize): void {
  const va = v128.load(pa + o);
  v128.store(pa + o, v128.load(pb + o));
  v128.store(pb + o, va);
}
