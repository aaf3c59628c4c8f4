import type { FeatureInput } from '../../data/dataset.js';
import { CreditkitError } from '../../errors.js';
import type { FeatureSpec } from '../schema.js';
import { alignColumns } from '../schema.js';
import type { Tree } from '../trees/tree.js';

/** What a warm start needs from the model it continues (see GradientBoostingClassifier.fit's `initModel`). */
export interface WarmStartSource {
  readonly isFitted: boolean;
  readonly featureSpecs: readonly FeatureSpec[];
  readonly baseScoreMargin: number;
  readonly trees: readonly Tree[];
  predictRaw(X: FeatureInput): Float64Array;
}

/**
 * The starting point of a warm-started fit, taken from the old model before
 * anything is overwritten (so a model may continue itself): its trees, feature
 * schema and base margin, the new data's columns in the old model's order and
 * coding, and the old model's raw scores (log-odds) of the new rows, which the
 * new trees boost from.
 *
 * The old trees split on raw thresholds, so the new rounds may bin the new data
 * with cut points of their own; bins are only a training device.
 */
export interface WarmStart {
  trees: readonly Tree[];
  features: FeatureSpec[];
  baseMargin: number;
  columns: Float32Array[];
  startScores: Float64Array;
  evalStartScores: Float64Array | null;
}

export function warmStartFrom(init: WarmStartSource, X: FeatureInput, evalX?: FeatureInput): WarmStart {
  if (!init.isFitted) throw new CreditkitError('E_NOT_FITTED', 'initModel is not fitted: train it or load it first');
  const features = init.featureSpecs.map((f) => (f.categories ? { ...f, categories: [...f.categories] } : { ...f }));
  const { columns } = alignColumns(features, X);
  return {
    trees: [...init.trees],
    features,
    baseMargin: init.baseScoreMargin,
    columns,
    startScores: init.predictRaw(X),
    evalStartScores: evalX === undefined ? null : init.predictRaw(evalX),
  };
}
