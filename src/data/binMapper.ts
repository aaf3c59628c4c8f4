import { CreditkitError } from '../errors.js';
import { Random } from '../random.js';
import type { Scope } from '../wasm/heap.js';
import { MISSING_BIN } from '../wasm/layout.js';
import { getRuntime } from '../wasm/load.js';

export interface BinMapperOptions {
  /** Total bins per feature including the missing-value bin (2..256). */
  maxBins?: number;
  /** Cut points are computed from at most this many rows (sampled with `seed`). */
  sampleSize?: number;
  seed?: number;
}

/**
 * Quantile cut points per feature, fitted on training data.
 *
 * bin(v) = number of cut points <= v, so bins are 0 .. cuts.length and the
 * split "bin <= b" is exactly "v < cuts[b]" on raw values. A feature with few
 * distinct values gets one bin per value (cuts halfway between neighbours);
 * otherwise bins hold roughly equal counts, and a value frequent enough to
 * fill a bin on its own gets its own bin (LightGBM's greedy binning idea).
 * NaN goes to the separate missing bin (255).
 */
export class BinMapper {
  readonly cuts: readonly Float32Array[];

  constructor(cuts: readonly Float32Array[]) {
    this.cuts = cuts;
  }

  get nFeatures(): number {
    return this.cuts.length;
  }

  /** Non-missing bins of feature f. */
  nBins(f: number): number {
    return this.cuts[f].length + 1;
  }

  /** The raw-value threshold of split "bin <= b" on feature f (Infinity: all non-missing values). */
  threshold(f: number, b: number): number {
    return b < this.cuts[f].length ? this.cuts[f][b] : Infinity;
  }

  static fit(columns: readonly Float32Array[], options: BinMapperOptions = {}): BinMapper {
    const maxBins = options.maxBins ?? 256;
    if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MISSING_BIN + 1) {
      throw new CreditkitError('E_OPTION', `maxBins must be an integer in 2..${MISSING_BIN + 1}, got ${maxBins}`);
    }
    const n = columns.length > 0 ? columns[0].length : 0;
    const sampleSize = options.sampleSize ?? 200_000;
    const rows = n > sampleSize ? sampleRows(n, sampleSize, options.seed ?? 0) : null;
    // Each column's finite values are sorted in wasm (sortFloat32, a radix sort).
    const { kernels, heap } = getRuntime();
    const capacity = rows ? rows.length : n;
    const cuts = heap.scoped((scope) => {
      const buffer = scope.alloc(capacity * 4);
      const scratch = scope.alloc(kernels.sortFloat32ScratchBytes(capacity));
      return columns.map((col) => {
        const values = collectFinite(col, rows);
        heap.f32(buffer, values.length).set(values);
        kernels.sortFloat32(buffer, values.length, scratch);
        return cutPoints(heap.f32(buffer, values.length), maxBins - 1);
      });
    });
    return new BinMapper(cuts);
  }

  /**
   * Bins columns into a row-major u8 matrix allocated in `scope`: row i's
   * codes start at bins + i * stride (stride = features rounded up to 16, or
   * features + `spareBytes` rounded up: zeroed bytes after the codes).
   * @internal wasm memory: not part of the public declarations
   */
  transformInto(scope: Scope, columns: readonly Float32Array[], nRows: number, spareBytes = 0): { bins: number; stride: number } {
    const { kernels, heap } = getRuntime();
    const nf = this.nFeatures;
    const stride = kernels.binStride(nf + spareBytes);
    const bins = scope.alloc(nRows * stride + 16);
    heap.u8(bins, nRows * stride).fill(0);
    const values = scope.alloc(nRows * 4);
    const maxCuts = Math.max(1, ...this.cuts.map((c) => c.length));
    const cutsPtr = scope.alloc(maxCuts * 4);
    for (let f = 0; f < nf; f++) {
      heap.f32(values, nRows).set(columns[f]);
      heap.f32(cutsPtr, this.cuts[f].length).set(this.cuts[f]);
      kernels.binColumn(values, nRows, cutsPtr, this.cuts[f].length, bins, stride, f);
    }
    return { bins, stride };
  }

  toJSON(): number[][] {
    return this.cuts.map((c) => Array.from(c));
  }

  static fromJSON(json: unknown, path = 'binCuts'): BinMapper {
    if (!Array.isArray(json)) throw new CreditkitError('E_MODEL_FORMAT', 'expected an array of cut-point arrays', { path });
    return new BinMapper(
      json.map((c, f) => {
        if (!Array.isArray(c) || c.length >= MISSING_BIN || c.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
          throw new CreditkitError('E_MODEL_FORMAT', `expected at most ${MISSING_BIN - 1} finite numbers`, { path: `${path}[${f}]` });
        }
        const cuts = Float32Array.from(c as number[]);
        for (let i = 1; i < cuts.length; i++) {
          if (!(cuts[i] > cuts[i - 1])) throw new CreditkitError('E_MODEL_FORMAT', 'cut points must increase', { path: `${path}[${f}][${i}]` });
        }
        return cuts;
      }),
    );
  }
}

