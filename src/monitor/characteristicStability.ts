import { CreditkitError } from '../errors.js';
import { type PsiBin, type PsiResult, psiOfCounts } from './psi.js';

/** A scorecard characteristic's attributes: labels and points, in the scorecard's order. */
export interface CharacteristicAttributes {
  characteristic: string;
  labels: readonly string[];
  points: readonly number[];
}

/** Each row's attribute per characteristic (row-major nRows × nCharacteristics; −1 = no attribute), as `ScorecardModel.points` gives. */
export interface AttributeAssignments {
  nRows: number;
  attributes: Int32Array;
}

export interface CharacteristicStabilityBin extends PsiBin {
  points: number;
  /** (current share − baseline share) · points: this attribute's part of the mean score shift. */
  scoreShift: number;
}

export interface CharacteristicStability extends PsiResult {
  bins: CharacteristicStabilityBin[];
  /** Σ over attributes of (current share − baseline share) · points: how much this characteristic moves the mean score. */
  scoreShift: number;
}

/** Label of the rows no attribute holds (a category or missing value training never saw; 0 points). */
export const NO_ATTRIBUTE = '(no attribute)';

/**
 * Characteristic stability of a scorecard: per characteristic, the PSI over
 * its attributes (the scorecard's own bins, not quantiles) between a baseline
 * and a current population, and the characteristic analysis of the score —
 * how far the attribute shares moved the mean score, Σ (current share −
 * baseline share) · points. The characteristics' score shifts add up to the
 * change in mean score. Most shifted (by PSI) first.
 */
export function characteristicStability(
  chars: readonly CharacteristicAttributes[], baseline: AttributeAssignments, current: AttributeAssignments,
): CharacteristicStability[] {
  const m = chars.length;
  for (const [which, a] of [['baseline', baseline], ['current', current]] as const) {
    if (a.nRows === 0) throw new CreditkitError('E_EMPTY_DATA', `the ${which} has no rows`);
    if (a.attributes.length !== a.nRows * m) throw new CreditkitError('E_SHAPE', `the ${which} has ${a.attributes.length} attribute indices for ${a.nRows} rows × ${m} characteristics`);
  }
  const out = chars.map((c, j) => {
    if (c.labels.length !== c.points.length) throw new CreditkitError('E_SHAPE', `${c.labels.length} labels but ${c.points.length} points`, { column: c.characteristic });
    const k = c.labels.length;
    const count = (a: AttributeAssignments): Float64Array => {
      const counts = new Float64Array(k + 1);
      for (let i = 0; i < a.nRows; i++) {
        const idx = a.attributes[i * m + j];
        if (idx >= k) throw new CreditkitError('E_SHAPE', `attribute ${idx} of a characteristic with ${k}`, { row: i, column: c.characteristic });
        counts[idx < 0 ? k : idx]++;
      }
      return counts;
    };
    const base = count(baseline);
    const cur = count(current);
    // Bins named by position (labels may repeat, or be "missing"), named back after.
    const psi = psiOfCounts(c.characteristic, 'categorical', Array.from({ length: k + 1 }, (_, t) => String(t)), base, cur);
    let scoreShift = 0;
    const bins = psi.bins.map((b) => {
      const t = Number(b.bin);
      const points = t < k ? c.points[t] : 0;
      const shift = (b.currentShare - b.baselineShare) * points;
      scoreShift += shift;
      return { ...b, bin: t < k ? c.labels[t] : NO_ATTRIBUTE, points, scoreShift: shift };
    });
    // The no-attribute bin (the last) is listed only when it holds a row.
    return { ...psi, bins: bins.filter((b, t) => t < k || b.baselineCount + b.currentCount > 0), scoreShift };
  });
  return out.map((r, k) => [r, k] as const).sort((a, b) => b[0].psi - a[0].psi || a[1] - b[1]).map(([r]) => r);
}
