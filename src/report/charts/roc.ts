import { CreditkitError } from '../../errors.js';
import { diagonalLayer, SCHEMA, type VegaLiteSpec } from './common.js';

export interface RocChartOptions {
  /** Shown in the title, e.g. the test AUC. */
  auc?: number;
  title?: string;
  width?: number;
  height?: number;
  /**
   * Most points drawn (default 400). A curve with more (one point per distinct
   * score: tens of thousands on a large test set) is thinned: a point is kept
   * when it is at least 1/maxPoints away (|Δfpr| + |Δtpr|) from the last kept
   * one; the two ends are always kept.
   */
  maxPoints?: number;
}

/** A ROC curve, with the chance diagonal, from `rocCurve(y, scores)`'s fpr and tpr. */
export function rocChartSpec(curve: { fpr: ArrayLike<number>; tpr: ArrayLike<number> }, options: RocChartOptions = {}): VegaLiteSpec {
  const { fpr, tpr } = curve;
  if (fpr.length !== tpr.length) throw new CreditkitError('E_SHAPE', `fpr has ${fpr.length} points, tpr ${tpr.length}`);
  if (fpr.length < 2) throw new CreditkitError('E_EMPTY_DATA', 'a ROC curve needs at least two points');
  const maxPoints = options.maxPoints ?? 400;
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new CreditkitError('E_OPTION', `maxPoints must be a whole number ≥ 2 (got ${maxPoints})`);
  for (let k = 0; k < fpr.length; k++) {
    if (!(fpr[k] >= 0 && fpr[k] <= 1 && tpr[k] >= 0 && tpr[k] <= 1)) {
      throw new CreditkitError('E_NONFINITE', `ROC point ${k} is outside [0, 1]²: (${fpr[k]}, ${tpr[k]})`);
    }
  }
  const points = thinCurve(fpr, tpr, maxPoints);
  const auc = options.auc;
  const title = options.title ?? (auc === undefined ? 'ROC curve' : `ROC curve (AUC ${auc.toFixed(3)})`);
  return {
    $schema: SCHEMA,
    title,
    width: options.width ?? 320,
    height: options.height ?? 320,
    layer: [
      diagonalLayer({ field: 'fpr', title: 'False-positive rate' }, { field: 'tpr', title: 'True-positive rate' }),
      {
        data: { values: points },
        mark: { type: 'line', interpolate: 'linear', color: '#1f77b4', strokeWidth: 2 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
          order: { field: 'k', type: 'quantitative' },
        },
      },
    ],
  };
}

/** The points drawn: the ends and every point far enough from the last kept one. */
function thinCurve(fpr: ArrayLike<number>, tpr: ArrayLike<number>, maxPoints: number): { k: number; fpr: number; tpr: number }[] {
  const n = fpr.length;
  const step = n <= maxPoints ? 0 : 1 / maxPoints;
  const out = [{ k: 0, fpr: fpr[0], tpr: tpr[0] }];
  for (let k = 1; k < n; k++) {
    const last = out[out.length - 1];
    if (k === n - 1 || Math.abs(fpr[k] - last.fpr) + Math.abs(tpr[k] - last.tpr) >= step) {
      out.push({ k: out.length, fpr: fpr[k], tpr: tpr[k] });
    }
  }
  return out;
}
