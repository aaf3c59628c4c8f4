import { loadHighs } from './highs.js';
import { runHighs } from './highsRun.js';
import type { Milp } from './model.js';
import { priceChoices, type PricedChoices, type Pricing } from './pricedChoices.js';

export interface DualResult {
  /** The best row prices found and their pricing. */
  pi: Float64Array;
  pricing: Pricing;
  /** A lower bound on min_π D(π) (the LP bound) when the search proved one, else null. */
  lowerBound: number | null;
  iterations: number;
}

/**
 * Minimizes the Lagrangian bound D(π) over prices π ≥ 0 of the coupling rows
 * by a box-step cutting-plane method: each priced π gives a cut
 * D ≥ D(π_t) + g_t·(π − π_t); the next π minimizes the cuts (a small LP, m + 1
 * columns) inside a box around the best π so far. A step that lowers D moves
 * the box (and widens it when the step reached its edge). When the cuts'
 * minimum lies inside the box it is a lower bound on min D, and the search
 * stops once D is within `tolerance` (relative) of it. Every D(π) evaluated
 * is a valid upper bound on the MILP, so stopping early (deadline, iteration
 * cap) loses tightness, never validity.
 */
export async function minimizeDual(pc: PricedChoices, options: { tolerance: number; deadline: number; maxIterations?: number }): Promise<DualResult> {
  const m = pc.m;
  const maxIterations = options.maxIterations ?? 300;
  // A price past which no choice pays for its use of row r: the trust box never needs to reach beyond it.
  const cap = new Float64Array(m);
  for (let j = 0; j < pc.cost.length; j++) {
    if (!(pc.cost[j] > 0)) continue;
    for (let r = 0; r < m; r++) {
      const a = pc.coef[j * m + r];
      if (a > 0) cap[r] = Math.max(cap[r], pc.cost[j] / a);
    }
  }
  for (let r = 0; r < m; r++) if (!(cap[r] > 0)) cap[r] = 1;
  const cuts: { pi: Float64Array; value: number; g: Float64Array }[] = [];
  let { pi, pricing } = budgetPriceStart(pc, cap, cuts, options.deadline);
  // A box of a tenth of each price's range to start: a cutting-plane step over the whole range jumps between corners.
  const width = Float64Array.from(cap, (c) => 0.1 * c);
  let lowerBound: number | null = null;
  const highs = await loadHighs();
  let it = 0;
  for (; it < maxIterations && performance.now() < options.deadline; it++) {
    const lo = Float64Array.from(pi, (p, r) => Math.max(0, p - width[r]));
    const hi = Float64Array.from(pi, (p, r) => p + width[r]);
    const next = cutMinimum(highs, cuts, lo, hi);
    if (!next) break;
    const interior = next.pi.every((p, r) => (p > lo[r] + 1e-12 * cap[r] || lo[r] === 0) && p < hi[r] - 1e-12 * cap[r]);
    if (interior) lowerBound = Math.max(lowerBound ?? -Infinity, next.value);
    const gapNow = pricing.value - next.value;
    if (interior && gapNow <= options.tolerance * Math.max(1, Math.abs(pricing.value))) break;
    const trial = priceChoices(pc, next.pi);
    cuts.push({ pi: next.pi, value: trial.value, g: trial.subgradient });
    if (trial.value < pricing.value - 0.1 * gapNow) {
      // Serious step: move the box; widen it when the step was stopped by its edge.
      if (!interior) for (let r = 0; r < m; r++) width[r] = Math.min(cap[r] * 4, width[r] * 2);
      pi = next.pi;
      pricing = trial;
    } else if (trial.value < pricing.value) {
      pi = next.pi;
      pricing = trial;
    }
  }
  return { pi, pricing, lowerBound, iterations: it };
}

/**
 * The starting prices: only the budget (row 0) priced, at the price where the
 * best choices just fill it, found by bisection on D's slope along that row
 * (D is convex in it, so the least D on the line is there). Every priced
 * point becomes a cut.
 */
function budgetPriceStart(pc: PricedChoices, cap: Float64Array, cuts: { pi: Float64Array; value: number; g: Float64Array }[], deadline: number): { pi: Float64Array; pricing: Pricing } {
  const at = (price: number): { pi: Float64Array; pricing: Pricing } => {
    const pi = new Float64Array(pc.m);
    pi[0] = price;
    const pricing = priceChoices(pc, pi);
    cuts.push({ pi, value: pricing.value, g: pricing.subgradient });
    return { pi, pricing };
  };
  let best = at(0);
  if (best.pricing.subgradient[0] >= 0) return best;
  let lo = 0;
  let hi = cap[0];
  for (let it = 0; it < 30 && hi - lo > 1e-9 * cap[0] && performance.now() < deadline; it++) {
    const mid = at((lo + hi) / 2);
    if (mid.pricing.value < best.pricing.value) best = mid;
    if (mid.pricing.subgradient[0] < 0) lo = mid.pi[0];
    else hi = mid.pi[0];
  }
  return best;
}

/** argmin over lo ≤ π ≤ hi of max_t (D_t + g_t·(π − π_t)), by HiGHS (an LP of m + 1 columns). */
function cutMinimum(highs: Awaited<ReturnType<typeof loadHighs>>, cuts: { pi: Float64Array; value: number; g: Float64Array }[], lo: Float64Array, hi: Float64Array): { pi: Float64Array; value: number } | null {
  const m = lo.length;
  const n = m + 1;
  const nRows = cuts.length;
  const rowStarts = new Int32Array(nRows + 1);
  const rowIndex = new Int32Array(nRows * n);
  const rowValue = new Float64Array(nRows * n);
  const rowLower = new Float64Array(nRows);
  cuts.forEach((c, t) => {
    // η − g·π ≥ D_t − g·π_t
    let rhs = c.value;
    for (let r = 0; r < m; r++) {
      rowIndex[t * n + r] = r;
      rowValue[t * n + r] = -c.g[r];
      rhs -= c.g[r] * c.pi[r];
    }
    rowIndex[t * n + m] = m;
    rowValue[t * n + m] = 1;
    rowLower[t] = rhs;
    rowStarts[t + 1] = (t + 1) * n;
  });
  const colCost = new Float64Array(n);
  colCost[m] = -1;
  const milp: Milp = {
    nCols: n, nRows, colCost,
    colLower: Float64Array.from([...lo, -Infinity]), colUpper: Float64Array.from([...hi, Infinity]),
    integer: new Uint8Array(n), colNames: [...Array.from({ length: m }, (_, r) => `pi_${r}`), 'eta'],
    rowLower, rowUpper: new Float64Array(nRows).fill(Infinity), rowNames: cuts.map((_, t) => `cut_${t}`),
    rowStarts, rowIndex, rowValue,
  };
  const res = runHighs(highs, milp, { timeLimit: 30, relGap: 0, solverOptions: { presolve: 'off' } });
  if (!res.x || res.status !== 'optimal') return null;
  return { pi: Float64Array.from(res.x.subarray(0, m), (p, r) => Math.min(hi[r], Math.max(lo[r], p))), value: res.x[m] };
}
