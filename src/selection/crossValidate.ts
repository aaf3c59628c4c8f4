import type { Dataset } from '../data/dataset.js';
import { stratifiedKFold, stratifiedSplit } from '../data/split.js';
import { validateLabels } from '../data/target.js';
import { CreditkitError } from '../errors.js';
import { rocAuc } from '../metrics/auc.js';
import { meanSd } from '../math/meanSd.js';
import { logLoss } from '../metrics/logloss.js';
import type { Classifier } from '../models/classifier.js';
import { createModel } from '../models/factory.js';

/** What a cross-validation scores on each test fold. */
export type Scoring = 'auc' | 'logloss';

/** True when a larger score is better. */
export function higherIsBetter(scoring: Scoring): boolean {
  return scoring === 'auc';
}

export function checkScoring(scoring: unknown): Scoring {
  if (scoring !== 'auc' && scoring !== 'logloss') {
    throw new CreditkitError('E_OPTION', `scoring must be "auc" or "logloss", got ${JSON.stringify(scoring)}`);
  }
  return scoring;
}

export function score(scoring: Scoring, y: ArrayLike<number>, p: ArrayLike<number>): number {
  return scoring === 'auc' ? rocAuc(y, p) : logLoss(y, p);
}

/** Share of a training fold held out as the early-stopping validation set. */
export const EARLY_STOPPING_VALID_RATIO = 0.2;

/** A fitted model and what its fit told us. */
export interface FoldFit {
  model: Classifier;
  /** Boosting rounds kept by early stopping (best iteration + 1); undefined without early stopping. */
  bestRounds?: number;
  fitMs: number;
}

/** Early stopping is asked for when the options set `earlyStoppingRounds` > 0 (GBDT's option name). */
export function usesEarlyStopping(options: Record<string, unknown>): boolean {
  return typeof options.earlyStoppingRounds === 'number' && options.earlyStoppingRounds > 0;
}

/**
 * Fits model `kind` on (X, y). With early stopping the model needs an eval
 * set: a stratified 20% of these rows (seeded) is held out from the fit and
 * watched, so the caller's test rows are never seen. The number of rounds
 * kept is read from the model's `bestIteration`.
 */
export function fitModel(kind: string, options: Record<string, unknown>, X: Dataset, y: Float64Array, seed: number): FoldFit {
  const model = createModel(kind, options);
  const t0 = performance.now();
  if (!usesEarlyStopping(options)) {
    model.fit(X, y);
    return { model, fitMs: performance.now() - t0 };
  }
  const split = stratifiedSplit(y, 1 - EARLY_STOPPING_VALID_RATIO, seed);
  model.fit(X.take(split.train), Float64Array.from(split.train, (i) => y[i]), {
    evalSet: { X: X.take(split.test), y: Float64Array.from(split.test, (i) => y[i]) },
  });
  const best = (model as unknown as { bestIteration?: unknown }).bestIteration;
  const bestRounds = typeof best === 'number' && best >= 0 ? best + 1 : undefined;
  return { model, bestRounds, fitMs: performance.now() - t0 };
}

/** The rows of each fold, materialized once and reused by every candidate. */
export interface FoldData {
  trainX: Dataset;
  trainY: Float64Array;
  testX: Dataset;
  testY: Float64Array;
}

export function makeFolds(X: Dataset, y: ArrayLike<number>, k: number, seed: number): FoldData[] {
  validateLabels(y);
  if (X.nRows !== y.length) throw new CreditkitError('E_SHAPE', `${X.nRows} rows but ${y.length} labels`);
  return stratifiedKFold(y, k, seed).map((f) => ({
    trainX: X.take(f.train),
    trainY: Float64Array.from(f.train, (i) => y[i]),
    testX: X.take(f.test),
    testY: Float64Array.from(f.test, (i) => y[i]),
  }));
}

export interface CvResult {
  /** Score on each test fold. */
  foldScores: number[];
  mean: number;
  /** Sample standard deviation over folds (n − 1). */
  sd: number;
  /** Mean fit time per fold, ms. */
  fitMs: number;
  /** Rounds kept by early stopping in each fold (only with early stopping). */
  bestRounds?: number[];
}

/** Scores one option setting by k-fold CV: fit on each training fold, score its test fold. */
export function crossValidate(kind: string, options: Record<string, unknown>, folds: readonly FoldData[], scoring: Scoring, seed: number,
  onFold?: (fold: number) => void): CvResult {
  const foldScores: number[] = [];
  const rounds: number[] = [];
  let fitMs = 0;
  folds.forEach((f, k) => {
    const fit = fitModel(kind, options, f.trainX, f.trainY, seed + k);
    fitMs += fit.fitMs;
    if (fit.bestRounds !== undefined) rounds.push(fit.bestRounds);
    foldScores.push(score(scoring, f.testY, fit.model.predictProba(f.testX)));
    onFold?.(k);
  });
  const { mean, sd } = meanSd(foldScores);
  return { foldScores, mean, sd, fitMs: fitMs / folds.length, ...(rounds.length === folds.length ? { bestRounds: rounds } : {}) };
}
