import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { BINS_PER_FEATURE, MISSING_BIN, OCCUPANCY_FEATURE_BYTES } from '../../src/wasm/layout.js';
import { getRuntime, init } from '../../src/wasm/load.js';
import { type Block, block, goesLeft, HIST_F64, mismatches, withBlocks } from './rowBlockFixture.js';

await init();
const { kernels, heap } = getRuntime();

/** The histogram of rows start..end in plain JS, in the kernels' order. */
function referenceHistogram(b: Block, start: number, end: number): Float64Array {
  const hist = new Float64Array(b.nFeatures * HIST_F64);
  for (let k = start; k < end; k++) {
    for (let f = 0; f < b.nFeatures; f++) {
      const o = (f * BINS_PER_FEATURE + b.bins[k * b.stride + f]) * 2;
      hist[o] += b.gh[2 * k];
      hist[o + 1] += b.gh[2 * k + 1];
    }
  }
  return hist;
}

describe('buildHistogram (SIMD) and its naive twin', () => {
  // Counts around the kernel's groups of 16 and 4 features and its single ones.
  for (const nFeatures of [1, 2, 3, 4, 5, 7, 8, 13, 16, 17, 21, 30, 35, 48]) {
    it(`agree exactly with each other and with a JS reference (${nFeatures} features)`, () => {
      const b = block(100 + nFeatures, 3000, nFeatures);
      withBlocks(b, 2, (src, _dst, [hSimd, hNaive]) => {
        // Dirty the outputs first: the kernels must clear them.
        heap.f64(hSimd, nFeatures * HIST_F64).fill(123.5);
        heap.f64(hNaive, nFeatures * HIST_F64).fill(-7);
        kernels.buildHistogram(src.bins, b.stride, nFeatures, src.gh, 0, b.nRows, hSimd);
        kernels.buildHistogramNaive(src.bins, b.stride, nFeatures, src.gh, 0, b.nRows, hNaive);
        const simd = heap.f64(hSimd, nFeatures * HIST_F64).slice();
        const naive = heap.f64(hNaive, nFeatures * HIST_F64).slice();
        expect(mismatches(simd, naive)).toBe(0);
        expect(mismatches(simd, referenceHistogram(b, 0, b.nRows))).toBe(0);
        // Every row is counted once per feature: the hessian total per feature is the same.
        let total = 0;
        for (let k = 0; k < b.nRows; k++) total += b.gh[2 * k + 1];
        for (let f = 0; f < nFeatures; f++) {
          let s = 0;
          for (let bin = 0; bin < BINS_PER_FEATURE; bin++) s += simd[(f * BINS_PER_FEATURE + bin) * 2 + 1];
          expect(s).toBeCloseTo(total, 8);
        }
        // The missing bin is populated (the data has ~10% missing codes).
        expect(simd[MISSING_BIN * 2 + 1]).toBeGreaterThan(0);
      });
    });
  }

  it('only reads rows start..end, and an empty range gives zeros', () => {
    const b = block(7, 2000, 6);
    const [start, end] = [123, 1923];
    withBlocks(b, 2, (src, _dst, [hSimd, hNaive]) => {
      kernels.buildHistogram(src.bins, b.stride, 6, src.gh, start, end, hSimd);
      kernels.buildHistogramNaive(src.bins, b.stride, 6, src.gh, start, end, hNaive);
      const ref = referenceHistogram(b, start, end);
      expect(mismatches(heap.f64(hSimd, 6 * HIST_F64), ref)).toBe(0);
      expect(mismatches(heap.f64(hNaive, 6 * HIST_F64), ref)).toBe(0);
      kernels.buildHistogram(src.bins, b.stride, 6, src.gh, start, start, hSimd);
      expect(heap.f64(hSimd, 6 * HIST_F64).every((v) => v === 0)).toBe(true);
    });
  });
});

