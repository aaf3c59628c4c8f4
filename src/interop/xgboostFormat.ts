/**
 * XGBoost's JSON model format (`Booster.save_model("m.json")`), the parts
 * creditkit reads and writes: a `gbtree` booster with the `binary:logistic`
 * objective and numeric splits. Layout as written by XGBoost 1.7.4.
 */
import { log } from '../math/deterministic.js';

/** One tree as XGBoost stores it: node arrays indexed by node id, root 0. */
export interface XGBoostTreeJSON {
  base_weights: number[];
  categories: number[];
  categories_nodes: number[];
  categories_segments: number[];
  categories_sizes: number[];
  default_left: number[];
  id: number;
  left_children: number[];
  loss_changes: number[];
  parents: number[];
  right_children: number[];
  split_conditions: number[];
  split_indices: number[];
  split_type: number[];
  sum_hessian: number[];
  tree_param: { num_deleted: string; num_feature: string; num_nodes: string; size_leaf_vector: string };
}

/** A whole XGBoost model file (the subset creditkit writes). */
export interface XGBoostModelJSON {
  learner: {
    attributes: Record<string, string>;
    feature_names: string[];
    feature_types: string[];
    gradient_booster: {
      model: {
        gbtree_model_param: { num_parallel_tree: string; num_trees: string; size_leaf_vector: string };
        tree_info: number[];
        trees: XGBoostTreeJSON[];
      };
      name: 'gbtree';
    };
    learner_model_param: { base_score: string; boost_from_average: string; num_class: string; num_feature: string; num_target: string };
    objective: { name: 'binary:logistic'; reg_loss_param: { scale_pos_weight: string } };
  };
  version: [number, number, number];
}

/** The XGBoost release whose layout the export follows. */
export const XGBOOST_EXPORT_VERSION: [number, number, number] = [1, 7, 4];

/** XGBoost's parent id of the root node (INT32_MAX). */
export const XGB_NO_PARENT = 2147483647;

/** The largest finite float32; stands in for a creditkit threshold of Infinity. */
export const FLT_MAX = 3.4028234663852886e38;

/**
 * Learner attribute where the export keeps creditkit's category dictionaries
 * (a JSON object: feature name → labels, code i = label i). XGBoost keeps
 * attributes it does not know; the import restores categorical features from it.
 */
export const CATEGORIES_ATTRIBUTE = 'creditkit_categories';

/**
 * The base margin XGBoost starts from for a `base_score` of `p` under
 * binary:logistic: `-logf(1.0f / p - 1.0f)`, computed in float32 as XGBoost
 * does (ProbToMargin). Near 0 or 1 this differs visibly from the exact log-odds.
 */
export function xgboostBaseMargin(p: number): number {
  const t = Math.fround(Math.fround(1 / Math.fround(p)) - 1);
  return Math.fround(-log(t));
}

/** Node-array keys whose entries XGBoost parses as floats. */
const FLOAT_ARRAYS = new Set(['base_weights', 'loss_changes', 'split_conditions', 'sum_hessian']);

/**
 * The shortest decimal that reads back as the same float32 (at most 9
 * significant digits). XGBoost 1.7 silently replaces a `base_score` string it
 * cannot parse, such as a 17-digit double, with 0.5, so the base score must be
 * written this way.
 */
export function float32String(v: number): string {
  const t = Math.fround(v);
  for (let k = 1; k <= 9; k++) {
    const s = t.toPrecision(k);
    if (Math.fround(Number(s)) === t) return s.replace('e', 'E');
  }
  return t.toPrecision(9).replace('e', 'E');
}

/** A number as a JSON float literal: always with a '.' or an exponent. */
function floatLiteral(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot write ${v} into an XGBoost model`);
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function write(value: unknown, floats: boolean): string {
  if (typeof value === 'number') return floats ? floatLiteral(value) : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => write(v, floats)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${write(v, FLOAT_ARRAYS.has(k))}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The text of an exported model, ready for XGBoost's `load_model`.
 *
 * Use this rather than `JSON.stringify`: XGBoost 1.7 reads node values
 * (`split_conditions`, `base_weights`, `loss_changes`, `sum_hessian`) only as
 * float literals and rejects a whole number written as `2` ("Invalid cast, from
 * Integer to Number"); this writes `2.0`. Numbers keep full double precision.
 */
export function stringifyXGBoostJSON(model: XGBoostModelJSON): string {
  return write(model, false);
}
