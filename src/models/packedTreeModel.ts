import { CreditkitError } from '../errors.js';
import type { PackedForest } from './forest.js';
import type { FeatureSpec } from './schema.js';

/**
 * What the tree baselines (decision tree, random forest, AdaBoost) share: the
 * training features and the trees packed for the wasm predictor.
 */
export abstract class PackedTreeModel {
  protected features: FeatureSpec[] = [];
  protected forest: PackedForest | null = null;

  get isFitted(): boolean {
    return this.forest !== null;
  }

  get featureSpecs(): readonly FeatureSpec[] {
    return this.features;
  }

  get featureNames(): string[] {
    return this.features.map((f) => f.name);
  }

  protected requireFitted(): PackedForest {
    if (this.forest === null) throw new CreditkitError('E_NOT_FITTED', 'the model is not fitted: call fit() or load one with fromJSON()');
    return this.forest;
  }
}
