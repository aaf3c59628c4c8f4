import { CreditkitError } from '../../errors.js';
import { checkCount, diagonalLayer, SCHEMA, thinPath, type VegaLiteSpec } from './common.js';

export interface RocCurveOfModel {
  model: string;
  fpr: ArrayLike<number>;
  tpr: ArrayLike<number>;
  auc?: number;
}

export interface RocComparisonChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Most points per curve (default 300). */
  maxPoints?: number;
}

/** Several models' ROC curves on one chart (same test rows), one colour per model, AUC in the legend. */
export function rocComparisonChartSpec(curves: readonly RocCurveOfModel[], options: RocComparisonChartOptions = {}): VegaLiteSpec {
  if (curves.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no ROC curves to compare');
  const maxPoints = checkCount(options.maxPoints ?? 300, 'maxPoints', 2);
  const rows: { series: string; k: number; fpr: number; tpr: number }[] = [];
  const names = new Set<string>();
  for (const c of curves) {
    if (c.fpr.length !== c.tpr.length || c.fpr.length < 2) throw new CreditkitError('E_SHAPE', `the ROC curve of "${c.model}" needs as many fpr as tpr values, at least two`);
    const series = c.auc === undefined ? c.model : `${c.model} (AUC ${c.auc.toFixed(3)})`;
    if (names.has(series)) throw new CreditkitError('E_OPTION', `two curves are named "${c.model}"`);
    names.add(series);
    thinPath(c.fpr, c.tpr, maxPoints).forEach((k, j) => {
      if (!(c.fpr[k] >= 0 && c.fpr[k] <= 1 && c.tpr[k] >= 0 && c.tpr[k] <= 1)) throw new CreditkitError('E_NONFINITE', `ROC point ${k} of "${c.model}" is outside [0, 1]²`);
      rows.push({ series, k: j, fpr: c.fpr[k], tpr: c.tpr[k] });
    });
  }
  return {
    $schema: SCHEMA,
    title: options.title ?? 'ROC curves on the same test rows',
    width: options.width ?? 320,
    height: options.height ?? 320,
    layer: [
      diagonalLayer({ field: 'fpr', title: 'False-positive rate' }, { field: 'tpr', title: 'True-positive rate' }),
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
          order: { field: 'k', type: 'quantitative' },
          color: { field: 'series', type: 'nominal', scale: { scheme: 'category10' }, legend: { title: null, orient: 'bottom-right', labelLimit: 240 } },
        },
      },
    ],
  };
}
