import { CreditkitError } from '../errors.js';

/** Checks sample weights (one finite number ≥ 0 per row, not all 0) and returns them. */
export function sampleWeights(weights: ArrayLike<number>, nRows: number): ArrayLike<number> {
  if (weights.length !== nRows) throw new CreditkitError('E_SHAPE', `${weights.length} sample weights but ${nRows} rows`);
  let total = 0;
  for (let i = 0; i < nRows; i++) {
    const w = weights[i];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new CreditkitError('E_OPTION', `a sample weight must be a finite number ≥ 0, got ${String(w)}`, { row: i });
    }
    total += w;
  }
  if (!(total > 0)) throw new CreditkitError('E_OPTION', 'the sample weights are all 0');
  return weights;
}
