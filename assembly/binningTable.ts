import { MISSING_BIN } from './common';

/**
 * binColumn's bins (number of cut points <= v; NaN: MISSING_BIN) by a lookup
 * table instead of a binary search over all the cuts.
 *
 * The cell of v is trunc((v - lo) * scale) in f32, clamped to 0..lastCell: a
 * nondecreasing function of v, so every cut in a cell below v's is < v, and
 * every cut in a cell above v's is > v. `table[cell]` holds the number of
 * cuts in the cells below, and a branch-free search over the next `window`
 * cuts (at least the most any cell holds) counts the cuts of v's own cell
 * that are <= v. The table and cells are built by thresholdLookup.ts with
 * the same f32 arithmetic.
 *
 * @param values  IN  f32 [nRows]
 * @param cuts    IN  f32 [nCuts + window]: the cuts, then `window` NaN pads (compare false)
 * @param table   IN  u8 [lastCell + 1]
 * @param out     OUT u8 [nRows * stride], written at out[i * stride + column]
 */
export function binColumnByTable(
  values: usize, nRows: i32, cuts: usize, table: usize, lo: f32, scale: f32, lastCell: i32, window: i32,
  out: usize, stride: i32, column: i32,
): void {
  const st = <usize>stride;
  const dst = out + <usize>column;
  if (window == 1) {
    // The usual case (each cell holds at most one cut): four rows a step, one compare each.
    const vlo = f32x4.splat(lo);
    const vscale = f32x4.splat(scale);
    const vlast = i32x4.splat(lastCell);
    const zero = i32x4.splat(0);
    let i = 0;
    for (; i + 4 <= nRows; i += 4) {
      const v = v128.load(values + (<usize>i << 2));
      const cell = i32x4.min_s(i32x4.max_s(i32x4.trunc_sat_f32x4_s(f32x4.mul(f32x4.sub(v, vlo), vscale)), zero), vlast);
      const o = dst + <usize>i * st;
      store<u8>(o, <u8>oneCutFixUp(table, cuts, i32x4.extract_lane(cell, 0), f32x4.extract_lane(v, 0)));
      store<u8>(o + st, <u8>oneCutFixUp(table, cuts, i32x4.extract_lane(cell, 1), f32x4.extract_lane(v, 1)));
      store<u8>(o + 2 * st, <u8>oneCutFixUp(table, cuts, i32x4.extract_lane(cell, 2), f32x4.extract_lane(v, 2)));
      store<u8>(o + 3 * st, <u8>oneCutFixUp(table, cuts, i32x4.extract_lane(cell, 3), f32x4.extract_lane(v, 3)));
    }
    for (; i < nRows; i++) {
      const v = load<f32>(values + (<usize>i << 2));
      store<u8>(dst + <usize>i * st, <u8>oneCutFixUp(table, cuts, cellOf(v, lo, scale, lastCell), v));
    }
    return;
  }
  for (let i = 0; i < nRows; i++) {
    const v = load<f32>(values + (<usize>i << 2));
    let base = cuts + (<usize>load<u8>(table + <usize>cellOf(v, lo, scale, lastCell)) << 2);
    // window + 1 possible counts; halve them until one is left.
    let n = window + 1;
    while (n > 1) {
      const h = n >>> 1;
      base = select<usize>(base + (<usize>h << 2), base, load<f32>(base + (<usize>(h - 1) << 2)) <= v);
      n -= h;
    }
    store<u8>(dst + <usize>i * st, <u8>select<i32>(<i32>((base - cuts) >>> 2), MISSING_BIN, v == v));
  }
}

/** The clamped cell of v (NaN: cell 0); scalar twin of the vector lanes above. */
// @ts-ignore: decorator
@inline
function cellOf(v: f32, lo: f32, scale: f32, lastCell: i32): i32 {
  // Saturating conversion (nontrapping-f2i, on by default): NaN gives 0, ±Infinity the i32 limits.
  const c = <i32>((v - lo) * scale);
  return min(max(c, 0), lastCell);
}

/** The bin of v in a cell holding at most one cut: the cuts below the cell, plus one if the next cut is <= v. */
// @ts-ignore: decorator
@inline
function oneCutFixUp(table: usize, cuts: usize, cell: i32, v: f32): i32 {
  const b = <i32>load<u8>(table + <usize>cell);
  return select<i32>(b + <i32>(load<f32>(cuts + (<usize>b << 2)) <= v), MISSING_BIN, v == v);
}
