import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';
import { GradientBoostingClassifier } from '../models/gbdt/gbdt.js';
import type { FeatureSpec } from '../models/schema.js';
import { checkDistinctLabels } from '../models/modelJson.js';
import { coverProblem, MAX_MODEL_FEATURES, MAX_TREE_DEPTH, MAX_TREE_LEAVES } from '../models/modelLimits.js';
import { Tree } from '../models/trees/tree.js';
import { CATEGORIES_ATTRIBUTE, FLT_MAX, xgboostBaseMargin } from './xgboostFormat.js';

export interface XGBoostImportOptions {
  /**
   * Feature names in the model's column order, replacing the names saved in
   * the model (or XGBoost's defaults f0, f1, … when it saved none).
   */
  featureNames?: string[];
  /**
   * Called with what the import changed from the file as saved (today: trees
   * after `best_iteration` dropped), for the caller to show; the CLI prints
   * it on stderr.
   */
  onNotice?: (message: string) => void;
}

type Obj = Record<string, unknown>;

const fail = (message: string, path: string): never => {
  throw new CreditkitError('E_MODEL_FORMAT', message, { path });
};

function obj(v: unknown, path: string): Obj {
  if (!isJsonObject(v)) return fail('expected a JSON object', path);
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) return fail('expected an array', path);
  return v;
}

/** XGBoost writes its parameters as strings ("0", "5E-1", "[5E-1]" in 2.x); numbers are accepted too. */
function paramNumber(v: unknown, path: string): number {
  let x = NaN;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'string') {
    const s = v.trim().replace(/^\[(.*)\]$/, '$1');
    if (s !== '' && !s.includes(',')) x = Number(s);
  }
  if (!Number.isFinite(x)) fail(`expected a number (or a string holding one), got ${JSON.stringify(v)}`, path);
  return x;
}

function paramInt(v: unknown, path: string, min: number): number {
  const x = paramNumber(v, path);
  if (!Number.isInteger(x) || x < min) fail(`expected an integer >= ${min}, got ${JSON.stringify(v)}`, path);
  return x;
}

/** A node array of `n` finite numbers. */
function numbers(t: Obj, key: string, n: number, path: string): number[] {
  const a = arr(t[key], `${path}.${key}`);
  if (a.length !== n) fail(`has ${a.length} entries, tree_param.num_nodes is ${n}`, `${path}.${key}`);
  for (let i = 0; i < n; i++) {
    if (typeof a[i] !== 'number' || !Number.isFinite(a[i])) fail(`expected a finite number, got ${show(a[i])}`, `${path}.${key}[${i}]`);
  }
  return a as number[];
}

/**
 * Reads an XGBoost JSON model (`Booster.save_model("m.json")`, XGBoost 1.x or
 * 2.x) into a fitted GradientBoostingClassifier that scores with creditkit's
 * wasm predictor and gives XGBoost's predictions (to float32 rounding).
 *
 * Supported: objective `binary:logistic`, booster `gbtree` (any
 * `num_parallel_tree`), numeric splits with learned missing-value directions
 * (`default_left`; NaN is missing), `base_score` (a probability; the base
 * margin is its log-odds, computed in float32 as XGBoost does), feature names
 * (or f0, f1, …). A model saved after early stopping (`best_iteration` in
 * `learner.attributes`, as XGBClassifier and xgb.train with
 * early_stopping_rounds write it) keeps the trees of iterations
 * 0..best_iteration only, as the scikit-learn API's predict and predict_proba
 * use it; `onNotice` is told how many trees were dropped. Limits
 * (src/models/modelLimits.ts): num_feature at most 100,000, trees at most 256
 * levels deep; covers (`sum_hessian`) finite, >= 0 and no child's above its
 * parent's. Rejected with E_MODEL_FORMAT and the JSON
 * path of the problem: other objectives and boosters (dart, gblinear),
 * categorical features and splits, vector leaves, and any malformed or
 * inconsistent node array (indices out of range, cycles, a node with two
 * parents, right child ≠ left child + 1, which XGBoost's predictor assumes).
 *
 * Nodes are renumbered breadth-first so children follow their parents; nodes
 * the root does not reach (XGBoost keeps pruned nodes as "deleted") are
 * dropped. Leaf values are the leaves' `split_conditions`, gains
 * `loss_changes`, covers `sum_hessian`; thresholds are kept as float32 (one
 * equal to the largest float32, which exportXGBoostJSON writes for Infinity,
 * stays that value, so a value of exactly 3.4028234663852886e38 goes right, as
 * in XGBoost). XGBoost does not save its training parameters (the learning
 * rate among them), so an internal node's `value` is the hessian-weighted mean
 * of its leaves, and the model's options are creditkit's defaults except
 * nEstimators (the number of trees), maxDepth (the deepest tree, at most 30)
 * and baseScore.
 *
 * @param json the parsed model or its JSON text (UBJSON is not supported)
 */
