import { expect } from 'vitest';
import { Random } from '../../src/random.js';
import { BINS_PER_FEATURE, MISSING_BIN } from '../../src/wasm/layout.js';
import { getRuntime, init } from '../../src/wasm/load.js';

// Random row blocks in wasm memory, for the tests of the kernels that read or move a block's rows.

await init();
const { kernels, heap } = getRuntime();

/** f64 values per feature in a histogram. */
export const HIST_F64 = BINS_PER_FEATURE * 2;

/** A contiguous row block as the grower sees it (assembly/rowblock.ts). */
export interface Block {
  nRows: number;
  nFeatures: number;
  stride: number;
  bins: Uint8Array; // row-major, `stride` bytes a row (padding random, must be carried along)
  gh: Float64Array; // interleaved (g, h)
  rows: Uint32Array; // original row ids
}

/** Random bin codes (about 10% missing, skewed so many rows share a bin), gradients, hessians and row ids. */
export function block(seed: number, nRows: number, nFeatures: number): Block {
  const rng = new Random(seed);
  const stride = kernels.binStride(nFeatures);
  const bins = new Uint8Array(nRows * stride);
  for (let i = 0; i < nRows; i++) {
    for (let o = 0; o < stride; o++) {
      bins[i * stride + o] = o < nFeatures ? (rng.next() < 0.1 ? MISSING_BIN : Math.floor(rng.next() ** 2 * 40)) : rng.int(256);
    }
  }
  const gh = new Float64Array(nRows * 2);
  for (let i = 0; i < nRows; i++) {
    gh[2 * i] = rng.next() * 2 - 1;
    gh[2 * i + 1] = rng.next() * 0.999 + 0.001;
  }
  const rows = rng.shuffle(Uint32Array.from({ length: nRows }, (_, i) => i * 3 + 1));
  return { nRows, nFeatures, stride, bins, gh, rows };
}

export function goesLeft(bin: number, splitBin: number, defaultLeft: number): boolean {
  return bin === MISSING_BIN ? defaultLeft !== 0 : bin <= splitBin;
}

/** Number of positions where two arrays differ bit for bit (Object.is). */
export function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) m++;
  return m;
}

export interface BlockPtrs {
  block: number; // RowBlock struct
  bins: number;
  gh: number;
  rows: number;
}

/** Copies a block into wasm memory (plus an empty twin and histograms) and runs `body`; all freed afterwards. */
export function withBlocks<T>(b: Block, nHists: number, body: (src: BlockPtrs, dst: BlockPtrs, hists: number[]) => T): T {
  return heap.scoped((scope) => {
    const make = (data: Block | null): BlockPtrs => {
      const bins = data ? scope.copyIn(data.bins) : scope.alloc(b.bins.length);
      const gh = data ? scope.copyIn(data.gh) : scope.alloc(b.gh.byteLength);
      const rows = data ? scope.copyIn(data.rows) : scope.alloc(b.rows.byteLength);
      const blockPtr = scope.alloc(kernels.rowBlockBytes());
      heap.u32(blockPtr, 3).set([bins, gh, rows]);
      return { block: blockPtr, bins, gh, rows };
    };
    const src = make(b);
    const dst = make(null);
    const hists = Array.from({ length: nHists }, () => scope.alloc(b.nFeatures * HIST_F64 * 8));
    return body(src, dst, hists);
  });
}
