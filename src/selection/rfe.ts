import { type Dataset, type FeatureInput, toDataset } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import { meanSd } from '../math/meanSd.js';
import { checkScoring, fitModel, higherIsBetter, makeFolds, score, type Scoring } from './crossValidate.js';
import { featureImportances } from './importance.js';

export interface RfeOptions {
  /** Model kind by short name. Default 'gbdt'. */
  model?: string;
  /** Options of every model fitted. */
  modelOptions?: Record<string, unknown>;
  /** Stratified CV folds. Default 5. */
  folds?: number;
  /** Features dropped per round: an integer >= 1, or a share (0, 1) of the starting count. Default 1. */
  step?: number;
  /** Smallest feature count tried. Default 1. */
  minFeatures?: number;
  /** 'auc' (default) or 'logloss'. */
  scoring?: Scoring;
  /**
   * 'best': the size with the best mean CV score (the smaller on ties);
   * 'one-sd': the smallest size whose mean is within one standard deviation
   * (over folds) of the best. Default 'best'.
   */
  rule?: 'best' | 'one-sd';
  /** Kind passed to the model's `featureImportances` (GBDT: 'gain', 'split', 'cover'). */
  importance?: string;
  seed?: number;
  onProgress?: (info: { fold: number; folds: number; nFeatures: number; done: number; total: number }) => void;
}

export interface RfePoint {
  nFeatures: number;
  foldScores: number[];
  mean: number;
  sd: number;
}

export interface RfeResult {
  scoring: Scoring;
  rule: 'best' | 'one-sd';
  /** CV score per feature count, largest count first. */
  curve: RfePoint[];
  /** The chosen feature count and features (in their column order). */
  nSelected: number;
  selected: string[];
  /** Rank per feature: 1 = selected, 2 = dropped last, … (scikit-learn's `ranking_`). */
  ranking: { feature: string; rank: number }[];
  /** Where the importances came from: the model's own or permutation. */
  importanceSource: 'model' | 'permutation';
}

/**
 * Recursive feature elimination with cross-validation (scikit-learn's RFECV):
 * in every training fold, fit, drop the `step` least important features and
 * refit down to `minFeatures`, scoring each feature count on the fold's test
 * rows; average the curve over folds and choose a count by `rule`; then run the
 * same elimination on all rows to that count to pick the features.
 * Importances are the model's own (`featureImportances`, GBDT's gain) or, for a
 * model without them, seeded permutation importance on the training rows.
 */
export function recursiveFeatureElimination(X: FeatureInput, y: ArrayLike<number>, options: RfeOptions = {}): RfeResult {
  const data = toDataset(X);
  const kind = options.model ?? 'gbdt';
  const modelOptions = options.modelOptions ?? {};
  const scoring = checkScoring(options.scoring ?? 'auc');
  const rule = options.rule ?? 'best';
  if (rule !== 'best' && rule !== 'one-sd') throw new CreditkitError('E_OPTION', `rule must be "best" or "one-sd", got ${JSON.stringify(rule)}`);
  const seed = options.seed ?? 0;
  const nAll = data.nColumns;
  if (nAll === 0) throw new CreditkitError('E_EMPTY_DATA', 'no feature columns to select from');
  const minFeatures = options.minFeatures ?? 1;
  if (!Number.isInteger(minFeatures) || minFeatures < 1 || minFeatures > nAll) {
    throw new CreditkitError('E_OPTION', `minFeatures must be an integer from 1 to the number of features (${nAll}), got ${minFeatures}`);
  }
  const stepIn = options.step ?? 1;
  if (!(Number.isInteger(stepIn) && stepIn >= 1) && !(stepIn > 0 && stepIn < 1)) {
    throw new CreditkitError('E_OPTION', `step must be an integer >= 1 or a share in (0, 1), got ${stepIn}`);
  }
  const step = stepIn < 1 ? Math.max(1, Math.floor(stepIn * nAll)) : stepIn;
  const k = options.folds ?? 5;
  const folds = makeFolds(data, y, k, seed);

  let source: 'model' | 'permutation' = 'model';
  const eliminate = (trainX: Dataset, trainY: Float64Array, fitSeed: number, stopAt: number, visit?: (features: string[], fitted: ReturnType<typeof fitModel>) => void): string[][] => {
    let features = data.names;
    const dropped: string[][] = [];
    for (;;) {
      if (!visit && features.length <= stopAt) return dropped;
      const sub = trainX.select(features);
      const fitted = fitModel(kind, modelOptions, sub, trainY, fitSeed);
      visit?.(features, fitted);
      if (features.length <= stopAt) return dropped;
      const imp = featureImportances(fitted.model, sub, trainY, { kind: options.importance, scoring, seed: fitSeed });
      source = imp.source;
      const nDrop = Math.min(step, features.length - stopAt);
      // Least important first; on ties the later column goes first (deterministic).
      const order = features.map((f, j) => ({ f, j, v: imp.values[f] ?? 0 })).sort((a, b) => a.v - b.v || b.j - a.j);
      const out = new Set(order.slice(0, nDrop).map((o) => o.f));
      dropped.push([...out]);
      features = features.filter((f) => !out.has(f));
    }
  };

  const scores = new Map<number, number[]>();
  let nSizes = 1;
  for (let m = nAll; m > minFeatures; m -= Math.min(step, m - minFeatures)) nSizes++;
  let done = 0;
  folds.forEach((f, fold) => {
    eliminate(f.trainX, f.trainY, seed + fold, minFeatures, (features, fitted) => {
      const s = score(scoring, f.testY, fitted.model.predictProba(f.testX.select(features)));
      (scores.get(features.length) ?? scores.set(features.length, []).get(features.length)!).push(s);
      options.onProgress?.({ fold, folds: k, nFeatures: features.length, done: ++done, total: nSizes * k });
    });
  });
  const curve: RfePoint[] = [...scores.entries()].map(([nFeatures, foldScores]) => ({ nFeatures, foldScores, ...meanSd(foldScores) }));
  const nSelected = chooseSize(curve, scoring, rule);

  const yAll = Float64Array.from(y);
  const dropped = eliminate(data, yAll, seed, nSelected);
  const rankOf = new Map<string, number>();
  dropped.forEach((group, round) => group.forEach((f) => rankOf.set(f, dropped.length - round + 1)));
  const selected = data.names.filter((f) => !rankOf.has(f));
  return {
    scoring,
    rule,
    curve,
    nSelected,
    selected,
    ranking: data.names.map((feature) => ({ feature, rank: rankOf.get(feature) ?? 1 })),
    importanceSource: source,
  };
}

/** The feature count chosen from the CV curve. */
export function chooseSize(curve: readonly RfePoint[], scoring: Scoring, rule: 'best' | 'one-sd'): number {
  const better = (a: number, b: number) => (higherIsBetter(scoring) ? a > b : a < b);
  const bySize = [...curve].sort((a, b) => a.nFeatures - b.nFeatures);
  let best = bySize[0];
  for (const p of bySize) if (better(p.mean, best.mean)) best = p;
  if (rule === 'best') return best.nFeatures;
  const bound = higherIsBetter(scoring) ? best.mean - best.sd : best.mean + best.sd;
  const ok = bySize.find((p) => (higherIsBetter(scoring) ? p.mean >= bound : p.mean <= bound));
  return (ok ?? best).nFeatures;
}
