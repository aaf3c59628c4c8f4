import { CreditkitError } from '../../errors.js';
import { percentAxis, SCHEMA, type VegaLiteSpec } from './common.js';

export interface PricedLoan {
  pd: number;
  rate: number;
  rating: string;
  amount: number;
}

export interface RateVsPdChartOptions {
  title?: string;
  width?: number;
  height?: number;
}

/** The rate chosen for each loan against the borrower's PD (colour = rating, size = amount). */
export function rateVsPdChartSpec(loans: readonly PricedLoan[], options: RateVsPdChartOptions = {}): VegaLiteSpec {
  if (loans.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'the strategy makes no loans to draw');
  const values = loans.map((l, k) => {
    if (!(l.pd >= 0 && l.pd <= 1) || !Number.isFinite(l.rate) || !Number.isFinite(l.amount)) {
      throw new CreditkitError('E_NONFINITE', `loan ${k} has no PD in [0, 1], finite rate and amount`);
    }
    return { pd: l.pd, rate: l.rate, rating: l.rating, amount: l.amount };
  });
  const ratings = [...new Set(values.map((v) => v.rating))].sort();
  return {
    $schema: SCHEMA,
    title: options.title ?? 'Rate chosen against PD',
    width: options.width ?? 360,
    height: options.height ?? 280,
    data: { values },
    mark: { type: 'point', filled: true, opacity: 0.7 },
    encoding: {
      x: { field: 'pd', type: 'quantitative', axis: percentAxis('PD of the borrower', '.1%') },
      y: { field: 'rate', type: 'quantitative', scale: { zero: false }, axis: percentAxis('Annual rate offered', '.1%') },
      color: { field: 'rating', type: 'nominal', scale: { domain: ratings, scheme: 'set1' }, legend: { title: 'Rating', orient: 'right' } },
      size: { field: 'amount', type: 'quantitative', legend: { title: 'Amount', format: ',.0f' } },
      tooltip: [{ field: 'pd', format: '.2%' }, { field: 'rate', format: '.2%' }, { field: 'rating' }, { field: 'amount', format: ',.2f' }],
    },
  };
}
