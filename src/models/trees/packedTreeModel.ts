import type { FeatureInput } from '../../data/dataset.js';
import { CreditkitError } from '../../errors.js';
import type { BinnedRows } from '../predict/binnedRows.js';
import { BinnedScorer } from '../predict/binnedScorer.js';
import type { ImportanceKind, TreeModel } from '../classifier.js';
import { notFitted } from '../fitInput.js';
import type { PackedForest } from '../predict/packedForest.js';
import type { FeatureSpec } from '../schema.js';
import type { Tree } from './tree.js';
import { gainImportances, type TreeEnsemble } from './treeEnsemble.js';

/**
 * What every tree model (gradient boosting, decision tree, random forest,
 * AdaBoost) shares: the training features, the trees and the trees packed for
 * the wasm predictor, fitted state, and scoring over pre-binned rows.
 */
export abstract class PackedTreeModel implements Pick<TreeModel, 'isFitted' | 'featureSpecs' | 'treeEnsemble' | 'importanceKinds' | 'featureImportances'> {
  protected features: FeatureSpec[] = [];
  protected forest: PackedForest | null = null;
  private binned: { forest: PackedForest; scorer: BinnedScorer } | null = null;

  get isFitted(): boolean {
    return this.forest !== null;
  }

  get featureSpecs(): readonly FeatureSpec[] {
    return this.features;
  }

  get featureNames(): string[] {
    return this.features.map((f) => f.name);
  }

  /** The fitted trees (E_NOT_FITTED before fit). */
  abstract get trees(): readonly Tree[];

  /** The trees and how they combine into the PD (see TreeEnsemble). */
  abstract treeEnsemble(): TreeEnsemble;

  /** The CART baselines' importance: Gini decrease (gradient boosting overrides it with its own measures). */
  get importanceKinds(): readonly ImportanceKind[] {
    return ['gini'];
  }

  /** Gini importance per feature, normalized to sum 1 (scikit-learn's feature_importances_). */
  featureImportances(kind: ImportanceKind = 'gini'): Record<string, number> {
    this.requireFitted();
    this.checkImportanceKind(kind);
    return gainImportances(this.trees, this.features);
  }

  /** E_OPTION for a measure this model does not offer. */
  protected checkImportanceKind(kind: ImportanceKind): void {
    if (!this.importanceKinds.includes(kind)) {
      throw new CreditkitError('E_OPTION', `importance kind must be one of ${this.importanceKinds.join(', ')}, got ${JSON.stringify(kind)}`);
    }
  }

  /**
   * The model's features of `X` (matched as in predictProba) binned by its
   * split thresholds, one byte per value, to be scored by predictProbaBinned
   * (bit-identical to predictProba on X). E_TOO_MANY_THRESHOLDS when a feature
   * has more than 254 distinct thresholds.
   */
  binRows(X: FeatureInput): BinnedRows {
    return this.binnedScorer().binRows(X);
  }

  /** PD of rows binned by this model's binRows: equal to predictProba on the raw rows, bit for bit. */
  predictProbaBinned(rows: BinnedRows): Float64Array {
    const scorer = this.binnedScorer();
    const { base, scale, link = 'logit' } = this.treeEnsemble();
    if (link === 'logit') {
      if (scale !== 1) throw new Error('internal: a logit ensemble with a tree weight other than 1');
      return scorer.predict(rows, base, true);
    }
    // An averaging model scales the sum of its leaf PDs after the kernel, as its predictProba does.
    const out = scorer.predict(rows, base, false);
    if (scale !== 1) for (let i = 0; i < out.length; i++) out[i] *= scale;
    return out;
  }

  protected binnedScorer(): BinnedScorer {
    const forest = this.requireFitted();
    if (this.binned?.forest !== forest) this.binned = { forest, scorer: new BinnedScorer(this.treeEnsemble().trees, this.features) };
    return this.binned.scorer;
  }

  protected requireFitted(): PackedForest {
    return this.forest ?? notFitted();
  }
}
