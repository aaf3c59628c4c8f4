import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { BINS_PER_FEATURE, MISSING_BIN, OCCUPANCY_FEATURE_BYTES } from '../../src/wasm/layout.js';
import { getRuntime, init } from '../../src/wasm/load.js';

await init();
const { kernels, heap } = getRuntime();

const HIST_F64 = BINS_PER_FEATURE * 2;
const OUT_FIELDS = ['splittable', 'feature', 'bin', 'defaultLeft', 'gain', 'leftG', 'leftH', 'leftW', 'rightW'] as const;

interface SplitCase {
  hist: Float64Array;
  nBins: Uint32Array;
  mask: Uint8Array;
  monotone: Int8Array;
  lower: number;
  upper: number;
  lambda: number;
  alpha: number;
  gamma: number;
  minChildWeight: number;
}

function soft(g: number, alpha: number): number {
  return g > alpha ? g - alpha : g < -alpha ? g + alpha : 0;
}

/** Node sums of a histogram (feature 0 holds every row) and its clamped leaf weight. */
function nodeOf(c: SplitCase): { G: number; H: number; w: number } {
  let G = 0;
  let H = 0;
  for (let b = 0; b < BINS_PER_FEATURE; b++) {
    G += c.hist[2 * b];
    H += c.hist[2 * b + 1];
  }
  const w = Math.min(Math.max(-soft(G, c.alpha) / (H + c.lambda), c.lower), c.upper);
  return { G, H, w };
}

/**
 * findBestSplit (naive = 0) or findBestSplitNaive (naive = 1) on a case: the 9
 * output fields. With `occupancy` (u8 [nf * OCCUPANCY_FEATURE_BYTES]) findBestSplit
 * reads the bitmap of the histogram's possibly non-zero entries.
 */
function bestSplit(c: SplitCase, naive: number, occupancy?: Uint8Array): Float64Array {
  const nf = c.nBins.length;
  const { G, H, w } = nodeOf(c);
  return heap.scoped((scope) => {
    const hist = scope.copyIn(c.hist);
    const nBins = scope.copyIn(c.nBins);
    const mask = scope.copyIn(c.mask);
    const mono = scope.copyIn(c.monotone);
    const occ = occupancy ? scope.copyIn(occupancy) : 0;
    const node = scope.alloc(kernels.nodeRecordBytes());
    const out = scope.alloc(OUT_FIELDS.length * 8);
    kernels.bestSplitOf(naive, node, G, H, w, c.lower, c.upper, hist, nf, nBins, mask, mono, c.lambda, c.alpha, c.gamma, c.minChildWeight, out, occ);
    return heap.f64(out, OUT_FIELDS.length).slice();
  });
}

/** An occupancy bitmap of a histogram: every entry that is not +0.0 in both lanes, plus each other entry with probability `extra`. */
function occupancyOf(hist: Float64Array, nf: number, rng: Random, extra: number): Uint8Array {
  const occ = new Uint8Array(nf * OCCUPANCY_FEATURE_BYTES);
  for (let f = 0; f < nf; f++) {
    for (let b = 0; b < BINS_PER_FEATURE; b++) {
      const o = (f * BINS_PER_FEATURE + b) * 2;
      const zero = Object.is(hist[o], 0) && Object.is(hist[o + 1], 0);
      if (!zero || rng.next() < extra) occ[f * OCCUPANCY_FEATURE_BYTES + (b >> 3)] |= 1 << (b & 7);
    }
  }
  return occ;
}

/**
 * The same rows binned by every feature: each feature spreads them over its
 * bins differently, with empty bins (occupancy `fill`), optional missing rows,
 * and, in some features, the ±1e-17 leftovers a subtracted histogram has in
 * bins the node has no rows in.
 */
