import { describe, expect, it } from 'vitest';
import {
  Dataset, exportXGBoostJSON, GradientBoostingClassifier, importXGBoostJSON, loadModel, stringifyXGBoostJSON, Tree,
} from '../../src/index.js';
import type { XGBoostModelJSON } from '../../src/index.js';
import { errorOf } from '../models/helpers.js';
import { EXPORT_FIXTURES, fixtureJson, fixtureText, maxAbsDiff, readCases } from './fixtures.js';

const load = (name: string): GradientBoostingClassifier => loadModel(fixtureText(`ck-${name}.creditkit.json`)) as GradientBoostingClassifier;

describe('exportXGBoostJSON: parity with XGBoost 1.7.4 scoring the exported model', () => {
  for (const name of EXPORT_FIXTURES) {
    it(`${name}: the export is the file XGBoost scored, and |p_creditkit − p_xgboost| ≤ 1e-6`, () => {
      const model = load(name);
      // The committed export is exactly what the code writes today (else re-run generate.py).
      expect(`${stringifyXGBoostJSON(exportXGBoostJSON(model))}\n`).toBe(fixtureText(`ck-${name}.xgboost.json`));
      const cases = readCases(`ck-${name}.cases.json`);
      expect(cases.xgboostVersion).toBe('1.7.4');
      expect(cases.rows.filter((r) => r.some(Number.isNaN)).length).toBeGreaterThan(10);
      expect(maxAbsDiff(model.predictProba(cases.rows), cases.proba)).toBeLessThanOrEqual(1e-6);
      expect(maxAbsDiff(model.predictRaw(cases.rows), cases.margin)).toBeLessThanOrEqual(1e-5);
    });
  }
});

