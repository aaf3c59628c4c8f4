import { CreditkitError } from '../errors.js';
import { getRuntime } from '../wasm/load.js';
import { checkScored } from './validate.js';

/**
 * Area under the ROC curve, computed in wasm in O(n log n). Tied scores are
 * handled as scikit-learn's `roc_auc_score` does (each tie group is one step
 * of the curve, integrated with the trapezoidal rule).
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  checkScored(yTrue, scores, sampleWeight);
  const { kernels, heap } = getRuntime();
  const n = yTrue.length;
  const auc = heap.scoped((scope) => {
    const s = scope.alloc(n * 8);
    const y = scope.alloc(n * 8);
    const w = sampleWeight ? scope.alloc(n * 8) : 0;
    const scratch = scope.alloc(n * 24 + 65536 * 4);
    heap.f64(s, n).set(scores);
    heap.f64(y, n).set(yTrue);
    if (sampleWeight) heap.f64(w, n).set(sampleWeight);
    return kernels.rocAuc(s, y, w, n, scratch);
  });
  if (auc < 0) throw new CreditkitError('E_SINGLE_CLASS', 'AUC needs both classes (with positive weight) in the labels');
  return auc;
}