export function importXGBoostJSON(json: unknown, options: XGBoostImportOptions = {}): GradientBoostingClassifier {
  const input = typeof json === 'string' ? parseText(json) : json;
  const root = obj(input, '$');
  if (root.version !== undefined) {
    const v = arr(root.version, 'version');
    if (v.length < 1 || !v.every((x) => Number.isInteger(x))) fail('expected [major, minor, patch]', 'version');
  }
  if (root.learner === undefined) fail('not an XGBoost JSON model (no "learner")', 'learner');
  const learner = obj(root.learner, 'learner');

  const objective = obj(learner.objective, 'learner.objective');
  if (objective.name !== 'binary:logistic') {
    fail(`objective ${JSON.stringify(objective.name)} is not supported: creditkit imports binary:logistic models only`, 'learner.objective.name');
  }
  const booster = obj(learner.gradient_booster, 'learner.gradient_booster');
  if (booster.name !== 'gbtree') {
    fail(`booster ${JSON.stringify(booster.name)} is not supported: creditkit imports gbtree models only`, 'learner.gradient_booster.name');
  }

  const mp = obj(learner.learner_model_param, 'learner.learner_model_param');
  const nFeatures = paramInt(mp.num_feature, 'learner.learner_model_param.num_feature', 1);
  if (nFeatures > MAX_MODEL_FEATURES) {
    fail(`num_feature ${nFeatures} is more than creditkit reads (at most ${MAX_MODEL_FEATURES} features)`, 'learner.learner_model_param.num_feature');
  }
  if (mp.num_class !== undefined && paramInt(mp.num_class, 'learner.learner_model_param.num_class', 0) > 1) {
    fail('a multi-class model is not a binary:logistic model', 'learner.learner_model_param.num_class');
  }
  if (mp.num_target !== undefined && paramInt(mp.num_target, 'learner.learner_model_param.num_target', 0) > 1) {
    fail('multi-target models are not supported', 'learner.learner_model_param.num_target');
  }
  // XGBoost keeps base_score as a float32 probability and starts from its log-odds (in float32).
  const baseScore = Math.fround(paramNumber(mp.base_score, 'learner.learner_model_param.base_score'));
  const baseMargin = xgboostBaseMargin(baseScore);
  if (!(baseScore > 0 && baseScore < 1 && Number.isFinite(baseMargin))) {
    fail(`base_score must be a probability in (0, 1) for binary:logistic, got ${baseScore}`, 'learner.learner_model_param.base_score');
  }

  const features = readFeatures(learner, nFeatures, options);

  const model = obj(booster.model, 'learner.gradient_booster.model');
  const gp = obj(model.gbtree_model_param, 'learner.gradient_booster.model.gbtree_model_param');
  const numTrees = paramInt(gp.num_trees, 'learner.gradient_booster.model.gbtree_model_param.num_trees', 0);
  if (gp.size_leaf_vector !== undefined && paramInt(gp.size_leaf_vector, 'learner.gradient_booster.model.gbtree_model_param.size_leaf_vector', 0) > 1) {
    fail('vector-leaf (multi-target) trees are not supported', 'learner.gradient_booster.model.gbtree_model_param.size_leaf_vector');
  }
  const treesJson = arr(model.trees, 'learner.gradient_booster.model.trees');
  if (treesJson.length !== numTrees) fail(`has ${treesJson.length} trees, gbtree_model_param.num_trees is ${numTrees}`, 'learner.gradient_booster.model.trees');
  if (model.tree_info !== undefined) {
    const info = arr(model.tree_info, 'learner.gradient_booster.model.tree_info');
    if (info.length !== numTrees) fail(`has ${info.length} entries for ${numTrees} trees`, 'learner.gradient_booster.model.tree_info');
    info.forEach((g, k) => {
      if (g !== 0) fail(`a binary model has one output group (0), got ${JSON.stringify(g)}`, `learner.gradient_booster.model.tree_info[${k}]`);
    });
  }

  const kept = keptTrees(learner, gp, numTrees, options);
  let maxDepth = 1;
  const trees = treesJson.slice(0, kept).map((t, k) => {
    const { tree, depth } = readTree(t, nFeatures, `learner.gradient_booster.model.trees[${k}]`);
    maxDepth = Math.max(maxDepth, depth);
    return tree;
  });
  return GradientBoostingClassifier.fromTrees(trees, features, baseMargin, {
    nEstimators: Math.max(1, trees.length),
    maxDepth: Math.min(30, maxDepth),
    baseScore,
  });
}