describe('exportXGBoostJSON: layout', () => {
  const reference = fixtureJson<XGBoostModelJSON>('xgb-gmsc.model.json');

  /** Key paths of a JSON value (array elements merged), to compare layouts. */
  function keyPaths(v: unknown, path = '', out = new Set<string>()): Set<string> {
    if (Array.isArray(v)) v.forEach((x) => keyPaths(x, `${path}[]`, out));
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        out.add(`${path}.${k}`);
        keyPaths(x, `${path}.${k}`, out);
      }
    }
    return out;
  }

  it('has every field of a model saved by XGBoost 1.7.4, with the same kinds of values', () => {
    const exported = exportXGBoostJSON(load('gmsc'));
    const want = [...keyPaths(reference)].filter((p) => !p.startsWith('.learner.attributes.'));
    expect([...keyPaths(exported)].sort()).toEqual(want.sort());
    const kinds = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? 'array' : typeof v]));
    const refTree = reference.learner.gradient_booster.model.trees[0] as unknown as Record<string, unknown>;
    const tree = exported.learner.gradient_booster.model.trees[0] as unknown as Record<string, unknown>;
    expect(kinds(tree)).toEqual(kinds(refTree));
    expect(kinds(exported.learner.learner_model_param)).toEqual(kinds(reference.learner.learner_model_param));
    expect(exported.version).toEqual([1, 7, 4]);
    expect(exported.learner.objective.name).toBe('binary:logistic');
    expect(exported.learner.gradient_booster.name).toBe('gbtree');
    expect(exported.learner.learner_model_param).toMatchObject({ num_class: '0', num_feature: '10', num_target: '1' });
    expect(exported.learner.feature_types).toEqual(Array(10).fill('float'));
  });

  it('numbers nodes breadth-first with right = left + 1 and consistent parents, one tree per round', () => {
    const model = load('synthetic');
    const exported = exportXGBoostJSON(model);
    const trees = exported.learner.gradient_booster.model.trees;
    expect(trees.length).toBe(model.nTrees);
    expect(exported.learner.gradient_booster.model.tree_info).toEqual(trees.map(() => 0));
    expect(exported.learner.gradient_booster.model.gbtree_model_param.num_trees).toBe(String(model.nTrees));
    trees.forEach((t, k) => {
      const n = Number(t.tree_param.num_nodes);
      expect(t.id).toBe(k);
      expect(n).toBe(model.getTrees()[k].nInternal + model.getTrees()[k].nLeaves);
      for (const key of ['base_weights', 'default_left', 'left_children', 'loss_changes', 'parents', 'right_children', 'split_conditions', 'split_indices', 'split_type', 'sum_hessian'] as const) {
        expect(t[key].length, key).toBe(n);
      }
      expect(t.parents[0]).toBe(2147483647);
      for (let i = 0; i < n; i++) {
        if (t.left_children[i] === -1) {
          expect(t.right_children[i]).toBe(-1);
          expect(t.base_weights[i]).toBe(t.split_conditions[i]);
          continue;
        }
        expect(t.right_children[i]).toBe(t.left_children[i] + 1);
        expect(t.left_children[i]).toBeGreaterThan(i);
        expect(t.parents[t.left_children[i]]).toBe(i);
        expect(t.parents[t.right_children[i]]).toBe(i);
      }
    });
  });

  it('categorical features are "int" codes, with the dictionaries kept in an attribute', () => {
    const model = load('synthetic');
    const exported = exportXGBoostJSON(model);
    expect(exported.learner.feature_types).toEqual(['float', 'float', 'float', 'int', 'float', 'float']);
    expect(JSON.parse(exported.learner.attributes.creditkit_categories)).toEqual({ segment: ['retail', 'sme', 'corporate', 'public'] });
  });

  it('writes node values as float literals (XGBoost 1.7 rejects "2" where it expects a float)', () => {
    const text = fixtureText('ck-handmade.xgboost.json');
    for (const key of ['split_conditions', 'base_weights', 'loss_changes', 'sum_hessian']) {
      for (const m of text.matchAll(new RegExp(`"${key}":\\[([^\\]]*)\\]`, 'g'))) {
        for (const v of m[1].split(',')) expect(v, `${key}: ${v}`).toMatch(/[.eE]/);
      }
    }
    expect(text).toContain('"split_conditions":[2.0,3.4028234663852886e+38,');
    // integer arrays stay integers
    expect(text).toMatch(/"left_children":\[1,3,-1,-1,-1\]/);
  });

  it('an Infinity threshold becomes the largest float32; an extreme base margin moves into the first tree', () => {
    const model = load('handmade');
    expect(model.getTrees()[0].threshold[1]).toBe(Infinity);
    expect(model.baseScoreMargin).toBe(18);
    const exported = exportXGBoostJSON(model);
    const t0 = exported.learner.gradient_booster.model.trees[0];
    expect(t0.split_conditions[1]).toBe(3.4028234663852886e38);
    const p = Number(exported.learner.learner_model_param.base_score);
    expect(p).toBeGreaterThan(0.999999);
    expect(p).toBeLessThan(1);
    // base margin + first tree's leaves = 18 + original leaves
    const shift = t0.split_conditions[2] - model.getTrees()[0].leafValue[2];
    expect(Math.abs(shift)).toBeGreaterThan(1);
  });

  it('base_score is the shortest float32 decimal (XGBoost 1.7 silently reads a 17-digit one as 0.5)', () => {
    const exported = exportXGBoostJSON(load('gmsc'));
    const bs = exported.learner.learner_model_param.base_score;
    expect(bs.replace(/^0\./, '').replace(/E.*$/, '').length).toBeLessThanOrEqual(9);
    expect(Math.fround(Number(bs))).toBe(Math.fround(1 / (1 + Math.exp(-load('gmsc').baseScoreMargin))));
  });

  it('an unfitted model cannot be exported: E_NOT_FITTED', () => {
    expect(errorOf(() => exportXGBoostJSON(new GradientBoostingClassifier())).code).toBe('E_NOT_FITTED');
  });
});

