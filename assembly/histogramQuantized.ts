import { BINS_PER_FEATURE, HIST_ENTRY_BYTES } from './common';
import { NodeRec } from './node';
import { quantOffset, quantizeRow, roundKey } from './quantize';
import { RowBlock } from './rowblock';

/**
 * Histogram of the contiguous rows start..end of a block from their quantized
 * gradients (quantize.ts), accumulated in packed integers, then written
 * scaled into the usual f64 histogram (so the subtraction trick, the sums
 * across threads and the split search are the ones of full-precision
 * training; every value is exact).
 *
 * Packing: a row adds (qg << 16) + qh to one i32 per entry when the node has
 * at most `packRows` rows (then every entry's hessian sum fits the low 16
 * bits and its gradient sum the high 16, signed), else (qg << 32) + qh to one
 * i64: one integer add per feature and row, in a table a quarter (i32) or
 * half (i64) the size of the f64 pairs'.
 *
 * @param bins     IN  u8 [.. * stride], bin codes with the (qg, qh) bytes at stride - 2
 * @param scratch  scratch i64 [nFeatures * BINS_PER_FEATURE]
 * @param hist     OUT f64 [nFeatures * BINS_PER_FEATURE * 2], (grad, hess) per bin
 * @param packRows rows up to which the i32 packing is exact (see above)
 */
export function buildHistogramQuantized(
  bins: usize, stride: i32, nFeatures: i32, start: i32, end: i32, scratch: usize, hist: usize,
  gScale: f64, hScale: f64, packRows: i32,
): void {
  const nf = <usize>nFeatures;
  const entries = nf * <usize>BINS_PER_FEATURE;
  const st = <usize>stride;
  const off = quantOffset(stride);
  if (end - start <= packRows) {
    memory.fill(scratch, 0, entries << 2);
    for (let k = start; k < end; k++) {
      const row = bins + <usize>k * st;
      const v = (<i32>load<i8>(row + off) << 16) + <i32>load<u8>(row + off + 1);
      accumulateRow32(scratch, row, nf, v);
    }
    scaleTable32(scratch, entries, hist, gScale, hScale);
  } else {
    memory.fill(scratch, 0, entries << 3);
    for (let k = start; k < end; k++) {
      const row = bins + <usize>k * st;
      const v = (<i64>load<i8>(row + off) << 32) + <i64>load<u8>(row + off + 1);
      accumulateRow64(scratch, row, nf, v);
    }
    scaleTable64(scratch, entries, hist, gScale, hScale);
  }
}

/**
 * buildHistogramQuantized for a tree's root, which first rounds its rows'
 * gradients (quantize.ts quantizeRow, drawn by the rows' indices in the
 * training set: rowStart + the block's row ids) into their bytes, in the same
 * pass: the rows are read once. Also sets the node's sumG and sumH to the
 * rows' quantized sums (feature 0's entries hold every row once).
 * Same bytes and histogram as quantizeGradients then buildHistogramQuantized.
 *
 * @param block  IN/OUT RowBlock: bins (levels written), gh and rows read, rows start..end
 */
export function buildRootHistogramQuantized(
  blockPtr: usize, stride: i32, nFeatures: i32, start: i32, end: i32, scratch: usize, hist: usize,
  gScale: f64, hScale: f64, packRows: i32, gLevels: i32, hLevels: i32, seed: u32, round: u32, rowStart: i32, node: NodeRec,
): void {
  const block = changetype<RowBlock>(blockPtr);
  const nf = <usize>nFeatures;
  const entries = nf * <usize>BINS_PER_FEATURE;
  const st = <usize>stride;
  const off = quantOffset(stride);
  const key = roundKey(seed, round);
  const gInv = 1.0 / gScale;
  const hInv = 1.0 / hScale;
  let g: i64 = 0;
  let h: i64 = 0;
  if (end - start <= packRows) {
    memory.fill(scratch, 0, entries << 2);
    for (let k = start; k < end; k++) {
      const row = block.bins + <usize>k * st;
      const pair = quantizeRow(block.gh + (<usize>k << 4), <u32>rowStart + load<u32>(block.rows + (<usize>k << 2)), key, gInv, hInv, gLevels, hLevels);
      store<u16>(row + off, <u16>pair);
      accumulateRow32(scratch, row, nf, (((pair << 24) >> 24) << 16) + (pair >> 8));
    }
    for (let b: usize = 0; b < <usize>BINS_PER_FEATURE; b++) {
      const v = load<i32>(scratch + (b << 2));
      g += <i64>(v >> 16);
      h += <i64>(v & 0xFFFF);
    }
    scaleTable32(scratch, entries, hist, gScale, hScale);
  } else {
    memory.fill(scratch, 0, entries << 3);
    for (let k = start; k < end; k++) {
      const row = block.bins + <usize>k * st;
      const pair = quantizeRow(block.gh + (<usize>k << 4), <u32>rowStart + load<u32>(block.rows + (<usize>k << 2)), key, gInv, hInv, gLevels, hLevels);
      store<u16>(row + off, <u16>pair);
      accumulateRow64(scratch, row, nf, (<i64>((pair << 24) >> 24) << 32) + <i64>(pair >> 8));
    }
    for (let b: usize = 0; b < <usize>BINS_PER_FEATURE; b++) {
      const v = load<i64>(scratch + (b << 3));
      g += v >> 32;
      h += v & 0xFFFFFFFF;
    }
    scaleTable64(scratch, entries, hist, gScale, hScale);
  }
  node.sumG = <f64>g * gScale;
  node.sumH = <f64>h * hScale;
}