/**
 * How many trees XGBoost's scikit-learn predict uses: those of iterations
 * 0..best_iteration when early stopping saved one (num_parallel_tree trees an
 * iteration), else all.
 */
function keptTrees(learner: Obj, gp: Obj, numTrees: number, options: XGBoostImportOptions): number {
  const attrs = learner.attributes === undefined ? {} : obj(learner.attributes, 'learner.attributes');
  if (!Object.hasOwn(attrs, 'best_iteration')) return numTrees;
  const best = paramInt(attrs.best_iteration, 'learner.attributes.best_iteration', 0);
  const perIteration = gp.num_parallel_tree === undefined ? 1 : paramInt(gp.num_parallel_tree, 'learner.gradient_booster.model.gbtree_model_param.num_parallel_tree', 1);
  const kept = (best + 1) * perIteration;
  // xgb.train saves best_iteration = the last iteration without early stopping: all trees.
  if (kept >= numTrees) return numTrees;
  options.onNotice?.(`the model was early-stopped at best_iteration ${best}: scoring with its first ${kept} of ${numTrees} trees, as XGBoost's predict does`);
  return kept;
}

/**
 * JSON.parse, also accepting the bare NaN and ±Infinity XGBoost writes (in the
 * split_conditions of categorical splits, or a diverged model's values): they
 * become null, which validation then reports with its path.
 */
function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const patched = text.replace(/("(?:[^"\\]|\\.)*")|-?\bInfinity\b|\bNaN\b/g, (m: string, str?: string) => str ?? 'null');
    if (patched !== text) {
      try {
        return JSON.parse(patched);
      } catch {
        // report the original error
      }
    }
    throw new CreditkitError('E_MODEL_FORMAT', `not valid JSON: ${(e as Error).message}`);
  }
}

const show = (v: unknown): string => (typeof v === 'number' ? String(v) : v === null ? 'null (NaN or Infinity in the file?)' : JSON.stringify(v));

