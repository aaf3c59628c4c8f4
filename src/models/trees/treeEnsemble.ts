import { CreditkitError } from '../../errors.js';
import type { ModelJSON } from '../classifier.js';
import { envelope, readFeatureSpecs } from '../modelJson.js';
import type { FeatureSpec } from '../schema.js';
import { Tree } from './tree.js';

/**
 * The trees of a tree model and how they combine into its PD:
 * raw(x) = base + scale × Σ_trees tree(x), PD = link(raw), where tree(x) is the
 * value of the leaf x reaches. TreeSHAP explains the raw score in this form.
 */
export interface TreeEnsemble {
  /** creditkit's flat `Tree` arrays, with node covers. */
  trees: readonly Tree[];
  /** Raw score every prediction starts from (the base margin of a boosted model, 0 for a forest). */
  base: number;
  /** Weight of each tree: 1 for boosting and a single tree, 1 / nTrees for an averaging forest. */
  scale: number;
  /**
   * How the raw score becomes a PD: 'logit' (raw is log-odds: gradient boosting,
   * AdaBoost's SAMME vote) or 'identity' (raw is the PD: averaged leaf shares).
   * Default 'logit'.
   */
  link?: 'logit' | 'identity';
}

/**
 * Split-gain importance normalized like scikit-learn's feature_importances_:
 * each tree's gains (weighted Gini decreases) are normalized to sum 1, trees
 * without a split are skipped, the mean over trees is normalized to sum 1.
 * All zeros when no tree has a split.
 */
export function gainImportances(trees: readonly Tree[], features: readonly FeatureSpec[]): Record<string, number> {
  const total = new Float64Array(features.length);
  const perTree = new Float64Array(features.length);
  for (const t of trees) {
    if (t.nInternal === 0) continue;
    perTree.fill(0);
    let sum = 0;
    for (let i = 0; i < t.nInternal; i++) {
      perTree[t.feature[i]] += t.gain[i];
      sum += t.gain[i];
    }
    if (sum > 0) for (let j = 0; j < features.length; j++) total[j] += perTree[j] / sum;
  }
  let s = 0;
  for (const v of total) s += v;
  return Object.fromEntries(features.map((f, j) => [f.name, s > 0 ? total[j] / s : 0]));
}

/** Features and trees of a saved tree model, fully validated. */
export function readFeaturesAndTrees(o: Record<string, unknown>, minTrees: number): { features: FeatureSpec[]; trees: Tree[] } {
  const features = readFeatureSpecs(o.features, 'features');
  if (!Array.isArray(o.trees)) throw new CreditkitError('E_MODEL_FORMAT', 'must be an array', { path: 'trees' });
  if (o.trees.length < minTrees) throw new CreditkitError('E_MODEL_FORMAT', `must hold at least ${minTrees} tree(s)`, { path: 'trees' });
  const trees = (o.trees as unknown[]).map((t, k) => Tree.fromJSON(t, features.length, `trees[${k}]`));
  return { features, trees };
}

/** A finite number array of the given length at `path`. */
export function readNumbers(value: unknown, length: number, path: string, allowNaN = false): Float64Array {
  if (!Array.isArray(value) || value.length !== length) {
    throw new CreditkitError('E_MODEL_FORMAT', `must be an array of ${length} numbers`, { path });
  }
  return Float64Array.from(value, (v, i) => {
    if (allowNaN && v === null) return NaN;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new CreditkitError('E_MODEL_FORMAT', `expected a finite number${allowNaN ? ' or null' : ''}, got ${JSON.stringify(v)}`, { path: `${path}[${i}]` });
    }
    return v;
  });
}

/** The common envelope written by the tree models. */
export function modelEnvelope(name: string, version: number, options: object, features: readonly FeatureSpec[], trees: readonly Tree[]): ModelJSON {
  return { ...envelope(name, version, options), features: features.map((f) => ({ ...f })), trees: trees.map((t) => t.toJSON()) };
}

/** Rejects trees whose leaf values are not probabilities (decision tree and forest leaves are PDs). */
export function checkLeafProbabilities(trees: readonly Tree[]): void {
  trees.forEach((t, k) => {
    t.leafValue.forEach((v, l) => {
      if (!(v >= 0 && v <= 1)) throw new CreditkitError('E_MODEL_FORMAT', `a leaf PD must be in [0, 1], got ${v}`, { path: `trees[${k}].leafValue[${l}]` });
    });
  });
}