/** Writes the f64 histogram of an i32 table: (v >> 16) × gScale and (v & 0xFFFF) × hScale per entry. */
// @ts-ignore: decorator
@inline
function scaleTable32(table: usize, entries: usize, hist: usize, gScale: f64, hScale: f64): void {
  const scale = f64x2.replace_lane(f64x2.splat(gScale), 1, hScale);
  for (let e: usize = 0; e < entries; e++) {
    const v = load<i32>(table + (e << 2));
    // (g, h) as two f64 lanes, then scaled: g = v >> 16 (signed), h = the low 16 bits.
    const gh = f64x2.replace_lane(f64x2.splat(<f64>(v >> 16)), 1, <f64>(v & 0xFFFF));
    v128.store(hist + (e << 4), f64x2.mul(gh, scale));
  }
}

/** scaleTable32 for an i64 table (high and low 32 bits). */
// @ts-ignore: decorator
@inline
function scaleTable64(table: usize, entries: usize, hist: usize, gScale: f64, hScale: f64): void {
  for (let e: usize = 0; e < entries; e++) {
    const v = load<i64>(table + (e << 3));
    store<f64>(hist + (e << 4), <f64>(v >> 32) * gScale);
    store<f64>(hist + (e << 4) + 8, <f64>(v & 0xFFFFFFFF) * hScale);
  }
}

/** Adds the packed pair `v` to the i32 entries of a row's nf bin codes (unrolled by 4, like accumulateRow). */
// @ts-ignore: decorator
@inline
function accumulateRow32(table: usize, rowBins: usize, nf: usize, v: i32): void {
  let f: usize = 0;
  for (; f + 4 <= nf; f += 4) {
    const p0 = table + ((((f + 0) << 8) + <usize>load<u8>(rowBins + f + 0)) << 2);
    const p1 = table + ((((f + 1) << 8) + <usize>load<u8>(rowBins + f + 1)) << 2);
    const p2 = table + ((((f + 2) << 8) + <usize>load<u8>(rowBins + f + 2)) << 2);
    const p3 = table + ((((f + 3) << 8) + <usize>load<u8>(rowBins + f + 3)) << 2);
    store<i32>(p0, load<i32>(p0) + v);
    store<i32>(p1, load<i32>(p1) + v);
    store<i32>(p2, load<i32>(p2) + v);
    store<i32>(p3, load<i32>(p3) + v);
  }
  for (; f < nf; f++) {
    const p = table + (((f << 8) + <usize>load<u8>(rowBins + f)) << 2);
    store<i32>(p, load<i32>(p) + v);
  }
}

/** accumulateRow32 with i64 entries. */
// @ts-ignore: decorator
@inline
function accumulateRow64(table: usize, rowBins: usize, nf: usize, v: i64): void {
  let f: usize = 0;
  for (; f + 4 <= nf; f += 4) {
    const p0 = table + ((((f + 0) << 8) + <usize>load<u8>(rowBins + f + 0)) << 3);
    const p1 = table + ((((f + 1) << 8) + <usize>load<u8>(rowBins + f + 1)) << 3);
    const p2 = table + ((((f + 2) << 8) + <usize>load<u8>(rowBins + f + 2)) << 3);
    const p3 = table + ((((f + 3) << 8) + <usize>load<u8>(rowBins + f + 3)) << 3);
    store<i64>(p0, load<i64>(p0) + v);
    store<i64>(p1, load<i64>(p1) + v);
    store<i64>(p2, load<i64>(p2) + v);
    store<i64>(p3, load<i64>(p3) + v);
  }
  for (; f < nf; f++) {
    const p = table + (((f << 8) + <usize>load<u8>(rowBins + f)) << 3);
    store<i64>(p, load<i64>(p) + v);
  }
}

/**
 * Scalar twin of buildHistogramQuantized, kept as the reference a test
 * compares against: the gradient and hessian levels summed separately into
 * the f64 histogram itself (exact: small integers), then scaled.
 */
export function buildHistogramQuantizedNaive(
  bins: usize, stride: i32, nFeatures: i32, start: i32, end: i32, hist: usize, gScale: f64, hScale: f64,
): void {
  const entries = <usize>nFeatures * <usize>BINS_PER_FEATURE;
  memory.fill(hist, 0, entries * <usize>HIST_ENTRY_BYTES);
  const off = quantOffset(stride);
  for (let k = start; k < end; k++) {
    const row = bins + <usize>k * <usize>stride;
    const qg = <f64>load<i8>(row + off);
    const qh = <f64>load<u8>(row + off + 1);
    for (let f = 0; f < nFeatures; f++) {
      const p = hist + (((<usize>f << 8) + <usize>load<u8>(row + <usize>f)) << 4);
      store<f64>(p, load<f64>(p) + qg);
      store<f64>(p + 8, load<f64>(p + 8) + qh);
    }
  }
  for (let e: usize = 0; e < entries; e++) {
    store<f64>(hist + (e << 4), load<f64>(hist + (e << 4)) * gScale);
    store<f64>(hist + (e << 4) + 8, load<f64>(hist + (e << 4) + 8) * hScale);
  }
}
