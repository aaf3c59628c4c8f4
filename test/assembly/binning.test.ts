import { describe, expect, it } from 'vitest';
import { BinMapper } from '../../src/data/binMapper.js';
import { CreditkitError } from '../../src/errors.js';
import { Random } from '../../src/random.js';
import { MISSING_BIN } from '../../src/wasm/layout.js';
import { getRuntime, init } from '../../src/wasm/load.js';

await init();
const { heap } = getRuntime();

/** Bin codes of every column from the wasm kernel (row-major nRows × nFeatures, padding dropped), copied out. */
function binWithKernel(bm: BinMapper, columns: Float32Array[]): Uint8Array {
  const n = columns[0].length;
  const nf = columns.length;
  return heap.scoped((scope) => {
    const { bins, stride } = bm.transformInto(scope, columns, n);
    expect(stride % 16).toBe(0);
    expect(stride).toBeGreaterThanOrEqual(nf);
    const padded = heap.u8(bins, n * stride);
    const out = new Uint8Array(n * nf);
    for (let i = 0; i < n; i++) out.set(padded.subarray(i * stride, i * stride + nf), i * nf);
    return out;
  });
}

/** JS reference: the number of cut points <= v (upper bound); NaN is the missing bin. */
function referenceBin(cuts: Float32Array, v: number): number {
  if (Number.isNaN(v)) return MISSING_BIN;
  let k = 0;
  while (k < cuts.length && cuts[k] <= v) k++;
  return k;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
/** The float32 neighbours of a (finite, non-zero) float32 value. */
function nextUp(v: number): number {
  f32[0] = v;
  i32[0] += v > 0 ? 1 : -1;
  return f32[0];
}
function nextDown(v: number): number {
  f32[0] = v;
  i32[0] += v > 0 ? -1 : 1;
  return f32[0];
}

function column(n: number, seed: number, draw: (rng: Random) => number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => draw(rng));
}

function normal(rng: Random): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

const N = 20_000;
const continuous = column(N, 1, (r) => normal(r) * 1000);
const lognormal = column(N, 2, (r) => Math.exp(normal(r) * 3));
const withNaN = column(N, 3, (r) => (r.next() < 0.15 ? NaN : r.next() * 10 - 5));
const heavyTies = column(N, 4, (r) => (r.next() < 0.4 ? 0 : Math.exp(r.next() * 8)));
const fewDistinct = column(N, 5, (r) => [-3, 0, 0.5, 2, 7.25, 100][r.int(6)]);
const columns = [continuous, lognormal, withNaN, heavyTies, fewDistinct];

