// XGBoost files that are valid JSON but hostile or surprising: huge num_feature,
// deep chains, covers that would break TreeSHAP, duplicate labels, and a model
// saved after early stopping.
import { describe, expect, it } from 'vitest';
import { importXGBoostJSON, MAX_MODEL_FEATURES, MAX_TREE_DEPTH } from '../../src/index.js';
import { errorOf } from '../errorOf.js';
import { clone, fixtureJson, fixtureText, maxAbsDiff, readCases } from './fixtures.js';

type Json = Record<string, any>;
const base = fixtureJson<Json>('xgb-gmsc.model.json');
const TREES = 'learner.gradient_booster.model.trees';

function edited(edit: (m: Json) => void): Json {
  const m = clone(base);
  edit(m);
  return m;
}

/** An XGBoost tree that is a chain of `depth` splits on feature 0 (each split's right child the next), covers adding up. */
function chainTree(depth: number): Json {
  const n = 2 * depth + 1;
  const t: Json = {
    base_weights: [], default_left: [], id: 0, left_children: [], loss_changes: [], parents: [], right_children: [],
    split_conditions: [], split_indices: [], split_type: [], sum_hessian: [],
    categories: [], categories_nodes: [], categories_segments: [], categories_sizes: [],
    tree_param: { num_deleted: '0', num_feature: '10', num_nodes: String(n), size_leaf_vector: '0' },
  };
  // Node 2i is the i-th split: its left child 2i + 1 is a leaf, its right child 2i + 2 the next split (or the last leaf).
  for (let k = 0; k < n; k++) {
    const split = k % 2 === 0 && k < n - 1;
    t.left_children.push(split ? k + 1 : -1);
    t.right_children.push(split ? k + 2 : -1);
    t.split_indices.push(0);
    t.split_conditions.push(split ? k : 0.01);
    t.default_left.push(0);
    t.loss_changes.push(split ? 1 : 0);
    t.base_weights.push(0);
    t.parents.push(2147483647);
    t.split_type.push(0);
    t.sum_hessian.push(split ? (n - k + 1) / 2 : 1);
  }
  return t;
}

describe('importXGBoostJSON bounds what a file may ask for', () => {
  it('num_feature beyond the cap (10^7 ran out of memory after 48 s; 10^12 was an uncoded RangeError): E_MODEL_FORMAT at once', () => {
    for (const v of ['10000000', '1000000000000', String(MAX_MODEL_FEATURES + 1)]) {
      const t0 = performance.now();
      const e = errorOf(() => importXGBoostJSON(edited((m) => {
        m.learner.learner_model_param.num_feature = v;
        m.learner.feature_names = [];
        m.learner.feature_types = [];
      })));
      expect(e.code).toBe('E_MODEL_FORMAT');
      expect(e.where.path).toBe('learner.learner_model_param.num_feature');
      expect(performance.now() - t0).toBeLessThan(5_000);
    }
  });

  it(`a tree deeper than ${MAX_TREE_DEPTH} levels is E_MODEL_FORMAT naming the tree; ${MAX_TREE_DEPTH} levels load`, () => {
    const ok = importXGBoostJSON(edited((m) => {
      m.learner.gradient_booster.model.trees[3] = chainTree(MAX_TREE_DEPTH);
    }));
    expect(Math.max(...ok.getTrees().map((t) => t.depth))).toBe(MAX_TREE_DEPTH);
    for (const depth of [MAX_TREE_DEPTH + 1, 12_000]) {
      const e = errorOf(() => importXGBoostJSON(edited((m) => {
        m.learner.gradient_booster.model.trees[3] = chainTree(depth);
      })));
      expect(e.code).toBe('E_MODEL_FORMAT');
      expect(e.where.path).toMatch(new RegExp(`^${TREES.replace(/\./g, '\\.')}\\[3\\]\\.(left|right)_children\\[\\d+\\]$`));
      expect(e.message).toContain(`deeper than ${MAX_TREE_DEPTH}`);
    }
  });

  it('a negative or non-finite sum_hessian, or a child above its parent: E_MODEL_FORMAT at the node', () => {
    let e = errorOf(() => importXGBoostJSON(edited((m) => (m.learner.gradient_booster.model.trees[2].sum_hessian[1] = -5))));
    expect(e.code).toBe('E_MODEL_FORMAT');
    expect(e.where.path).toBe(`${TREES}[2].sum_hessian[1]`);
    e = errorOf(() => importXGBoostJSON(edited((m) => (m.learner.gradient_booster.model.trees[2].sum_hessian[0] = 1e-30))));
    expect(e.code).toBe('E_MODEL_FORMAT');
    expect(e.where.path).toBe(`${TREES}[2].sum_hessian[1]`);
    expect(e.message).toContain("exceeds its parent's");
  });

  it('a creditkit category dictionary listing a label twice: E_MODEL_FORMAT', () => {
    const e = errorOf(() => importXGBoostJSON(edited((m) => {
      m.learner.attributes = { creditkit_categories: JSON.stringify({ [m.learner.feature_names[0]]: ['x', 'y', 'x'] }) };
    })));
    expect(e.code).toBe('E_MODEL_FORMAT');
    expect(e.where.path).toMatch(/^learner\.attributes\.creditkit_categories\..*\[2\]$/);
  });
});

describe('a model saved after early stopping (XGBClassifier, early_stopping_rounds)', () => {
  const text = fixtureText('xgb-early-stopped.model.json');
  const json = JSON.parse(text) as Json;
  const best = Number(json.learner.attributes.best_iteration);
  const nTrees = json.learner.gradient_booster.model.trees.length;
  const cases = readCases('xgb-early-stopped.cases.json');

  it('is scored on the trees of iterations 0..best_iteration, as XGBoost\'s predict_proba: PDs within 1e-6', () => {
    expect(best + 1).toBeLessThan(nTrees);
    const notices: string[] = [];
    const model = importXGBoostJSON(text, { onNotice: (m) => notices.push(m) });
    expect(model.nTrees).toBe(best + 1);
    expect(maxAbsDiff(model.predictProba(cases.rows), cases.proba)).toBeLessThanOrEqual(1e-6);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`best_iteration ${best}`);
    expect(notices[0]).toContain(`first ${best + 1} of ${nTrees} trees`);
  });

  it('all trees (what the import did before) give visibly different PDs', () => {
    const all = clone(json);
    delete all.learner.attributes.best_iteration;
    const model = importXGBoostJSON(all);
    expect(model.nTrees).toBe(nTrees);
    expect(maxAbsDiff(model.predictProba(cases.rows), cases.proba)).toBeGreaterThan(1e-3);
  });

  it('a best_iteration that is not a whole number: E_MODEL_FORMAT; one at the last iteration keeps every tree, silently', () => {
    const bad = clone(json);
    bad.learner.attributes.best_iteration = '-1';
    expect(errorOf(() => importXGBoostJSON(bad)).where.path).toBe('learner.attributes.best_iteration');
    const last = clone(json);
    last.learner.attributes.best_iteration = String(nTrees - 1);
    const notices: string[] = [];
    expect(importXGBoostJSON(last, { onNotice: (m) => notices.push(m) }).nTrees).toBe(nTrees);
    expect(notices).toEqual([]);
  });
});
