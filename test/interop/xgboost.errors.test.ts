import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, importXGBoostJSON, Tree } from '../../src/index.js';
import { errorOf } from '../models/helpers.js';
import { clone, fixtureJson, fixtureText } from './fixtures.js';

// Parsed model JSON, edited freely by the tests below.
type Json = Record<string, any>;

const base = fixtureJson<Json>('xgb-gmsc.model.json');
const TREES = 'learner.gradient_booster.model.trees';

/** Imports a copy of the gmsc model changed by `edit`; returns the CreditkitError. */
function importEdited(edit: (m: Json) => void, options?: { featureNames?: string[] }) {
  const m = clone(base);
  edit(m);
  return errorOf(() => importXGBoostJSON(m, options));
}

function expectFormat(e: ReturnType<typeof errorOf>, path: string, message?: RegExp): void {
  expect(e.code).toBe('E_MODEL_FORMAT');
  expect(e.where.path).toBe(path);
  if (message) expect(e.message).toMatch(message);
  expect(e.message).toContain(`at ${path}`);
}

describe('importXGBoostJSON rejects what it cannot score exactly: E_MODEL_FORMAT with the JSON path', () => {
  it('another objective, naming it', () => {
    for (const objective of ['binary:logitraw', 'reg:squarederror', 'multi:softprob', 'rank:pairwise', 'reg:logistic']) {
      const e = importEdited((m) => (m.learner.objective.name = objective));
      expectFormat(e, 'learner.objective.name', new RegExp(objective.replace(/[:]/g, '\\:')));
      expect(e.message).toContain('binary:logistic');
    }
  });

  it('another booster (dart, gblinear), a multi-class or multi-target model', () => {
    expectFormat(importEdited((m) => (m.learner.gradient_booster.name = 'dart')), 'learner.gradient_booster.name', /"dart"/);
    expectFormat(importEdited((m) => (m.learner.gradient_booster = { name: 'gblinear', model: { weights: [] } })), 'learner.gradient_booster.name', /gblinear/);
    expectFormat(importEdited((m) => (m.learner.learner_model_param.num_class = '3')), 'learner.learner_model_param.num_class');
    expectFormat(importEdited((m) => (m.learner.learner_model_param.num_target = '2')), 'learner.learner_model_param.num_target');
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.gbtree_model_param.size_leaf_vector = '3')), 'learner.gradient_booster.model.gbtree_model_param.size_leaf_vector');
  });

  it('a model saved by XGBoost with a categorical feature (feature_types "c", categorical splits)', () => {
    const text = fixtureText('xgb-categorical.model.json');
    expect(text).toContain('NaN'); // XGBoost writes NaN (not JSON) as a categorical split's condition
    expectFormat(errorOf(() => importXGBoostJSON(text)), 'learner.feature_types[0]', /categorical/);
    // without the feature type, the categorical split itself is reported
    const patched = text.replace('"feature_types":["c","q"]', '"feature_types":[]');
    expectFormat(errorOf(() => importXGBoostJSON(patched)), `${TREES}[0].split_type[0]`, /categorical splits are not supported/);
  });

  it('text that is not JSON, or JSON that was cut short', () => {
    const text = fixtureText('xgb-gmsc.model.json');
    for (const bad of [text.slice(0, Math.floor(text.length / 2)), text.slice(0, -2), '', 'not json', '{"learner":']) {
      const e = errorOf(() => importXGBoostJSON(bad));
      expect(e.code).toBe('E_MODEL_FORMAT');
      expect(e.message).toMatch(/not valid JSON/);
    }
    expectFormat(errorOf(() => importXGBoostJSON('[1,2]')), '$');
    expectFormat(errorOf(() => importXGBoostJSON('{"version":[1,7,4]}')), 'learner', /not an XGBoost JSON model/);
    expectFormat(errorOf(() => importXGBoostJSON(null)), '$');
  });

  it('a truncated model object: missing trees, parameters or node arrays', () => {
    expectFormat(importEdited((m) => m.learner.gradient_booster.model.trees.pop()), TREES, /has 19 trees, gbtree_model_param.num_trees is 20/);
    expectFormat(importEdited((m) => delete m.learner.learner_model_param), 'learner.learner_model_param', /expected a JSON object/);
    expectFormat(importEdited((m) => delete m.learner.objective), 'learner.objective');
    expectFormat(importEdited((m) => delete m.learner.gradient_booster.model.trees[3].sum_hessian), `${TREES}[3].sum_hessian`, /expected an array/);
    expectFormat(importEdited((m) => m.learner.gradient_booster.model.trees[2].split_conditions.pop()), `${TREES}[2].split_conditions`, /entries, tree_param.num_nodes is/);
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[2].tree_param.num_nodes = '0')), `${TREES}[2].tree_param.num_nodes`);
    expectFormat(importEdited((m) => m.learner.gradient_booster.model.tree_info.pop()), 'learner.gradient_booster.model.tree_info');
  });

  it('bad node indices: out of range, a cycle, two parents, right ≠ left + 1, a half leaf', () => {
    const at = (k: number, key: string, i: number) => `${TREES}[${k}].${key}[${i}]`;
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[1].left_children[0] = 999)), at(1, 'left_children', 0), /child must be -1 \(leaf\) or a node id/);
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[1].left_children[0] = -5)), at(1, 'left_children', 0));
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[1].left_children[0] = 1.5)), at(1, 'left_children', 0));
    expectFormat(importEdited((m) => {
      const t = m.learner.gradient_booster.model.trees[0];
      t.left_children[1] = 0; // back to the root
      t.right_children[1] = 1;
    }), at(0, 'left_children', 1), /reached twice/);
    expectFormat(importEdited((m) => {
      const t = m.learner.gradient_booster.model.trees[0];
      t.left_children[2] = t.left_children[1]; // two parents share children
      t.right_children[2] = t.right_children[1];
    }), at(0, 'left_children', 2), /reached twice/);
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[0].right_children[0] = 5)), at(0, 'right_children', 0), /left child \+ 1/);
    const leaf = base.learner.gradient_booster.model.trees[0].left_children.indexOf(-1);
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[0].right_children[leaf] = 3)), at(0, 'right_children', leaf), /must have right child -1/);
  });

  it('bad node values: feature index, threshold, default_left, base_score', () => {
    const at = (k: number, key: string, i: number) => `${TREES}[${k}].${key}[${i}]`;
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[4].split_indices[0] = 10)), at(4, 'split_indices', 0), /0\.\.9/);
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[4].split_conditions[0] = 'abc')), at(4, 'split_conditions', 0), /finite number/);
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[4].split_conditions[0] = null)), at(4, 'split_conditions', 0), /NaN/);
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[4].default_left[0] = 2)), at(4, 'default_left', 0), /0 or 1/);
    expectFormat(importEdited((m) => (m.learner.gradient_booster.model.trees[4].split_type[1] = 7)), at(4, 'split_type', 1), /unknown split type/);
    for (const bs of ['0', '1', '1.5', 'abc', '-0.2']) {
      expectFormat(importEdited((m) => (m.learner.learner_model_param.base_score = bs)), 'learner.learner_model_param.base_score');
    }
    expectFormat(importEdited((m) => (m.learner.learner_model_param.num_feature = '0')), 'learner.learner_model_param.num_feature');
  });

  it('bad feature names or types in the model; bad featureNames option (E_OPTION)', () => {
    expectFormat(importEdited((m) => m.learner.feature_names.pop()), 'learner.feature_names', /has 9 names, num_feature is 10/);
    expectFormat(importEdited((m) => (m.learner.feature_names[3] = m.learner.feature_names[1])), 'learner.feature_names[3]', /duplicate/);
    expectFormat(importEdited((m) => (m.learner.feature_types = Array(10).fill('float').fill('x', 2, 3))), 'learner.feature_types[2]', /unknown feature type/);
    expect(importEdited(() => {}, { featureNames: ['a'] }).code).toBe('E_OPTION');
    expect(importEdited(() => {}, { featureNames: Array(10).fill('same') }).code).toBe('E_OPTION');
  });

  it('accepts what other XGBoost versions write: 2.x base_score "[5E-1]", boolean default_left, no split_type', () => {
    const m = clone(base);
    m.learner.learner_model_param.base_score = `[${m.learner.learner_model_param.base_score}]`;
    for (const t of m.learner.gradient_booster.model.trees) {
      t.default_left = t.default_left.map((v: number) => v === 1);
      delete t.split_type;
    }
    const rows = [Array(10).fill(NaN), Array(10).fill(1)];
    expect(importXGBoostJSON(m).predictRaw(rows)).toEqual(importXGBoostJSON(base).predictRaw(rows));
  });
});

