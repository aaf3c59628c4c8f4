import { CreditkitError } from '../../errors.js';
import { checkCount, COLOR, percentAxis, SCHEMA, thinPath, type VegaLiteSpec } from './common.js';

export interface PrecisionRecallChartOptions {
  /** Average precision, shown in the title. */
  averagePrecision?: number;
  /** The default rate: precision of a random ranking, drawn as a dashed line. */
  baseline?: number;
  title?: string;
  width?: number;
  height?: number;
  /** Most points drawn (default 400). */
  maxPoints?: number;
}

/** The precision–recall curve from `precisionRecallCurve(y, scores)`, with the default rate as baseline. */
export function precisionRecallChartSpec(
  curve: { precision: ArrayLike<number>; recall: ArrayLike<number> },
  options: PrecisionRecallChartOptions = {},
): VegaLiteSpec {
  const { precision, recall } = curve;
  if (precision.length !== recall.length) throw new CreditkitError('E_SHAPE', `precision has ${precision.length} points, recall ${recall.length}`);
  if (precision.length < 2) throw new CreditkitError('E_EMPTY_DATA', 'a precision–recall curve needs at least two points');
  for (let k = 0; k < precision.length; k++) {
    if (!(precision[k] >= 0 && precision[k] <= 1 && recall[k] >= 0 && recall[k] <= 1)) {
      throw new CreditkitError('E_NONFINITE', `precision–recall point ${k} is outside [0, 1]²: (${recall[k]}, ${precision[k]})`);
    }
  }
  const keep = thinPath(recall, precision, checkCount(options.maxPoints ?? 400, 'maxPoints', 2));
  const points = keep.map((k, j) => ({ k: j, recall: recall[k], precision: precision[k] }));
  const ap = options.averagePrecision;
  const layers: VegaLiteSpec[] = [];
  if (options.baseline !== undefined) {
    layers.push({
      data: { values: [{ recall: 0, precision: options.baseline }, { recall: 1, precision: options.baseline }] },
      mark: { type: 'line', strokeDash: [4, 4], color: COLOR.chance },
      encoding: { x: { field: 'recall', type: 'quantitative' }, y: { field: 'precision', type: 'quantitative' } },
    });
  }
  layers.push({
    data: { values: points },
    mark: { type: 'line', interpolate: 'step-after', color: COLOR.good, strokeWidth: 2 },
    encoding: {
      x: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] }, axis: percentAxis('Recall (share of defaulters caught)') },
      y: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] }, axis: percentAxis('Precision (defaulters among flagged)') },
      order: { field: 'k', type: 'quantitative' },
    },
  });
  return {
    $schema: SCHEMA,
    title: options.title ?? (ap === undefined ? 'Precision–recall curve' : `Precision–recall curve (AP ${ap.toFixed(3)})`),
    width: options.width ?? 320,
    height: options.height ?? 320,
    layer: layers,
  };
}
