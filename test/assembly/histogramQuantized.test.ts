import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { BINS_PER_FEATURE, MISSING_BIN } from '../../src/wasm/layout.js';
import { getRuntime, init } from '../../src/wasm/load.js';

await init();
const { kernels, heap } = getRuntime();

const HIST_F64 = BINS_PER_FEATURE * 2;
// LightGBM's 4 gradient bins: qg in [-2, 2], qh in [0, 4]; unit-weight scales.
const G_LEVELS = 2;
const H_LEVELS = 4;
const G_SCALE = 0.5;
const H_SCALE = 1 / 16;
const PACK_ROWS = Math.min(Math.floor(0xffff / H_LEVELS), Math.floor(0x7fff / G_LEVELS));

/** Rows of random bin codes (~10% missing) with 2 spare bytes, and their (g, h) pairs in the logistic ranges. */
function rows(seed: number, n: number, nf: number): { stride: number; bins: Uint8Array; gh: Float64Array } {
  const rng = new Random(seed);
  const stride = kernels.binStride(nf + 2);
  const bins = new Uint8Array(n * stride);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < nf; f++) bins[i * stride + f] = rng.next() < 0.1 ? MISSING_BIN : Math.floor(rng.next() ** 2 * 40);
  }
  const gh = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    gh[2 * i] = rng.next() * 2 - 1;
    gh[2 * i + 1] = rng.next() * 0.25;
  }
  return { stride, bins, gh };
}

/** Quantizes the rows in wasm and returns the binned rows with their levels, and the levels as numbers. */
function quantized(
  r: { stride: number; bins: Uint8Array; gh: Float64Array }, n: number, seed: number, round: number, rowStart = 0,
): { bins: Uint8Array; qg: Int8Array; qh: Uint8Array } {
  return heap.scoped((scope) => {
    const bins = scope.copyIn(r.bins);
    const gh = scope.copyIn(r.gh);
    kernels.quantizeGradients(gh, n, bins, r.stride, G_SCALE, H_SCALE, G_LEVELS, H_LEVELS, seed, round, rowStart);
    const out = heap.u8(bins, n * r.stride).slice();
    const qg = new Int8Array(n);
    const qh = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      qg[i] = (out[i * r.stride + r.stride - 2] << 24) >> 24;
      qh[i] = out[i * r.stride + r.stride - 1];
    }
    return { bins: out, qg, qh };
  });
}

describe('quantizeGradients', () => {
  const n = 20000;
  const r = rows(1, n, 13);

  it('rounds each row to a neighbouring level, unbiased on average, and leaves the bin codes alone', () => {
    const q = quantized(r, n, 7, 3);
    let dg = 0;
    let dh = 0;
    const bad: string[] = [];
    for (let i = 0; i < n; i++) {
      const g = r.gh[2 * i] / G_SCALE;
      const h = r.gh[2 * i + 1] / H_SCALE;
      const neighbours = (q.qg[i] === Math.floor(g) || q.qg[i] === Math.ceil(g)) && (q.qh[i] === Math.floor(h) || q.qh[i] === Math.ceil(h));
      const inRange = Math.abs(q.qg[i]) <= G_LEVELS && q.qh[i] <= H_LEVELS;
      const codesKept = r.bins.subarray(i * r.stride, i * r.stride + 13).every((c, f) => q.bins[i * r.stride + f] === c);
      if (!(neighbours && inRange && codesKept)) bad.push(`row ${i}: g ${g} → ${q.qg[i]}, h ${h} → ${q.qh[i]}, codes kept ${codesKept}`);
      dg += q.qg[i] - g;
      dh += q.qh[i] - h;
    }
    expect(bad.slice(0, 5)).toEqual([]);
    // Stochastic rounding: the mean error is ~0 (its sd is about 0.5 / sqrt(n) = 0.0035 levels).
    expect(Math.abs(dg / n)).toBeLessThan(0.02);
    expect(Math.abs(dh / n)).toBeLessThan(0.02);
  });

  it('draws by (seed, round, row index): a share of the rows quantized with its row offset rounds as in the whole', () => {
    const whole = quantized(r, n, 7, 3);
    const from = 12345;
    const share = {
      stride: r.stride,
      bins: r.bins.slice(from * r.stride),
      gh: r.gh.slice(2 * from),
    };
    const part = quantized(share, n - from, 7, 3, from);
    expect(Array.from(part.qg)).toEqual(Array.from(whole.qg.subarray(from)));
    expect(Array.from(part.qh)).toEqual(Array.from(whole.qh.subarray(from)));
    // Another round or seed rounds differently.
    const other = quantized(r, n, 7, 4);
    const reseeded = quantized(r, n, 8, 3);
    expect(Array.from(other.qg)).not.toEqual(Array.from(whole.qg));
    expect(Array.from(reseeded.qh)).not.toEqual(Array.from(whole.qh));
  });
});

