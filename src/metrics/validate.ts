import { CreditkitError } from '../errors.js';

/** Checks that labels and scores (and weights) line up and hold usable values. */
export function checkScored(yTrue: ArrayLike<number>, scores: ArrayLike<number>, weights?: ArrayLike<number>): void {
  if (yTrue.length !== scores.length) {
    throw new CreditkitError('E_SHAPE', `${yTrue.length} labels but ${scores.length} scores`);
  }
  if (weights !== undefined && weights.length !== yTrue.length) {
    throw new CreditkitError('E_SHAPE', `${yTrue.length} labels but ${weights.length} weights`);
  }
  if (yTrue.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no rows to evaluate');
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i];
    if (y !== 0 && y !== 1) throw new CreditkitError('E_TARGET_INVALID', `label must be 0 or 1, got ${y}`, { row: i });
    if (!Number.isFinite(scores[i])) throw new CreditkitError('E_NONFINITE', `score is ${scores[i]}`, { row: i });
    if (weights !== undefined && !(Number.isFinite(weights[i]) && weights[i] >= 0)) {
      throw new CreditkitError('E_NONFINITE', `weight must be a finite number >= 0, got ${weights[i]}`, { row: i });
    }
  }
}