describe('subtractHistogram', () => {
  it('computes parent - child entry by entry, and parent - left is the right child', () => {
    const nf = 5;
    const b = block(11, 2500, nf);
    const cut = 800;
    withBlocks(b, 2, (src, _dst, [hParent, hChild]) => {
      kernels.buildHistogram(src.bins, b.stride, nf, src.gh, 0, b.nRows, hParent);
      kernels.buildHistogram(src.bins, b.stride, nf, src.gh, 0, cut, hChild);
      const parent = heap.f64(hParent, nf * HIST_F64).slice();
      const child = heap.f64(hChild, nf * HIST_F64).slice();
      kernels.subtractHistogram(hParent, hChild, nf);
      const diff = heap.f64(hParent, nf * HIST_F64).slice();
      expect(mismatches(diff, parent.map((v, i) => v - child[i]))).toBe(0);
      expect(mismatches(heap.f64(hChild, nf * HIST_F64), child)).toBe(0);
      // Up to rounding, the difference is the histogram of the other rows.
      const rest = referenceHistogram(b, cut, b.nRows);
      for (let i = 0; i < rest.length; i++) expect(Math.abs(diff[i] - rest[i])).toBeLessThan(1e-9);
    });
  });
});

describe('occupancy bitmaps (assembly/occupancy.ts)', () => {
  const bitOf = (occ: Uint8Array, f: number, bin: number): boolean => (occ[f * OCCUPANCY_FEATURE_BYTES + (bin >> 3)] >> (bin & 7) & 1) === 1;
  /** The bins the rows start..end of a block use, as a bitmap. */
  const usedBins = (b: Block, start: number, end: number): Uint8Array => {
    const occ = new Uint8Array(b.nFeatures * OCCUPANCY_FEATURE_BYTES);
    for (let k = start; k < end; k++) {
      for (let f = 0; f < b.nFeatures; f++) {
        const bin = b.bins[k * b.stride + f];
        occ[f * OCCUPANCY_FEATURE_BYTES + (bin >> 3)] |= 1 << (bin & 7);
      }
    }
    return occ;
  };
  /** A slot left by an earlier node: garbage in the entries its bitmap lists, +0.0 elsewhere (the invariant). */
  const dirtySlot = (hist: number, occPtr: number, nf: number, rng: Random, density: number): void => {
    const h = heap.f64(hist, nf * HIST_F64);
    const occ = heap.u8(occPtr, nf * OCCUPANCY_FEATURE_BYTES);
    h.fill(0);
    occ.fill(0);
    for (let f = 0; f < nf; f++) {
      for (let bin = 0; bin < BINS_PER_FEATURE; bin++) {
        if (rng.next() >= density) continue;
        occ[f * OCCUPANCY_FEATURE_BYTES + (bin >> 3)] |= 1 << (bin & 7);
        h[(f * BINS_PER_FEATURE + bin) * 2] = rng.next() * 10 - 5;
        h[(f * BINS_PER_FEATURE + bin) * 2 + 1] = rng.next() * 3;
      }
    }
  };

  for (const [nRows, density] of [[1, 0.02], [37, 0.1], [300, 0.9], [700, 0.3], [2000, 1]] as const) {
    it(`buildHistogramMarked over ${nRows} rows into a slot ${density * 100}% dirty: buildHistogram's histogram, bit for bit, and a bitmap of at least its entries`, () => {
      const nf = 13;
      const b = block(900 + nRows, 2500, nf);
      const rng = new Random(nRows);
      const [start, end] = [400, 400 + nRows];
      withBlocks(b, 2, (src, _dst, [hMarked, hPlain]) => {
        heap.scoped((scope) => {
          const occPtr = scope.alloc(nf * OCCUPANCY_FEATURE_BYTES);
          dirtySlot(hMarked, occPtr, nf, rng, density);
          kernels.buildHistogramMarked(src.bins, b.stride, nf, src.gh, start, end, hMarked, occPtr);
          kernels.buildHistogram(src.bins, b.stride, nf, src.gh, start, end, hPlain);
          const marked = heap.f64(hMarked, nf * HIST_F64).slice();
          expect(mismatches(marked, heap.f64(hPlain, nf * HIST_F64))).toBe(0);
          const occ = heap.u8(occPtr, nf * OCCUPANCY_FEATURE_BYTES).slice();
          const used = usedBins(b, start, end);
          for (let f = 0; f < nf; f++) {
            for (let bin = 0; bin < BINS_PER_FEATURE; bin++) {
              if (bitOf(used, f, bin)) expect(bitOf(occ, f, bin)).toBe(true);
              if (!bitOf(occ, f, bin)) expect(Object.is(marked[(f * BINS_PER_FEATURE + bin) * 2], 0) && Object.is(marked[(f * BINS_PER_FEATURE + bin) * 2 + 1], 0)).toBe(true);
            }
          }
          // A node of a few rows marks exactly the bins it uses.
          if (nRows < 100) expect(Array.from(occ)).toEqual(Array.from(used));
        });
      });
    });
  }

  for (const [cut, density] of [[9, 0.05], [150, 0.5], [1200, 1]] as const) {
    it(`subtractOccupied with a child of ${cut} rows equals subtractHistogram, bit for bit`, () => {
      const nf = 7;
      const b = block(77 + cut, 2500, nf);
      withBlocks(b, 3, (src, _dst, [hParent, hChild, hReference]) => {
        heap.scoped((scope) => {
          const occPtr = scope.alloc(nf * OCCUPANCY_FEATURE_BYTES);
          dirtySlot(hChild, occPtr, nf, new Random(cut), density);
          kernels.buildHistogram(src.bins, b.stride, nf, src.gh, 0, b.nRows, hParent);
          kernels.buildHistogramMarked(src.bins, b.stride, nf, src.gh, 0, cut, hChild, occPtr);
          heap.f64(hReference, nf * HIST_F64).set(heap.f64(hParent, nf * HIST_F64));
          kernels.subtractHistogram(hReference, hChild, nf);
          kernels.subtractOccupied(hParent, hChild, occPtr, nf);
          expect(mismatches(heap.f64(hParent, nf * HIST_F64), heap.f64(hReference, nf * HIST_F64))).toBe(0);
        });
      });
    });
  }

  it('clearOccupied leaves every entry and bit zero, sparse or dense', () => {
    const nf = 5;
    const rng = new Random(5);
    heap.scoped((scope) => {
      const hist = scope.alloc(nf * HIST_F64 * 8);
      const occPtr = scope.alloc(nf * OCCUPANCY_FEATURE_BYTES);
      for (const density of [0.01, 0.3, 0.9]) {
        dirtySlot(hist, occPtr, nf, rng, density);
        kernels.clearOccupied(hist, occPtr, nf);
        expect(heap.f64(hist, nf * HIST_F64).every((v) => Object.is(v, 0))).toBe(true);
        expect(heap.u8(occPtr, nf * OCCUPANCY_FEATURE_BYTES).every((v) => v === 0)).toBe(true);
      }
    });
  });
});

