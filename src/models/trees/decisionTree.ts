import type { FeatureInput } from '../../data/dataset.js';
import { CreditkitError } from '../../errors.js';
import { prepareCartData, withCartGrower, type CartData } from './cartGrower.js';
import type { Classifier, FitOptions, ModelJSON } from '../classifier.js';
import { pruneTree, pruningPath, type PruningPath } from './costComplexity.js';
import { PackedForest } from '../predict/packedForest.js';
import { alignColumns } from '../schema.js';
import type { Tree } from './tree.js';
import { checkLeafProbabilities, gainImportances, modelEnvelope, readFeaturesAndTrees, type TreeEnsemble } from './treeEnsemble.js';
import { readSavedOptions, resolveOptions } from '../optionTable.js';
import { cartLimits, DECISION_TREE_OPTION_TABLE, type DecisionTreeOptions } from './treeOptions.js';
import { Random } from '../../random.js';
import { PackedTreeModel } from './packedTreeModel.js';
import { readEnvelope } from '../modelJson.js';

export const DECISION_TREE_MODEL_NAME = 'DecisionTreeClassifier';
export const DECISION_TREE_MODEL_VERSION = 1;

/**
 * A CART classification tree with the Gini criterion, grown by the wasm
 * grower of the GBDT (see cartGrower.ts), with a learned default direction
 * for missing values and optional minimal cost-complexity pruning. A leaf's
 * value is the weighted share of defaulters among its training rows: the PD.
 */
export class DecisionTreeClassifier extends PackedTreeModel implements Classifier {
  readonly options: DecisionTreeOptions;
  private tree: Tree | null = null;

  constructor(options: Partial<DecisionTreeOptions> = {}) {
    super();
    this.options = resolveOptions(DECISION_TREE_OPTION_TABLE, options);
  }

  /** The fitted (pruned) tree. */
  get trees(): readonly Tree[] {
    this.requireFitted();
    return [this.tree as Tree];
  }

  get nLeaves(): number {
    this.requireFitted();
    return (this.tree as Tree).nLeaves;
  }

  get depth(): number {
    this.requireFitted();
    return (this.tree as Tree).depth;
  }

  fit(X: FeatureInput, y: ArrayLike<number>, fitOptions: FitOptions = {}): this {
    const data = prepareCartData(X, y, fitOptions.sampleWeight, this.options.maxBins, this.options.seed);
    const grown = this.growFull(data);
    this.tree = this.options.ccpAlpha > 0 ? pruneTree(grown, this.options.ccpAlpha) : grown;
    this.features = data.features;
    this.forest = new PackedForest([this.tree], data.nFeatures);
    fitOptions.onProgress?.({ iteration: 1, total: 1 });
    return this;
  }

  /**
   * scikit-learn's cost_complexity_pruning_path: grows the tree these options
   * give without pruning and returns the effective alphas where subtrees are
   * pruned (ascending, starting at 0) with the total leaf impurity after each.
   * Fitting with ccpAlpha between ccpAlphas[i] and ccpAlphas[i+1] keeps the
   * i-th pruned tree. The model itself is not changed.
   */
  costComplexityPruningPath(X: FeatureInput, y: ArrayLike<number>, fitOptions: FitOptions = {}): PruningPath {
    const data = prepareCartData(X, y, fitOptions.sampleWeight, this.options.maxBins, this.options.seed);
    return pruningPath(this.growFull(data));
  }

  private growFull(data: CartData): Tree {
    const o = this.options;
    const limits = cartLimits(o, data.nFeatures);
    const seed = new Random(o.seed).fork();
    return withCartGrower(data, limits, (g) => g.grow(data.weights, seed));
  }

  /** PD of each row: the class-1 share of the leaf it reaches. */
  predictProba(X: FeatureInput): Float64Array {
    const forest = this.requireFitted();
    const { columns, nRows } = alignColumns(this.features, X, { checkFinite: false });
    return forest.predict(columns, nRows, 0, false, this.featureNames);
  }

  /** The tree as an ensemble of one: predictProba = leaf value. */
  treeEnsemble(): TreeEnsemble {
    this.requireFitted();
    return { trees: [this.tree as Tree], base: 0, scale: 1, link: 'identity' };
  }

  toJSON(): ModelJSON {
    this.requireFitted();
    return modelEnvelope(DECISION_TREE_MODEL_NAME, DECISION_TREE_MODEL_VERSION, this.options, this.features, [this.tree as Tree]);
  }

  static fromJSON(json: unknown): DecisionTreeClassifier {
    const o = readEnvelope(json, DECISION_TREE_MODEL_NAME, DECISION_TREE_MODEL_VERSION);
    const model = new DecisionTreeClassifier(readSavedOptions(DECISION_TREE_OPTION_TABLE, o));
    const { features, trees } = readFeaturesAndTrees(o, 1);
    if (trees.length !== 1) throw new CreditkitError('E_MODEL_FORMAT', `a decision tree holds exactly 1 tree, found ${trees.length}`, { path: 'trees' });
    checkLeafProbabilities(trees);
    model.tree = trees[0];
    model.features = features;
    model.forest = new PackedForest(trees, features.length);
    return model;
  }
}
