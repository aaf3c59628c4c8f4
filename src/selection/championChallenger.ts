import type { Dataset } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import { rocCurve } from '../metrics/roc.js';
import { evaluateBinary } from '../metrics/summary.js';
import type { Classifier } from '../models/classifier.js';
import { createModel } from '../models/factory.js';
import { kindOptions } from './kindOptions.js';

/** A fitted model taking part in a champion–challenger comparison. */
export interface ComparedModel {
  /** Its name in the table (unique in one comparison). */
  name: string;
  model: Classifier;
  /** Where it comes from, e.g. "model file champion.json" or "gbdt trained on train.csv (defaults)". */
  source: string;
  /** Seconds its fit took, when it was trained for the comparison. */
  fitSeconds?: number;
}

export interface ChampionChallengerRow {
  model: string;
  role: 'champion' | 'challenger';
  source: string;
  auc: number;
  gini: number;
  ks: number;
  logLoss: number;
  brier: number;
  /** This model's AUC minus the champion's (0 for the champion). */
  aucDifference: number;
  fitSeconds: number | null;
}

/** The model under review and its challengers, all scored on the same holdout rows. */
export interface ChampionChallengerComparison {
  champion: string;
  holdoutRows: number;
  holdoutDefaultRate: number;
  /** The champion first, then the challengers in the order given. */
  rows: ChampionChallengerRow[];
  curves: { model: string; fpr: Float64Array; tpr: Float64Array; auc: number }[];
}

export interface TrainChallengersOptions {
  /** Options per kind (`{ gbdt: { nEstimators: 300 } }`); a kind not named here uses its option table's defaults. */
  modelOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Seed of the kinds whose option table has one (default 0). */
  seed?: number;
  /** What the training rows are, for each model's `source` (default "the training data"). */
  dataName?: string;
}

/**
 * Fits one challenger per model kind on the training rows, each with its
 * option table's defaults or the options given for it. Every kind's options
 * are checked (unknown kind or option, out of range: E_OPTION) before any fit.
 */
export function trainChallengers(kinds: readonly string[], X: Dataset, y: Float64Array, options: TrainChallengersOptions = {}): ComparedModel[] {
  if (kinds.length === 0) throw new CreditkitError('E_OPTION', 'name at least one challenger kind');
  if (new Set(kinds).size !== kinds.length) throw new CreditkitError('E_OPTION', `a challenger kind is named twice in ${kinds.join(', ')}`);
  const given = options.modelOptions ?? {};
  for (const kind of Object.keys(given)) {
    if (!kinds.includes(kind)) throw new CreditkitError('E_OPTION', `options are given for "${kind}", which is not among the challengers (${kinds.join(', ')})`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new CreditkitError('E_OPTION', `seed must be an integer, got ${seed}`);
  const dataName = options.dataName ?? 'the training data';
  const built = kinds.map((kind) => {
    const own = Object.hasOwn(given, kind) ? given[kind] : undefined;
    return { kind, own, model: createModel(kind, kindOptions(kind, own, seed)) };
  });
  return built.map(({ kind, own, model }) => {
    const t = performance.now();
    model.fit(X, y);
    const fitSeconds = (performance.now() - t) / 1000;
    return { name: kind, model, source: `${kind} trained on ${dataName} (${own && Object.keys(own).length > 0 ? JSON.stringify(own) : 'defaults'})`, fitSeconds };
  });
}

/**
 * Scores the champion and every challenger on the same holdout rows (no
 * model is fitted here) and reports AUC, Gini, KS, log loss and Brier per
 * model with each one's AUC difference from the champion, and the ROC curves
 * for an overlaid chart. Each model takes its own feature columns from `X` by
 * name, so challengers may use other features than the champion.
 */
export function compareChampionChallenger(champion: ComparedModel, challengers: readonly ComparedModel[], X: Dataset, y: Float64Array): ChampionChallengerComparison {
  if (challengers.length === 0) throw new CreditkitError('E_OPTION', 'name at least one challenger');
  if (X.nRows !== y.length) throw new CreditkitError('E_SHAPE', `${X.nRows} holdout rows but ${y.length} labels`);
  const all = [champion, ...challengers];
  const seen = new Set<string>();
  for (const m of all) {
    if (seen.has(m.name)) throw new CreditkitError('E_OPTION', `two compared models are named "${m.name}"`);
    seen.add(m.name);
  }
  const scored = all.map((m) => {
    const pd = m.model.predictProba(X);
    return { m, metrics: evaluateBinary(y, pd), curve: rocCurve(y, pd) };
  });
  const championAuc = scored[0].metrics.auc;
  return {
    champion: champion.name,
    holdoutRows: y.length,
    holdoutDefaultRate: scored[0].metrics.defaultRate,
    rows: scored.map(({ m, metrics }, k) => ({
      model: m.name,
      role: k === 0 ? 'champion' : 'challenger',
      source: m.source,
      auc: metrics.auc,
      gini: metrics.gini,
      ks: metrics.ks,
      logLoss: metrics.logLoss,
      brier: metrics.brier,
      aucDifference: k === 0 ? 0 : metrics.auc - championAuc,
      fitSeconds: m.fitSeconds ?? null,
    })),
    curves: scored.map(({ m, metrics, curve }) => ({ model: m.name, fpr: curve.fpr, tpr: curve.tpr, auc: metrics.auc })),
  };
}
