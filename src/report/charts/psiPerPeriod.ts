import { CreditkitError } from '../../errors.js';
import { COLOR, SCHEMA, type VegaLiteSpec } from './common.js';

export interface PsiPeriod {
  period: string;
  psi: number;
}

export interface PsiPerPeriodChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Reading thresholds drawn as dashed rules (default 0.1 and 0.25). */
  thresholds?: { moderate: number; significant: number };
}

/** PSI of the PD of each period against the first, as bars, with the moderate and significant thresholds as rules. */
export function psiPerPeriodChartSpec(periods: readonly PsiPeriod[], options: PsiPerPeriodChartOptions = {}): VegaLiteSpec {
  if (periods.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no periods to draw');
  for (const p of periods) if (!(p.psi >= 0 && Number.isFinite(p.psi))) throw new CreditkitError('E_NONFINITE', `the PSI of period ${p.period} is not a finite number ≥ 0`);
  const t = options.thresholds ?? { moderate: 0.1, significant: 0.25 };
  const top = Math.max(t.significant * 1.2, ...periods.map((p) => p.psi));
  const x = { field: 'period', type: 'ordinal', sort: periods.map((p) => p.period), title: 'Period' };
  return {
    $schema: SCHEMA,
    title: options.title ?? 'PSI of the PD against the first period',
    width: options.width ?? 420,
    height: options.height ?? 220,
    layer: [
      { data: { values: periods.map((p) => ({ period: p.period, psi: p.psi })) }, mark: { type: 'bar', color: COLOR.neutral },
        encoding: { x, y: { field: 'psi', type: 'quantitative', title: 'PSI', scale: { domain: [0, top] } }, tooltip: [{ field: 'period' }, { field: 'psi', format: '.4f' }] } },
      { data: { values: [{ y: t.moderate, label: 'moderate shift' }, { y: t.significant, label: 'significant shift' }] },
        mark: { type: 'rule', strokeDash: [4, 4] },
        encoding: { y: { field: 'y', type: 'quantitative' }, color: { field: 'label', type: 'nominal', title: 'threshold', scale: { domain: ['moderate shift', 'significant shift'], range: ['#f0b400', COLOR.bad] } } } },
    ],
  };
}
