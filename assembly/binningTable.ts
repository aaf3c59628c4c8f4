import { MISSING_BIN } from './common';

/**
 * binColumn's bins (number of cut points <= v; NaN: MISSING_BIN) by a lookup
 * table instead of a binary search over all the cuts.
 *
 * The cell of v is (v - lo) * scale in f32, clamped to 0..lastCell (NaN to
 * 0) and rounded to the nearest integer (ties to even, by adding 2^23): a
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
 * @returns the index of the first ±Infinity among the values, or -1 (the
 *          finite check of predictProba, done in the same pass)
 */
export function binColumnByTable(
  values: usize, nRows: i32, cuts: usize, table: usize, lo: f32, scale: f32, lastCell: i32, window: i32,
  out: usize, stride: i32, column: i32,
): i32 {
  return binByTable(values, nRows, cuts, table, lo, scale, lastCell, window, out, stride, column, false);
}

/**
 * binColumnByTable writing predictBinnedBlocks' layout (see predictBinned.ts):
 * row i's bin of feature `column` at (i / 64) * 128 nFeatures + 64 column + i % 64
 * and the bin plus one (wrapping) 64 nFeatures bytes further, so the scorer
 * reads the blocks without transposing them.
 *
 * @param blocks  OUT u8 [ceil(nRows / 64) * 128 * nFeatures]
 * @returns as binColumnByTable: the first ±Infinity's index, or -1
 */
export function binColumnToBlocks(
  values: usize, nRows: i32, cuts: usize, table: usize, lo: f32, scale: f32, lastCell: i32, window: i32,
  blocks: usize, nFeatures: i32, column: i32,
): i32 {
  return binByTable(values, nRows, cuts, table, lo, scale, lastCell, window, blocks, nFeatures, column, true);
}

