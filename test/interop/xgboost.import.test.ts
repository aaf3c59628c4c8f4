import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, importXGBoostJSON, loadModel } from '../../src/index.js';
import { clone, fixtureJson, fixtureText, IMPORT_FIXTURES, maxAbsDiff, readCases } from './fixtures.js';

type XgbModel = {
  learner: {
    feature_names: string[];
    learner_model_param: Record<string, string>;
    gradient_booster: { model: { gbtree_model_param: Record<string, string>; trees: { tree_param: Record<string, string>; left_children: number[] }[] } };
  };
};

describe('importXGBoostJSON: parity with XGBoost 1.7.4 predictions', () => {
  for (const name of IMPORT_FIXTURES) {
    it(`${name}: |p_creditkit − p_xgboost| ≤ 1e-6 on every row, NaN rows included`, () => {
      const model = importXGBoostJSON(fixtureText(`xgb-${name}.model.json`));
      const cases = readCases(`xgb-${name}.cases.json`);
      expect(cases.xgboostVersion).toBe('1.7.4');
      const nanRows = cases.rows.filter((r) => r.some(Number.isNaN)).length;
      expect(nanRows).toBeGreaterThan(10);
      expect(cases.rows.some((r) => r.every(Number.isNaN))).toBe(true);

      const p = model.predictProba(cases.rows);
      const raw = model.predictRaw(cases.rows);
      const dp = maxAbsDiff(p, cases.proba);
      const dm = maxAbsDiff(raw, cases.margin);
      expect(dp).toBeLessThanOrEqual(1e-6);
      // XGBoost sums leaf values in float32; creditkit in float64.
      expect(dm).toBeLessThanOrEqual(1e-5);
      // Rows with a missing value on their own, to be sure NaN routing is exercised.
      const nan = cases.rows.map((r, i) => [r, i] as const).filter(([r]) => r.some(Number.isNaN));
      expect(maxAbsDiff(model.predictProba(nan.map(([r]) => r)), nan.map(([, i]) => cases.proba[i]))).toBeLessThanOrEqual(1e-6);
    });
  }

  it('reads the parsed object as well as the text, with the same predictions', () => {
    const cases = readCases('xgb-gmsc.cases.json');
    const a = importXGBoostJSON(fixtureText('xgb-gmsc.model.json')).predictRaw(cases.rows);
    const b = importXGBoostJSON(fixtureJson('xgb-gmsc.model.json')).predictRaw(cases.rows);
    expect(b).toEqual(a);
  });
});

describe('importXGBoostJSON: what the model carries over', () => {
  it('feature names from the model, or f0, f1, … when it saved none, or the featureNames option', () => {
    const gmsc = importXGBoostJSON(fixtureText('xgb-gmsc.model.json'));
    expect(gmsc.featureNames).toEqual(readCases('xgb-gmsc.cases.json').featureNames);
    expect(gmsc.featureNames).toContain('NumberOfTime30-59DaysPastDueNotWorse');
    expect(gmsc.featureSpecs.every((f) => f.kind === 'numeric')).toBe(true);

    const exact = importXGBoostJSON(fixtureText('xgb-exact.model.json'));
    expect(exact.featureNames).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const renamed = importXGBoostJSON(fixtureText('xgb-exact.model.json'), { featureNames: names });
    expect(renamed.featureNames).toEqual(names);

    // Datasets are matched by name (extra columns ignored, any order).
    const cases = readCases('xgb-exact.cases.json');
    const cols: Record<string, number[]> = { extra: cases.rows.map(() => 1) };
    for (const j of [5, 3, 1, 0, 2, 4]) cols[names[j]] = cases.rows.map((r) => r[j]);
    const p = renamed.predictProba(Dataset.fromColumns(cols));
    expect(maxAbsDiff(p, cases.proba)).toBeLessThanOrEqual(1e-6);
  });

  it('base_score becomes the base margin (log-odds), trees and depth are counted', () => {
    const json = fixtureJson<XgbModel>('xgb-gmsc.model.json');
    const bs = Number(json.learner.learner_model_param.base_score);
    const model = importXGBoostJSON(json);
    expect(model.baseScoreMargin).toBeCloseTo(Math.log(bs / (1 - bs)), 6);
    expect(model.options.baseScore).toBe(Math.fround(bs));
    expect(model.nTrees).toBe(20);
    expect(model.options.nEstimators).toBe(20);
    expect(model.options.maxDepth).toBe(4);
    expect(Math.max(...model.getTrees().map((t) => t.depth))).toBe(4);

    // num_parallel_tree 2: every tree of every round is summed.
    const lossguide = fixtureJson<XgbModel>('xgb-lossguide.model.json');
    expect(lossguide.learner.gradient_booster.model.gbtree_model_param.num_parallel_tree).toBe('2');
    expect(importXGBoostJSON(lossguide).nTrees).toBe(16);
  });

  it('skips the deleted nodes XGBoost keeps after pruning, renumbering children after parents', () => {
    const json = fixtureJson<XgbModel>('xgb-exact.model.json');
    const trees = json.learner.gradient_booster.model.trees;
    const deleted = trees.reduce((s, t) => s + Number(t.tree_param.num_deleted), 0);
    expect(deleted).toBeGreaterThan(0);
    const model = importXGBoostJSON(json);
    model.getTrees().forEach((t, k) => {
      const n = Number(trees[k].tree_param.num_nodes) - Number(trees[k].tree_param.num_deleted);
      expect(t.nInternal + t.nLeaves).toBe(n);
      for (let i = 0; i < t.nInternal; i++) {
        for (const c of [t.left[i], t.right[i]]) if (c >= 0) expect(c).toBeGreaterThan(i);
      }
    });
  });

  it('keeps split gains and covers; feature importance works', () => {
    const model = importXGBoostJSON(fixtureText('xgb-gmsc.model.json'));
    const t = model.getTrees()[0];
    expect(t.gain[0]).toBeGreaterThan(0);
    expect(t.cover[0]).toBeGreaterThan(t.cover[1]);
    // an internal node's value is the hessian-weighted mean of its leaves
    let vh = 0;
    let h = 0;
    for (let l = 0; l < t.nLeaves; l++) {
      vh += t.leafValue[l] * t.leafCover[l];
      h += t.leafCover[l];
    }
    expect(t.value[0]).toBeCloseTo(vh / h, 12);
    const gain = model.featureImportance('gain');
    expect(Object.keys(gain)).toEqual(model.featureNames);
    expect(Math.max(...Object.values(gain))).toBeGreaterThan(0);
  });

  it('an imported model saves as a creditkit model and reloads with identical predictions', () => {
    const model = importXGBoostJSON(fixtureText('xgb-lossguide.model.json'));
    const cases = readCases('xgb-lossguide.cases.json');
    const again = loadModel(JSON.stringify(model.toJSON())) as GradientBoostingClassifier;
    expect(again.predictProba(cases.rows)).toEqual(model.predictProba(cases.rows));
  });

  it('a model with no trees predicts its base score', () => {
    const json = clone(fixtureJson<XgbModel>('xgb-gmsc.model.json'));
    const m = json.learner.gradient_booster.model as unknown as Record<string, unknown>;
    m.trees = [];
    m.tree_info = [];
    (m.gbtree_model_param as Record<string, string>).num_trees = '0';
    const model = importXGBoostJSON(json);
    const bs = Math.fround(Number(json.learner.learner_model_param.base_score));
    const p = model.predictProba([Array(10).fill(1), Array(10).fill(NaN)]);
    expect(Math.abs(p[0] - bs)).toBeLessThan(1e-7);
    expect(p[1]).toBe(p[0]);
  });
});
