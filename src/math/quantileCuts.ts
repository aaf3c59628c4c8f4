/**
 * Quantile cut points of the non-missing values, in one of two conventions:
 *
 * - `'upper'` (population stability): each cut is the upper edge of its bin,
 *   the value at the k/bins quantile by nearest rank, below the maximum;
 *   a value equal to a cut goes left.
 * - `'lower'` (information gain, WOE): each cut is the first value of its
 *   bin, the value at index ⌊k·n/bins⌋ of the sorted values, above the
 *   minimum; a value equal to a cut goes right.
 *
 * Cuts are strictly increasing, so a value frequent enough to fill several
 * quantiles stays in one bin (bins may then be fewer and unequal).
 */
export type CutEdge = 'upper' | 'lower';

export function quantileCuts(values: ArrayLike<number>, bins: number, edge: CutEdge): number[] {
  const sorted = Float64Array.from(Array.prototype.filter.call(values, (v: number) => !Number.isNaN(v)) as number[]).sort();
  return quantileCutsOfSorted(sorted, bins, edge);
}

/** The same cuts from values already sorted ascending, without NaN. */
export function quantileCutsOfSorted(sorted: ArrayLike<number>, bins: number, edge: CutEdge): number[] {
  const n = sorted.length;
  const cuts: number[] = [];
  if (n === 0) return cuts;
  for (let k = 1; k < bins; k++) {
    let c: number;
    if (edge === 'upper') {
      c = sorted[Math.ceil((k * n) / bins) - 1];
      if (!(c < sorted[n - 1])) continue;
    } else {
      const i = Math.floor((k * n) / bins);
      if (i <= 0 || i >= n) continue;
      c = sorted[i];
      if (!(c > sorted[0])) continue;
    }
    if (cuts.length === 0 || c > cuts[cuts.length - 1]) cuts.push(c);
  }
  return cuts;
}

/** Index of the bin of `v` among `cuts` made with the same `edge`. */
export function binOf(cuts: ArrayLike<number>, v: number, edge: CutEdge): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edge === 'upper' ? v <= cuts[mid] : !(v >= cuts[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
