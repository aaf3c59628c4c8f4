import { BINS_PER_FEATURE, HIST_ENTRY_BYTES, OCCUPANCY_FEATURE_BYTES } from './common';
import { buildHistogram } from './histogram';

// Occupancy bitmaps: the grower keeps, next to each histogram of its pool, one
// bit per entry (OCCUPANCY_FEATURE_BYTES per feature, bit b of byte b >> 3 for
// bin b). Invariant: an entry whose bit is clear holds +0.0 in both lanes. A
// deep node holds a few hundred rows at most, so most of its 256 × nFeatures
// entries are empty; with the bitmap, clearing, subtracting and scanning a
// histogram visit the entries that may be non-zero instead of all of them.
// The arithmetic on those entries is unchanged, and the others are zero
// either way, so histograms and splits are the same, bit for bit.

/** Below this many rows a histogram is built with its occupancy marked row by row; from it on, it is marked as full. */
export const MARKED_ROWS: i32 = 512;

/**
 * Above this many set bits in a feature's bitmap, its 256 entries are handled
 * as a block. Picked when the split scan still branched on empty bins (8k x 20
 * fit, CPU time: 96 at 64 bits, 94 at 96, 89-91 at 160-200, 91-93 at 256);
 * with the branch-free scan, 128, 192 and 240 cost the same instructions
 * (bench/RESULTS.md §48).
 */
const DENSE_BITS: i32 = 192;

// @ts-ignore: decorator
@inline
function featureBits(occ: usize): i32 {
  return <i32>(popcnt<u64>(load<u64>(occ)) + popcnt<u64>(load<u64>(occ, 8)) + popcnt<u64>(load<u64>(occ, 16)) + popcnt<u64>(load<u64>(occ, 24)));
}

/**
 * Zeroes every entry of `hist` that may be non-zero, as `occupancy` says,
 * and then the bitmap itself: the histogram is all +0.0 afterwards.
 *
 * @param hist       IN/OUT f64 [nFeatures * BINS_PER_FEATURE * 2]
 * @param occupancy  IN/OUT u8 [nFeatures * OCCUPANCY_FEATURE_BYTES]
 */
export function clearOccupied(hist: usize, occupancy: usize, nFeatures: i32): void {
  const zero = v128.splat<i64>(0);
  const featureBytes = <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES;
  for (let f = 0; f < nFeatures; f++) {
    const occ = occupancy + <usize>f * <usize>OCCUPANCY_FEATURE_BYTES;
    const base = hist + <usize>f * featureBytes;
    if (featureBits(occ) > DENSE_BITS) {
      memory.fill(base, 0, featureBytes);
    } else {
      for (let w: usize = 0; w < 4; w++) {
        let word = load<u64>(occ + (w << 3));
        while (word != 0) {
          v128.store(base + (((w << 6) + <usize>ctz<u64>(word)) << 4), zero);
          word &= word - 1;
        }
      }
    }
    v128.store(occ, zero);
    v128.store(occ, zero, 16);
  }
}

/**
 * buildHistogram into a pool histogram that has an occupancy bitmap: clears
 * only the entries the bitmap lists, then adds the rows start..end. Fewer
 * than MARKED_ROWS rows mark their entries in the bitmap; more mark it full
 * (marking would cost more than it saves on a node that fills most bins).
 * Same histogram as buildHistogram, bit for bit.
 *
 * @param hist       OUT f64 [nFeatures * BINS_PER_FEATURE * 2], whose entries outside `occupancy` are +0.0
 * @param occupancy  IN/OUT u8 [nFeatures * OCCUPANCY_FEATURE_BYTES]
 * The other arguments are buildHistogram's.
 */
export function buildHistogramMarked(
  bins: usize, stride: i32, nFeatures: i32, gh: usize, start: i32, end: i32, hist: usize, occupancy: usize,
): void {
  if (end - start >= MARKED_ROWS) {
    buildHistogram(bins, stride, nFeatures, gh, start, end, hist);
    markFull(occupancy, nFeatures);
    return;
  }
  clearOccupied(hist, occupancy, nFeatures);
  const nf = <usize>nFeatures;
  for (let k = start; k < end; k++) {
    accumulateRowMarked(hist, occupancy, bins + <usize>k * <usize>stride, nf, v128.load(gh + (<usize>k << 4)));
  }
}

/**
 * accumulateRow that also sets the bits of the row's entries in the bitmap,
 * from the same bin codes. Unrolled by 4 like accumulateRow, with a group's
 * features at immediate offsets from the first one's entries and bitmap.
 */
