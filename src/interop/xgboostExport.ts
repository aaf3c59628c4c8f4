import { notFitted } from '../models/fitInput.js';
import type { GradientBoostingClassifier } from '../models/gbdt/gbdt.js';
import type { Tree } from '../models/trees/tree.js';
import {
  CATEGORIES_ATTRIBUTE, FLT_MAX, float32String, xgboostBaseMargin, XGB_NO_PARENT, XGBOOST_EXPORT_VERSION,
  type XGBoostModelJSON, type XGBoostTreeJSON,
} from './xgboostFormat.js';
import { sigmoid } from '../math/deterministic.js';

/** The base score is written for a margin within ±15 (PD 3e-7 .. 1 - 3e-7), where float32 keeps it precise. */
const MARGIN_LIMIT = 15;

/**
 * A fitted creditkit GBDT as an XGBoost JSON model (the layout of XGBoost
 * 1.7.4's `save_model("m.json")`) that `xgboost.Booster().load_model()` reads
 * and scores to the same predictions (to float32 rounding: XGBoost keeps leaf
 * values and sums in float32). Write it with `stringifyXGBoostJSON`, not
 * `JSON.stringify` (see there why).
 *
 * - objective binary:logistic, booster gbtree, one tree per round; the base
 *   score is written as a probability (the float32 nearest the sigmoid of the
 *   model's base margin); when XGBoost's float32 log-odds of it would miss the
 *   base margin by more than 1e-6 (a base PD below 3e-7 or above 1 - 3e-7,
 *   or very close to either), the difference is added to the first tree's leaves;
 * - `feature_names` are the model's; `feature_types` are "float" for numeric
 *   features and "int" for categorical ones, which XGBoost reads as the integer
 *   codes of creditkit's dictionaries (kept in the learner attribute
 *   `creditkit_categories`, so importXGBoostJSON restores them);
 * - nodes are numbered breadth-first with the two children of a node next to
 *   each other (XGBoost's predictor requires right = left + 1);
 * - a split threshold of Infinity (every non-missing value goes left), which
 *   XGBoost cannot store, is written as the largest float32,
 *   3.4028234663852886e38: XGBoost then sends a value of exactly
 *   3.4028234663852886e38 (or +Infinity, which creditkit rejects as input) right,
 *   where creditkit sends it left; every other value goes the same way;
 * - `base_weights` hold XGBoost's unshrunk node weights (the node value over
 *   the learning rate) for internal nodes and the leaf values for leaves.
 */
export function exportXGBoostJSON(model: GradientBoostingClassifier): XGBoostModelJSON {
  if (!model.isFitted) notFitted();
  const specs = model.featureSpecs;
  const nFeatures = specs.length;
  const trees = model.trees;
  const learningRate = model.options.learningRate;

  // XGBoost stores the base score as a float32 probability and turns it into a margin in
  // float32. When that margin misses creditkit's by more than 1e-6 (an extreme base
  // score), the difference goes into the first tree's leaves.
  const margin = model.baseScoreMargin;
  const p = Math.fround(sigmoid(Math.min(MARGIN_LIMIT, Math.max(-MARGIN_LIMIT, margin))));
  const residual = margin - xgboostBaseMargin(p);
  const leafShift = Math.abs(residual) > 1e-6 && trees.length > 0 ? residual : 0;

  // Own keys for any feature name (a "__proto__" key is kept, not a prototype).
  const categories = Object.fromEntries(specs.filter((s) => s.kind === 'categorical').map((s) => [s.name, [...(s.categories ?? [])]]));
  const attributes: Record<string, string> = {};
  if (Object.keys(categories).length > 0) attributes[CATEGORIES_ATTRIBUTE] = JSON.stringify(categories);

  return {
    learner: {
      attributes,
      feature_names: specs.map((s) => s.name),
      feature_types: specs.map((s) => (s.kind === 'categorical' ? 'int' : 'float')),
      gradient_booster: {
        model: {
          gbtree_model_param: { num_parallel_tree: '1', num_trees: String(trees.length), size_leaf_vector: '0' },
          tree_info: trees.map(() => 0),
          trees: trees.map((t, k) => exportTree(t, k, nFeatures, learningRate, k === 0 ? leafShift : 0)),
        },
        name: 'gbtree',
      },
      learner_model_param: {
        base_score: float32String(p),
        boost_from_average: '0', // the base score is given, never re-estimated
        num_class: '0',
        num_feature: String(nFeatures),
        num_target: '1',
      },
      objective: { name: 'binary:logistic', reg_loss_param: { scale_pos_weight: float32String(model.options.scalePosWeight) } },
    },
    version: [...XGBOOST_EXPORT_VERSION],
  };
}

/** One creditkit tree as XGBoost node arrays, numbered breadth-first. */
function exportTree(t: Tree, id: number, nFeatures: number, learningRate: number, leafShift: number): XGBoostTreeJSON {
  const n = t.nInternal + t.nLeaves;
  const out: XGBoostTreeJSON = {
    base_weights: new Array<number>(n),
    categories: [],
    categories_nodes: [],
    categories_segments: [],
    categories_sizes: [],
    default_left: new Array<number>(n),
    id,
    left_children: new Array<number>(n),
    loss_changes: new Array<number>(n),
    parents: new Array<number>(n),
    right_children: new Array<number>(n),
    split_conditions: new Array<number>(n),
    split_indices: new Array<number>(n),
    split_type: new Array<number>(n).fill(0),
    sum_hessian: new Array<number>(n),
    tree_param: { num_deleted: '0', num_feature: String(nFeatures), num_nodes: String(n), size_leaf_vector: '0' },
  };
  // queue[k] is the creditkit node (id, or ~leaf) that becomes XGBoost node k.
  const queue = [t.nInternal > 0 ? 0 : ~0];
  out.parents[0] = XGB_NO_PARENT;
  for (let k = 0; k < queue.length; k++) {
    const c = queue[k];
    if (c >= 0) {
      const l = queue.length;
      queue.push(t.left[c], t.right[c]);
      out.parents[l] = k;
      out.parents[l + 1] = k;
      out.left_children[k] = l;
      out.right_children[k] = l + 1;
      out.split_indices[k] = t.feature[c];
      out.split_conditions[k] = t.threshold[c] === Infinity ? FLT_MAX : t.threshold[c];
      out.default_left[k] = t.defaultLeft[c];
      out.base_weights[k] = t.value[c] / learningRate;
      out.loss_changes[k] = t.gain[c];
      out.sum_hessian[k] = t.cover[c];
    } else {
      const v = t.leafValue[~c] + leafShift;
      out.left_children[k] = -1;
      out.right_children[k] = -1;
      out.split_indices[k] = 0;
      out.split_conditions[k] = v;
      out.default_left[k] = 0;
      out.base_weights[k] = v;
      out.loss_changes[k] = 0;
      out.sum_hessian[k] = t.leafCover[~c];
    }
  }
  return out;
}
