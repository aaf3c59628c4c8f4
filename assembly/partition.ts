import { BINS_PER_FEATURE, HIST_ENTRY_BYTES, MISSING_BIN } from './common';
import { accumulateRow } from './histogram';

/**
 * Stable partition of rows[start..end) by a split: rows going left first,
 * then rows going right, each in their original order. Returns the index
 * where the right part starts.
 *
 * @param bins     IN     u8 [nRows * nFeatures], row-major
 * @param rows     IN/OUT u32 [..]
 * @param scratch  OUT    u32 [end - start], temporary
 */
export function partitionRows(
  bins: usize, nFeatures: i32, rows: usize, start: i32, end: i32,
  feature: i32, splitBin: i32, defaultLeft: i32, scratch: usize,
): i32 {
  let l = start;
  let r = 0;
  const nf = <usize>nFeatures;
  const col = <usize>feature;
  for (let k = start; k < end; k++) {
    const row = load<u32>(rows + (<usize>k << 2));
    const b = <i32>load<u8>(bins + <usize>row * nf + col);
    const left = b == MISSING_BIN ? defaultLeft != 0 : b <= splitBin;
    if (left) {
      store<u32>(rows + (<usize>l << 2), row);
      l++;
    } else {
      store<u32>(scratch + (<usize>r << 2), row);
      r++;
    }
  }
  memory.copy(rows + (<usize>l << 2), scratch, <usize>r << 2);
  return l;
}

/**
 * partitionRows fused with the histogram of one side: while each row's bin
 * codes are in cache for the split test, rows going to the `buildLeft` side
 * are also added to `hist`. This saves a second gather pass over the rows.
 *
 * @param gh    IN  f64 [nRows * 2] (gradient, hessian) pairs
 * @param hist  OUT f64 [nFeatures * BINS_PER_FEATURE * 2], histogram of the chosen side
 */
export function partitionRowsWithHistogram(
  bins: usize, nFeatures: i32, gh: usize, rows: usize, start: i32, end: i32,
  feature: i32, splitBin: i32, defaultLeft: i32, scratch: usize, buildLeft: i32, hist: usize,
): i32 {
  memory.fill(hist, 0, <usize>nFeatures * <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES);
  let l = start;
  let r = 0;
  const nf = <usize>nFeatures;
  const col = <usize>feature;
  const wantLeft = buildLeft != 0;
  for (let k = start; k < end; k++) {
    const row = load<u32>(rows + (<usize>k << 2));
    const rowBins = bins + <usize>row * nf;
    const b = <i32>load<u8>(rowBins + col);
    const left = b == MISSING_BIN ? defaultLeft != 0 : b <= splitBin;
    if (left) {
      store<u32>(rows + (<usize>l << 2), row);
      l++;
    } else {
      store<u32>(scratch + (<usize>r << 2), row);
      r++;
    }
    if (left == wantLeft) accumulateRow(hist, rowBins, nf, v128.load(gh + (<usize>row << 4)));
  }
  memory.copy(rows + (<usize>l << 2), scratch, <usize>r << 2);
  return l;
}

/**
 * For a split whose two children are leaves: adds the left or right leaf
 * value to each row's score, without moving any rows.
 *
 * @param rows    IN     u32 [..], rows[start..end) are the split node's
 * @param scores  IN/OUT f64 [nRows]
 */
export function addSplitLeaves(
  bins: usize, nFeatures: i32, rows: usize, start: i32, end: i32,
  feature: i32, splitBin: i32, defaultLeft: i32, leftValue: f64, rightValue: f64, scores: usize,
): void {
  const nf = <usize>nFeatures;
  const col = <usize>feature;
  for (let k = start; k < end; k++) {
    const row = <usize>load<u32>(rows + (<usize>k << 2));
    const b = <i32>load<u8>(bins + row * nf + col);
    const left = b == MISSING_BIN ? defaultLeft != 0 : b <= splitBin;
    const p = scores + (row << 3);
    store<f64>(p, load<f64>(p) + select<f64>(leftValue, rightValue, left));
  }
}
