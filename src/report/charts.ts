import { CreditkitError } from '../errors.js';
import { diagonalLayer } from './charts/common.js';

/**
 * Chart specifications for reports and the web demo: pure functions from
 * results to Vega-Lite (v5) specs. They draw nothing themselves; any Vega-Lite
 * renderer does (vega-embed in a page, `vega.View(...).toSVG()` in Node), so
 * the same spec serves an HTML report and the browser demo.
 */

/** A Vega-Lite specification (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export interface RocChartOptions {
  /** Shown in the title, e.g. the test AUC. */
  auc?: number;
  title?: string;
  width?: number;
  height?: number;
  /**
   * Most points drawn (default 400). A curve with more (one point per distinct
   * score: tens of thousands on a large test set) is thinned: a point is kept
   * when it is at least 1/maxPoints away (|Δfpr| + |Δtpr|) from the last kept
   * one; the two ends are always kept.
   */
  maxPoints?: number;
}

/** A ROC curve, with the chance diagonal, from `rocCurve(y, scores)`'s fpr and tpr. */
export function rocChartSpec(curve: { fpr: ArrayLike<number>; tpr: ArrayLike<number> }, options: RocChartOptions = {}): VegaLiteSpec {
  const { fpr, tpr } = curve;
  if (fpr.length !== tpr.length) throw new CreditkitError('E_SHAPE', `fpr has ${fpr.length} points, tpr ${tpr.length}`);
  if (fpr.length < 2) throw new CreditkitError('E_EMPTY_DATA', 'a ROC curve needs at least two points');
  const maxPoints = options.maxPoints ?? 400;
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new CreditkitError('E_OPTION', `maxPoints must be a whole number ≥ 2 (got ${maxPoints})`);
  for (let k = 0; k < fpr.length; k++) {
    if (!(fpr[k] >= 0 && fpr[k] <= 1 && tpr[k] >= 0 && tpr[k] <= 1)) {
      throw new CreditkitError('E_NONFINITE', `ROC point ${k} is outside [0, 1]²: (${fpr[k]}, ${tpr[k]})`);
    }
  }
  const points = thinCurve(fpr, tpr, maxPoints);
  const auc = options.auc;
  const title = options.title ?? (auc === undefined ? 'ROC curve' : `ROC curve (AUC ${auc.toFixed(3)})`);
  return {
    $schema: SCHEMA,
    title,
    width: options.width ?? 320,
    height: options.height ?? 320,
    layer: [
      diagonalLayer({ field: 'fpr', title: 'False-positive rate' }, { field: 'tpr', title: 'True-positive rate' }),
      {
        data: { values: points },
        mark: { type: 'line', interpolate: 'linear', color: '#1f77b4', strokeWidth: 2 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
          order: { field: 'k', type: 'quantitative' },
        },
      },
    ],
  };
}

/** The points drawn: the ends and every point far enough from the last kept one. */
function thinCurve(fpr: ArrayLike<number>, tpr: ArrayLike<number>, maxPoints: number): { k: number; fpr: number; tpr: number }[] {
  const n = fpr.length;
  const step = n <= maxPoints ? 0 : 1 / maxPoints;
  const out = [{ k: 0, fpr: fpr[0], tpr: tpr[0] }];
  for (let k = 1; k < n; k++) {
    const last = out[out.length - 1];
    if (k === n - 1 || Math.abs(fpr[k] - last.fpr) + Math.abs(tpr[k] - last.tpr) >= step) {
      out.push({ k: out.length, fpr: fpr[k], tpr: tpr[k] });
    }
  }
  return out;
}

export interface ImportanceChartOptions {
  /** Bars drawn: the largest `top` (default 15). */
  top?: number;
  /** What the values measure, for the axis (default 'share of total gain'). */
  measure?: string;
  /**
   * Show each value as its share of the sum of the positive values (default
   * true: the split gains of a GBDT are only comparable as shares).
   */
  normalize?: boolean;
  title?: string;
  width?: number;
}

/**
 * Horizontal bars, largest first: a model's `featureImportance()` record or
 * any `{ feature, importance }` list (e.g. permutation importance, which may
 * be negative).
 */
export function featureImportanceChartSpec(
  importance: Readonly<Record<string, number>> | readonly { feature: string; importance: number }[],
  options: ImportanceChartOptions = {},
): VegaLiteSpec {
  const entries = Array.isArray(importance)
    ? (importance as readonly { feature: string; importance: number }[]).map((e) => [e.feature, e.importance] as const)
    : Object.entries(importance as Record<string, number>);
  if (entries.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no feature importance to draw');
  for (const [feature, v] of entries) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new CreditkitError('E_NONFINITE', `importance of "${feature}" is not a finite number (${v})`, { column: feature });
  }
  const top = options.top ?? 15;
  if (!Number.isInteger(top) || top < 1) throw new CreditkitError('E_OPTION', `top must be a whole number ≥ 1 (got ${top})`);
  const normalize = options.normalize ?? true;
  const total = entries.reduce((s, [, v]) => s + Math.max(v, 0), 0);
  const rows = entries
    .map(([feature, v]) => ({ feature, value: normalize && total > 0 ? v / total : v }))
    .sort((a, b) => b.value - a.value || (a.feature < b.feature ? -1 : 1))
    .slice(0, top)
    .map((r, rank) => ({ ...r, rank }));
  const measure = options.measure ?? (normalize ? 'share of total gain' : 'importance');
  return {
    $schema: SCHEMA,
    title: options.title ?? 'Feature importance',
    width: options.width ?? 320,
    height: { step: 18 },
    data: { values: rows },
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, axis: { title: null, labelLimit: 220 } },
      x: { field: 'value', type: 'quantitative', axis: { title: measure, ...(normalize ? { format: '.0%' } : {}) } },
      tooltip: [{ field: 'feature', type: 'nominal' }, { field: 'value', type: 'quantitative', format: normalize ? '.1%' : '.4g' }],
    },
  };
}

// More chart builders, one per file (the report's and the web demo's charts).
export { precisionRecallChartSpec, type PrecisionRecallChartOptions } from './charts/precisionRecall.js';
export { ksChartSpec, type KsChartOptions } from './charts/ks.js';
export { calibrationChartSpec, type CalibrationChartOptions } from './charts/calibration.js';
export { scoreDistributionChartSpec, type ScoreDistributionChartOptions } from './charts/scoreDistribution.js';
export { shapSummaryChartSpec, meanAbsContributions, type ShapMatrix, type ShapSummaryChartOptions } from './charts/shapSummary.js';
export { shapWaterfallChartSpec, pdOfRaw, type ShapRow, type ShapWaterfallChartOptions } from './charts/shapWaterfall.js';
export { rocComparisonChartSpec, type RocCurveOfModel, type RocComparisonChartOptions } from './charts/rocComparison.js';
export { frontierChartSpec, type FrontierChartPoint, type FrontierChartOptions } from './charts/frontier.js';
export { allocationChartSpec, type AllocatedLoan, type AllocationChartOptions } from './charts/allocation.js';
export { rateVsPdChartSpec, type PricedLoan, type RateVsPdChartOptions } from './charts/rateVsPd.js';