describe('BinMapper.fit', () => {
  for (const maxBins of [256, 64, 16, 3, 2]) {
    it(`gives at most maxBins - 1 non-missing bins with strictly increasing finite cuts (maxBins ${maxBins})`, () => {
      const bm = BinMapper.fit(columns, { maxBins });
      expect(bm.nFeatures).toBe(columns.length);
      bm.cuts.forEach((cuts, f) => {
        // non-missing bins 0..cuts.length, the missing bin is separate: cuts.length + 1 <= maxBins - 1
        expect(bm.nBins(f)).toBe(cuts.length + 1);
        expect(bm.nBins(f)).toBeLessThanOrEqual(maxBins - 1);
        for (let i = 0; i < cuts.length; i++) {
          expect(Number.isFinite(cuts[i])).toBe(true);
          if (i > 0) expect(cuts[i]).toBeGreaterThan(cuts[i - 1]);
        }
      });
      // Plenty of distinct values: every continuous column uses all the bins it may.
      expect(bm.nBins(0)).toBe(maxBins - 1);
      expect(bm.nBins(1)).toBe(maxBins - 1);
      // No non-missing value ever lands in the missing bin.
      const codes = binWithKernel(bm, columns);
      let wrong = 0;
      for (let i = 0; i < N; i++) {
        for (let f = 0; f < columns.length; f++) {
          if ((codes[i * columns.length + f] === MISSING_BIN) !== Number.isNaN(columns[f][i])) wrong++;
        }
      }
      expect(wrong).toBe(0);
    });
  }

  it('gives bins of roughly equal counts on continuous data', () => {
    const bm = BinMapper.fit([continuous], { maxBins: 256 });
    const counts = new Array(bm.nBins(0)).fill(0);
    for (const v of continuous) counts[referenceBin(bm.cuts[0], v)]++;
    const ideal = N / bm.nBins(0);
    expect(Math.max(...counts)).toBeLessThan(ideal * 1.5);
    expect(Math.min(...counts)).toBeGreaterThan(ideal * 0.5);
  });

  it('gives one bin per value when there are few distinct values', () => {
    const bm = BinMapper.fit([fewDistinct], { maxBins: 256 });
    const distinct = [-3, 0, 0.5, 2, 7.25, 100];
    expect(bm.cuts[0].length).toBe(distinct.length - 1);
    // Each value's bin is its rank; each cut separates exactly two neighbours.
    distinct.forEach((v, rank) => expect(referenceBin(bm.cuts[0], v)).toBe(rank));
    for (let i = 0; i < distinct.length - 1; i++) {
      expect(bm.cuts[0][i]).toBeGreaterThan(distinct[i]);
      expect(bm.cuts[0][i]).toBeLessThanOrEqual(distinct[i + 1]);
    }
    const codes = binWithKernel(bm, [fewDistinct]);
    expect(Array.from(codes)).toEqual(Array.from(fewDistinct, (v) => distinct.indexOf(v)));
  });

  it('separates neighbouring float32 values', () => {
    const a = 1;
    const b = nextUp(1);
    const values = Float32Array.from([a, b, a, b, b]);
    const bm = BinMapper.fit([values]);
    expect(bm.cuts[0].length).toBe(1);
    expect(Array.from(binWithKernel(bm, [values]))).toEqual([0, 1, 0, 1, 1]);
  });

  it('still gives many bins under heavy ties (40% zeros), with zero alone in its bin', () => {
    const bm = BinMapper.fit([heavyTies], { maxBins: 256 });
    const cuts = bm.cuts[0];
    expect(cuts.length).toBeGreaterThan(200);
    const zeroBin = referenceBin(cuts, 0);
    const counts = new Array(bm.nBins(0)).fill(0);
    for (const v of heavyTies) counts[referenceBin(cuts, v)]++;
    const zeros = heavyTies.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(0.35 * N);
    expect(counts[zeroBin]).toBe(zeros);
    // The other 60% is spread over the remaining bins.
    const others = counts.filter((_, b) => b !== zeroBin);
    expect(Math.max(...others)).toBeLessThan((3 * (N - zeros)) / others.length);
  });

  it('handles a column with a single value or only missing values', () => {
    const constant = new Float32Array(100).fill(4.5);
    const allMissing = new Float32Array(100).fill(NaN);
    const bm = BinMapper.fit([constant, allMissing]);
    expect(bm.cuts[0].length).toBe(0);
    expect(bm.cuts[1].length).toBe(0);
    const codes = binWithKernel(bm, [constant, allMissing]);
    for (let i = 0; i < 100; i++) {
      expect(codes[2 * i]).toBe(0);
      expect(codes[2 * i + 1]).toBe(MISSING_BIN);
    }
  });

  it('samples rows deterministically by seed when the data exceeds sampleSize', () => {
    const a = BinMapper.fit([continuous], { sampleSize: 5000, seed: 3 });
    const b = BinMapper.fit([continuous], { sampleSize: 5000, seed: 3 });
    const c = BinMapper.fit([continuous], { sampleSize: 5000, seed: 4 });
    expect(Array.from(a.cuts[0])).toEqual(Array.from(b.cuts[0]));
    expect(Array.from(a.cuts[0])).not.toEqual(Array.from(c.cuts[0]));
  });

  it('rejects maxBins outside 2..256', () => {
    for (const maxBins of [1, 257, 2.5, NaN]) {
      let err: unknown;
      try {
        BinMapper.fit(columns, { maxBins });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CreditkitError);
      expect((err as CreditkitError).code).toBe('E_OPTION');
    }
  });
});