describe('round trips', () => {
  for (const name of EXPORT_FIXTURES) {
    it(`${name}: export → import gives the same trees (Infinity thresholds as the largest float32) and the same predictions`, () => {
      const model = load(name);
      const back = importXGBoostJSON(stringifyXGBoostJSON(exportXGBoostJSON(model)));
      expect(back.featureSpecs).toEqual(model.featureSpecs);
      const cases = readCases(`ck-${name}.cases.json`);
      expect(maxAbsDiff(back.predictRaw(cases.rows), model.predictRaw(cases.rows))).toBeLessThanOrEqual(1e-6);
      expect(maxAbsDiff(back.predictProba(cases.rows), model.predictProba(cases.rows))).toBeLessThanOrEqual(1e-7);
      // Same splits and leaves, node for node (both walked breadth-first).
      model.getTrees().forEach((t, k) => {
        const u = back.getTrees()[k];
        expect(bfs(u, k === 0 && name === 'handmade')).toEqual(bfs(t, k === 0 && name === 'handmade', true));
      });
    });
  }

  it('a categorical model scores Datasets with the training dictionary after the round trip', () => {
    const model = load('synthetic');
    const back = importXGBoostJSON(stringifyXGBoostJSON(exportXGBoostJSON(model)));
    const all = readCases('ck-synthetic.cases.json');
    // rows whose segment is a category code (threshold rows may hold 1.5)
    const keep = all.rows.map((r, i) => i).filter((i) => Number.isNaN(all.rows[i][3]) || Number.isInteger(all.rows[i][3]));
    expect(keep.length).toBeGreaterThan(300);
    const cases = { rows: keep.map((i) => all.rows[i]), proba: keep.map((i) => all.proba[i]) };
    const labels = ['retail', 'sme', 'corporate', 'public'];
    // the data's dictionary lists the labels in another order
    const order = ['public', 'corporate', 'sme', 'retail'];
    const X = new Dataset(model.featureNames.map((name, j) =>
      j === 3
        ? { name, kind: 'categorical' as const, categories: order, values: Float32Array.from(cases.rows, (r) => (Number.isNaN(r[j]) ? NaN : order.indexOf(labels[r[j]]))) }
        : { name, kind: 'numeric' as const, values: Float32Array.from(cases.rows, (r) => r[j]) }));
    expect(maxAbsDiff(back.predictProba(X), cases.proba)).toBeLessThanOrEqual(1e-6);
    expect(back.predictProba(X)).toEqual(back.predictProba(cases.rows));
  });

  it('import → export reproduces the node arrays XGBoost saved (depthwise hist model)', () => {
    const original = fixtureJson<XGBoostModelJSON>('xgb-gmsc.model.json');
    const again = exportXGBoostJSON(importXGBoostJSON(original));
    const f32 = (a: number[]) => a.map(Math.fround);
    original.learner.gradient_booster.model.trees.forEach((t, k) => {
      const u = again.learner.gradient_booster.model.trees[k];
      for (const key of ['left_children', 'right_children', 'parents', 'split_indices', 'default_left'] as const) expect(u[key], key).toEqual(t[key]);
      for (const key of ['split_conditions', 'loss_changes', 'sum_hessian'] as const) expect(f32(u[key]), key).toEqual(f32(t[key]));
    });
    expect(Math.fround(Number(again.learner.learner_model_param.base_score))).toBe(Math.fround(Number(original.learner.learner_model_param.base_score)));
    expect(again.learner.feature_names).toEqual(original.learner.feature_names);
  });
});

/**
 * A tree's nodes breadth-first: [feature, threshold, defaultLeft] or ['leaf', value].
 * With `asExported`, a threshold of Infinity reads as the largest float32 (what the export writes).
 */
function bfs(t: Tree, skipLeafValues: boolean, asExported = false): unknown[] {
  const out: unknown[] = [];
  const queue = [t.nInternal > 0 ? 0 : ~0];
  for (let k = 0; k < queue.length; k++) {
    const c = queue[k];
    if (c >= 0) {
      out.push([t.feature[c], asExported && t.threshold[c] === Infinity ? 3.4028234663852886e38 : t.threshold[c], t.defaultLeft[c]]);
      queue.push(t.left[c], t.right[c]);
    } else out.push(['leaf', skipLeafValues ? null : t.leafValue[~c]]);
  }
  return out;
}
