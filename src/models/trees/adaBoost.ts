import type { FeatureInput } from '../../data/dataset.js';
import { CreditkitError } from '../../errors.js';
import { prepareCartData, withCartGrower } from './cartGrower.js';
import type { Classifier, FitOptions, ImportanceKind, ModelJSON } from '../classifier.js';
import { PackedForest } from '../predict/packedForest.js';
import { alignColumns } from '../schema.js';
import { Tree } from './tree.js';
import { gainImportances, modelEnvelope, readFeaturesAndTrees, readNumbers, type TreeEnsemble } from './treeEnsemble.js';
import { readSavedOptions, resolveOptions } from '../optionTable.js';
import { type AdaBoostOptions, ADABOOST_OPTION_TABLE } from './treeOptions.js';
import { PackedTreeModel } from './packedTreeModel.js';
import { readEnvelope } from '../modelJson.js';
import { exp, log } from '../../math/deterministic.js';

export const ADABOOST_MODEL_NAME = 'AdaBoostClassifier';
export const ADABOOST_MODEL_VERSION = 1;

/**
 * AdaBoost with the SAMME algorithm (Zhu et al. 2009; scikit-learn's
 * algorithm="SAMME") over shallow CART Gini trees grown by the wasm grower.
 *
 * Round m fits a tree on the current weights; its weighted error e_m gives
 * the learner weight alpha_m = learningRate * ln((1 - e_m) / e_m), and the
 * weights of misclassified rows are multiplied by exp(alpha_m) and all
 * weights renormalized. A perfect learner (e_m = 0) ends training with
 * alpha_m = 1; a learner no better than chance (e_m >= 1/2) is discarded and
 * ends training, as in scikit-learn.
 *
 * Probability (scikit-learn's SAMME predict_proba for two classes): with
 * d(x) = sum_m alpha_m * (+1 if learner m predicts default, else -1) / sum_m alpha_m,
 * PD(x) = 1 / (1 + exp(-d(x))). The stored trees hold +-alpha_m / sum alpha
 * as leaf values, so the PD is the sigmoid of their sum (computed in wasm).
 */
export class AdaBoostClassifier extends PackedTreeModel implements Classifier {
  readonly options: AdaBoostOptions;
  private boostTrees: Tree[] = [];
  /** Learner weights alpha_m (scikit-learn's estimator_weights_). */
  estimatorWeights: Float64Array = new Float64Array(0);
  /** Weighted training error of each learner (estimator_errors_). */
  estimatorErrors: Float64Array = new Float64Array(0);

  constructor(options: Partial<AdaBoostOptions> = {}) {
    super();
    this.options = resolveOptions(ADABOOST_OPTION_TABLE, options);
  }

  /** The learners with leaf values +-alpha_m / sum alpha (see the class comment). */
  get trees(): readonly Tree[] {
    this.requireFitted();
    return this.boostTrees;
  }

  fit(X: FeatureInput, y: ArrayLike<number>, fitOptions: FitOptions = {}): this {
    const o = this.options;
    const data = prepareCartData(X, y, fitOptions.sampleWeight, o.maxBins, o.seed);
    const n = data.nRows;
    const limits = { maxDepth: o.maxDepth, minSamplesSplit: 0, minSamplesLeaf: 0, maxLeaves: null, nodeFeatures: 0 };
    // Weights sum to 1 (as in scikit-learn); the grower gets them scaled to mean 1.
    const w = Float64Array.from(data.weights, (v) => v / n);
    const grown = new Float64Array(n);
    const incorrect = new Uint8Array(n);
    const learners: Tree[] = [];
    const alphas: number[] = [];
    const errors: number[] = [];
    withCartGrower(data, limits, (g) => {
      for (let m = 0; m < o.nEstimators; m++) {
        for (let i = 0; i < n; i++) grown[i] = w[i] * n;
        const tree = g.grow(grown, 0);
        const pred = g.trainPredictions();
        let wrong = 0;
        let total = 0;
        for (let i = 0; i < n; i++) {
          incorrect[i] = (pred[i] > 0.5 ? 1 : 0) !== data.y[i] ? 1 : 0;
          wrong += incorrect[i] * w[i];
          total += w[i];
        }
        const error = wrong / total;
        if (error <= 0) {
          learners.push(tree);
          alphas.push(1);
          errors.push(0);
          break;
        }
        // No better than chance; the tolerance absorbs the rounding of the weight sums.
        if (error >= 0.5 - 1e-12) {
          if (learners.length === 0) {
            throw new CreditkitError('E_TARGET_INVALID', `the first base tree is no better than chance (weighted error ${error.toFixed(4)}): the features do not separate the classes`);
          }
          break;
        }
        const alpha = o.learningRate * log((1 - error) / error);
        learners.push(tree);
        alphas.push(alpha);
        errors.push(error);
        fitOptions.onProgress?.({ iteration: m + 1, total: o.nEstimators });
        if (m === o.nEstimators - 1) break;
        // scikit-learn's exp(log(w) + alpha) for the misclassified rows, as one factor.
        const boost = exp(alpha);
        let sum = 0;
        for (let i = 0; i < n; i++) {
          if (incorrect[i]) w[i] *= boost;
          sum += w[i];
        }
        if (!Number.isFinite(sum) || sum <= 0) break;
        for (let i = 0; i < n; i++) w[i] /= sum;
      }
    });
    let alphaSum = 0;
    for (const a of alphas) alphaSum += a;
    this.boostTrees = learners.map((t, m) => votingTree(t, alphas[m] / alphaSum));
    this.estimatorWeights = Float64Array.from(alphas);
    this.estimatorErrors = Float64Array.from(errors);
    this.features = data.features;
    this.forest = new PackedForest(this.boostTrees, data.nFeatures);
    return this;
  }

