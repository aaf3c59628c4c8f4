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
 * `rowBins`. The features hit independent entries, so their loads and stores
 * can overlap. A group's features are addressed from the first one's
 * histogram, the others at constant offsets of FEATURE_HIST_BYTES (immediate
 * offsets of the loads and stores), which saves computing each feature's
 * address. Groups of 16 features first: straight-line code, so the loop's
 * own instructions (V8 checks the stack on every back edge) are paid once per
 * 16 features instead of once per 4; then groups of 4, then single features.
 */
// @ts-ignore: decorator
@inline
export function accumulateRow(hist: usize, rowBins: usize, nf: usize, v: v128): void {
  let f: usize = 0;
  let hf = hist;
  for (; f + 16 <= nf; f += 16) {
    const p0 = hf + (<usize>load<u8>(rowBins + f) << 4);
    const p1 = hf + (<usize>load<u8>(rowBins + f, 1) << 4);
    const p2 = hf + (<usize>load<u8>(rowBins + f, 2) << 4);
    const p3 = hf + (<usize>load<u8>(rowBins + f, 3) << 4);
    v128.store(p0, f64x2.add(v128.load(p0), v));
    v128.store(p1, f64x2.add(v128.load(p1, FEATURE_HIST_BYTES), v), FEATURE_HIST_BYTES);
    v128.store(p2, f64x2.add(v128.load(p2, 2 * FEATURE_HIST_BYTES), v), 2 * FEATURE_HIST_BYTES);
    v128.store(p3, f64x2.add(v128.load(p3, 3 * FEATURE_HIST_BYTES), v), 3 * FEATURE_HIST_BYTES);
    const p4 = hf + (<usize>load<u8>(rowBins + f, 4) << 4);
    const p5 = hf + (<usize>load<u8>(rowBins + f, 5) << 4);
    const p6 = hf + (<usize>load<u8>(rowBins + f, 6) << 4);
    const p7 = hf + (<usize>load<u8>(rowBins + f, 7) << 4);
    v128.store(p4, f64x2.add(v128.load(p4, 4 * FEATURE_HIST_BYTES), v), 4 * FEATURE_HIST_BYTES);
    v128.store(p5, f64x2.add(v128.load(p5, 5 * FEATURE_HIST_BYTES), v), 5 * FEATURE_HIST_BYTES);
    v128.store(p6, f64x2.add(v128.load(p6, 6 * FEATURE_HIST_BYTES), v), 6 * FEATURE_HIST_BYTES);
    v128.store(p7, f64x2.add(v128.load(p7, 7 * FEATURE_HIST_BYTES), v), 7 * FEATURE_HIST_BYTES);
    const p8 = hf + (<usize>load<u8>(rowBins + f, 8) << 4);
    const p9 = hf + (<usize>load<u8>(rowBins + f, 9) << 4);
    const p10 = hf + (<usize>load<u8>(rowBins + f, 10) << 4);
    const p11 = hf + (<usize>load<u8>(rowBins + f, 11) << 4);
    v128.store(p8, f64x2.add(v128.load(p8, 8 * FEATURE_HIST_BYTES), v), 8 * FEATURE_HIST_BYTES);
    v128.store(p9, f64x2.add(v128.load(p9, 9 * FEATURE_HIST_BYTES), v), 9 * FEATURE_HIST_BYTES);
    v128.store(p10, f64x2.add(v128.load(p10, 10 * FEATURE_HIST_BYTES), v), 10 * FEATURE_HIST_BYTES);
    v128.store(p11, f64x2.add(v128.load(p11, 11 * FEATURE_HIST_BYTES), v), 11 * FEATURE_HIST_BYTES);
    const p12 = hf + (<usize>load<u8>(rowBins + f, 12) << 4);
    const p13 = hf + (<usize>load<u8>(rowBins + f, 13) << 4);
    const p14 = hf + (<usize>load<u8>(rowBins + f, 14) << 4);
    const p15 = hf + (<usize>load<u8>(rowBins + f, 15) << 4);
    v128.store(p12, f64x2.add(v128.load(p12, 12 * FEATURE_HIST_BYTES), v), 12 * FEATURE_HIST_BYTES);
    v128.store(p13, f64x2.add(v128.load(p13, 13 * FEATURE_HIST_BYTES), v), 13 * FEATURE_HIST_BYTES);
    v128.store(p14, f64x2.add(v128.load(p14, 14 * FEATURE_HIST_BYTES), v), 14 * FEATURE_HIST_BYTES);
    v128.store(p15, f64x2.add(v128.load(p15, 15 * FEATURE_HIST_BYTES), v), 15 * FEATURE_HIST_BYTES);
    hf += 16 * FEATURE_HIST_BYTES;
  }
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

