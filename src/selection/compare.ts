import type { Dataset } from '../data/dataset.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { stratifiedSplit } from '../data/split.js';
import { validateLabels } from '../data/target.js';
import { CreditkitError } from '../errors.js';
import { rocAuc } from '../metrics/auc.js';
import { confusionAt } from '../metrics/confusion.js';
import { ksStatistic } from '../metrics/ks.js';
import { createModel, MODEL_KINDS } from '../models/factory.js';
import { meanSd, type MeanSd } from '../math/meanSd.js';

export interface CompareOptions {
  /** Model kinds by their factory names (`gbdt`, `logistic`, `svm`, `mlp`, …). */
  models: readonly string[];
  /** Options per model kind, e.g. `{ svm: { kernel: 'rbf' } }`. */
  modelOptions?: Readonly<Record<string, Record<string, unknown>>>;
  /** Training shares of the stratified splits. Default [0.7, 0.8]. */
  trainRatios?: readonly number[];
  /** Splits per training share. Default 20. */
  repeats?: number;
  /** Repeat r uses the split seeded seed + r, the same for every model (paired comparison). Default 0. */
  seed?: number;
  /**
   * PD cut-off for precision, recall and F1: a number, or 'ks' for each test
   * set's KS-optimal cut-off (the point of largest TPR − FPR gap). Default 'ks'.
   */
  threshold?: number | 'ks';
  onProgress?: (info: { done: number; total: number; model: string; trainRatio: number; repeat: number }) => void;
}

export { meanSd, type MeanSd } from '../math/meanSd.js';

/** One test-set evaluation. */
export interface CompareRun {
  model: string;
  trainRatio: number;
  repeat: number;
  auc: number;
  ks: number;
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** Wall time of `fit`, seconds. */
  fitSeconds: number;
}

export interface CompareRow {
  model: string;
  trainRatio: number;
  repeats: number;
  auc: MeanSd;
  ks: MeanSd;
  accuracy: MeanSd;
  precision: MeanSd;
  recall: MeanSd;
  f1: MeanSd;
  fitSeconds: MeanSd;
}

export interface CompareResult {
  rows: CompareRow[];
  runs: CompareRun[];
  nRows: number;
  defaultRate: number;
}

/**
 * Repeated stratified train/test splits: every model is fitted on the same
 * training rows and scored on the same test rows, for each training share
 * and repeat; returns mean ± sd per model and share, and every run.
 */
/** Repeated splits per training share (docs/guides/modelling.md: model comparison): each fits every model once. */
export const COMPARE_REPEAT_RANGE: IntegerRange = { min: 1, max: 1000 };

export function compareModels(X: Dataset, y: ArrayLike<number>, options: CompareOptions): CompareResult {
  const ratios = options.trainRatios ?? [0.7, 0.8];
  const repeats = options.repeats ?? 20;
  const seed = options.seed ?? 0;
  const threshold = options.threshold ?? 'ks';
  if (options.models.length === 0) throw new CreditkitError('E_OPTION', 'no models to compare');
  for (const m of options.models) {
    if (!Object.prototype.hasOwnProperty.call(MODEL_KINDS, m)) {
      throw new CreditkitError('E_OPTION', `unknown model ${JSON.stringify(m)} (known: ${Object.keys(MODEL_KINDS).join(', ')})`);
    }
  }
  for (const key of Object.keys(options.modelOptions ?? {})) {
    if (!options.models.includes(key)) throw new CreditkitError('E_OPTION', `options given for "${key}", which is not among the models compared (${options.models.join(', ')})`);
  }
  if (ratios.length === 0 || !ratios.every((r) => r > 0 && r < 1)) {
    throw new CreditkitError('E_OPTION', `train ratios must be between 0 and 1, exclusive (got ${ratios.join(', ')})`);
  }
  checkIntegerRange('repeats', repeats, COMPARE_REPEAT_RANGE);
  if (!Number.isInteger(seed)) throw new CreditkitError('E_OPTION', `seed must be an integer (got ${seed})`);
  if (threshold !== 'ks' && !(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) {
    throw new CreditkitError('E_OPTION', `threshold must be a probability in [0, 1] or 'ks' (got ${JSON.stringify(threshold)})`);
  }
  if (y.length !== X.nRows) throw new CreditkitError('E_SHAPE', `${X.nRows} rows but ${y.length} labels`);
  validateLabels(y, 'y');
  // Every model is built once before any fitting, so a bad option fails fast.
  for (const m of options.models) createModel(m, options.modelOptions?.[m]);

  const runs: CompareRun[] = [];
  const total = ratios.length * repeats * options.models.length;
  for (const trainRatio of ratios) {
    for (let repeat = 0; repeat < repeats; repeat++) {
      const { train, test } = stratifiedSplit(y, trainRatio, seed + repeat);
      const Xtrain = X.take(train);
      const Xtest = X.take(test);
      const yTrain = Float64Array.from(train, (i) => y[i]);
      const yTest = Float64Array.from(test, (i) => y[i]);
      for (const model of options.models) {
        const classifier = createModel(model, options.modelOptions?.[model]);
        const t0 = performance.now();
        classifier.fit(Xtrain, yTrain);
        const fitSeconds = (performance.now() - t0) / 1000;
        const p = classifier.predictProba(Xtest);
        const ks = ksStatistic(yTest, p);
        const cut = threshold === 'ks' ? ks.threshold : threshold;
        const c = confusionAt(yTest, p, cut);
        runs.push({
          model, trainRatio, repeat, auc: rocAuc(yTest, p), ks: ks.ks, threshold: cut,
          accuracy: c.accuracy, precision: c.precision, recall: c.recall, f1: c.f1, fitSeconds,
        });
        options.onProgress?.({ done: runs.length, total, model, trainRatio, repeat });
      }
    }
  }
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  const rows: CompareRow[] = [];
  for (const model of options.models) {
    for (const trainRatio of ratios) {
      const mine = runs.filter((r) => r.model === model && r.trainRatio === trainRatio);
      const stat = (key: keyof CompareRun): MeanSd => meanSd(mine.map((r) => r[key] as number));
      rows.push({
        model, trainRatio, repeats: mine.length,
        auc: stat('auc'), ks: stat('ks'), accuracy: stat('accuracy'), precision: stat('precision'),
        recall: stat('recall'), f1: stat('f1'), fitSeconds: stat('fitSeconds'),
      });
    }
  }
  return { rows, runs, nRows: y.length, defaultRate: positives / y.length };
}
