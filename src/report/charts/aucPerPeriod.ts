import { CreditkitError } from '../../errors.js';
import { COLOR, SCHEMA, type VegaLiteSpec } from './common.js';

export interface AucPeriod {
  period: string;
  /** null when the period holds one class only (drawn as a gap, named in the tooltip). */
  auc: number | null;
  ci: [number, number] | null;
  note?: string;
}

export interface AucPerPeriodChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Name of the interval in the legend and tooltip (default "95% CI"). */
  intervalName?: string;
}

/**
 * AUC per period (months or quarters, in time order) with its confidence
 * interval as a shaded band; a period without an AUC (one class) is left out
 * of the line and band and marked on the axis by a grey cross.
 */
export function aucPerPeriodChartSpec(periods: readonly AucPeriod[], options: AucPerPeriodChartOptions = {}): VegaLiteSpec {
  if (periods.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no periods to draw');
  const defined = periods.filter((p) => p.auc !== null);
  for (const p of defined) {
    if (!(p.auc! >= 0 && p.auc! <= 1)) throw new CreditkitError('E_NONFINITE', `the AUC of period ${p.period} is not in [0, 1]`);
  }
  const interval = options.intervalName ?? '95% CI';
  const values = defined.map((p) => ({ period: p.period, auc: p.auc, lo: p.ci ? p.ci[0] : p.auc, hi: p.ci ? p.ci[1] : p.auc }));
  const missing = periods.filter((p) => p.auc === null).map((p) => ({ period: p.period, note: p.note ?? 'not defined', y: 0.5 }));
  const lows = values.map((v) => v.lo as number);
  const lo = Math.max(0, Math.floor((Math.min(0.5, ...lows) - 0.02) * 20) / 20);
  const x = { field: 'period', type: 'ordinal', sort: periods.map((p) => p.period), title: 'Period' };
  const y = { type: 'quantitative', scale: { domain: [lo, 1] }, title: 'AUC' };
  return {
    $schema: SCHEMA,
    title: options.title ?? `AUC per period with its ${interval} (DeLong)`,
    width: options.width ?? 420,
    height: options.height ?? 260,
    layer: [
      { data: { values }, mark: { type: 'area', opacity: 0.25, color: COLOR.good },
        encoding: { x, y: { field: 'lo', ...y }, y2: { field: 'hi' }, tooltip: [{ field: 'period' }, { field: 'lo', title: `${interval} low`, format: '.4f' }, { field: 'hi', title: `${interval} high`, format: '.4f' }] } },
      { data: { values }, mark: { type: 'line', color: COLOR.good, point: { filled: true, color: COLOR.good } },
        encoding: { x, y: { field: 'auc', ...y }, tooltip: [{ field: 'period' }, { field: 'auc', title: 'AUC', format: '.4f' }] } },
      { data: { values: [{ y: 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: COLOR.chance }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      ...(missing.length > 0 ? [{ data: { values: missing }, mark: { type: 'point', shape: 'cross', size: 120, color: COLOR.chance, filled: true },
        encoding: { x, y: { field: 'y', type: 'quantitative' }, tooltip: [{ field: 'period' }, { field: 'note', title: 'AUC' }] } }] : []),
    ],
  };
}
