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
  const st = <usize>stride;
  const dst = out + <usize>column;
  if (nCuts == 0) {
    for (let i = 0; i < nRows; i++) {
      const v = load<f32>(values + (<usize>i << 2));
      store<u8>(dst + <usize>i * st, <u8>select<i32>(0, MISSING_BIN, v == v));
    }
    return;
  }
  // Eight rows at a time: their eight searches are independent chains of loads that overlap.
  let i = 0;
  for (; i + 8 <= nRows; i += 8) {
    const x = values + (<usize>i << 2);
    const v0 = load<f32>(x), v1 = load<f32>(x, 4), v2 = load<f32>(x, 8), v3 = load<f32>(x, 12);
    const v4 = load<f32>(x, 16), v5 = load<f32>(x, 20), v6 = load<f32>(x, 24), v7 = load<f32>(x, 28);
    let b0: usize = cuts, b1: usize = cuts, b2: usize = cuts, b3: usize = cuts;
    let b4: usize = cuts, b5: usize = cuts, b6: usize = cuts, b7: usize = cuts;
    let n = nCuts;
    while (n > 1) {
      const h = <usize>(n >>> 1) << 2;
      b0 = select<usize>(b0 + h, b0, load<f32>(b0 + h) <= v0);
      b1 = select<usize>(b1 + h, b1, load<f32>(b1 + h) <= v1);
      b2 = select<usize>(b2 + h, b2, load<f32>(b2 + h) <= v2);
      b3 = select<usize>(b3 + h, b3, load<f32>(b3 + h) <= v3);
      b4 = select<usize>(b4 + h, b4, load<f32>(b4 + h) <= v4);
      b5 = select<usize>(b5 + h, b5, load<f32>(b5 + h) <= v5);
      b6 = select<usize>(b6 + h, b6, load<f32>(b6 + h) <= v6);
      b7 = select<usize>(b7 + h, b7, load<f32>(b7 + h) <= v7);
      n -= n >>> 1;
    }
    const o = dst + <usize>i * st;
    store<u8>(o, <u8>binOf(b0, cuts, v0));
    store<u8>(o + st, <u8>binOf(b1, cuts, v1));
    store<u8>(o + 2 * st, <u8>binOf(b2, cuts, v2));
    store<u8>(o + 3 * st, <u8>binOf(b3, cuts, v3));
    store<u8>(o + 4 * st, <u8>binOf(b4, cuts, v4));
    store<u8>(o + 5 * st, <u8>binOf(b5, cuts, v5));
    store<u8>(o + 6 * st, <u8>binOf(b6, cuts, v6));
    store<u8>(o + 7 * st, <u8>binOf(b7, cuts, v7));
  }
  for (; i < nRows; i++) {
    const v = load<f32>(values + (<usize>i << 2));
    let base: usize = cuts;
    let n = nCuts;
    while (n > 1) {
      const h = <usize>(n >>> 1) << 2;
      base = select<usize>(base + h, base, load<f32>(base + h) <= v);
      n -= n >>> 1;
    }
    store<u8>(dst + <usize>i * st, <u8>binOf(base, cuts, v));
  }
}

/**
 * The bin of v once a branch-free search left `base` at the last cut <= v
 * (or at the first cut when none is): its index plus (cuts[base] <= v).
 * NaN compares false everywhere; it takes the missing bin.
 */
// @ts-ignore: decorator
@inline
function binOf(base: usize, cuts: usize, v: f32): i32 {
  const b = <i32>((base - cuts) >>> 2) + <i32>(load<f32>(base) <= v);
  return select<i32>(b, MISSING_BIN, v == v);
}
