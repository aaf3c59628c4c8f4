import { MISSING_BIN } from './common';

/**
 * Maps one feature column to bin codes, written with a row stride so that the
 * output is the row-major binned matrix.
 *
 * bin(v) = number of cut points <= v (so a split "bin <= b" is "v < cuts[b]");
 * NaN maps to MISSING_BIN.
 *
 * @param values  IN  f32 [nRows]
 * @param cuts    IN  f32 [nCuts], strictly increasing, nCuts < MISSING_BIN
 * @param out     OUT u8 [nRows * stride], written at out[i * stride + column]
 */
export function binColumn(values: usize, nRows: i32, cuts: usize, nCuts: i32, out: usize, stride: i32, column: i32): void {
  for (let i = 0; i < nRows; i++) {
    const v = load<f32>(values + (<usize>i << 2));
    let b: i32;
    if (v != v) {
      b = MISSING_BIN;
    } else {
      // upper bound: first cut index with cuts[k] > v
      let lo = 0;
      let hi = nCuts;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (load<f32>(cuts + (<usize>mid << 2)) <= v) lo = mid + 1;
        else hi = mid;
      }
      b = lo;
    }
    store<u8>(out + <usize>i * <usize>stride + <usize>column, <u8>b);
  }
}