function readFeatures(learner: Obj, nFeatures: number, options: XGBoostImportOptions): FeatureSpec[] {
  let names = Array.from({ length: nFeatures }, (_, j) => `f${j}`);
  if (learner.feature_names !== undefined) {
    const saved = arr(learner.feature_names, 'learner.feature_names');
    if (saved.length > 0) {
      if (saved.length !== nFeatures) fail(`has ${saved.length} names, num_feature is ${nFeatures}`, 'learner.feature_names');
      const seen = new Set<string>();
      saved.forEach((s, j) => {
        if (typeof s !== 'string' || s === '') fail('expected a non-empty string', `learner.feature_names[${j}]`);
        if (seen.has(s as string)) fail(`duplicate feature name ${JSON.stringify(s)}`, `learner.feature_names[${j}]`);
        seen.add(s as string);
      });
      names = saved as string[];
    }
  }
  if (learner.feature_types !== undefined) {
    const types = arr(learner.feature_types, 'learner.feature_types');
    if (types.length > 0 && types.length !== nFeatures) fail(`has ${types.length} types, num_feature is ${nFeatures}`, 'learner.feature_types');
    types.forEach((t, j) => {
      if (t === 'c') {
        fail(`feature ${JSON.stringify(names[j])} is categorical: XGBoost's categorical features and splits are not supported (encode it as a number and retrain)`, `learner.feature_types[${j}]`);
      }
      if (t !== 'float' && t !== 'int' && t !== 'i' && t !== 'q') fail(`unknown feature type ${JSON.stringify(t)}`, `learner.feature_types[${j}]`);
    });
  }
  // Dictionaries of creditkit categorical features, written by exportXGBoostJSON.
  const categories = new Map<number, string[]>();
  const attrs = learner.attributes === undefined ? {} : obj(learner.attributes, 'learner.attributes');
  const rawCats = attrs[CATEGORIES_ATTRIBUTE];
  if (rawCats !== undefined) {
    const path = `learner.attributes.${CATEGORIES_ATTRIBUTE}`;
    let parsed: unknown;
    try {
      parsed = typeof rawCats === 'string' ? JSON.parse(rawCats) : fail('expected a string', path);
    } catch (e) {
      if (e instanceof CreditkitError) throw e;
      return fail(`not valid JSON: ${(e as Error).message}`, path);
    }
    for (const [name, labels] of Object.entries(obj(parsed, path))) {
      const j = names.indexOf(name);
      if (j < 0) fail(`names a feature the model does not have: ${JSON.stringify(name)}`, path);
      if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) fail(`the labels of ${JSON.stringify(name)} must be an array of strings`, path);
      checkDistinctLabels(labels as string[], `${path}.${name}`);
      categories.set(j, labels as string[]);
    }
  }
  if (options.featureNames !== undefined) {
    const given = options.featureNames;
    if (!Array.isArray(given) || given.length !== nFeatures || !given.every((s) => typeof s === 'string' && s !== '')) {
      throw new CreditkitError('E_OPTION', `featureNames must be ${nFeatures} non-empty strings (the model has ${nFeatures} features)`);
    }
    if (new Set(given).size !== given.length) throw new CreditkitError('E_OPTION', 'featureNames has duplicate names');
    names = [...given];
  }
  return names.map((name, j) => {
    const labels = categories.get(j);
    return labels ? { name, kind: 'categorical', categories: [...labels] } : { name, kind: 'numeric' };
  });
}

/** A float32 threshold; beyond ±FLT_MAX the split sends every finite value the same way. */
function threshold(v: number): number {
  const t = Math.fround(v);
  return t < -FLT_MAX ? -FLT_MAX : t;
}

/**
 * One XGBoost tree as a creditkit Tree. Nodes reachable from the root are
 * renumbered breadth-first (internal nodes and leaves separately); nodes
 * nothing reaches (pruned nodes XGBoost marks deleted) are ignored.
 */
