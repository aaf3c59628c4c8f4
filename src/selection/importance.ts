import { Dataset } from '../data/dataset.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { CreditkitError } from '../errors.js';
import { builtInImportances, type Classifier, type ImportanceKind } from '../models/classifier.js';
import { Random } from '../random.js';
import { higherIsBetter, score, type Scoring } from './crossValidate.js';

export interface ImportanceOptions {
  /** Measure of a model's own `featureImportances` (GBDT: 'gain' (default), 'split' or 'cover'); a model without it is permuted. */
  kind?: string;
  /** Permutation importance: scoring and repeats per feature. */
  scoring?: Scoring;
  repeats?: number;
  seed?: number;
}

export interface Importances {
  /** Feature name → importance (larger = more important). */
  values: Record<string, number>;
  /** Where the figures came from. */
  source: 'model' | 'permutation';
}

/**
 * Importance of each feature of a fitted model: the model's own
 * `featureImportances(kind)` when it offers that measure (GBDT: total gain by default),
 * else permutation importance on (X, y) — the mean loss of score when one
 * column is shuffled (seeded), over `repeats` shuffles.
 */
export function featureImportances(model: Classifier, X: Dataset, y: ArrayLike<number>, options: ImportanceOptions = {}): Importances {
  const values = builtInImportances(model, (options.kind ?? 'gain') as ImportanceKind);
  if (values !== null) {
    for (const name of X.names) if (!(name in values)) values[name] = 0;
    return { values, source: 'model' };
  }
  return { values: permutationImportance(model, X, y, options), source: 'permutation' };
}

/** Mean drop in score (AUC by default; rise for log loss) when each column is shuffled, seeded. */
/** Shuffles per feature in permutation importance: each is one prediction of every row. */
export const PERMUTATION_REPEAT_RANGE: IntegerRange = { min: 1, max: 1000 };

export function permutationImportance(model: Classifier, X: Dataset, y: ArrayLike<number>, options: ImportanceOptions = {}): Record<string, number> {
  const scoring = options.scoring ?? 'auc';
  const repeats = options.repeats ?? 3;
  checkIntegerRange('repeats', repeats, PERMUTATION_REPEAT_RANGE);
  const rng = new Random(options.seed ?? 0);
  const sign = higherIsBetter(scoring) ? 1 : -1;
  const base = score(scoring, y, model.predictProba(X));
  const out = Object.create(null) as Record<string, number>; // feature names: own keys only
  X.columns.forEach((col, j) => {
    let drop = 0;
    for (let r = 0; r < repeats; r++) {
      const shuffled = rng.shuffle(Float32Array.from(col.values));
      const cols = X.columns.map((c, k) => (k === j ? { ...c, values: shuffled } : c));
      drop += sign * (base - score(scoring, y, model.predictProba(new Dataset(cols, X.nRows))));
    }
    out[col.name] = drop / repeats;
  });
  return out;
}
