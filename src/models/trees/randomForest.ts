import type { FeatureInput } from '../../data/dataset.js';
import { rocAuc } from '../../metrics/auc.js';
import { Random } from '../../random.js';
import { prepareCartData, withCartGrower } from './cartGrower.js';
import type { Classifier, FitOptions, ModelJSON } from '../classifier.js';
import { PackedForest } from '../predict/packedForest.js';
import { alignColumns } from '../schema.js';
import type { Tree } from './tree.js';
import {
  checkLeafProbabilities, gainImportances, modelEnvelope, readFeaturesAndTrees, type TreeEnsemble,
} from './treeEnsemble.js';
import { readSavedOptions, resolveOptions } from '../optionTable.js';
import { cartLimits, RANDOM_FOREST_OPTION_TABLE, type RandomForestOptions } from './treeOptions.js';
import { PackedTreeModel } from './packedTreeModel.js';
import { readEnvelope } from '../modelJson.js';

export const RANDOM_FOREST_MODEL_NAME = 'RandomForestClassifier';
export const RANDOM_FOREST_MODEL_VERSION = 1;

/** Out-of-bag evaluation of a forest (scikit-learn's oob_score_ and oob_decision_function_). */
export interface OobResult {
  /** AUC of the OOB predictions over the rows that were out of bag at least once (unweighted); NaN if those rows hold one class only. */
  auc: number;
  /** Per training row: the mean PD of the trees that did not see it, NaN when every tree saw it. */
  predictions: Float64Array;
  /** Rows that were out of bag for at least one tree. */
  nRows: number;
}

/**
 * A random forest of CART Gini trees: each tree grows on a bootstrap sample
 * (drawn as integer row weights from the seed) and draws `maxFeatures`
 * features at every split (in the wasm grower). The PD is the mean of the
 * trees' leaf PDs, as scikit-learn's predict_proba.
 */
export class RandomForestClassifier extends PackedTreeModel implements Classifier {
  readonly options: RandomForestOptions;
  private forestTrees: Tree[] = [];
  /** Out-of-bag AUC and predictions of the last fit when `oobScore` is on, else null (not saved with the model). */
  oobScore_: OobResult | null = null;

  constructor(options: Partial<RandomForestOptions> = {}) {
    super();
    this.options = resolveOptions(RANDOM_FOREST_OPTION_TABLE, options);
  }

  get trees(): readonly Tree[] {
    this.requireFitted();
    return this.forestTrees;
  }

  fit(X: FeatureInput, y: ArrayLike<number>, fitOptions: FitOptions = {}): this {
    const o = this.options;
    const data = prepareCartData(X, y, fitOptions.sampleWeight, o.maxBins, o.seed);
    const n = data.nRows;
    const limits = cartLimits(o, data.nFeatures);
    const rng = new Random(o.seed);
    const oobSum = o.oobScore ? new Float64Array(n) : null;
    const oobCount = o.oobScore ? new Uint32Array(n) : null;
    const counts = new Uint32Array(n);
    const w = new Float64Array(n);
    const trees = withCartGrower(data, limits, (g) => {
      const out: Tree[] = [];
      for (let t = 0; t < o.nEstimators; t++) {
        if (o.bootstrap) {
          counts.fill(0);
          for (let k = 0; k < n; k++) counts[rng.int(n)]++;
          for (let i = 0; i < n; i++) w[i] = counts[i] * data.weights[i];
        } else {
          w.set(data.weights);
        }
        out.push(g.grow(w, rng.fork()));
        if (oobSum && oobCount) {
          const pred = g.trainPredictions();
          for (let i = 0; i < n; i++) {
            if (counts[i] === 0) {
              oobSum[i] += pred[i];
              oobCount[i]++;
            }
          }
        }
        fitOptions.onProgress?.({ iteration: t + 1, total: o.nEstimators });
      }
      return out;
    });
    this.forestTrees = trees;
    this.features = data.features;
    this.forest = new PackedForest(trees, data.nFeatures);
    this.oobScore_ = oobSum && oobCount ? oobResult(oobSum, oobCount, data.y) : null;
    return this;
  }

  /** PD of each row: the mean of the trees' leaf PDs. */
  predictProba(X: FeatureInput): Float64Array {
    const forest = this.requireFitted();
    const { columns, nRows } = alignColumns(this.features, X, { checkFinite: false });
    const out = forest.predict(columns, nRows, 0, false, this.featureNames);
    const scale = 1 / this.forestTrees.length;
    for (let i = 0; i < nRows; i++) out[i] *= scale;
    return out;
  }

  /** predictProba = (1 / nTrees) * sum of the trees' leaf PDs. */
  treeEnsemble(): TreeEnsemble {
    this.requireFitted();
    return { trees: this.forestTrees, base: 0, scale: 1 / this.forestTrees.length, link: 'identity' };
  }

  toJSON(): ModelJSON {
    this.requireFitted();
    return modelEnvelope(RANDOM_FOREST_MODEL_NAME, RANDOM_FOREST_MODEL_VERSION, this.options, this.features, this.forestTrees);
  }

  static fromJSON(json: unknown): RandomForestClassifier {
    const o = readEnvelope(json, RANDOM_FOREST_MODEL_NAME, RANDOM_FOREST_MODEL_VERSION);
    const model = new RandomForestClassifier(readSavedOptions(RANDOM_FOREST_OPTION_TABLE, o));
    const { features, trees } = readFeaturesAndTrees(o, 1);
    checkLeafProbabilities(trees);
    model.forestTrees = trees;
    model.features = features;
    model.forest = new PackedForest(trees, features.length);
    return model;
  }
}

function oobResult(sum: Float64Array, count: Uint32Array, y: Float64Array): OobResult {
  const predictions = new Float64Array(sum.length);
  const rows: number[] = [];
  for (let i = 0; i < sum.length; i++) {
    predictions[i] = count[i] > 0 ? sum[i] / count[i] : NaN;
    if (count[i] > 0) rows.push(i);
  }
  const yo = rows.map((i) => y[i]);
  const po = rows.map((i) => predictions[i]);
  const bothClasses = yo.includes(0) && yo.includes(1);
  return { auc: bothClasses ? rocAuc(yo, po) : NaN, predictions, nRows: rows.length };
}
