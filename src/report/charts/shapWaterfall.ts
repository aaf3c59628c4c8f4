import { CreditkitError } from '../../errors.js';
import { checkCount, checkFinite, COLOR, SCHEMA, type VegaLiteSpec } from './common.js';

/** One applicant's contributions: `bias + Σ contributions` is the model's raw score of the row. */
export interface ShapRow {
  featureNames: readonly string[];
  contributions: ArrayLike<number>;
  bias: number;
  /** How the raw score becomes a PD: 'logit' (log-odds) or 'identity' (the score is the PD). */
  link: 'logit' | 'identity';
  /** The row's feature values as text, for the labels (optional). */
  valueText?: readonly string[];
}

export interface ShapWaterfallChartOptions {
  /** Features drawn one by one, by |contribution|; the rest are summed into one bar (default 8). */
  top?: number;
  title?: string;
  width?: number;
}

/** The PD of a raw score. */
export function pdOfRaw(raw: number, link: 'logit' | 'identity'): number {
  return link === 'logit' ? 1 / (1 + Math.exp(-raw)) : raw;
}

/**
 * A waterfall of one applicant's SHAP contributions: from the expected score
 * (bias) at the top, each bar moves the score by one feature's contribution
 * (red raises the PD, green lowers it), ending at the applicant's score.
 */
export function shapWaterfallChartSpec(row: ShapRow, options: ShapWaterfallChartOptions = {}): VegaLiteSpec {
  const nF = row.featureNames.length;
  if (nF === 0) throw new CreditkitError('E_EMPTY_DATA', 'no contributions to draw');
  if (row.contributions.length !== nF) throw new CreditkitError('E_SHAPE', `${row.contributions.length} contributions for ${nF} features`);
  if (row.valueText && row.valueText.length !== nF) throw new CreditkitError('E_SHAPE', `${row.valueText.length} values for ${nF} features`);
  checkFinite(row.contributions, 'contributions');
  checkFinite([row.bias], 'bias');
  const top = checkCount(options.top ?? 8, 'top');
  const order = Array.from({ length: nF }, (_, f) => f).sort((a, b) => Math.abs(row.contributions[b]) - Math.abs(row.contributions[a]) || a - b);
  const shown = order.slice(0, top);
  const rest = order.slice(top).reduce((s, f) => s + row.contributions[f], 0);
  const steps = shown.map((f) => ({
    label: row.valueText ? `${row.featureNames[f]} = ${row.valueText[f]}` : row.featureNames[f],
    delta: row.contributions[f],
  }));
  if (order.length > top) steps.push({ label: `${order.length - top} other features`, delta: rest });
  const bars: { step: number; label: string; start: number; end: number; kind: string; text: string }[] = [];
  let score = row.bias;
  bars.push({ step: 0, label: 'expected score (bias)', start: row.bias, end: row.bias, kind: 'total', text: row.bias.toFixed(3) });
  steps.forEach((s, k) => {
    bars.push({ step: k + 1, label: s.label, start: score, end: score + s.delta, kind: s.delta > 0 ? 'raises PD' : 'lowers PD', text: `${s.delta > 0 ? '+' : ''}${s.delta.toFixed(3)}` });
    score += s.delta;
  });
  bars.push({ step: steps.length + 1, label: 'this applicant', start: score, end: score, kind: 'total', text: score.toFixed(3) });
  const pd = pdOfRaw(score, row.link);
  const unit = row.link === 'logit' ? 'log-odds of default' : 'PD';
  return {
    $schema: SCHEMA,
    title: options.title ?? `Contributions to this applicant's score (PD ${(100 * pd).toFixed(2)}%)`,
    width: options.width ?? 420,
    height: { step: 20 },
    data: { values: bars },
    layer: [
      {
        mark: { type: 'bar', height: 14 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: { field: 'step', order: 'ascending' }, axis: { title: null, labelLimit: 260 } },
          x: { field: 'start', type: 'quantitative', scale: { zero: false }, axis: { title: `Score (${unit})`, grid: true } },
          x2: { field: 'end' },
          color: { field: 'kind', type: 'nominal', scale: { domain: ['raises PD', 'lowers PD', 'total'], range: [COLOR.bad, '#2ca02c', '#555'] }, legend: { title: null, orient: 'bottom' } },
        },
      },
      {
        // Totals have no width: a tick shows where they stand.
        transform: [{ filter: "datum.kind === 'total'" }],
        mark: { type: 'tick', thickness: 3, color: '#555' },
        encoding: { y: { field: 'label', type: 'nominal', sort: { field: 'step', order: 'ascending' } }, x: { field: 'start', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: { field: 'step', order: 'ascending' } },
          x: { field: 'barEnd', type: 'quantitative' },
          text: { field: 'text' },
        },
        transform: [{ calculate: 'max(datum.start, datum.end)', as: 'barEnd' }],
      },
    ],
  };
}
