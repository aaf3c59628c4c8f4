import { BINS_PER_FEATURE, HIST_ENTRY_BYTES } from './common';

/**
 * Gradient/hessian histogram of the contiguous rows start..end of a block.
 *
 * @param bins  IN  u8 [.. * stride], row-major bin codes (nFeatures used per row)
 * @param gh    IN  f64 [.. * 2], interleaved (gradient, hessian) per row
 * @param hist  OUT f64 [nFeatures * BINS_PER_FEATURE * 2], (grad, hess) per bin
 *
 * SIMD: one row's (g, h) pair is a single f64x2 lane pair added to the bin's entry.
 */
export function buildHistogram(bins: usize, stride: i32, nFeatures: i32, gh: usize, start: i32, end: i32, hist: usize): void {
  memory.fill(hist, 0, <usize>nFeatures * <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES);
  const nf = <usize>nFeatures;
  for (let k = start; k < end; k++) {
    accumulateRow(hist, bins + <usize>k * <usize>stride, nf, v128.load(gh + (<usize>k << 4)));
  }
}

/** Bytes of one feature's entries in a histogram. */
const FEATURE_HIST_BYTES: usize = <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES;

/**
 * Adds one row's (g, h) pair `v` to the bins of its nFeatures bin codes at
 * `rowBins`. Unrolled by 4: the features hit independent entries, so their
 * loads and stores can overlap. A group's four features are addressed from
 * the first one's histogram, the others at constant offsets of
 * FEATURE_HIST_BYTES (immediate offsets of the loads and stores), which saves
 * computing each feature's address.
 */
// @ts-ignore: decorator
@inline
export function accumulateRow(hist: usize, rowBins: usize, nf: usize, v: v128): void {
  let f: usize = 0;
  let hf = hist;
  for (; f + 4 <= nf; f += 4) {
    const p0 = hf + (<usize>load<u8>(rowBins + f) << 4);
    const p1 = hf + (<usize>load<u8>(rowBins + f, 1) << 4);
    const p2 = hf + (<usize>load<u8>(rowBins + f, 2) << 4);
    const p3 = hf + (<usize>load<u8>(rowBins + f, 3) << 4);
    v128.store(p0, f64x2.add(v128.load(p0), v));
    v128.store(p1, f64x2.add(v128.load(p1, FEATURE_HIST_BYTES), v), FEATURE_HIST_BYTES);
    v128.store(p2, f64x2.add(v128.load(p2, 2 * FEATURE_HIST_BYTES), v), 2 * FEATURE_HIST_BYTES);
    v128.store(p3, f64x2.add(v128.load(p3, 3 * FEATURE_HIST_BYTES), v), 3 * FEATURE_HIST_BYTES);
    hf += 4 * FEATURE_HIST_BYTES;
  }
  for (; f < nf; f++) {
    const p = hf + (<usize>load<u8>(rowBins + f) << 4);
    v128.store(p, f64x2.add(v128.load(p), v));
    hf += FEATURE_HIST_BYTES;
  }
}

/** Scalar twin of buildHistogram, kept as the reference a test compares against. */
export function buildHistogramNaive(bins: usize, stride: i32, nFeatures: i32, gh: usize, start: i32, end: i32, hist: usize): void {
  memory.fill(hist, 0, <usize>nFeatures * <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES);
  for (let k = start; k < end; k++) {
    const g = load<f64>(gh + (<usize>k << 4));
    const h = load<f64>(gh + (<usize>k << 4) + 8);
    for (let f = 0; f < nFeatures; f++) {
      const b = <usize>load<u8>(bins + <usize>k * <usize>stride + <usize>f);
      const p = hist + (((<usize>f << 8) + b) << 4);
      store<f64>(p, load<f64>(p) + g);
      store<f64>(p + 8, load<f64>(p + 8) + h);
    }
  }
}

/**
 * parent -= child, entry by entry (the subtraction trick: the larger child's
 * histogram is the parent's minus the smaller child's).
 *
 * @param parent  IN/OUT f64 [nFeatures * BINS_PER_FEATURE * 2]
 * @param child   IN     f64 [same]
 */
export function subtractHistogram(parent: usize, child: usize, nFeatures: i32): void {
  const bytes = <usize>nFeatures * <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES;
  // Four entries per iteration (a feature's 256 entries are a multiple of 4):
  // less loop overhead, and the loads of one entry overlap the next's.
  for (let o: usize = 0; o < bytes; o += 64) {
    const p = parent + o;
    const c = child + o;
    const d0 = f64x2.sub(v128.load(p), v128.load(c));
    const d1 = f64x2.sub(v128.load(p, 16), v128.load(c, 16));
    const d2 = f64x2.sub(v128.load(p, 32), v128.load(c, 32));
    const d3 = f64x2.sub(v128.load(p, 48), v128.load(c, 48));
    v128.store(p, d0);
    v128.store(p, d1, 16);
    v128.store(p, d2, 32);
    v128.store(p, d3, 48);
  }
}