// @ts-ignore: decorator
@inline
function binByTable(
  values: usize, nRows: i32, cuts: usize, table: usize, lo: f32, scale: f32, lastCell: i32, window: i32,
  out: usize, stride: i32, column: i32, blocked: bool,
): i32 {
  const inf = f32x4.splat(Infinity);
  let infinite = i32x4.splat(0);
  let i = 0;
  if (window == 1 && blocked) {
    // Whole 64-row groups in three steps: (1) in SIMD, each value's cell as its table
    // entry's address, four at a time; (2) in scalar code, one value at a time, the
    // entry (the number of cuts below the cell) stored as the bin and the next cut
    // looked up; (3) in SIMD, 16 at a time, each value compared with its next cut
    // (plus one where v >= cut), NaN set to the missing bin, the plus-one copies written.
    const vlo = f32x4.splat(lo);
    const vscale = f32x4.splat(scale);
    const vlast = f32x4.splat(<f32>lastCell);
    const magic = f32x4.splat(ROUNDING_MAGIC);
    // The rounded cell's bits are 2^23's plus the cell: adding table - 2^23's bits (wrapping) gives its entry's address.
    const entryAt = i32x4.splat(<i32>table - ROUNDING_MAGIC_BITS);
    const zeroF = f32x4.splat(0);
    const one = i8x16.splat(1);
    // ±Infinity: the largest and smallest values seen (pmax and pmin keep the first operand when v is NaN),
    // two of each so that each chain is half as long.
    let hiA = zeroF, hiB = zeroF, loA = zeroF, loB = zeroF;
    const groupBytes = <usize>stride << 7;
    for (; i + 64 <= nRows; i += 64) {
      const bins = out + <usize>(i >>> 6) * groupBytes + (<usize>column << 6);
      const plusOne = bins + (<usize>stride << 6);
      const vs = values + (<usize>i << 2);
      for (let j: usize = 0; j < 256; j += 32) {
        const v0 = v128.load(vs + j);
        const v1 = v128.load(vs + j, 16);
        hiA = f32x4.pmax(hiA, v0);
        loA = f32x4.pmin(loA, v0);
        hiB = f32x4.pmax(hiB, v1);
        loB = f32x4.pmin(loB, v1);
        // pmax(0, y) is y when 0 < y, else 0 (NaN too); pmin(last, y) is y when y < last, else last.
        v128.store(CELLS + j, i32x4.add(f32x4.add(f32x4.pmin(vlast, f32x4.pmax(zeroF, f32x4.mul(f32x4.sub(v0, vlo), vscale))), magic), entryAt));
        v128.store(CELLS + j, i32x4.add(f32x4.add(f32x4.pmin(vlast, f32x4.pmax(zeroF, f32x4.mul(f32x4.sub(v1, vlo), vscale))), magic), entryAt), 16);
      }
      for (let k: usize = 0; k < 64; k += 4) {
        const c = CELLS + (k << 2);
        const b0 = <usize>load<u8>(<usize>load<i32>(c));
        const b1 = <usize>load<u8>(<usize>load<i32>(c, 4));
        const b2 = <usize>load<u8>(<usize>load<i32>(c, 8));
        const b3 = <usize>load<u8>(<usize>load<i32>(c, 12));
        store<u8>(bins + k, <u8>b0);
        store<u8>(bins + k, <u8>b1, 1);
        store<u8>(bins + k, <u8>b2, 2);
        store<u8>(bins + k, <u8>b3, 3);
        store<f32>(c, load<f32>(cuts + (b0 << 2)));
        store<f32>(c, load<f32>(cuts + (b1 << 2)), 4);
        store<f32>(c, load<f32>(cuts + (b2 << 2)), 8);
        store<f32>(c, load<f32>(cuts + (b3 << 2)), 12);
      }
      for (let j: usize = 0; j < 64; j += 16) {
        const v = vs + (j << 2);
        const c = CELLS + (j << 2);
        // -1 where the next cut is <= v (one more cut), 1 for NaN (whose entry is cell 0's, 0 cuts: 0 - 1 = MISSING_BIN), else 0.
        const v0 = v128.load(v), v1 = v128.load(v, 16), v2 = v128.load(v, 32), v3 = v128.load(v, 48);
        const e0 = i32x4.sub(f32x4.le(v128.load(c), v0), f32x4.ne(v0, v0));
        const e1 = i32x4.sub(f32x4.le(v128.load(c, 16), v1), f32x4.ne(v1, v1));
        const e2 = i32x4.sub(f32x4.le(v128.load(c, 32), v2), f32x4.ne(v2, v2));
        const e3 = i32x4.sub(f32x4.le(v128.load(c, 48), v3), f32x4.ne(v3, v3));
        const b = i8x16.sub(v128.load(bins + j), i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(e0, e1), i16x8.narrow_i32x4_s(e2, e3)));
        v128.store(bins + j, b);
        v128.store(plusOne + j, i8x16.add(b, one));
      }
    }
    const top = v128.or(f32x4.eq(hiA, inf), f32x4.eq(hiB, inf));
    infinite = v128.or(infinite, v128.or(top, v128.or(f32x4.eq(loA, f32x4.neg(inf)), f32x4.eq(loB, f32x4.neg(inf)))));
  }
  if (window == 1 && !blocked) {
    // The usual case (each cell holds at most one cut): four rows a step, one compare each.
    const vlo = f32x4.splat(lo);
    const vscale = f32x4.splat(scale);
    const vlast = f32x4.splat(<f32>lastCell);
    const magic = f32x4.splat(ROUNDING_MAGIC);
    const magicBits = i32x4.splat(ROUNDING_MAGIC_BITS);
    const zeroF = f32x4.splat(0);
    const zero = i32x4.splat(0);
    const missing = i32x4.splat(MISSING_BIN);
    const one = i8x16.splat(1);
    for (; i + 4 <= nRows; i += 4) {
      const v = v128.load(values + (<usize>i << 2));
      infinite = v128.or(infinite, f32x4.eq(f32x4.abs(v), inf));
      // pmax(0, y) is y when 0 < y, else 0 (NaN too); pmin(last, y) is y when y < last, else last.
      const y = f32x4.pmin(vlast, f32x4.pmax(zeroF, f32x4.mul(f32x4.sub(v, vlo), vscale)));
      const cell = i32x4.sub(f32x4.add(y, magic), magicBits);
      v128.store(LANES, cell);
      const b0 = <i32>load<u8>(table + <usize>load<i32>(LANES));
      const b1 = <i32>load<u8>(table + <usize>load<i32>(LANES, 4));
      const b2 = <i32>load<u8>(table + <usize>load<i32>(LANES, 8));
      const b3 = <i32>load<u8>(table + <usize>load<i32>(LANES, 12));
      let next = f32x4.splat(load<f32>(cuts + (<usize>b0 << 2)));
      next = f32x4.replace_lane(next, 1, load<f32>(cuts + (<usize>b1 << 2)));
      next = f32x4.replace_lane(next, 2, load<f32>(cuts + (<usize>b2 << 2)));
      next = f32x4.replace_lane(next, 3, load<f32>(cuts + (<usize>b3 << 2)));
      let below = i32x4.splat(b0);
      below = i32x4.replace_lane(below, 1, b1);
      below = i32x4.replace_lane(below, 2, b2);
      below = i32x4.replace_lane(below, 3, b3);
      // A true compare is -1: subtracting it adds the cut. NaN compares false and takes the missing bin.
      const bin = v128.bitselect(i32x4.sub(below, f32x4.le(next, v)), missing, f32x4.eq(v, v));
      const o = out + <usize>column + <usize>i * <usize>stride;
      const st = <usize>stride;
      store<u8>(o, <u8>i32x4.extract_lane(bin, 0));
      store<u8>(o + st, <u8>i32x4.extract_lane(bin, 1));
      store<u8>(o + 2 * st, <u8>i32x4.extract_lane(bin, 2));
      store<u8>(o + 3 * st, <u8>i32x4.extract_lane(bin, 3));
    }
  }
  // Other windows, and the rows after the last four: one row at a time.
  for (; i < nRows; i++) {
    const v = load<f32>(values + (<usize>i << 2));
    infinite = v128.or(infinite, f32x4.eq(f32x4.splat(abs(v)), inf));
    let y = (v - lo) * scale;
    y = select<f32>(y, 0, y > 0);
    y = select<f32>(y, <f32>lastCell, y < <f32>lastCell);
    const cell = reinterpret<i32>(y + ROUNDING_MAGIC) - ROUNDING_MAGIC_BITS;
    let base = cuts + (<usize>load<u8>(table + <usize>cell) << 2);
    // window + 1 possible counts; halve them until one is left.
    let n = window + 1;
    while (n > 1) {
      const h = n >>> 1;
      base = select<usize>(base + (<usize>h << 2), base, load<f32>(base + (<usize>(h - 1) << 2)) <= v);
      n -= h;
    }
    const bin = select<i32>(<i32>((base - cuts) >>> 2), MISSING_BIN, v == v);
    if (blocked) {
      const at = blockAt(out, stride, column, i);
      store<u8>(at, <u8>bin);
      store<u8>(at + (<usize>stride << 6), <u8>(bin + 1));
    } else {
      store<u8>(out + <usize>column + <usize>i * <usize>stride, <u8>bin);
    }
  }
  if (!v128.any_true(infinite)) return -1;
  let k = 0;
  while (abs(load<f32>(values + (<usize>k << 2))) != Infinity) k++;
  return k;
}

/** Static space to spill a vector's lanes (cheaper than four lane extractions). */
const LANES = memory.data(16, 16);
/** Static space for a 64-row group's cells (i32), read back one at a time, then for their next cuts (f32). */
const CELLS = memory.data(256, 16);

/** 2^23: adding it to a float in [0, 2^23) rounds that to an integer, held in the sum's low mantissa bits. */
const ROUNDING_MAGIC: f32 = 8388608.0;
const ROUNDING_MAGIC_BITS: i32 = 0x4b000000;

/** Where row i's bin of feature `column` goes in predictBinnedBlocks' layout (nFeatures columns, then their plus-one copies). */
// @ts-ignore: decorator
@inline
export function blockAt(blocks: usize, nFeatures: i32, column: i32, i: i32): usize {
  return blocks + (<usize>(i >>> 6) * (<usize>nFeatures << 7)) + (<usize>column << 6) + <usize>(i & 63);
}
