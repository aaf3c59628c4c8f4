import { CreditkitError } from '../../errors.js';

/** A Vega-Lite specification (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Colours shared by the charts: defaulters red, repaid blue (the web demo's palette). */
export const COLOR = { bad: '#d62728', good: '#1f77b4', neutral: '#4c78a8', chance: '#999' } as const;

/** Throws E_NONFINITE unless every value is a finite number. */
export function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) throw new CreditkitError('E_NONFINITE', `${what}[${k}] is not a finite number (${values[k]})`);
  }
}

/** Throws E_OPTION unless v is a whole number ≥ min. */
export function checkCount(v: number, name: string, min = 1): number {
  if (!Number.isInteger(v) || v < min) throw new CreditkitError('E_OPTION', `${name} must be a whole number ≥ ${min} (got ${v})`);
  return v;
}

/**
 * Keeps the points of a monotone curve that are at least 1/maxPoints away
 * (|Δx| + |Δy|, in units of the axes' spans) from the last kept one; both
 * ends are always kept. A curve of a large test set has one point per
 * distinct score, far more than a chart needs.
 */
export function thinPath(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): number[] {
  const n = x.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, k) => k);
  let xSpan = 0;
  let ySpan = 0;
  for (let k = 1; k < n; k++) {
    xSpan += Math.abs(x[k] - x[k - 1]);
    ySpan += Math.abs(y[k] - y[k - 1]);
  }
  const sx = xSpan > 0 ? 1 / xSpan : 0;
  const sy = ySpan > 0 ? 1 / ySpan : 0;
  const step = 2 / maxPoints;
  const kept = [0];
  for (let k = 1; k < n; k++) {
    const last = kept[kept.length - 1];
    if (k === n - 1 || Math.abs(x[k] - x[last]) * sx + Math.abs(y[k] - y[last]) * sy >= step) kept.push(k);
  }
  return kept;
}

/** Checks labels and scores of the same length, 0/1 labels with both classes. */
export function checkLabelled(y: ArrayLike<number>, scores: ArrayLike<number>): { positives: number; negatives: number } {
  if (y.length !== scores.length) throw new CreditkitError('E_SHAPE', `${y.length} labels but ${scores.length} scores`);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new CreditkitError('E_TARGET_INVALID', `label ${i} is ${y[i]}, not 0 or 1`);
    positives += y[i];
  }
  checkFinite(scores, 'scores');
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) throw new CreditkitError('E_SINGLE_CLASS', 'the chart needs both defaulters and non-defaulters');
  return { positives, negatives };
}

/** A gridded axis with percentage labels. */
export function percentAxis(title: string, format = '.0%'): { title: string; format: string; grid: boolean } {
  return { title, format, grid: true };
}

/**
 * The dashed diagonal y = x from 0 to `hi` (chance on a ROC chart, perfect
 * calibration on a reliability diagram): the layer that sets both axes.
 */
export function diagonalLayer(x: { field: string; title: string }, y: { field: string; title: string }, hi = 1): VegaLiteSpec {
  return {
    data: { values: [{ [x.field]: 0, [y.field]: 0 }, { [x.field]: hi, [y.field]: hi }] },
    mark: { type: 'line', strokeDash: [4, 4], color: COLOR.chance },
    encoding: {
      x: { field: x.field, type: 'quantitative', scale: { domain: [0, hi] }, axis: percentAxis(x.title) },
      y: { field: y.field, type: 'quantitative', scale: { domain: [0, hi] }, axis: percentAxis(y.title) },
    },
  };
}

/** Colour by the `group` field: defaulters red, non-defaulters blue, legend untitled. */
export function defaultersColor(orient: string): VegaLiteSpec {
  return { field: 'group', type: 'nominal', scale: { domain: ['defaulters', 'non-defaulters'], range: [COLOR.bad, COLOR.good] }, legend: { title: null, orient } };
}
