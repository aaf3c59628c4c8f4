import { CreditkitError } from '../../errors.js';
import { checkCount, checkFinite, SCHEMA, type VegaLiteSpec } from './common.js';

/** SHAP contributions of many rows: what `shapValues(model, X)` returns, plus the feature values for colour. */
export interface ShapMatrix {
  featureNames: readonly string[];
  /** nRows × nFeatures, row-major: each feature's push on the raw score (log-odds for boosting). */
  contributions: ArrayLike<number>;
  nRows: number;
  /** The rows' feature values, the same layout (NaN = missing; categorical codes allowed). Optional: colours the points. */
  values?: ArrayLike<number>;
}

export interface ShapSummaryChartOptions {
  /** Features drawn, by mean |contribution| (default 10). */
  top?: number;
  /** Rows drawn at most, evenly spaced over the input (default 250): every feature shows the same rows. */
  maxRows?: number;
  /** What a contribution is measured in, for the axis (default 'log-odds of default'). */
  unit?: string;
  title?: string;
  width?: number;
}

/** Features ordered by mean |contribution|, largest first. */
export function meanAbsContributions(m: ShapMatrix): { feature: string; index: number; meanAbs: number }[] {
  const nF = m.featureNames.length;
  const sums = new Float64Array(nF);
  for (let r = 0; r < m.nRows; r++) for (let f = 0; f < nF; f++) sums[f] += Math.abs(m.contributions[r * nF + f]);
  return m.featureNames
    .map((feature, index) => ({ feature, index, meanAbs: sums[index] / m.nRows }))
    .sort((a, b) => b.meanAbs - a.meanAbs || a.index - b.index);
}

/**
 * The SHAP summary: for each of the most influential features, one dot per
 * row at its contribution (right = raises the PD), spread vertically so
 * the density shows, coloured by the row's feature value (low blue, high red;
 * grey = missing) when values are given.
 */
export function shapSummaryChartSpec(m: ShapMatrix, options: ShapSummaryChartOptions = {}): VegaLiteSpec {
  const nF = m.featureNames.length;
  if (nF === 0 || m.nRows === 0) throw new CreditkitError('E_EMPTY_DATA', 'no SHAP contributions to draw');
  if (m.contributions.length !== m.nRows * nF) throw new CreditkitError('E_SHAPE', `contributions hold ${m.contributions.length} values, not ${m.nRows} rows × ${nF} features`);
  if (m.values && m.values.length !== m.nRows * nF) throw new CreditkitError('E_SHAPE', `values hold ${m.values.length} values, not ${m.nRows} rows × ${nF} features`);
  checkFinite(m.contributions, 'contributions');
  const top = checkCount(options.top ?? 10, 'top');
  const maxRows = checkCount(options.maxRows ?? 250, 'maxRows');
  const features = meanAbsContributions(m).slice(0, top);
  const rows = m.nRows <= maxRows ? Array.from({ length: m.nRows }, (_, r) => r) : Array.from({ length: maxRows }, (_, j) => Math.floor((j * m.nRows) / maxRows));
  const points: { feature: string; rank: number; contribution: number; level: number | null; jitter: number }[] = [];
  for (const [rank, f] of features.entries()) {
    // Colour: the value's rank among the drawn rows (0 = lowest, 1 = highest), robust to outliers.
    const level = new Map<number, number>();
    if (m.values) {
      const vs = rows.map((r) => m.values![r * nF + f.index]).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
      vs.forEach((v, j) => level.set(v, vs.length > 1 ? j / (vs.length - 1) : 0.5));
    }
    // Dots with the same contribution are spread by a deterministic jitter (golden-ratio sequence).
    rows.forEach((r, j) => {
      const v = m.values ? m.values[r * nF + f.index] : NaN;
      points.push({
        feature: f.feature, rank, contribution: m.contributions[r * nF + f.index],
        level: Number.isNaN(v) ? null : level.get(v) ?? null, jitter: ((j * 0.6180339887) % 1) - 0.5,
      });
    });
  }
  const unit = options.unit ?? 'log-odds of default';
  return {
    $schema: SCHEMA,
    title: options.title ?? 'SHAP summary: each dot is one applicant',
    width: options.width ?? 420,
    data: { values: points },
    facet: { row: { field: 'feature', type: 'nominal', sort: { field: 'rank', op: 'min', order: 'ascending' }, header: { title: null, labelAngle: 0, labelAlign: 'left', labelLimit: 200 } } },
    spacing: 2,
    spec: {
      width: options.width ?? 420,
      height: 22,
      // Thousands of dots: no per-dot ARIA label (it would make most of the SVG's bytes).
      mark: { type: 'circle', size: 14, opacity: 0.75, aria: false },
      encoding: {
        x: { field: 'contribution', type: 'quantitative', axis: { title: `SHAP contribution (${unit}; right raises the PD)`, grid: true } },
        y: { field: 'jitter', type: 'quantitative', axis: null, scale: { domain: [-0.6, 0.6] } },
        color: m.values
          ? { field: 'level', type: 'quantitative', scale: { scheme: 'blueorange', domain: [0, 1] }, legend: { title: 'feature value (rank)', format: '.0%', orient: 'bottom', direction: 'horizontal' } }
          : { value: '#4c78a8' },
      },
    },
    resolve: { scale: { x: 'shared' } },
  };
}
