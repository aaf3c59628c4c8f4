import { describe, expect, it, vi } from 'vitest';
import { compareChampionChallenger, compareOnHoldout, createModel, kindOptions, ksStatistic, MODEL_KINDS, rocAuc, splitTarget, stratifiedSplit, trainChallengers } from '../../src/index.js';
import { readCsvFileSync } from '../readCsvFileSync.js';
import { GERMAN } from '../cli/helpers.js';
import { errorOf } from '../errorOf.js';

const { X, y } = splitTarget(readCsvFileSync(GERMAN), 'is_bad');
const split = stratifiedSplit(y, 0.7, 3);
const trainX = X.take(split.train);
const trainY = Float64Array.from(split.train, (i) => y[i]);
const holdX = X.take(split.test);
const holdY = Float64Array.from(split.test, (i) => y[i]);

describe('kindOptions', () => {
  it('adds the seed only to kinds whose option table has one', () => {
    expect(kindOptions('logistic', {}, 7)).toEqual({});
    expect(kindOptions('gbdt', { nEstimators: 5 }, 7)).toEqual({ nEstimators: 5, seed: 7 });
    expect(kindOptions('rf', { seed: 2 }, 7)).toEqual({ seed: 2 });
    for (const kind of Object.keys(MODEL_KINDS)) expect(() => createModel(kind, kindOptions(kind, {}, 11)), kind).not.toThrow();
    expect(errorOf(() => kindOptions('catboost')).code).toBe('E_OPTION');
  });

  it('compareOnHoldout compares logistic regression (it used to pass a seed it does not take)', () => {
    const c = compareOnHoldout(X, y, ['logistic', 'tree'], { seed: 1 });
    expect(c.rows.map((r) => r.model)).toEqual(['logistic', 'tree']);
    expect(c.rows[0].auc).toBeGreaterThan(0.7);
  });
});

describe('champion–challenger', () => {
  const champion = { name: 'champion', model: createModel('gbdt', { nEstimators: 30, maxDepth: 3 }).fit(trainX, trainY), source: 'test' };
  // Every kind the factory builds, with its defaults (and the seed where it has one).
  const kinds = Object.keys(MODEL_KINDS);
  const challengers = trainChallengers(kinds, trainX, trainY, { seed: 5, dataName: 'train', modelOptions: { mlp: { maxEpochs: 50 } } });

  it('trains every model kind on the training rows and scores all on the same holdout rows', () => {
    expect(challengers.map((c) => c.name)).toEqual(kinds);
    expect(challengers.find((c) => c.name === 'gbdt')!.source).toBe('gbdt trained on train (defaults)');
    expect(challengers.find((c) => c.name === 'mlp')!.source).toBe('mlp trained on train ({"maxEpochs":50})');
    const c = compareChampionChallenger(champion, challengers, holdX, holdY);
    expect(c.holdoutRows).toBe(300);
    expect(c.rows.map((r) => r.role)).toEqual(['champion', ...kinds.map(() => 'challenger')]);
    for (const row of c.rows) {
      const m = [champion, ...challengers].find((x) => x.name === row.model)!;
      // The figures, recomputed directly from the model's PDs on the same rows.
      const p = m.model.predictProba(holdX);
      let brier = 0;
      let logLoss = 0;
      for (let i = 0; i < p.length; i++) {
        const q = Math.min(Math.max(p[i], 1e-15), 1 - 1e-15);
        brier += (p[i] - holdY[i]) ** 2;
        logLoss -= holdY[i] === 1 ? Math.log(q) : Math.log(1 - q);
      }
      expect(row.auc, row.model).toBe(rocAuc(holdY, p));
      expect(row.gini).toBe(2 * row.auc - 1);
      expect(row.ks).toBe(ksStatistic(holdY, p).ks);
      expect(row.brier).toBeCloseTo(brier / p.length, 12);
      expect(row.logLoss).toBeCloseTo(logLoss / p.length, 12);
      expect(row.aucDifference).toBe(row.role === 'champion' ? 0 : row.auc - c.rows[0].auc);
      expect(row.auc, row.model).toBeGreaterThan(0.6);
    }
    expect(c.curves.map((k) => k.model)).toEqual(['champion', ...kinds]);
  });

  it('never fits a model on the holdout', () => {
    const fits = [champion, ...challengers].map((m) => vi.spyOn(m.model, 'fit'));
    compareChampionChallenger(champion, challengers.slice(0, 2), holdX, holdY);
    for (const f of fits) expect(f).not.toHaveBeenCalled();
  });

  it('scores a challenger with other features on the same rows', () => {
    const fewer = trainX.select(['duration_months', 'credit_amount', 'checking_account_status']);
    const small = { name: 'three features', model: createModel('logistic').fit(fewer, trainY), source: 'test' };
    const c = compareChampionChallenger(champion, [small], holdX, holdY);
    expect(c.rows[1].auc).toBe(rocAuc(holdY, small.model.predictProba(holdX.select(fewer.names))));
  });

  it('rejects bad input with coded errors', () => {
    expect(errorOf(() => compareChampionChallenger(champion, [], holdX, holdY)).code).toBe('E_OPTION');
    expect(errorOf(() => compareChampionChallenger(champion, [{ ...champion }], holdX, holdY)).message).toMatch(/two compared models are named "champion"/);
    expect(errorOf(() => compareChampionChallenger(champion, challengers, holdX, holdY.subarray(1))).code).toBe('E_SHAPE');
    expect(errorOf(() => trainChallengers(['gbdt', 'gbdt'], trainX, trainY)).code).toBe('E_OPTION');
    expect(errorOf(() => trainChallengers(['gbdt'], trainX, trainY, { modelOptions: { rf: {} } })).message).toMatch(/not among the challengers/);
    expect(errorOf(() => trainChallengers(['logistic'], trainX, trainY, { modelOptions: { logistic: { seed: 1 } } })).message).toMatch(/unknown option "seed"/);
  });
});