describe('splitRows', () => {
  const cases: Array<[number, number, number]> = [];
  // Strides 16, 32, 48, 64 (each with its own copy loop) and 80 (the general one).
  for (const nf of [4, 20, 40, 64, 70]) for (const splitBin of [0, 3, 17, 39, 254]) for (const defaultLeft of [0, 1]) cases.push([nf, splitBin, defaultLeft]);

  it.each(cases)('with %i features, split after bin %i, defaultLeft %i: left rows in order, right rows reversed, whole rows moved', (nf, splitBin, defaultLeft) => {
    const feature = 2;
    const b = block(nf * 1000 + splitBin * 2 + defaultLeft, 1500, nf);
    withBlocks(b, 0, (src, dst) => {
      // An even and an odd number of rows (the loop takes two rows a step), and a single row.
      for (const [start, end] of [[50, 1470], [51, 1470], [7, 8]]) {
        // Sentinels outside the range must survive.
        heap.u32(dst.rows, b.nRows).fill(0xdeadbeef);
        const mid = kernels.splitRows(src.block, dst.block, b.stride, start, end, feature, splitBin, defaultLeft);
        const left: number[] = [];
        const right: number[] = [];
        for (let k = start; k < end; k++) (goesLeft(b.bins[k * b.stride + feature], splitBin, defaultLeft) ? left : right).push(k);
        expect(mid).toBe(start + left.length);
        const order = [...left, ...right.reverse()];
        const dBins = heap.u8(dst.bins, b.bins.length).slice();
        const dGh = heap.f64(dst.gh, b.gh.length).slice();
        const dRows = heap.u32(dst.rows, b.nRows).slice();
        order.forEach((k, j) => {
          const pos = start + j;
          expect(dRows[pos]).toBe(b.rows[k]);
          expect(mismatches(dGh.subarray(2 * pos, 2 * pos + 2), b.gh.subarray(2 * k, 2 * k + 2))).toBe(0);
          expect(mismatches(dBins.subarray(pos * b.stride, (pos + 1) * b.stride), b.bins.subarray(k * b.stride, (k + 1) * b.stride))).toBe(0);
        });
        expect(dRows[start - 1]).toBe(0xdeadbeef);
        expect(dRows[end]).toBe(0xdeadbeef);
      }
    });
  });

  it('gives the children the histograms of their rows (parent = left + right)', () => {
    const nf = 9;
    const b = block(5, 4000, nf);
    withBlocks(b, 3, (src, dst, [hParent, hLeft, hRight]) => {
      const mid = kernels.splitRows(src.block, dst.block, b.stride, 0, b.nRows, 4, 12, 1);
      kernels.buildHistogram(src.bins, b.stride, nf, src.gh, 0, b.nRows, hParent);
      kernels.buildHistogram(dst.bins, b.stride, nf, dst.gh, 0, mid, hLeft);
      kernels.buildHistogram(dst.bins, b.stride, nf, dst.gh, mid, b.nRows, hRight);
      const p = heap.f64(hParent, nf * HIST_F64).slice();
      const l = heap.f64(hLeft, nf * HIST_F64);
      const r = heap.f64(hRight, nf * HIST_F64);
      for (let i = 0; i < p.length; i++) expect(Math.abs(p[i] - l[i] - r[i])).toBeLessThan(1e-9);
      // Feature 4's left histogram holds only bins <= 12 and the missing bin.
      for (let bin = 13; bin < MISSING_BIN; bin++) expect(l[(4 * BINS_PER_FEATURE + bin) * 2 + 1]).toBe(0);
      expect(l[(4 * BINS_PER_FEATURE + MISSING_BIN) * 2 + 1]).toBeGreaterThan(0);
    });
  });
});

