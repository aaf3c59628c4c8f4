import { CreditkitError } from '../../errors.js';
import { COLOR, SCHEMA, type VegaLiteSpec } from './common.js';

/** One loan of a strategy, as far as the allocation charts need it. */
export interface AllocatedLoan {
  rating: string;
  sector: string | null;
  amount: number;
  expectedLoss?: number;
}

export interface AllocationChartOptions {
  /** Group by 'rating' (default) or 'sector'. */
  by?: 'rating' | 'sector';
  unit?: string;
  title?: string;
  width?: number;
}

/** Total amount lent per rating or per sector (bars, with the number of loans as a label). */
export function allocationChartSpec(loans: readonly AllocatedLoan[], options: AllocationChartOptions = {}): VegaLiteSpec {
  const by = options.by ?? 'rating';
  if (by !== 'rating' && by !== 'sector') throw new CreditkitError('E_OPTION', `by must be "rating" or "sector" (got ${JSON.stringify(by)})`);
  if (loans.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'the strategy makes no loans to draw');
  const groups = new Map<string, { amount: number; loans: number }>();
  loans.forEach((l, k) => {
    if (!(Number.isFinite(l.amount) && l.amount >= 0)) throw new CreditkitError('E_NONFINITE', `loan ${k} has no finite amount ≥ 0 (${l.amount})`);
    const key = (by === 'rating' ? l.rating : l.sector) ?? '(none)';
    const g = groups.get(key) ?? { amount: 0, loans: 0 };
    g.amount += l.amount;
    g.loans += 1;
    groups.set(key, g);
  });
  const total = [...groups.values()].reduce((s, g) => s + g.amount, 0);
  const rows = [...groups.entries()]
    .map(([group, g]) => ({ group, amount: g.amount, loans: g.loans, share: total > 0 ? g.amount / total : 0, label: `${g.loans} loan${g.loans === 1 ? '' : 's'}` }))
    .sort((a, b) => (by === 'rating' ? (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) : b.amount - a.amount || (a.group < b.group ? -1 : 1)));
  const unit = options.unit ? ` (${options.unit})` : '';
  const encY = { field: 'group', type: 'nominal', sort: rows.map((r) => r.group), axis: { title: by === 'rating' ? 'Rating' : 'Sector', labelLimit: 200 } };
  return {
    $schema: SCHEMA,
    title: options.title ?? `Amount lent by ${by}`,
    width: options.width ?? 320,
    height: { step: 22 },
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', color: COLOR.neutral },
        encoding: {
          y: encY,
          x: { field: 'amount', type: 'quantitative', axis: { title: `Amount lent${unit}`, grid: true, format: ',.0f' } },
          tooltip: [{ field: 'group' }, { field: 'amount', format: ',.2f' }, { field: 'loans' }, { field: 'share', format: '.1%' }],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: { y: encY, x: { field: 'amount', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  };
}
