import { MISSING_BIN } from './common';

/**
 * Maps one feature column to bin codes, written with a row stride so that the
 * output is the row-major binned matrix.
 *
 * bin(v) = number of cut points <= v (so a split "bin <= b" is "v < cuts[b]");
 * NaN maps to MISSING_BIN.
 *
 * Branch-free binary searches (power-of-two steps, each a select), four rows
 * at a time so that their loads overlap: the searches of a column of random
 * values mispredict nearly every branch otherwise.
 *
 * @param values  IN  f32 [nRows]
 * @param cuts    IN  f32 [nCuts], strictly increasing, nCuts < MISSING_BIN
 * @param out     OUT u8 [nRows * stride], written at out[i * stride + column]
 */
export function binColumn(values: usize, nRows: i32, cuts: usize, nCuts: i32, out: usize, stride: i32, column: i32): void {
  // The largest power of two <= nCuts (0 without cuts: every value is in bin 0).
  const top: i32 = nCuts > 0 ? 1 << (31 - clz<i32>(nCuts)) : 0;
  const st = <usize>stride;
  const o = out + <usize>column;
  let i = 0;
  for (; i + 4 <= nRows; i += 4) {
    const v0 = load<f32>(values + (<usize>i << 2));
    const v1 = load<f32>(values + (<usize>i << 2) + 4);
    const v2 = load<f32>(values + (<usize>i << 2) + 8);
    const v3 = load<f32>(values + (<usize>i << 2) + 12);
    let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
    for (let step = top; step > 0; step >>= 1) {
      p0 = searchStep(p0, step, v0, cuts, nCuts);
      p1 = searchStep(p1, step, v1, cuts, nCuts);
      p2 = searchStep(p2, step, v2, cuts, nCuts);
      p3 = searchStep(p3, step, v3, cuts, nCuts);
    }
    store<u8>(o + <usize>i * st, <u8>select<i32>(MISSING_BIN, p0, v0 != v0));
    store<u8>(o + <usize>(i + 1) * st, <u8>select<i32>(MISSING_BIN, p1, v1 != v1));
    store<u8>(o + <usize>(i + 2) * st, <u8>select<i32>(MISSING_BIN, p2, v2 != v2));
    store<u8>(o + <usize>(i + 3) * st, <u8>select<i32>(MISSING_BIN, p3, v3 != v3));
  }
  for (; i < nRows; i++) {
    const v = load<f32>(values + (<usize>i << 2));
    let p = 0;
    for (let step = top; step > 0; step >>= 1) p = searchStep(p, step, v, cuts, nCuts);
    store<u8>(o + <usize>i * st, <u8>select<i32>(MISSING_BIN, p, v != v));
  }
}

/**
 * One step of the upper-bound search: `pos` cut points are known to be <= v;
 * if cut number pos + step exists and is <= v too, so are all before it.
 * (A NaN compares false everywhere and ends at 0.)
 */
// @ts-ignore: decorator
@inline
function searchStep(pos: i32, step: i32, v: f32, cuts: usize, nCuts: i32): i32 {
  const probe = pos + step;
  const k = (probe < nCuts ? probe : nCuts) - 1; // always a valid index
  const below = <i32>(probe <= nCuts) & <i32>(load<f32>(cuts + (<usize>k << 2)) <= v);
  return select<i32>(probe, pos, below != 0);
}
