import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { BINS_PER_FEATURE, MISSING_BIN } from '../../src/wasm/layout.js';
import { init } from '../../src/wasm/load.js';

const { kernels, heap } = await init();

const HIST_F64 = BINS_PER_FEATURE * 2; // f64 values per feature in a histogram

interface Problem {
  nRows: number;
  nFeatures: number;
  bins: Uint8Array; // row-major
  gh: Float64Array; // interleaved (g, h)
  rows: Uint32Array; // a random subset of the rows, in random order
}

/** Random bin codes (about 10% missing), gradients in [-1, 1], hessians in (0, 1], a random row subset. */
function problem(seed: number, nRows: number, nFeatures: number, fraction = 0.6): Problem {
  const rng = new Random(seed);
  const bins = new Uint8Array(nRows * nFeatures);
  for (let i = 0; i < bins.length; i++) {
    // Skewed codes so that many rows share a bin (long accumulation chains), some missing.
    bins[i] = rng.next() < 0.1 ? MISSING_BIN : Math.floor(rng.next() ** 2 * 40);
  }
  const gh = new Float64Array(nRows * 2);
  for (let i = 0; i < nRows; i++) {
    gh[2 * i] = rng.next() * 2 - 1;
    gh[2 * i + 1] = rng.next() * 0.999 + 0.001;
  }
  const picked: number[] = [];
  for (let i = 0; i < nRows; i++) if (rng.next() < fraction) picked.push(i);
  const rows = rng.shuffle(Uint32Array.from(picked));
  return { nRows, nFeatures, bins, gh, rows };
}

/** The histogram in plain JS, adding rows in the order given (the kernels' order). */
function referenceHistogram(p: Problem, rows: ArrayLike<number>): Float64Array {
  const hist = new Float64Array(p.nFeatures * HIST_F64);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    for (let f = 0; f < p.nFeatures; f++) {
      const o = (f * BINS_PER_FEATURE + p.bins[r * p.nFeatures + f]) * 2;
      hist[o] += p.gh[2 * r];
      hist[o + 1] += p.gh[2 * r + 1];
    }
  }
  return hist;
}

function goesLeft(bin: number, splitBin: number, defaultLeft: number): boolean {
  return bin === MISSING_BIN ? defaultLeft !== 0 : bin <= splitBin;
}

/** Number of positions where two arrays differ bit for bit (Object.is). */
function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) m++;
  return m;
}

/** Copies the problem into wasm memory and runs `body` with its pointers (freed afterwards). */
function withProblem<T>(p: Problem, nHists: number, body: (ptr: { bins: number; gh: number; rows: number; scratch: number; hists: number[] }) => T): T {
  return heap.scoped((scope) => {
    const bins = scope.copyIn(p.bins);
    const gh = scope.copyIn(p.gh);
    const rows = scope.copyIn(p.rows);
    const scratch = scope.alloc(p.rows.length * 4);
    const hists = Array.from({ length: nHists }, () => scope.alloc(p.nFeatures * HIST_F64 * 8));
    return body({ bins, gh, rows, scratch, hists });
  });
}