  /** PD of each row: the sigmoid of the normalized SAMME vote d(x). */
  predictProba(X: FeatureInput): Float64Array {
    const forest = this.requireFitted();
    const { columns, nRows } = alignColumns(this.features, X, { checkFinite: false });
    return forest.predict(columns, nRows, 0, true, this.featureNames);
  }

  /** The normalized vote d(x) in [-1, 1] (scikit-learn's decision_function). */
  decisionFunction(X: FeatureInput): Float64Array {
    const forest = this.requireFitted();
    const { columns, nRows } = alignColumns(this.features, X, { checkFinite: false });
    return forest.predict(columns, nRows, 0, false, this.featureNames);
  }

  /** Split-gain importance, each tree's normalized gains weighted by its alpha, normalized to sum 1 (scikit-learn's feature_importances_ for AdaBoost). */
  override featureImportances(kind: ImportanceKind = 'gini'): Record<string, number> {
    this.requireFitted();
    this.checkImportanceKind(kind);
    const acc = new Float64Array(this.features.length);
    this.boostTrees.forEach((t, m) => {
      const per = gainImportances([t], this.features);
      this.features.forEach((f, j) => { acc[j] += per[f.name] * this.estimatorWeights[m]; });
    });
    let s = 0;
    for (const v of acc) s += v;
    return Object.fromEntries(this.features.map((f, j) => [f.name, s > 0 ? acc[j] / s : 0]));
  }

  /** predictProba = sigmoid(sum of the trees' leaf values). */
  treeEnsemble(): TreeEnsemble {
    this.requireFitted();
    return { trees: this.boostTrees, base: 0, scale: 1, link: 'logit' };
  }

  toJSON(): ModelJSON {
    this.requireFitted();
    return {
      ...modelEnvelope(ADABOOST_MODEL_NAME, ADABOOST_MODEL_VERSION, this.options, this.features, this.boostTrees),
      estimatorWeights: Array.from(this.estimatorWeights),
      estimatorErrors: Array.from(this.estimatorErrors),
    };
  }

  static fromJSON(json: unknown): AdaBoostClassifier {
    const o = readEnvelope(json, ADABOOST_MODEL_NAME, ADABOOST_MODEL_VERSION);
    const model = new AdaBoostClassifier(readSavedOptions(ADABOOST_OPTION_TABLE, o));
    const { features, trees } = readFeaturesAndTrees(o, 1);
    const weights = readNumbers(o.estimatorWeights, trees.length, 'estimatorWeights');
    const errors = readNumbers(o.estimatorErrors, trees.length, 'estimatorErrors');
    trees.forEach((t, k) => t.leafValue.forEach((v, l) => {
      if (!(Math.abs(v) <= 1)) throw new CreditkitError('E_MODEL_FORMAT', `a learner's vote must be in [-1, 1], got ${v}`, { path: `trees[${k}].leafValue[${l}]` });
    }));
    model.boostTrees = trees;
    model.estimatorWeights = weights;
    model.estimatorErrors = errors;
    model.features = features;
    model.forest = new PackedForest(trees, features.length);
    return model;
  }
}

/** A learner whose leaves (and node values) vote +vote for default (class-1 share > 1/2, ties to 0 as argmax does) and -vote otherwise. */
function votingTree(t: Tree, vote: number): Tree {
  const sign = (p: number): number => (p > 0.5 ? vote : -vote);
  return new Tree({
    feature: t.feature, threshold: t.threshold, defaultLeft: t.defaultLeft, left: t.left, right: t.right,
    gain: t.gain, cover: t.cover,
    value: t.value.map(sign),
    leafValue: t.leafValue.map(sign),
    leafCover: t.leafCover,
  });
}
