import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// The main entry loads the wasm (top-level await).
import '../../src/index.js';
import { readCsvFileSync } from '../readCsvFileSync.js';
import { splitTarget } from '../../src/data/target.js';
import { rocAuc } from '../../src/metrics/auc.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { crossValidate, makeFolds } from '../../src/selection/crossValidate.js';
import { rankCandidates, searchHyperparameters, type Candidate } from '../../src/selection/search.js';
import { errorOf } from '../errorOf.js';
import { additive } from '../models/helpers.js';
import { ToyLogistic, withToyModel } from './toyModel.js';

const GERMAN = fileURLToPath(new URL('../../data/german-credit.csv.gz', import.meta.url));

describe('hyperparameter search', () => {
  it('German credit: the best CV setting of a small grid beats the default GBDT\'s CV score', () => {
    const { X, y } = splitTarget(readCsvFileSync(GERMAN), 'is_bad');
    // The default (maxDepth 6, colsampleByTree 1) is one of the four candidates, on the same folds.
    const r = searchHyperparameters(X, y, { space: { maxDepth: [6, 3], colsampleByTree: [1, 0.5] }, folds: 5, seed: 1, baseline: true });
    expect(r.leaderboard).toHaveLength(4);
    const def = r.leaderboard.find((c) => c.options.maxDepth === 6 && c.options.colsampleByTree === 1)!;
    expect(r.best).not.toBe(def);
    expect(r.best.mean).toBeGreaterThan(def.mean);
    // The baseline (default options) is the same model on the same folds as that candidate.
    expect(r.baseline!.foldScores).toEqual(def.foldScores);
    // On 1,000 rows shallower trees generalize better.
    expect(r.best.options.maxDepth).toBe(3);
    for (const c of r.leaderboard) {
      expect(c.foldScores).toHaveLength(5);
      expect(c.mean).toBeCloseTo(c.foldScores.reduce((s, v) => s + v, 0) / 5, 12);
      expect(c.sd).toBeGreaterThan(0);
      expect(c.fitMs).toBeGreaterThan(0);
    }
    expect(r.leaderboard.map((c) => c.rank)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < 4; i++) expect(r.leaderboard[i].mean).toBeLessThanOrEqual(r.leaderboard[i - 1].mean);
  });

  it('scores candidates on stratified folds exactly as a hand-written CV loop', () => {
    const d = additive(600, 3);
    const r = searchHyperparameters(d.X, d.y, { space: { nEstimators: [20], maxDepth: [2] }, folds: 3, seed: 9 });
    const folds = makeFolds(d.X, d.y, 3, 9);
    const hand = folds.map((f) => rocAuc(f.testY, new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 2 }).fit(f.trainX, f.trainY).predictProba(f.testX)));
    expect(r.best.foldScores).toEqual(hand);
  });

  it('is deterministic under the seed, and random search draws from distributions', () => {
    const d = additive(500, 4);
    const opts = { space: { nEstimators: { int: [5, 30] }, learningRate: { loguniform: [0.05, 0.5] } }, method: 'random' as const, iterations: 4, folds: 3, seed: 2 };
    const a = searchHyperparameters(d.X, d.y, opts);
    const b = searchHyperparameters(d.X, d.y, opts);
    const strip = (c: Candidate) => ({ ...c, fitMs: 0 });
    expect(a.leaderboard.map(strip)).toEqual(b.leaderboard.map(strip));
    expect(new Set(a.leaderboard.map((c) => c.options.learningRate)).size).toBe(4);
    const c = searchHyperparameters(d.X, d.y, { ...opts, seed: 3 });
    expect(c.leaderboard.map((x) => x.options)).not.toEqual(a.leaderboard.map((x) => x.options));
  });

  it('early stopping: best rounds per fold from an inner validation split; the refit uses their mean', () => {
    const d = additive(1500, 5);
    const r = searchHyperparameters(d.X, d.y, {
      space: { nEstimators: 400, learningRate: [0.3], maxDepth: [3], earlyStoppingRounds: 10 },
      folds: 3,
      seed: 4,
      refit: true,
    });
    const c = r.best;
    expect(c.bestRounds).toHaveLength(3);
    for (const n of c.bestRounds!) {
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeGreaterThanOrEqual(1);
      // Stopped well before the 400 allowed rounds.
      expect(n).toBeLessThan(400);
    }
    const mean = c.bestRounds!.reduce((s, v) => s + v, 0) / 3;
    expect(c.refitOptions).toEqual({ nEstimators: Math.round(mean), learningRate: 0.3, maxDepth: 3, earlyStoppingRounds: 0 });
    const fitted = r.fitted as GradientBoostingClassifier;
    expect(fitted).toBeInstanceOf(GradientBoostingClassifier);
    expect(fitted.nTrees).toBe(Math.round(mean));
    expect(fitted.options.earlyStoppingRounds).toBe(0);
  });

  it('logloss: lower is better, and ties share a rank', () => {
    const rows = [0.3, 0.2, 0.2, 0.5].map((mean, index) => ({ mean, index, rank: 0 }) as unknown as Candidate);
    expect(rankCandidates(rows, 'logloss').map((c) => [c.index, c.rank])).toEqual([[1, 1], [2, 1], [0, 3], [3, 4]]);
    expect(rankCandidates(rows, 'auc').map((c) => [c.index, c.rank])).toEqual([[3, 1], [0, 2], [1, 3], [2, 3]]);
    const d = additive(400, 6);
    const r = searchHyperparameters(d.X, d.y, { space: { nEstimators: [2, 40] }, scoring: 'logloss', folds: 3 });
    expect(r.best.options.nEstimators).toBe(40);
    expect(r.best.mean).toBeLessThan(r.leaderboard[1].mean);
  });

  it('works for any Classifier registered in the factory', () => {
    const d = additive(400, 7, 3);
    const r = withToyModel(() => searchHyperparameters(d.X, d.y, { model: 'toy', space: { epochs: [1, 60] }, folds: 3, refit: true }));
    expect(r.model).toBe('toy');
    expect(r.best.options.epochs).toBe(60);
    expect(r.fitted).toBeInstanceOf(ToyLogistic);
    expect(withToyModel(() => errorOf(() => searchHyperparameters(d.X, d.y, { model: 'toy', space: { maxDepth: [3] } }))).message).toMatch(/unknown option "maxDepth" for model toy/);
  });

  it('bad options', () => {
    const d = additive(100, 8);
    const space = { maxDepth: [2] };
    expect(errorOf(() => searchHyperparameters(d.X, d.y, { space, folds: 1 })).code).toBe('E_OPTION');
    expect(errorOf(() => searchHyperparameters(d.X, d.y, { space, scoring: 'gini' as never })).message).toMatch(/scoring/);
    expect(errorOf(() => searchHyperparameters(d.X, d.y, { space, method: 'bayes' as never })).message).toMatch(/method/);
    expect(errorOf(() => searchHyperparameters(d.X, d.y.map(() => 1), { space })).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => searchHyperparameters(d.X, d.y.slice(1), { space })).code).toBe('E_SHAPE');
    expect(errorOf(() => crossValidate('gbdt', { maxDepth: -1 }, makeFolds(d.X, d.y, 2, 0), 'auc', 0)).code).toBe('E_OPTION');
  });
});