describe('GradientBoostingClassifier.fromTrees validates like fromJSON', () => {
  const leafTree = (v: number) => new Tree({
    feature: new Int32Array(0), threshold: new Float32Array(0), defaultLeft: new Uint8Array(0), left: new Int32Array(0), right: new Int32Array(0),
    gain: new Float64Array(0), cover: new Float64Array(0), value: new Float64Array(0), leafValue: Float64Array.of(v), leafCover: Float64Array.of(1),
  });
  const split = () => new Tree({
    feature: Int32Array.of(0), threshold: Float32Array.of(0.5), defaultLeft: Uint8Array.of(1), left: Int32Array.of(~0), right: Int32Array.of(~1),
    gain: Float64Array.of(1), cover: Float64Array.of(2), value: Float64Array.of(0), leafValue: Float64Array.of(-1, 1), leafCover: Float64Array.of(1, 1),
  });
  const features = [{ name: 'x', kind: 'numeric' as const }];

  it('builds a fitted model that owns copies of the trees', () => {
    const t = split();
    const model = GradientBoostingClassifier.fromTrees([t, leafTree(0.25)], features, -1);
    t.leafValue[0] = 100;
    expect(model.predictRaw([[0], [1], [NaN]])).toEqual(Float64Array.of(-1.75, 0.25, -1.75));
  });

  it('rejects bad trees, features and base margins', () => {
    const bad = split();
    bad.feature[0] = 3;
    expect(errorOf(() => GradientBoostingClassifier.fromTrees([leafTree(0), bad], features, 0)).where.path).toBe('trees[1].feature[0]');
    const loop = split();
    loop.left[0] = 0;
    expect(errorOf(() => GradientBoostingClassifier.fromTrees([loop], features, 0)).where.path).toBe('trees[0].left[0]');
    const nan = split();
    nan.threshold[0] = NaN;
    expect(errorOf(() => GradientBoostingClassifier.fromTrees([nan], features, 0)).code).toBe('E_MODEL_FORMAT');
    expect(errorOf(() => GradientBoostingClassifier.fromTrees([split()], [...features, ...features], 0)).where.path).toBe('features[1]');
    expect(errorOf(() => GradientBoostingClassifier.fromTrees([split()], features, NaN)).where.path).toBe('baseMargin');
    expect(errorOf(() => GradientBoostingClassifier.fromTrees([split()], features, 0, { learningRate: 2 })).code).toBe('E_OPTION');
  });
});