describe('addSplitLeaves', () => {
  it.each([[5, 0], [5, 1], [0, 0], [0, 1], [254, 0], [254, 1]])('adds the left or right value to each row of the range, by original row id (split after bin %i, defaultLeft %i)', (splitBin, defaultLeft) => {
    const nf = 3;
    const b = block(21, 500, nf);
    const maxId = 3 * b.nRows + 1;
    withBlocks(b, 0, (src) => {
      heap.scoped((scope) => {
        const scores = scope.alloc((maxId + 1) * 8);
        heap.f64(scores, maxId + 1).fill(0.5);
        kernels.addSplitLeaves(src.block, b.stride, 10, 490, 1, splitBin, defaultLeft, -0.25, 2, scores);
        const s = heap.f64(scores, maxId + 1);
        const expected = new Float64Array(maxId + 1).fill(0.5);
        for (let k = 10; k < 490; k++) expected[b.rows[k]] += goesLeft(b.bins[k * b.stride + 1], splitBin, defaultLeft) ? -0.25 : 2;
        expect(mismatches(s, expected)).toBe(0);
      });
    });
  });
});

describe('gatherRows', () => {
  it('copies the sampled rows, in sample order, into a contiguous block', () => {
    const nf = 6;
    const b = block(33, 800, nf);
    const sample = Uint32Array.from([5, 0, 799, 42, 42, 7]);
    withBlocks(b, 0, (src, dst) => {
      heap.scoped((scope) => {
        const ptr = scope.copyIn(sample);
        kernels.gatherRows(src.bins, src.gh, ptr, sample.length, b.stride, dst.block);
        const dBins = heap.u8(dst.bins, sample.length * b.stride).slice();
        const dGh = heap.f64(dst.gh, sample.length * 2).slice();
        const dRows = heap.u32(dst.rows, sample.length).slice();
        sample.forEach((row, k) => {
          expect(dRows[k]).toBe(row);
          expect(mismatches(dBins.subarray(k * b.stride, (k + 1) * b.stride), b.bins.subarray(row * b.stride, (row + 1) * b.stride))).toBe(0);
          expect(mismatches(dGh.subarray(2 * k, 2 * k + 2), b.gh.subarray(2 * row, 2 * row + 2))).toBe(0);
        });
      });
    });
  });
});
