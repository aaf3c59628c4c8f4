import { type FeatureInput, toDataset } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import type { Classifier } from '../models/classifier.js';
import { checkScoring, crossValidate, type CvResult, fitModel, higherIsBetter, makeFolds, type Scoring, usesEarlyStopping } from './crossValidate.js';
import { gridCandidates, type OptionValue, parseSearchSpace, randomCandidates, type SearchSpace } from './space.js';

export interface SearchOptions {
  /** Model kind by short name (`createModel`). Default 'gbdt'. */
  model?: string;
  /** The search space, parsed (`parseSearchSpace`) or in its JSON form. */
  space: SearchSpace | Record<string, unknown>;
  /** 'grid' (default) or 'random'. */
  method?: 'grid' | 'random';
  /** Candidates drawn by random search. Default 20. */
  iterations?: number;
  /** Stratified CV folds. Default 5. */
  folds?: number;
  /** 'auc' (default, higher is better) or 'logloss' (lower is better). */
  scoring?: Scoring;
  /** Seed of the folds, the random candidates and the early-stopping splits. Default 0. */
  seed?: number;
  /** Also cross-validate the model's default options on the same folds (`SearchResult.baseline`). Default false. */
  baseline?: boolean;
  /** Refit the best setting on all rows and return the model. Default false. */
  refit?: boolean;
  /** Called after every fold of every candidate. */
  onProgress?: (info: { candidate: number; candidates: number; fold: number; folds: number }) => void;
}

/** One row of the leaderboard. */
export interface Candidate extends CvResult {
  /** 1 = best; ties share the lower rank. */
  rank: number;
  /** Position in the order candidates were evaluated (0-based). */
  index: number;
  /** The options of this candidate (the space's values only). */
  options: Record<string, OptionValue>;
  /**
   * What to refit on all rows: the options, and with early stopping
   * `nEstimators` = the mean of the folds' best round counts (rounded) and
   * `earlyStoppingRounds` = 0, since a refit on all rows has no validation set.
   */
  refitOptions: Record<string, OptionValue>;
}

export interface SearchResult {
  model: string;
  method: 'grid' | 'random';
  scoring: Scoring;
  folds: number;
  /** Candidates sorted best first. */
  leaderboard: Candidate[];
  best: Candidate;
  /** CV score of the model's default options on the same folds (when `baseline`). */
  baseline?: CvResult;
  /** The best setting refitted on all rows (when `refit`). */
  fitted?: Classifier;
}

/**
 * Grid or seeded random search over a model's options, each candidate scored
 * by stratified k-fold CV on the same folds. For settings with early stopping
 * (GBDT's `earlyStoppingRounds` > 0) every training fold holds out a
 * stratified 20% as the validation set and the round count kept in each fold
 * is recorded; the refit setting uses their mean.
 */
export function searchHyperparameters(X: FeatureInput, y: ArrayLike<number>, options: SearchOptions): SearchResult {
  const kind = options.model ?? 'gbdt';
  const space = isParsed(options.space) ? options.space : parseSearchSpace(kind, options.space);
  if (space.model !== kind) throw new CreditkitError('E_OPTION', `the search space was parsed for model ${space.model}, not ${kind}`);
  const method = options.method ?? 'grid';
  if (method !== 'grid' && method !== 'random') throw new CreditkitError('E_OPTION', `method must be "grid" or "random", got ${JSON.stringify(method)}`);
  const scoring = checkScoring(options.scoring ?? 'auc');
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new CreditkitError('E_OPTION', `seed must be an integer, got ${seed}`);
  const k = options.folds ?? 5;
  const candidates = method === 'grid' ? gridCandidates(space) : randomCandidates(space, options.iterations ?? 20, seed);
  const data = toDataset(X);
  const folds = makeFolds(data, y, k, seed);

  const rows: Candidate[] = candidates.map((c, index) => {
    const cv = crossValidate(kind, c, folds, scoring, seed, (fold) =>
      options.onProgress?.({ candidate: index, candidates: candidates.length, fold, folds: k }));
    return { rank: 0, index, options: c, refitOptions: refitOptionsOf(c, cv), ...cv };
  });
  const leaderboard = rankCandidates(rows, scoring);
  const best = leaderboard[0];
  const result: SearchResult = { model: kind, method, scoring, folds: k, leaderboard, best };
  if (options.baseline) result.baseline = crossValidate(kind, {}, folds, scoring, seed);
  if (options.refit) {
    const yAll = Float64Array.from(y);
    result.fitted = fitModel(kind, best.refitOptions, data, yAll, seed).model;
  }
  return result;
}

function isParsed(s: SearchOptions['space']): s is SearchSpace {
  return typeof (s as SearchSpace).model === 'string' && typeof (s as SearchSpace).dimensions === 'object';
}

function refitOptionsOf(options: Record<string, OptionValue>, cv: CvResult): Record<string, OptionValue> {
  if (!usesEarlyStopping(options) || !cv.bestRounds) return { ...options };
  const mean = cv.bestRounds.reduce((s, v) => s + v, 0) / cv.bestRounds.length;
  return { ...options, nEstimators: Math.max(1, Math.round(mean)), earlyStoppingRounds: 0 };
}

/** Sorts best first (stable on evaluation order) and assigns ranks; ties share a rank. */
export function rankCandidates(rows: Candidate[], scoring: Scoring): Candidate[] {
  const sign = higherIsBetter(scoring) ? -1 : 1;
  const sorted = [...rows].sort((a, b) => sign * (a.mean - b.mean) || a.index - b.index);
  sorted.forEach((r, i) => {
    r.rank = i > 0 && sorted[i - 1].mean === r.mean ? sorted[i - 1].rank : i + 1;
  });
  return sorted;
}