// @ts-ignore: decorator
@inline
function accumulateRowMarked(hist: usize, occupancy: usize, rowBins: usize, nf: usize, v: v128): void {
  const featureBytes = <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES;
  const occBytes = <usize>OCCUPANCY_FEATURE_BYTES;
  let f: usize = 0;
  let hf = hist;
  let ob = occupancy;
  for (; f + 4 <= nf; f += 4) {
    const b0 = <u32>load<u8>(rowBins + f);
    const b1 = <u32>load<u8>(rowBins + f, 1);
    const b2 = <u32>load<u8>(rowBins + f, 2);
    const b3 = <u32>load<u8>(rowBins + f, 3);
    const p0 = hf + (<usize>b0 << 4);
    const p1 = hf + (<usize>b1 << 4);
    const p2 = hf + (<usize>b2 << 4);
    const p3 = hf + (<usize>b3 << 4);
    v128.store(p0, f64x2.add(v128.load(p0), v));
    v128.store(p1, f64x2.add(v128.load(p1, featureBytes), v), featureBytes);
    v128.store(p2, f64x2.add(v128.load(p2, 2 * featureBytes), v), 2 * featureBytes);
    v128.store(p3, f64x2.add(v128.load(p3, 3 * featureBytes), v), 3 * featureBytes);
    const o0 = ob + <usize>(b0 >> 3);
    const o1 = ob + <usize>(b1 >> 3);
    const o2 = ob + <usize>(b2 >> 3);
    const o3 = ob + <usize>(b3 >> 3);
    store<u8>(o0, load<u8>(o0) | <u8>(<u32>1 << (b0 & 7)));
    store<u8>(o1, load<u8>(o1, occBytes) | <u8>(<u32>1 << (b1 & 7)), occBytes);
    store<u8>(o2, load<u8>(o2, 2 * occBytes) | <u8>(<u32>1 << (b2 & 7)), 2 * occBytes);
    store<u8>(o3, load<u8>(o3, 3 * occBytes) | <u8>(<u32>1 << (b3 & 7)), 3 * occBytes);
    hf += 4 * featureBytes;
    ob += 4 * occBytes;
  }
  for (; f < nf; f++) {
    const b = <u32>load<u8>(rowBins + f);
    const p = hf + (<usize>b << 4);
    v128.store(p, f64x2.add(v128.load(p), v));
    const o = ob + <usize>(b >> 3);
    store<u8>(o, load<u8>(o) | <u8>(<u32>1 << (b & 7)));
    hf += featureBytes;
    ob += occBytes;
  }
}

/** Sets every bit: any entry may be non-zero (a histogram summed from other threads' rows, or of many rows). */
export function markFull(occupancy: usize, nFeatures: i32): void {
  memory.fill(occupancy, 0xff, <usize>nFeatures * <usize>OCCUPANCY_FEATURE_BYTES);
}

/**
 * subtractHistogram over the entries `childOccupancy` lists: the child's
 * other entries are +0.0, and x - 0 = x, so the parent comes out as the full
 * subtraction leaves it, bit for bit.
 *
 * @param parent          IN/OUT f64 [nFeatures * BINS_PER_FEATURE * 2]
 * @param child           IN     f64 [same]
 * @param childOccupancy  IN     u8 [nFeatures * OCCUPANCY_FEATURE_BYTES]
 */
export function subtractOccupied(parent: usize, child: usize, childOccupancy: usize, nFeatures: i32): void {
  const featureBytes = <usize>BINS_PER_FEATURE * <usize>HIST_ENTRY_BYTES;
  for (let f = 0; f < nFeatures; f++) {
    const occ = childOccupancy + <usize>f * <usize>OCCUPANCY_FEATURE_BYTES;
    const p = parent + <usize>f * featureBytes;
    const c = child + <usize>f * featureBytes;
    if (featureBits(occ) > DENSE_BITS) {
      for (let o: usize = 0; o < featureBytes; o += 64) {
        const d0 = f64x2.sub(v128.load(p + o), v128.load(c + o));
        const d1 = f64x2.sub(v128.load(p + o, 16), v128.load(c + o, 16));
        const d2 = f64x2.sub(v128.load(p + o, 32), v128.load(c + o, 32));
        const d3 = f64x2.sub(v128.load(p + o, 48), v128.load(c + o, 48));
        v128.store(p + o, d0);
        v128.store(p + o, d1, 16);
        v128.store(p + o, d2, 32);
        v128.store(p + o, d3, 48);
      }
      continue;
    }
    for (let w: usize = 0; w < 4; w++) {
      let word = load<u64>(occ + (w << 3));
      while (word != 0) {
        const o = ((w << 6) + <usize>ctz<u64>(word)) << 4;
        v128.store(p + o, f64x2.sub(v128.load(p + o), v128.load(c + o)));
        word &= word - 1;
      }
    }
  }
}

/**
 * Whether a feature's bitmap has more than DENSE_BITS bits set: visiting
 * every bin is then cheaper than visiting the listed ones.
 *
 * @param occ  IN  u8 [OCCUPANCY_FEATURE_BYTES]
 */
// @ts-ignore: decorator
@inline
export function isDenseFeature(occ: usize): bool {
  return featureBits(occ) > DENSE_BITS;
}