function randomCase(rng: Random, nf: number, options: Partial<SplitCase> & { fill?: number } = {}): SplitCase {
  const nRows = 20 + rng.int(400);
  const g = Float64Array.from({ length: nRows }, () => rng.next() * 2 - 1);
  const h = Float64Array.from({ length: nRows }, () => 0.05 + rng.next() * 0.2);
  const hist = new Float64Array(nf * HIST_F64);
  const nBins = new Uint32Array(nf);
  const fill = options.fill ?? 0.5;
  for (let f = 0; f < nf; f++) {
    const nb = rng.next() < 0.2 ? 2 + rng.int(6) : MISSING_BIN;
    nBins[f] = nb;
    const missingRate = f % 3 === 0 ? 0.1 : 0;
    const used = Array.from({ length: nb }, (_, b) => b).filter(() => rng.next() < fill);
    if (used.length === 0) used.push(rng.int(nb));
    for (let i = 0; i < nRows; i++) {
      const b = rng.next() < missingRate ? MISSING_BIN : used[rng.int(used.length)];
      hist[(f * BINS_PER_FEATURE + b) * 2] += g[i];
      hist[(f * BINS_PER_FEATURE + b) * 2 + 1] += h[i];
    }
    if (f % 4 === 1) {
      for (let b = 0; b < nb; b++) {
        const o = (f * BINS_PER_FEATURE + b) * 2;
        if (hist[o + 1] === 0 && rng.next() < 0.3) {
          hist[o] = (rng.next() - 0.5) * 1e-17;
          hist[o + 1] = rng.next() < 0.5 ? 1e-17 : -1e-17;
        }
      }
    }
  }
  return {
    hist,
    nBins,
    mask: options.mask ?? Uint8Array.from({ length: nf }, () => (rng.next() < 0.85 ? 1 : 0)),
    monotone: options.monotone ?? new Int8Array(nf),
    lower: options.lower ?? -Infinity,
    upper: options.upper ?? Infinity,
    lambda: options.lambda ?? 1,
    alpha: options.alpha ?? 0,
    gamma: options.gamma ?? 0,
    minChildWeight: options.minChildWeight ?? 1,
  };
}

function expectSameSplit(c: SplitCase, occupancy?: Uint8Array): Float64Array {
  const fast = bestSplit(c, 0, occupancy);
  const naive = bestSplit(c, 1);
  const fields = fast[0] === 1 ? OUT_FIELDS.length : 1;
  for (let k = 0; k < fields; k++) {
    expect(Object.is(fast[k], naive[k]), `${OUT_FIELDS[k]}: ${fast[k]} vs naive ${naive[k]}`).toBe(true);
  }
  return fast;
}