describe('buildHistogram (SIMD) and its naive twin', () => {
  for (const nFeatures of [1, 2, 3, 4, 5, 7, 8, 13]) {
    it(`agree exactly with each other and with a JS reference (${nFeatures} features)`, () => {
      const p = problem(100 + nFeatures, 3000, nFeatures);
      withProblem(p, 2, ({ bins, gh, rows, hists: [hSimd, hNaive] }) => {
        // Dirty the outputs first: the kernels must clear them.
        heap.f64(hSimd, nFeatures * HIST_F64).fill(123.5);
        heap.f64(hNaive, nFeatures * HIST_F64).fill(-7);
        kernels.buildHistogram(bins, nFeatures, gh, rows, 0, p.rows.length, hSimd);
        kernels.buildHistogramNaive(bins, nFeatures, gh, rows, 0, p.rows.length, hNaive);
        const simd = heap.f64(hSimd, nFeatures * HIST_F64).slice();
        const naive = heap.f64(hNaive, nFeatures * HIST_F64).slice();
        const ref = referenceHistogram(p, p.rows);
        expect(mismatches(simd, naive)).toBe(0);
        expect(mismatches(simd, ref)).toBe(0);
        // Every used row is counted once per feature: the hessian total per feature is the same.
        let total = 0;
        for (const r of p.rows) total += p.gh[2 * r + 1];
        for (let f = 0; f < nFeatures; f++) {
          let s = 0;
          for (let b = 0; b < BINS_PER_FEATURE; b++) s += simd[(f * BINS_PER_FEATURE + b) * 2 + 1];
          expect(s).toBeCloseTo(total, 8);
        }
        // The missing bin is populated (the data has ~10% missing codes).
        expect(simd[(0 * BINS_PER_FEATURE + MISSING_BIN) * 2 + 1]).toBeGreaterThan(0);
      });
    });
  }

  it('only reads rows[start..end)', () => {
    const p = problem(7, 2000, 6);
    const start = 123;
    const end = p.rows.length - 77;
    withProblem(p, 2, ({ bins, gh, rows, hists: [hSimd, hNaive] }) => {
      kernels.buildHistogram(bins, 6, gh, rows, start, end, hSimd);
      kernels.buildHistogramNaive(bins, 6, gh, rows, start, end, hNaive);
      const ref = referenceHistogram(p, p.rows.subarray(start, end));
      expect(mismatches(heap.f64(hSimd, 6 * HIST_F64), ref)).toBe(0);
      expect(mismatches(heap.f64(hNaive, 6 * HIST_F64), ref)).toBe(0);
      // An empty range gives an all-zero histogram.
      kernels.buildHistogram(bins, 6, gh, rows, start, start, hSimd);
      expect(heap.f64(hSimd, 6 * HIST_F64).every((v) => v === 0)).toBe(true);
    });
  });
});

describe('subtractHistogram', () => {
  it('computes parent - child entry by entry, and parent - left is the right child', () => {
    const nf = 5;
    const p = problem(11, 2500, nf);
    const cut = Math.floor(p.rows.length / 3);
    withProblem(p, 2, ({ bins, gh, rows, hists: [hParent, hChild] }) => {
      kernels.buildHistogram(bins, nf, gh, rows, 0, p.rows.length, hParent);
      kernels.buildHistogram(bins, nf, gh, rows, 0, cut, hChild);
      const parent = heap.f64(hParent, nf * HIST_F64).slice();
      const child = heap.f64(hChild, nf * HIST_F64).slice();
      kernels.subtractHistogram(hParent, hChild, nf);
      const diff = heap.f64(hParent, nf * HIST_F64).slice();
      expect(mismatches(diff, parent.map((v, i) => v - child[i]))).toBe(0);
      // The child operand is left alone.
      expect(mismatches(heap.f64(hChild, nf * HIST_F64), child)).toBe(0);
      // Up to rounding, the difference is the histogram of the other rows.
      const rest = referenceHistogram(p, p.rows.subarray(cut));
      for (let i = 0; i < rest.length; i++) expect(Math.abs(diff[i] - rest[i])).toBeLessThan(1e-9);
    });
  });
});

