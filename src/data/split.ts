import { CreditkitError } from '../errors.js';
import type { IntegerRange } from '../integerRange.js';
import { Random } from '../random.js';
import { validateLabels } from './target.js';

export interface Fold {
  /** Row indices, ascending. */
  train: Uint32Array;
  test: Uint32Array;
}

/**
 * A train/test split that keeps the class proportions: each class is
 * shuffled on its own and round(trainRatio × its size) of it goes to train.
 * A class of two or more rows always has a row on each side.
 */
export function stratifiedSplit(y: ArrayLike<number>, trainRatio: number, seed: number): Fold {
  validateLabels(y);
  if (!(trainRatio > 0 && trainRatio < 1)) {
    throw new CreditkitError('E_OPTION', `trainRatio must be between 0 and 1, exclusive (got ${trainRatio})`);
  }
  const rng = new Random(seed);
  const inTrain = new Uint8Array(y.length);
  let nTrain = 0;
  for (const rows of classRows(y)) {
    rng.shuffle(rows);
    const n = rows.length;
    const k = n < 2 ? n : Math.min(n - 1, Math.max(1, Math.round(trainRatio * n)));
    for (let i = 0; i < k; i++) inTrain[rows[i]] = 1;
    nTrain += k;
  }
  const train = new Uint32Array(nTrain);
  const test = new Uint32Array(y.length - nTrain);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) {
    if (inTrain[i]) train[a++] = i;
    else test[b++] = i;
  }
  return { train, test };
}

/**
 * k folds for cross-validation: every row is in exactly one test fold, and
 * each fold gets floor or ceil of (class size / k) rows of each class.
 */
/** Folds of a k-fold CV (docs/guides/modelling.md: model selection): each fold is one more fit. */
export const FOLD_RANGE: IntegerRange = { min: 2, max: 100 };

export function stratifiedKFold(y: ArrayLike<number>, k: number, seed: number): Fold[] {
  validateLabels(y);
  const classes = classRows(y);
  const smallest = Math.min(...classes.map((rows) => rows.length));
  if (!Number.isInteger(k) || k < FOLD_RANGE.min || k > Math.min(FOLD_RANGE.max, smallest)) {
    throw new CreditkitError('E_OPTION', `k must be an integer from 2 to ${FOLD_RANGE.max} and to the size of the smaller class (${smallest}); got ${k}`);
  }
  const rng = new Random(seed);
  const foldOf = new Uint32Array(y.length);
  // Deal rows round-robin, continuing the count across classes so that
  // fold sizes stay within one row of each other overall too.
  let t = 0;
  for (const rows of classes) {
    rng.shuffle(rows);
    for (const row of rows) foldOf[row] = t++ % k;
  }
  const sizes = new Uint32Array(k);
  for (const f of foldOf) sizes[f]++;
  return Array.from({ length: k }, (_, f) => {
    const test = new Uint32Array(sizes[f]);
    const train = new Uint32Array(y.length - sizes[f]);
    for (let i = 0, a = 0, b = 0; i < y.length; i++) {
      if (foldOf[i] === f) test[b++] = i;
      else train[a++] = i;
    }
    return { train, test };
  });
}

/** Row indices of class 0 and of class 1, ascending. */
function classRows(y: ArrayLike<number>): [Uint32Array, Uint32Array] {
  let nPositive = 0;
  for (let i = 0; i < y.length; i++) nPositive += y[i];
  const neg = new Uint32Array(y.length - nPositive);
  const pos = new Uint32Array(nPositive);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) {
    if (y[i] === 1) pos[b++] = i;
    else neg[a++] = i;
  }
  return [neg, pos];
}