function sampleRows(n: number, k: number, seed: number): Uint32Array {
  // Partial Fisher–Yates: the first k entries are a uniform sample without replacement.
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const rng = new Random(seed);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.subarray(0, k).sort();
}

function collectFinite(col: Float32Array, rows: Uint32Array | null): Float32Array {
  const out = new Float32Array(rows ? rows.length : col.length);
  let m = 0;
  if (rows) {
    for (let i = 0; i < rows.length; i++) {
      const v = col[rows[i]];
      if (v === v) out[m++] = v;
    }
  } else {
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v === v) out[m++] = v;
    }
  }
  return out.subarray(0, m);
}

/** A cut between neighbouring float32 values a < b that sends a left and b right. */
function cutBetween(a: number, b: number): number {
  const c = Math.fround((a + b) / 2);
  return c > a ? c : b;
}

/** End (exclusive) of the run of values equal to sorted[start]. */
function runEnd(sorted: Float32Array, start: number): number {
  const v = sorted[start];
  let i = start + 1;
  while (i < sorted.length && sorted[i] === v) i++;
  return i;
}

/**
 * Cut points for sorted finite values, at most maxBins - 1 of them. Walks the
 * runs of equal values in place (no per-value arrays: on small data the
 * allocations were a visible part of the fit).
 */
export function cutPoints(sorted: Float32Array, maxBins: number): Float32Array {
  const total = sorted.length;
  const cuts: number[] = [];
  // One pass: the distinct values, and those that alone fill a bin ("big").
  const bigCount = total / maxBins;
  let d = 0;
  let restCount = 0;
  let nBig = 0;
  for (let i = 0; i < total; ) {
    const end = runEnd(sorted, i);
    d++;
    if (end - i >= bigCount) nBig++;
    else restCount += end - i;
    i = end;
  }
  if (d <= maxBins) {
    for (let i = 1; i < total; i++) if (sorted[i] !== sorted[i - 1]) cuts.push(cutBetween(sorted[i - 1], sorted[i]));
    return Float32Array.from(cuts);
  }
  // Big values get their own bin; the rest share the other bins evenly.
  let binsLeft = Math.max(1, maxBins - nBig);
  let target = restCount / binsLeft;
  let acc = 0;
  // the current run [start, end) and the next one [end, nextEnd)
  let start = 0;
  let end = runEnd(sorted, 0);
  while (end < total && cuts.length < maxBins - 1) {
    const nextEnd = runEnd(sorted, end);
    const count = end - start;
    const big = count >= bigCount;
    acc += count;
    if (!big) restCount -= count;
    if (big || nextEnd - end >= bigCount || acc >= target) {
      cuts.push(cutBetween(sorted[start], sorted[end]));
      if (!big) {
        binsLeft = Math.max(1, binsLeft - 1);
        target = restCount / binsLeft;
      }
      acc = 0;
    }
    start = end;
    end = nextEnd;
  }
  return Float32Array.from(cuts);
}