describe('binColumn (via BinMapper.transformInto)', () => {
  it('matches a JS upper-bound reference on every value, NaN going to the missing bin', () => {
    for (const maxBins of [256, 20]) {
      const bm = BinMapper.fit(columns, { maxBins });
      const codes = binWithKernel(bm, columns);
      let nanSeen = 0;
      let wrong = 0;
      for (let i = 0; i < N; i++) {
        for (let f = 0; f < columns.length; f++) {
          const v = columns[f][i];
          if (Number.isNaN(v)) nanSeen++;
          if (codes[i * columns.length + f] !== referenceBin(bm.cuts[f], v)) wrong++;
        }
      }
      expect(wrong).toBe(0);
      expect(nanSeen).toBeGreaterThan(0.1 * N);
    }
  });

  it('keeps the split invariant: value < cuts[b] exactly when bin <= b, at and around every cut', () => {
    const bm = BinMapper.fit(columns, { maxBins: 256 });
    bm.cuts.forEach((cuts, f) => {
      // The data itself plus each cut and its float32 neighbours (the values most likely to go wrong).
      const probes: number[] = Array.from(columns[f]).filter((v) => !Number.isNaN(v));
      for (const c of cuts) probes.push(c, nextUp(c), nextDown(c));
      probes.push(-3.4e38, 3.4e38, 0, -0);
      const values = Float32Array.from(probes);
      const codes = binWithKernel(new BinMapper([cuts]), [values]);
      const violations: string[] = [];
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (codes[i] !== referenceBin(cuts, v)) violations.push(`value ${v}: bin ${codes[i]}, reference ${referenceBin(cuts, v)}`);
        // threshold(f, b) is the raw-value form of "bin <= b" (Infinity for the last bin).
        for (let b = 0; b <= cuts.length; b++) {
          if ((v < cuts[b]) !== (codes[i] <= b) && b < cuts.length) violations.push(`value ${v}, cut ${b} = ${cuts[b]}, bin ${codes[i]}`);
          if ((v < bm.threshold(f, b)) !== (codes[i] <= b)) violations.push(`value ${v}, threshold(${f}, ${b}), bin ${codes[i]}`);
        }
        if (violations.length > 5) break;
      }
      expect(violations, `feature ${f}`).toEqual([]);
    });
  });

  it('round-trips through toJSON/fromJSON and rejects bad cut arrays', () => {
    const bm = BinMapper.fit(columns);
    const back = BinMapper.fromJSON(JSON.parse(JSON.stringify(bm.toJSON())));
    back.cuts.forEach((c, f) => expect(Array.from(c)).toEqual(Array.from(bm.cuts[f])));
    const bad: Array<[unknown, string]> = [
      [{}, 'binCuts'],
      [[[1, 1]], 'binCuts[0][1]'],
      [[[0], [2, 1]], 'binCuts[1][1]'],
      [[[0, 'x']], 'binCuts[0]'],
      [[Array.from({ length: 255 }, (_, i) => i)], 'binCuts[0]'],
    ];
    for (const [json, path] of bad) {
      let err: unknown;
      try {
        BinMapper.fromJSON(json);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CreditkitError);
      expect((err as CreditkitError).code).toBe('E_MODEL_FORMAT');
      expect((err as CreditkitError).where.path).toBe(path);
    }
  });
});

describe('binColumn (branch-free search, four rows at a time)', () => {
  it('matches the reference for 0 to 9 and 254 cuts and row counts that are not multiples of 4', () => {
    const rng = new Random(21);
    for (const nCuts of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, MISSING_BIN - 1]) {
      const cuts = Float32Array.from({ length: nCuts }, (_, k) => k - nCuts / 2).sort();
      for (const n of [1, 2, 3, 5, 6, 7, 13]) {
        // Values at, between and beyond the cuts, and missing.
        const values = Float32Array.from({ length: n }, () => {
          const u = rng.next();
          if (u < 0.15) return NaN;
          if (u < 0.5 && nCuts > 0) return cuts[rng.int(nCuts)];
          return (rng.next() - 0.5) * (nCuts + 4);
        });
        const got = binWithKernel(new BinMapper([cuts]), [values]);
        expect(Array.from(got)).toEqual(Array.from(values, (v) => referenceBin(cuts, v)));
      }
    }
  });
});
