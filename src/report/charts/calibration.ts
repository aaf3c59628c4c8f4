import { CreditkitError } from '../../errors.js';
import { COLOR, diagonalLayer, SCHEMA, type VegaLiteSpec } from './common.js';

export interface CalibrationChartOptions {
  title?: string;
  width?: number;
  height?: number;
}

/**
 * A reliability diagram from `calibrationTable(y, pd)`: mean predicted PD
 * against the observed default rate per bin (point size = rows in the bin),
 * with the diagonal of perfect calibration.
 */
export function calibrationChartSpec(
  rows: readonly { meanPredicted: number; observedRate: number; count: number }[],
  options: CalibrationChartOptions = {},
): VegaLiteSpec {
  if (rows.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no calibration bins to draw');
  let top = 0;
  const values = rows.map((r, k) => {
    if (!(r.meanPredicted >= 0 && r.meanPredicted <= 1 && r.observedRate >= 0 && r.observedRate <= 1 && r.count >= 0)) {
      throw new CreditkitError('E_NONFINITE', `calibration bin ${k} is not a pair of rates in [0, 1] with a count`);
    }
    top = Math.max(top, r.meanPredicted, r.observedRate);
    return { k, predicted: r.meanPredicted, observed: r.observedRate, rows: r.count };
  });
  // Zoom on the PDs that occur (a credit portfolio's PDs are mostly small).
  const hi = Math.min(1, Math.ceil(top * 10 * 1.05) / 10 || 0.1);
  return {
    $schema: SCHEMA,
    title: options.title ?? 'Calibration: predicted vs observed default rate',
    width: options.width ?? 320,
    height: options.height ?? 320,
    layer: [
      diagonalLayer({ field: 'predicted', title: 'Mean predicted PD in the bin' }, { field: 'observed', title: 'Observed default rate' }, hi),
      {
        data: { values },
        mark: { type: 'line', color: COLOR.good, point: { filled: true, color: COLOR.good } },
        encoding: {
          x: { field: 'predicted', type: 'quantitative' },
          y: { field: 'observed', type: 'quantitative' },
          order: { field: 'k', type: 'quantitative' },
          tooltip: [{ field: 'predicted', format: '.2%' }, { field: 'observed', format: '.2%' }, { field: 'rows' }],
        },
      },
    ],
  };
}