describe('partitionRows', () => {
  const cases: Array<[number, number]> = [];
  for (const splitBin of [0, 3, 17, 39, 254]) for (const defaultLeft of [0, 1]) cases.push([splitBin, defaultLeft]);

  it.each(cases)('is a stable partition matching a JS reference (split after bin %i, defaultLeft %i)', (splitBin, defaultLeft) => {
    const nf = 4;
    const feature = 2;
    const p = problem(splitBin * 2 + defaultLeft, 1500, nf);
    const start = 50;
    const end = p.rows.length - 30;
    withProblem(p, 0, ({ bins, rows, scratch }) => {
      // Junk in the scratch buffer must not leak into the result.
      heap.u32(scratch, p.rows.length).fill(0xdeadbeef);
      const mid = kernels.partitionRows(bins, nf, rows, start, end, feature, splitBin, defaultLeft, scratch);
      const out = heap.u32(rows, p.rows.length).slice();
      const seg = Array.from(p.rows.subarray(start, end));
      const test = (r: number): boolean => goesLeft(p.bins[r * nf + feature], splitBin, defaultLeft);
      const left = seg.filter(test);
      const right = seg.filter((r) => !test(r));
      expect(mid).toBe(start + left.length);
      expect(Array.from(out.subarray(start, mid))).toEqual(left);
      expect(Array.from(out.subarray(mid, end))).toEqual(right);
      // Outside [start, end) nothing moves.
      expect(Array.from(out.subarray(0, start))).toEqual(Array.from(p.rows.subarray(0, start)));
      expect(Array.from(out.subarray(end))).toEqual(Array.from(p.rows.subarray(end)));
      // Missing rows exist in this range and follow defaultLeft.
      const missing = seg.filter((r) => p.bins[r * nf + feature] === MISSING_BIN);
      expect(missing.length).toBeGreaterThan(0);
      const leftSet = new Set(out.subarray(start, mid));
      for (const r of missing) expect(leftSet.has(r)).toBe(defaultLeft === 1);
    });
  });
});

describe('partitionRowsWithHistogram', () => {
  const cases: Array<[number, number, number, number]> = [];
  for (const nf of [3, 4, 9]) for (const defaultLeft of [0, 1]) for (const buildLeft of [0, 1]) cases.push([nf, 5 + nf, defaultLeft, buildLeft]);

  it.each(cases)('with %i features (split after bin %i, defaultLeft %i, buildLeft %i) equals partitionRows + buildHistogram', (nf, splitBin, defaultLeft, buildLeft) => {
    const p = problem(1000 + nf * 4 + defaultLeft * 2 + buildLeft, 2000, nf);
    const feature = nf - 1;
    const start = 17;
    const end = p.rows.length - 5;
    heap.scoped((scope) => {
      const bins = scope.copyIn(p.bins);
      const gh = scope.copyIn(p.gh);
      const rowsA = scope.copyIn(p.rows);
      const rowsB = scope.copyIn(p.rows);
      const scratch = scope.alloc(p.rows.length * 4);
      const hFused = scope.alloc(nf * HIST_F64 * 8);
      const hSeparate = scope.alloc(nf * HIST_F64 * 8);
      heap.f64(hFused, nf * HIST_F64).fill(9); // must be cleared by the kernel

      const midA = kernels.partitionRows(bins, nf, rowsA, start, end, feature, splitBin, defaultLeft, scratch);
      if (buildLeft) kernels.buildHistogram(bins, nf, gh, rowsA, start, midA, hSeparate);
      else kernels.buildHistogram(bins, nf, gh, rowsA, midA, end, hSeparate);
      const midB = kernels.partitionRowsWithHistogram(bins, nf, gh, rowsB, start, end, feature, splitBin, defaultLeft, scratch, buildLeft, hFused);

      expect(midB).toBe(midA);
      expect(midA).toBeGreaterThan(start);
      expect(midA).toBeLessThan(end);
      expect(mismatches(heap.u32(rowsB, p.rows.length), heap.u32(rowsA, p.rows.length))).toBe(0);
      expect(mismatches(heap.f64(hFused, nf * HIST_F64), heap.f64(hSeparate, nf * HIST_F64))).toBe(0);
      // and the histogram is that of the chosen side, not the other one
      const rowsOut = heap.u32(rowsA, p.rows.length);
      const chosen = buildLeft ? rowsOut.slice(start, midA) : rowsOut.slice(midA, end);
      expect(mismatches(heap.f64(hFused, nf * HIST_F64), referenceHistogram(p, chosen))).toBe(0);
    });
  });
});
