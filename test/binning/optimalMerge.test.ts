import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { type MergeConstraints, optimalMerge, type Trend } from '../../src/binning/optimalMerge.js';
import { init } from '../../src/wasm/load.js';

await init();

// An independent brute force: every partition of the pre-bins into contiguous runs,
// checked against the constraints as written in the docs, IV computed with Math.log.

function ivOf(g: number, b: number, G: number, B: number, alpha: number): number {
  const [sg, sb] = g === 0 || b === 0 ? [g + alpha, b + alpha] : [g, b];
  return (sg / G - sb / B) * Math.log(sg / G / (sb / B));
}

function trendHolds(trend: Trend, rates: number[], d: number): boolean {
  const diffs = rates.slice(1).map((r, k) => r - rates[k]);
  const up = (x: number) => x > 0 && x >= d;
  const down = (x: number) => x < 0 && -x >= d;
  switch (trend) {
    case 'ascending':
      return diffs.every(up);
    case 'descending':
      return diffs.every(down);
    case 'peak':
    case 'valley': {
      const [first, second] = trend === 'peak' ? [up, down] : [down, up];
      // Some turning point t: the first t steps go one way, the rest the other.
      for (let t = 0; t <= diffs.length; t++) {
        if (diffs.slice(0, t).every(first) && diffs.slice(t).every(second)) return true;
      }
      return false;
    }
    case 'none':
      return d === 0 || diffs.every((x) => Math.abs(x) >= d);
  }
}

/** The non-event and event totals of each merged bin: pre-bins [previous end, end). */
function mergedTotals(ends: number[], g: number[], b: number[]): { gs: number; bs: number }[] {
  let start = 0;
  return ends.map((end) => {
    let gs = 0;
    let bs = 0;
    for (let k = start; k < end; k++) {
      gs += g[k];
      bs += b[k];
    }
    start = end;
    return { gs, bs };
  });
}

function admissible(ends: number[], g: number[], b: number[], totalWeight: number, c: MergeConstraints): boolean {
  if (ends.length > c.maxBins) return false;
  const rates: number[] = [];
  for (const { gs, bs } of mergedTotals(ends, g, b)) {
    const share = (gs + bs) / totalWeight;
    if (share < c.minShare - 1e-12 || share > c.maxShare + 1e-12 || gs < c.minNonEvents || bs < c.minEvents) return false;
    rates.push(bs / (gs + bs));
  }
  return trendHolds(c.trend, rates, c.minRateDiff);
}

function totalIv(ends: number[], g: number[], b: number[], G: number, B: number, alpha: number): number {
  let s = 0;
  for (const { gs, bs } of mergedTotals(ends, g, b)) s += ivOf(gs, bs, G, B, alpha);
  return s;
}

function bruteForce(g: number[], b: number[], G: number, B: number, totalWeight: number, c: MergeConstraints): number | null {
  const m = g.length;
  let best: number | null = null;
  for (let mask = 0; mask < 1 << (m - 1); mask++) {
    const ends: number[] = [];
    for (let k = 0; k < m - 1; k++) if (mask & (1 << k)) ends.push(k + 1);
    ends.push(m);
    if (!admissible(ends, g, b, totalWeight, c)) continue;
    const iv = totalIv(ends, g, b, G, B, c.smoothing);
    if (best === null || iv > best) best = iv;
  }
  return best;
}

const TRENDS: Trend[] = ['ascending', 'descending', 'peak', 'valley', 'none'];

describe('optimalMerge', () => {
  it('equals a brute-force search over all admissible merges on 600 random cases', () => {
    const rng = new Random(2026);
    let feasible = 0;
    let infeasible = 0;
    for (let rep = 0; rep < 600; rep++) {
      const m = 1 + rng.int(10);
      const g: number[] = [];
      const b: number[] = [];
      for (let k = 0; k < m; k++) {
        // Some pre-bins without events or non-events, to exercise the smoothing.
        g.push(rng.next() < 0.1 ? 0 : 1 + rng.int(60));
        b.push(rng.next() < 0.1 ? 0 : 1 + rng.int(30));
        if (g[k] + b[k] === 0) g[k] = 1;
      }
      // Missing or special rows outside the merge count in the totals.
      const outsideG = rng.int(20);
      const outsideB = rng.int(10);
      const G = g.reduce((s, v) => s + v, 0) + outsideG;
      const B = b.reduce((s, v) => s + v, 0) + outsideB + 1;
      const totalWeight = G + B;
      const c: MergeConstraints = {
        trend: TRENDS[rng.int(TRENDS.length)],
        minShare: rng.next() < 0.5 ? 0 : rng.next() * 0.2,
        maxShare: rng.next() < 0.7 ? 1 : 0.3 + rng.next() * 0.7,
        maxBins: rng.next() < 0.5 ? 100 : 1 + rng.int(5),
        minEvents: rng.next() < 0.7 ? 0 : rng.int(15),
        minNonEvents: rng.next() < 0.7 ? 0 : rng.int(30),
        minRateDiff: rng.next() < 0.6 ? 0 : rng.next() * 0.1,
        smoothing: 0.5,
      };
      const expected = bruteForce(g, b, G, B, totalWeight, c);
      const ends = optimalMerge(g, b, { goods: G, bads: B, totalWeight }, c);
      if (expected === null) {
        expect(ends, JSON.stringify({ g, b, c })).toBeNull();
        infeasible++;
      } else {
        expect(ends, JSON.stringify({ g, b, c })).not.toBeNull();
        expect(admissible(ends!, g, b, totalWeight, c), JSON.stringify({ g, b, c, ends })).toBe(true);
        expect(totalIv(ends!, g, b, G, B, c.smoothing)).toBeCloseTo(expected, 10);
        feasible++;
      }
    }
    // Both outcomes were exercised.
    expect(feasible).toBeGreaterThan(200);
    expect(infeasible).toBeGreaterThan(20);
  });

  it('peak and valley include the monotone shapes; their optimum is at least the monotone one', () => {
    const g = [50, 40, 30, 35, 45, 60];
    const b = [5, 10, 20, 15, 8, 4];
    const t = { goods: 260, bads: 62, totalWeight: 322 };
    const base: MergeConstraints = { trend: 'ascending', minShare: 0, maxShare: 1, maxBins: 100, minEvents: 0, minNonEvents: 0, minRateDiff: 0, smoothing: 0.5 };
    const iv = (trend: Trend) => totalIv(optimalMerge(g, b, t, { ...base, trend })!, g, b, 260, 62, 0.5);
    expect(iv('peak')).toBeGreaterThan(iv('ascending'));
    expect(iv('peak')).toBeGreaterThan(iv('descending'));
    // The event rate rises to the third pre-bin then falls: the peak keeps all six.
    expect(optimalMerge(g, b, t, { ...base, trend: 'peak' })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(iv('none')).toBeGreaterThanOrEqual(iv('peak'));
    expect(iv('valley')).toBeGreaterThanOrEqual(Math.max(iv('ascending'), iv('descending')));
  });

  it('no pre-bins: no bins', () => {
    expect(optimalMerge([], [], { goods: 1, bads: 1, totalWeight: 2 }, {
      trend: 'none', minShare: 0, maxShare: 1, maxBins: 5, minEvents: 0, minNonEvents: 0, minRateDiff: 0, smoothing: 0.5,
    })).toEqual([]);
  });
});
