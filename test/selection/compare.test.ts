import { describe, expect, it } from 'vitest';
import { compareModels, confusionAt, createModel, ksStatistic, meanSd, rocAuc, stratifiedSplit } from '../../src/index.js';
import { additive } from '../models/helpers.js';
import { errorOf } from '../errorOf.js';

const data = additive(400, 3, 4);

describe('compareModels', () => {
  const result = compareModels(data.X, data.y, { models: ['logistic', 'gbdt'], modelOptions: { gbdt: { nEstimators: 10, maxDepth: 3 } }, trainRatios: [0.7, 0.8], repeats: 3, seed: 5 });

  it('fits every model on the same seeded stratified splits and scores the test rows', () => {
    expect(result.runs).toHaveLength(2 * 3 * 2);
    expect(result.nRows).toBe(400);
    // Recompute one run by hand: logistic, 80%, repeat 2 uses split seed 5 + 2.
    const run = result.runs.find((r) => r.model === 'logistic' && r.trainRatio === 0.8 && r.repeat === 2)!;
    const { train, test } = stratifiedSplit(data.y, 0.8, 7);
    const model = createModel('logistic').fit(data.X.take(train), Float64Array.from(train, (i) => data.y[i]));
    const yTest = Float64Array.from(test, (i) => data.y[i]);
    const p = model.predictProba(data.X.take(test));
    const ks = ksStatistic(yTest, p);
    const c = confusionAt(yTest, p, ks.threshold);
    expect(run.auc).toBe(rocAuc(yTest, p));
    expect(run.ks).toBe(ks.ks);
    expect(run.threshold).toBe(ks.threshold);
    expect([run.precision, run.recall, run.f1, run.accuracy]).toEqual([c.precision, c.recall, c.f1, c.accuracy]);
    expect(run.fitSeconds).toBeGreaterThan(0);
  });

  it('summarizes each model and share as mean ± sample sd of its runs', () => {
    expect(result.rows.map((r) => `${r.model}@${r.trainRatio}`)).toEqual(['logistic@0.7', 'logistic@0.8', 'gbdt@0.7', 'gbdt@0.8']);
    for (const row of result.rows) {
      const runs = result.runs.filter((r) => r.model === row.model && r.trainRatio === row.trainRatio);
      expect(row.repeats).toBe(3);
      expect(row.auc).toEqual(meanSd(runs.map((r) => r.auc)));
      expect(row.f1).toEqual(meanSd(runs.map((r) => r.f1)));
      expect(row.auc.mean).toBeGreaterThan(0.75);
    }
    expect(meanSd([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(5 / 3) });
    expect(meanSd([7])).toEqual({ mean: 7, sd: 0 });
  });

  it('uses a fixed cut-off when given one', () => {
    const fixed = compareModels(data.X, data.y, { models: ['logistic'], trainRatios: [0.7], repeats: 2, threshold: 0.5 });
    expect(fixed.runs.every((r) => r.threshold === 0.5)).toBe(true);
  });

  it('rejects unknown models, bad ratios, repeats, thresholds and model options', () => {
    const bad = (o: Record<string, unknown>): string => errorOf(() => compareModels(data.X, data.y, { models: ['logistic'], ...o } as never)).message;
    expect(bad({ models: ['logistic', 'xgb'] })).toMatch(/unknown model "xgb" \(known: gbdt, .*logistic, .*svm, .*mlp/);
    expect(bad({ models: [] })).toMatch(/no models/);
    expect(bad({ trainRatios: [1] })).toMatch(/train ratios/);
    expect(bad({ repeats: 0 })).toMatch(/repeats/);
    expect(bad({ threshold: 2 })).toMatch(/threshold/);
    expect(bad({ modelOptions: { logistic: { C: -1 } } })).toMatch(/C must be/);
    expect(bad({ modelOptions: { svm: {} } })).toMatch(/not among the models/);
    expect(errorOf(() => compareModels(data.X, data.y.slice(1), { models: ['logistic'] })).code).toBe('E_SHAPE');
  });
});
