import { log } from '../math/deterministic.js';

/** Shape of the event rate across the bins, in bin order. */
export type Trend = 'ascending' | 'descending' | 'peak' | 'valley' | 'none';

/** Constraints of the merge, all on the merged bins (not on missing or special bins). */
export interface MergeConstraints {
  trend: Trend;
  /** Bounds on a bin's weight as a share of `totalWeight` (which includes missing and special rows). */
  minShare: number;
  maxShare: number;
  /** Largest number of bins; ≥ the pre-bin count means no limit. */
  maxBins: number;
  /** Smallest (weighted) number of events (target 1) and non-events (target 0) in a bin. */
  minEvents: number;
  minNonEvents: number;
  /** Smallest |event rate difference| between neighbouring bins; with a trend, the step in its direction. */
  minRateDiff: number;
  /** Added to both counts of a bin without events or without non-events, for its WOE. */
  smoothing: number;
}

/** Event and non-event totals the WOE of a bin is measured against. */
export interface MergeTotals {
  /** All non-events and all events of the characteristic, missing and special rows included. */
  goods: number;
  bads: number;
  totalWeight: number;
}

/**
 * The information value part of one bin, (%good − %bad) · ln(%good / %bad),
 * with `smoothing` added to both counts when one of them is 0.
 */
export function binIv(goods: number, bads: number, t: MergeTotals, smoothing: number): number {
  const sg = goods === 0 || bads === 0 ? goods + smoothing : goods;
  const sb = goods === 0 || bads === 0 ? bads + smoothing : bads;
  const pg = sg / t.goods;
  const pb = sb / t.bads;
  return (pg - pb) * log(pg / pb);
}

/** Can `next` follow `prev` (event rates) in phase `phase` (0 = rising part, 1 = falling part)? Returns the new phase or −1. */
function step(trend: Trend, prev: number, next: number, phase: number, d: number): number {
  const up = next - prev > 0 && next - prev >= d;
  const down = prev - next > 0 && prev - next >= d;
  switch (trend) {
    case 'ascending':
      return up ? 0 : -1;
    case 'descending':
      return down ? 0 : -1;
    case 'peak':
      if (phase === 0) return up ? 0 : down ? 1 : -1;
      return down ? 1 : -1;
    case 'valley':
      if (phase === 0) return down ? 0 : up ? 1 : -1;
      return up ? 1 : -1;
    case 'none':
      return d > 0 ? (Math.abs(next - prev) >= d ? 0 : -1) : 0;
  }
}

/**
 * The exact optimum: the partition of pre-bins 0..m−1 into contiguous runs
 * that maximizes the summed information value under the constraints, found by
 * dynamic programming over (bins so far, last run, trend phase). A state is
 * the best IV of pre-bins [0, j) whose last bin is the run [i, j); it extends
 * by a run [j, k) when that run is admissible on its own (share, counts) and
 * its event rate may follow run [i, j)'s (trend, minimum difference). With m
 * pre-bins and K bins that is O(K·m³) steps; m ≤ 100.
 *
 * Returns the run ends (exclusive, increasing, the last = m), or null when no
 * partition satisfies the constraints. Ties keep the first optimum found
 * (fewer, earlier-closing bins), so results are deterministic.
 */
export function optimalMerge(goods: ArrayLike<number>, bads: ArrayLike<number>, totals: MergeTotals, c: MergeConstraints): number[] | null {
  const m = goods.length;
  if (m === 0) return [];
  const cg = new Float64Array(m + 1);
  const cb = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    cg[i + 1] = cg[i] + goods[i];
    cb[i + 1] = cb[i] + bads[i];
  }
  // Admissible runs [i, j) on their own, their IV and event rate.
  const ivOf = new Float64Array((m + 1) * (m + 1));
  const rateOf = new Float64Array((m + 1) * (m + 1));
  const ok = new Uint8Array((m + 1) * (m + 1));
  const minW = c.minShare * totals.totalWeight;
  const maxW = c.maxShare * totals.totalWeight;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j <= m; j++) {
      const g = cg[j] - cg[i];
      const b = cb[j] - cb[i];
      const w = g + b;
      const at = i * (m + 1) + j;
      // A tiny relative slack keeps a share bound from rejecting a run by rounding.
      if (w <= 0 || w < minW * (1 - 1e-12) || w > maxW * (1 + 1e-12) || b < c.minEvents || g < c.minNonEvents) continue;
      ok[at] = 1;
      ivOf[at] = binIv(g, b, totals, c.smoothing);
      rateOf[at] = b / w;
    }
  }
  const K = Math.min(c.maxBins, m);
  const limited = K < m;
  const layers = limited ? K : 1;
  const phases = c.trend === 'peak' || c.trend === 'valley' ? 2 : 1;
  const stride = (m + 1) * (m + 1);
  // value[((layer * phases) + phase) * stride + i * (m + 1) + j]; −Infinity = unreachable.
  const size = layers * phases * stride;
  const value = new Float64Array(size).fill(-Infinity);
  const parent = new Int32Array(size).fill(-1);
  const idx = (layer: number, phase: number, i: number, j: number) => (layer * phases + phase) * stride + i * (m + 1) + j;
  for (let j = 1; j <= m; j++) if (ok[j]) value[idx(0, 0, 0, j)] = ivOf[j];
  for (let i = 1; i < m; i++) {
    // Runs ending at i are final once every i' < i is processed.
    for (let layer = 0; layer < layers; layer++) {
      const nextLayer = limited ? layer + 1 : 0;
      if (nextLayer >= layers) continue;
      for (let phase = 0; phase < phases; phase++) {
        for (let h = 0; h < i; h++) {
          const from = idx(layer, phase, h, i);
          const v = value[from];
          if (v === -Infinity) continue;
          const r = rateOf[h * (m + 1) + i];
          for (let k = i + 1; k <= m; k++) {
            const run = i * (m + 1) + k;
            if (!ok[run]) continue;
            const p = step(c.trend, r, rateOf[run], phase, c.minRateDiff);
            if (p < 0) continue;
            const to = idx(nextLayer, p, i, k);
            const nv = v + ivOf[run];
            if (nv > value[to]) {
              value[to] = nv;
              parent[to] = from;
            }
          }
        }
      }
    }
  }
  let best = -Infinity;
  let at = -1;
  for (let layer = 0; layer < layers; layer++) {
    for (let phase = 0; phase < phases; phase++) {
      for (let i = 0; i < m; i++) {
        const s = idx(layer, phase, i, m);
        if (value[s] > best) {
          best = value[s];
          at = s;
        }
      }
    }
  }
  if (at < 0) return null;
  const ends: number[] = [];
  for (let s = at; s >= 0; s = parent[s]) ends.push((s % stride) % (m + 1));
  return ends.reverse();
}