function readTree(json: unknown, nFeatures: number, path: string): { tree: Tree; depth: number } {
  const t = obj(json, path);
  const tp = obj(t.tree_param, `${path}.tree_param`);
  const n = paramInt(tp.num_nodes, `${path}.tree_param.num_nodes`, 1);
  if (n > 2 * MAX_TREE_LEAVES - 1) fail(`a tree of ${n} nodes has more than ${MAX_TREE_LEAVES} leaves`, `${path}.tree_param.num_nodes`);
  if (tp.size_leaf_vector !== undefined && paramInt(tp.size_leaf_vector, `${path}.tree_param.size_leaf_vector`, 0) > 1) {
    fail('vector-leaf (multi-target) trees are not supported', `${path}.tree_param.size_leaf_vector`);
  }
  // Categorical splits first: XGBoost writes NaN as their split condition.
  const splitType = t.split_type === undefined ? null : numbers(t, 'split_type', n, path);
  splitType?.forEach((st, i) => {
    if (st !== 0) fail(st === 1 ? 'categorical splits are not supported (numeric splits only)' : `unknown split type ${st}`, `${path}.split_type[${i}]`);
  });
  const left = numbers(t, 'left_children', n, path);
  const right = numbers(t, 'right_children', n, path);
  const splitIndex = numbers(t, 'split_indices', n, path);
  const cond = numbers(t, 'split_conditions', n, path);
  const lossChange = numbers(t, 'loss_changes', n, path);
  const hess = numbers(t, 'sum_hessian', n, path);
  numbers(t, 'base_weights', n, path);
  if (t.parents !== undefined) numbers(t, 'parents', n, path);
  const dlJson = arr(t.default_left, `${path}.default_left`);
  if (dlJson.length !== n) fail(`has ${dlJson.length} entries, tree_param.num_nodes is ${n}`, `${path}.default_left`);
  const defaultLeft = dlJson.map((v, i) => {
    if (v === 1 || v === true) return 1;
    if (v === 0 || v === false) return 0;
    return fail(`expected 0 or 1, got ${JSON.stringify(v)}`, `${path}.default_left[${i}]`);
  });

  // Breadth-first walk from the root; each node may be reached once.
  const depthOf = new Int32Array(n).fill(-1);
  depthOf[0] = 0;
  const checkCover = (c: number, parent?: number): void => {
    const problem = coverProblem(hess[c], parent === undefined ? undefined : hess[parent]);
    if (problem !== null) fail(problem, `${path}.sum_hessian[${c}]`);
  };
  checkCover(0);
  const leaves: number[] = [];
  const queue = [0];
  let depth = 0;
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    const l = left[i];
    const r = right[i];
    if (l === -1) {
      if (r !== -1) fail(`a leaf (left child -1) must have right child -1, got ${r}`, `${path}.right_children[${i}]`);
      leaves.push(i);
      depth = Math.max(depth, depthOf[i]);
      continue;
    }
    if (!Number.isInteger(l) || l < 0 || l >= n) fail(`child must be -1 (leaf) or a node id in 0..${n - 1}, got ${l}`, `${path}.left_children[${i}]`);
    // XGBoost's predictor takes right = left + 1 whatever right_children says.
    if (r !== l + 1) fail(`right child must be left child + 1 (${l + 1}), got ${r}`, `${path}.right_children[${i}]`);
    if (r >= n) fail(`child must be a node id in 0..${n - 1}, got ${r}`, `${path}.right_children[${i}]`);
    for (const [key, c] of [['left_children', l], ['right_children', r]] as const) {
      if (depthOf[c] >= 0) fail(`node ${c} is reached twice (a cycle or a node with two parents)`, `${path}.${key}[${i}]`);
      depthOf[c] = depthOf[i] + 1;
      if (depthOf[c] > MAX_TREE_DEPTH) fail(`a tree deeper than ${MAX_TREE_DEPTH} levels is not supported`, `${path}.${key}[${i}]`);
      checkCover(c, i);
      queue.push(c);
    }
    const f = splitIndex[i];
    if (!Number.isInteger(f) || f < 0 || f >= nFeatures) fail(`feature index must be an integer in 0..${nFeatures - 1}, got ${f}`, `${path}.split_indices[${i}]`);
  }

  const internal = queue.filter((i) => left[i] !== -1);
  const nInternal = internal.length;
  const nLeaves = leaves.length;
  const internalId = new Int32Array(n);
  internal.forEach((i, k) => (internalId[i] = k));
  const leafId = new Int32Array(n);
  leaves.forEach((i, k) => (leafId[i] = k));
  const ref = (i: number): number => (left[i] === -1 ? ~leafId[i] : internalId[i]);

  const arrays = {
    feature: new Int32Array(nInternal),
    threshold: new Float32Array(nInternal),
    defaultLeft: new Uint8Array(nInternal),
    left: new Int32Array(nInternal),
    right: new Int32Array(nInternal),
    gain: new Float64Array(nInternal),
    cover: new Float64Array(nInternal),
    value: new Float64Array(nInternal),
    leafValue: Float64Array.from(leaves, (i) => cond[i]),
    leafCover: Float64Array.from(leaves, (i) => hess[i]),
  };
  internal.forEach((i, k) => {
    arrays.feature[k] = splitIndex[i];
    arrays.threshold[k] = threshold(cond[i]);
    arrays.defaultLeft[k] = defaultLeft[i];
    arrays.left[k] = ref(left[i]);
    arrays.right[k] = ref(right[i]);
    arrays.gain[k] = lossChange[i];
    arrays.cover[k] = hess[i];
  });
  // An internal node's value: the hessian-weighted mean of its leaves' values.
  const sumH = new Float64Array(nInternal);
  const sumVH = new Float64Array(nInternal);
  for (let k = nInternal - 1; k >= 0; k--) {
    let h = 0;
    let vh = 0;
    let plain = 0;
    for (const c of [arrays.left[k], arrays.right[k]]) {
      const ch = c >= 0 ? sumH[c] : arrays.leafCover[~c];
      const cv = c >= 0 ? arrays.value[c] : arrays.leafValue[~c];
      h += ch;
      vh += c >= 0 ? sumVH[c] : cv * ch;
      plain += cv / 2;
    }
    sumH[k] = h;
    sumVH[k] = vh;
    arrays.value[k] = h > 0 ? vh / h : plain;
  }
  return { tree: new Tree(arrays), depth };
}