describe('buildHistogramQuantized (packed integers) and its naive twin', () => {
  for (const nf of [1, 3, 4, 7, 13, 30]) {
    it(`agree exactly with each other and with a JS reference, in i32 and i64 packing (${nf} features)`, () => {
      const n = 5000;
      const r = rows(100 + nf, n, nf);
      const q = quantized(r, n, 1, 0);
      const ref = new Float64Array(nf * HIST_F64);
      const [start, end] = [17, 4990];
      for (let k = start; k < end; k++) {
        for (let f = 0; f < nf; f++) {
          const o = (f * BINS_PER_FEATURE + q.bins[k * r.stride + f]) * 2;
          ref[o] += q.qg[k];
          ref[o + 1] += q.qh[k];
        }
      }
      for (let i = 0; i < ref.length; i += 2) {
        ref[i] *= G_SCALE;
        ref[i + 1] *= H_SCALE;
      }
      heap.scoped((scope) => {
        const bins = scope.copyIn(q.bins);
        const scratch = scope.alloc(nf * BINS_PER_FEATURE * 8);
        const hist = scope.alloc(nf * HIST_F64 * 8);
        const histNaive = scope.alloc(nf * HIST_F64 * 8);
        heap.f64(histNaive, nf * HIST_F64).fill(-3);
        kernels.buildHistogramQuantizedNaive(bins, r.stride, nf, start, end, histNaive, G_SCALE, H_SCALE);
        const naive = heap.f64(histNaive, nf * HIST_F64).slice();
        expect(naive).toEqual(ref);
        // packRows above the node's rows: i32 entries; 0: i64 entries.
        for (const packRows of [PACK_ROWS, 0]) {
          heap.f64(hist, nf * HIST_F64).fill(9);
          heap.u8(scratch, nf * BINS_PER_FEATURE * 8).fill(0xab);
          kernels.buildHistogramQuantized(bins, r.stride, nf, start, end, scratch, hist, G_SCALE, H_SCALE, packRows);
          const packed = heap.f64(hist, nf * HIST_F64).slice();
          for (let i = 0; i < packed.length; i++) if (!Object.is(packed[i], naive[i])) expect([packRows, i, packed[i]]).toEqual([packRows, i, naive[i]]);
        }
      });
    });
  }

  it('keeps negative gradient sums and full hessian sums exact at the i32 packing limit', () => {
    // Every row at the extreme levels (qg = -2, qh = 4) in one bin: the sums reach the 16-bit bounds.
    const nf = 2;
    const stride = kernels.binStride(nf + 2);
    const n = PACK_ROWS;
    const bins = new Uint8Array(n * stride);
    for (let i = 0; i < n; i++) {
      bins[i * stride] = 5;
      bins[i * stride + 1] = MISSING_BIN;
      bins[i * stride + stride - 2] = 0xfe; // -2
      bins[i * stride + stride - 1] = 4;
    }
    heap.scoped((scope) => {
      const b = scope.copyIn(bins);
      const scratch = scope.alloc(nf * BINS_PER_FEATURE * 8);
      const hist = scope.alloc(nf * HIST_F64 * 8);
      kernels.buildHistogramQuantized(b, stride, nf, 0, n, scratch, hist, G_SCALE, H_SCALE, PACK_ROWS);
      const h = heap.f64(hist, nf * HIST_F64);
      expect([h[5 * 2], h[5 * 2 + 1]]).toEqual([-2 * n * G_SCALE, 4 * n * H_SCALE]);
      const m = (BINS_PER_FEATURE + MISSING_BIN) * 2;
      expect([h[m], h[m + 1]]).toEqual([-2 * n * G_SCALE, 4 * n * H_SCALE]);
    });
  });
});

describe('buildRootHistogramQuantized (rounds the rows while building the root histogram)', () => {
  const global = (name: string): number => Number((kernels as unknown as Record<string, WebAssembly.Global>)[name].value);
  for (const [n, packRows] of [[3000, PACK_ROWS], [3000, 0]] as const) {
    it(`writes quantizeGradients' levels, buildHistogramQuantized's histogram and the quantized sums (${packRows ? 'i32' : 'i64'} packing)`, () => {
      const nf = 7;
      const r = rows(55, n, nf);
      const rowStart = 4242;
      const reference = quantized(r, n, 9, 5, rowStart);
      heap.scoped((scope) => {
        const bins = scope.copyIn(r.bins);
        const gh = scope.copyIn(r.gh);
        const ids = scope.copyIn(Uint32Array.from({ length: n }, (_, i) => i));
        const block = scope.alloc(kernels.rowBlockBytes());
        heap.u32(block, 3).set([bins, gh, ids]);
        const scratch = scope.alloc(nf * BINS_PER_FEATURE * 8);
        const hist = scope.alloc(nf * HIST_F64 * 8);
        const histRef = scope.alloc(nf * HIST_F64 * 8);
        const node = scope.alloc(kernels.nodeRecordBytes());
        kernels.buildRootHistogramQuantized(block, r.stride, nf, 0, n, scratch, hist, G_SCALE, H_SCALE, packRows, G_LEVELS, H_LEVELS, 9, 5, rowStart, node);
        expect(Array.from(heap.u8(bins, n * r.stride))).toEqual(Array.from(reference.bins));
        kernels.buildHistogramQuantizedNaive(bins, r.stride, nf, 0, n, histRef, G_SCALE, H_SCALE);
        expect(heap.f64(hist, nf * HIST_F64).slice()).toEqual(heap.f64(histRef, nf * HIST_F64).slice());
        let g = 0;
        let h = 0;
        for (let i = 0; i < n; i++) {
          g += reference.qg[i];
          h += reference.qh[i];
        }
        const dv = new DataView(kernels.memory.buffer);
        expect(dv.getFloat64(node + global('NODE_SUM_G'), true)).toBe(g * G_SCALE);
        expect(dv.getFloat64(node + global('NODE_SUM_H'), true)).toBe(h * H_SCALE);
      });
    });
  }
});
