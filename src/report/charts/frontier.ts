import { CreditkitError } from '../../errors.js';
import { COLOR, SCHEMA, type VegaLiteSpec } from './common.js';

export interface FrontierChartPoint {
  /** The strategy's risk (expected loss or CVaR). */
  risk: number;
  expectedReturn: number;
  loans?: number;
}

export interface FrontierChartOptions {
  /** The risk measure's name for the axis (default 'expected loss'). */
  measure?: string;
  /** The chosen strategy, marked on the chart. */
  chosen?: { risk: number; expectedReturn: number; label?: string };
  /** Unit of money for the axes, e.g. '万元'. */
  unit?: string;
  title?: string;
  width?: number;
  height?: number;
}

/** The return-versus-risk frontier (from `lendingFrontier`): best expected return at each risk cap. */
export function frontierChartSpec(points: readonly FrontierChartPoint[], options: FrontierChartOptions = {}): VegaLiteSpec {
  if (points.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no frontier points to draw');
  const values = points.map((p, k) => {
    if (!Number.isFinite(p.risk) || !Number.isFinite(p.expectedReturn)) throw new CreditkitError('E_NONFINITE', `frontier point ${k} has no finite risk and return`);
    return { k, risk: p.risk, expectedReturn: p.expectedReturn, loans: p.loans ?? null };
  });
  const unit = options.unit ? ` (${options.unit})` : '';
  const measure = options.measure ?? 'expected loss';
  const layers: VegaLiteSpec[] = [{
    data: { values },
    mark: { type: 'line', color: COLOR.neutral, strokeWidth: 2, point: { filled: true, size: 40, color: COLOR.neutral } },
    encoding: {
      x: { field: 'risk', type: 'quantitative', scale: { zero: false }, axis: { title: `${measure[0].toUpperCase()}${measure.slice(1)}${unit}`, grid: true } },
      y: { field: 'expectedReturn', type: 'quantitative', scale: { zero: false }, axis: { title: `Expected return${unit}`, grid: true } },
      order: { field: 'k', type: 'quantitative' },
      tooltip: [{ field: 'risk', format: ',.2f' }, { field: 'expectedReturn', format: ',.2f' }, { field: 'loans' }],
    },
  }];
  if (options.chosen) {
    const c = options.chosen;
    layers.push({
      data: { values: [{ risk: c.risk, expectedReturn: c.expectedReturn, label: c.label ?? 'chosen strategy' }] },
      layer: [
        { mark: { type: 'point', shape: 'diamond', size: 160, filled: true, color: COLOR.bad } },
        { mark: { type: 'text', align: 'right', dx: -10, dy: -8, fontSize: 11, color: COLOR.bad }, encoding: { text: { field: 'label' } } },
      ],
      encoding: { x: { field: 'risk', type: 'quantitative' }, y: { field: 'expectedReturn', type: 'quantitative' } },
    });
  }
  return {
    $schema: SCHEMA,
    title: options.title ?? 'Return versus risk: the efficient frontier',
    width: options.width ?? 360,
    height: options.height ?? 300,
    layer: layers,
  };
}
