/**
 * The correlation cap between WOE columns, shared by the binning process and
 * the scorecard: from the highest IV down, a candidate whose WOE column
 * correlates with an already-kept one beyond the cap (|Pearson r| on the
 * training rows, with the sample weights) is dropped, so of a correlated pair
 * the lower-IV one goes. Equal IVs keep the given order.
 */

/** A feature's WOE column on the training rows as bin codes, with its (weighted) mean and standard deviation. */
export interface WoeColumn {
  feature: string;
  codes: Uint8Array;
  /** WOE per code (the last: no bin, 0). */
  woe: Float64Array;
  mean: number;
  sd: number;
}

/** A candidate of the correlation cap: its IV, and its bin codes (`binCodes`: `bins` = no bin) with the WOE of each bin. */
export interface WoeCandidate {
  feature: string;
  iv: number;
  /** Computed only when the candidate's turn comes (a dropped candidate's codes are never kept). */
  codes: () => Uint8Array;
  binWoe: readonly number[];
}

/** Why a candidate was dropped: the kept feature it correlates with, and r. */
export interface CorrelationDrop {
  feature: string;
  with: string;
  r: number;
}

/** The candidates the cap drops (index → why), the others kept. */
export function dropCorrelated(candidates: readonly WoeCandidate[], maxCorrelation: number, weights?: ArrayLike<number>): Map<number, CorrelationDrop> {
  const order = candidates.map((_, k) => k).sort((p, q) => candidates[q].iv - candidates[p].iv || p - q);
  const kept: WoeColumn[] = [];
  const dropped = new Map<number, CorrelationDrop>();
  for (const k of order) {
    const c = candidates[k];
    const col = woeColumn(c.feature, c.codes(), c.binWoe, weights);
    const other = kept.map((o) => ({ o, r: correlation(col, o, weights) })).find(({ r }) => Math.abs(r) > maxCorrelation);
    if (other === undefined) kept.push(col);
    else dropped.set(k, { feature: c.feature, with: other.o.feature, r: other.r });
  }
  return dropped;
}

function woeColumn(feature: string, codes: Uint8Array, binWoe: readonly number[], weights?: ArrayLike<number>): WoeColumn {
  const woe = Float64Array.from([...binWoe, 0]);
  const mass = new Float64Array(woe.length);
  for (let i = 0; i < codes.length; i++) mass[codes[i]] += weights === undefined ? 1 : weights[i];
  let sw = 0;
  let s = 0;
  for (let k = 0; k < woe.length; k++) {
    sw += mass[k];
    s += mass[k] * woe[k];
  }
  const mean = s / sw;
  let ss = 0;
  for (let k = 0; k < woe.length; k++) ss += mass[k] * (woe[k] - mean) ** 2;
  return { feature, codes, woe, mean, sd: Math.sqrt(ss / sw) };
}

/**
 * Weighted Pearson correlation of two WOE columns, from the table of their
 * joint bin counts (one pass over bytes instead of products of floats); 0 when
 * either column is constant.
 */
function correlation(a: WoeColumn, b: WoeColumn, weights?: ArrayLike<number>): number {
  if (a.sd === 0 || b.sd === 0) return 0;
  const kb = b.woe.length;
  const joint = new Float64Array(a.woe.length * kb);
  const ca = a.codes;
  const cb = b.codes;
  if (weights === undefined) {
    for (let i = 0; i < ca.length; i++) joint[ca[i] * kb + cb[i]]++;
  } else {
    for (let i = 0; i < ca.length; i++) joint[ca[i] * kb + cb[i]] += weights[i];
  }
  let s = 0;
  let sw = 0;
  for (let k = 0; k < a.woe.length; k++) {
    const da = a.woe[k] - a.mean;
    for (let l = 0; l < kb; l++) {
      const m = joint[k * kb + l];
      s += m * da * (b.woe[l] - b.mean);
      sw += m;
    }
  }
  return s / sw / (a.sd * b.sd);
}
