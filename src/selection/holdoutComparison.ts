import type { Dataset } from '../data/dataset.js';
import { stratifiedSplit } from '../data/split.js';
import { CreditkitError } from '../errors.js';
import { rocCurve } from '../metrics/roc.js';
import { evaluateBinary } from '../metrics/summary.js';
import { createModel } from '../models/factory.js';
import { kindOptions } from './kindOptions.js';

/** Models fitted on the same training rows and scored on the same test rows. */
export interface HoldoutComparison {
  trainRows: number;
  testRows: number;
  trainRatio: number;
  seed: number;
  rows: { model: string; auc: number; gini: number; ks: number; logLoss: number; brier: number; fitSeconds: number }[];
  curves: { model: string; fpr: Float64Array; tpr: Float64Array; auc: number }[];
}

/**
 * Fits each model kind (factory names: gbdt, tree, rf, adaboost, …) with its
 * defaults (and `seed`, for the kinds whose option table has one) on one
 * stratified split of `X` and evaluates it on the held-out rows, keeping each
 * ROC curve for an overlaid chart. `X` is all the labelled data: to compare
 * a model under review with challengers on a holdout the models never saw,
 * use `compareChampionChallenger`.
 */
export function compareOnHoldout(X: Dataset, y: Float64Array, models: readonly string[], options: { trainRatio?: number; seed?: number } = {}): HoldoutComparison {
  if (models.length === 0) throw new CreditkitError('E_OPTION', 'name at least one model to compare');
  if (new Set(models).size !== models.length) throw new CreditkitError('E_OPTION', `a model is named twice in ${models.join(', ')}`);
  const trainRatio = options.trainRatio ?? 0.7;
  const seed = options.seed ?? 0;
  const kinds = models.map((m) => ({ name: m, model: createModel(m, kindOptions(m, {}, seed)) })); // unknown names fail before any fit
  const split = stratifiedSplit(y, trainRatio, seed);
  const trainX = X.take(split.train);
  const trainY = Float64Array.from(split.train, (i) => y[i]);
  const testX = X.take(split.test);
  const testY = Float64Array.from(split.test, (i) => y[i]);
  const rows: HoldoutComparison['rows'] = [];
  const curves: HoldoutComparison['curves'] = [];
  for (const { name, model } of kinds) {
    const t = performance.now();
    model.fit(trainX, trainY);
    const fitSeconds = (performance.now() - t) / 1000;
    const p = model.predictProba(testX);
    const m = evaluateBinary(testY, p);
    rows.push({ model: name, auc: m.auc, gini: m.gini, ks: m.ks, logLoss: m.logLoss, brier: m.brier, fitSeconds });
    const c = rocCurve(testY, p);
    curves.push({ model: name, fpr: c.fpr, tpr: c.tpr, auc: m.auc });
  }
  return { trainRows: trainY.length, testRows: testY.length, trainRatio, seed, rows, curves };
}