describe('findBestSplit and its scalar twin findBestSplitNaive', () => {
  it('pick the same split, bit for bit, over random histograms and options', () => {
    const rng = new Random(42);
    let splittable = 0;
    let withMissingLeft = 0;
    for (let t = 0; t < 400; t++) {
      const c = randomCase(rng, 1 + rng.int(12), {
        fill: [0.05, 0.3, 1][t % 3],
        lambda: [1, 0, 5][t % 3],
        alpha: t % 4 === 0 ? 0.3 : 0,
        gamma: t % 5 === 0 ? 0.5 : 0,
        minChildWeight: [1, 0, 3][t % 3],
      });
      const s = expectSameSplit(c);
      splittable += s[0];
      if (s[0] === 1 && s[3] === 1) withMissingLeft++;
    }
    // The cases exercise real splits, including missing values sent left.
    expect(splittable).toBeGreaterThan(300);
    expect(withMissingLeft).toBeGreaterThan(20);
  });

  it('agree when findBestSplit visits only the bins an occupancy bitmap lists (sparse and dense features, extra bits)', () => {
    const rng = new Random(19);
    let splittable = 0;
    for (let t = 0; t < 400; t++) {
      const nf = 1 + rng.int(12);
      const c = randomCase(rng, nf, {
        fill: [0.02, 0.1, 0.3, 0.6, 1][t % 5],
        lambda: [1, 0, 5][t % 3],
        alpha: t % 4 === 0 ? 0.3 : 0,
        gamma: t % 7 === 0 ? 0.5 : 0,
        minChildWeight: [1, 0, 3][t % 3],
      });
      const s = expectSameSplit(c, occupancyOf(c.hist, nf, rng, [0, 0.05, 0.5][t % 3]));
      splittable += s[0];
    }
    expect(splittable).toBeGreaterThan(250);
  });

  it('agree on bins with a gradient but no hessian (zero-weight rows), -0.0 entries and tiny features, with and without a bitmap', () => {
    // findBestSplit's first pass adds every visited bin with a mask instead of
    // skipping empty ones: a bin whose hessian is 0 or -0.0 must still add
    // nothing, whatever its gradient, and 1 to 3 bins leave odd and even
    // numbers of candidates for the pairwise screen.
    const rng = new Random(23);
    let splittable = 0;
    for (let t = 0; t < 300; t++) {
      const nf = 1 + rng.int(8);
      const c = randomCase(rng, nf, {
        fill: [0.05, 0.4, 1][t % 3],
        lambda: [1, 0][t % 2],
        alpha: t % 5 === 0 ? 0.2 : 0,
        minChildWeight: [1, 0, 0.5][t % 3],
      });
      for (let f = 0; f < nf; f++) {
        if (t % 4 === 3) c.nBins[f] = 1 + rng.int(3);
        for (let b = 0; b < c.nBins[f]; b++) {
          const o = (f * BINS_PER_FEATURE + b) * 2;
          if (c.hist[o + 1] !== 0 || rng.next() < 0.7) continue;
          if (rng.next() < 0.5) c.hist[o] = rng.next() - 0.5;
          else {
            c.hist[o] = -0;
            c.hist[o + 1] = -0;
          }
        }
      }
      const s = expectSameSplit(c, t % 2 === 0 ? occupancyOf(c.hist, nf, rng, 0.1) : undefined);
      splittable += s[0];
    }
    expect(splittable).toBeGreaterThan(150);
  });

  it('agree under monotone constraints and inherited weight bounds', () => {
    const rng = new Random(7);
    for (let t = 0; t < 150; t++) {
      const nf = 1 + rng.int(8);
      const bounded = t % 2 === 0;
      expectSameSplit(randomCase(rng, nf, {
        monotone: Int8Array.from({ length: nf }, () => rng.int(3) - 1),
        lower: bounded ? -0.05 - rng.next() * 0.1 : -Infinity,
        upper: bounded ? 0.05 + rng.next() * 0.1 : Infinity,
        alpha: t % 3 === 0 ? 0.2 : 0,
      }));
    }
  });

  it('keep the first of equal candidates: identical features give feature 0, whatever the histogram', () => {
    const rng = new Random(3);
    for (let t = 0; t < 40; t++) {
      const one = randomCase(rng, 1, { fill: [0.1, 0.5, 1][t % 3], alpha: t % 2 ? 0.1 : 0 });
      one.nBins[0] = MISSING_BIN;
      const hist = new Float64Array(3 * HIST_F64);
      for (let f = 0; f < 3; f++) hist.set(one.hist, f * HIST_F64);
      const c = { ...one, hist, nBins: Uint32Array.of(MISSING_BIN, MISSING_BIN, MISSING_BIN), mask: Uint8Array.of(1, 1, 1), monotone: new Int8Array(3) };
      const s = expectSameSplit(c);
      if (s[0] === 1) expect(s[1]).toBe(0);
    }
  });

  it('agree on a node whose histogram came from subtraction (parent minus the smaller child)', () => {
    const rng = new Random(11);
    for (let t = 0; t < 30; t++) {
      const parent = randomCase(rng, 6, { fill: 0.2, mask: new Uint8Array(6).fill(1) });
      const child = new Float64Array(parent.hist.length);
      // the child holds a random part of each occupied bin's sums
      for (let o = 0; o < child.length; o += 2) {
        const share = rng.next() < 0.5 ? 0 : rng.next() < 0.3 ? 1 : rng.next();
        child[o] = parent.hist[o] * share;
        child[o + 1] = parent.hist[o + 1] * share;
      }
      const diff = heap.scoped((scope) => {
        const p = scope.copyIn(parent.hist);
        const ch = scope.copyIn(child);
        kernels.subtractHistogram(p, ch, 6);
        return heap.f64(p, parent.hist.length).slice();
      });
      expectSameSplit({ ...parent, hist: diff });
    }
  });
});
