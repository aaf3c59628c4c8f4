import { BinMapper } from '../../data/binMapper.js';
import { type FeatureInput, toDataset } from '../../data/dataset.js';
import { CreditkitError } from '../../errors.js';
import { depthFirstDepthLimit, GrowerSession, type GrowParams, planGrowth } from '../../wasm/grower.js';
import { getRuntime } from '../../wasm/load.js';
import { treeFromGrown } from './grownTree.js';
import { MAX_TREE_DEPTH } from '../modelLimits.js';
import { checkLabelsAndFeatures, checkSampleWeights } from '../fitInput.js';
import { type FeatureSpec, schemaOf } from '../schema.js';
import type { Tree } from './tree.js';

/**
 * CART trees grown by the wasm grower of the GBDT (assembly/grower.ts).
 *
 * With squared-loss gradients on 0/1 labels from a zero score (g = -w y,
 * h = w) and no regularization (lambda 0, learning rate 1), a node's weight
 * -G/H is the weighted share of class 1 (its PD) and a split's gain
 * G_L^2/H_L + G_R^2/H_R - G^2/H is the weighted variance reduction, which is
 * the weighted Gini decrease times W/2 (Gini = 2p(1-p) for two classes). So
 * the boosting grower grows Gini trees without a second tree implementation.
 */

/** Growth limits of one CART tree. */
export interface CartLimits {
  /** null = no depth limit (see `depthFirstDepthLimit`). */
  maxDepth: number | null;
  /** A node lighter than this (weight sum) is not split. */
  minSamplesSplit: number;
  /** Minimum weight sum of each child. */
  minSamplesLeaf: number;
  /** null = no leaf limit; otherwise best-first growth up to this many leaves. */
  maxLeaves: number | null;
  /** Features drawn at each node; 0 = all of them. */
  nodeFeatures: number;
}

/** Training data prepared once for any number of trees. */
export interface CartData {
  features: FeatureSpec[];
  columns: Float32Array[];
  y: Float64Array;
  /** Sample weights scaled to mean 1 (a count for unweighted data). */
  weights: Float64Array;
  binMapper: BinMapper;
  nRows: number;
  nFeatures: number;
}

/**
 * Validates X, y and sample weights the way every model does, fits the bin
 * cut points, and scales the weights to mean 1, so that weight limits such as
 * minSamplesLeaf read as sample counts.
 */
export function prepareCartData(Xin: FeatureInput, yIn: ArrayLike<number>, sampleWeight: ArrayLike<number> | undefined, maxBins: number, seed: number): CartData {
  const X = toDataset(Xin);
  const n = X.nRows;
  const nf = X.nColumns;
  const y = checkLabelsAndFeatures(X, yIn);
  const weights = new Float64Array(n).fill(1);
  if (sampleWeight !== undefined) {
    weights.set(checkSampleWeights(y, sampleWeight));
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    for (let i = 0; i < n; i++) weights[i] *= n / total;
  }
  const columns = X.columns.map((c) => c.values);
  const binMapper = BinMapper.fit(columns, { maxBins, seed });
  return { features: schemaOf(X), columns, y, weights, binMapper, nRows: n, nFeatures: nf };
}

/** Grows trees on one prepared dataset; lives inside `withCartGrower`. */
export interface CartGrower {
  /**
   * Grows one tree with these per-row weights (0 = row not used; bootstrap
   * counts and AdaBoost weights go here) and this seed for the node feature
   * draws. Leaf values are the weighted class-1 shares, covers weight sums.
   */
  grow(weights: Float64Array, seed: number): Tree;
  /** The last grown tree's leaf value for every training row (binned traversal). */
  trainPredictions(): Float64Array;
}

/** Copies the data into wasm memory once and runs `body` with a grower over it. */
export function withCartGrower<T>(data: CartData, limits: CartLimits, body: (grower: CartGrower) => T): T {
  const { heap } = getRuntime();
  const n = data.nRows;
  const nf = data.nFeatures;
  const bestFirst = limits.maxLeaves !== null;
  // Best-first growth without a depth limit stops at MAX_TREE_DEPTH, the deepest tree a model file may hold.
  const maxDepth = limits.maxDepth ?? (bestFirst ? MAX_TREE_DEPTH : depthFirstDepthLimit(nf));
  // Unregularized second-order steps on squared-loss gradients: the Gini trees described above.
  const params: GrowParams = {
    lambda: 0, alpha: 0, gamma: 0, minChildWeight: limits.minSamplesLeaf, learningRate: 1,
    maxDepth, maxLeaves: limits.maxLeaves ?? 0, policy: bestFirst ? 'lossguide' : 'depthwise', profile: false,
  };
  const plan = planGrowth(params, n, nf);

  return heap.scoped((scope) => {
    const { bins, stride } = data.binMapper.transformInto(scope, data.columns, n);
    const nBins = Uint32Array.from({ length: nf }, (_, f) => data.binMapper.nBins(f));
    const session = new GrowerSession(scope, { bins, stride, nRows: n, nFeatures: nf, nBins }, params, plan);
    const predicted = scope.alloc(n * 8);
    const nodeFeatures = limits.nodeFeatures > 0 && limits.nodeFeatures < nf ? limits.nodeFeatures : 0;

    return body({
      grow(weights, seed) {
        const g = session.gradientView();
        for (let i = 0; i < n; i++) {
          g[2 * i] = -weights[i] * data.y[i];
          g[2 * i + 1] = weights[i];
        }
        session.growCart(limits.minSamplesSplit, nodeFeatures, seed);
        return treeFromGrown(session.tree(), data.binMapper);
      },
      trainPredictions() {
        heap.f64(predicted, n).fill(0);
        session.addTree(bins, n, predicted);
        return heap.f64(predicted, n).slice();
      },
    });
  });
}
