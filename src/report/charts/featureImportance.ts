import { CreditkitError } from '../../errors.js';
import { SCHEMA, type VegaLiteSpec } from './common.js';

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
