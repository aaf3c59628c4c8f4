import { CreditkitError } from '../../errors.js';

/**
 * Rows pre-binned for one tree model (`model.binRows(X)`), to be scored by
 * `model.predictProbaBinned` as often as needed: one byte per feature, row
 * after row (feature f of row i at `bins[i * nFeatures + f]`), 255 for a
 * missing value. `digest` names the model's threshold binning: rows binned
 * for a model that bins differently are refused (E_BINNED_MISMATCH).
 *
 * The bytes can be stored and rebuilt with `new BinnedRows(...)`. Bins are
 * only compared, so any byte is safe to score; a value above the feature's
 * number of thresholds (other than 255) counts as "above every threshold".
 */
export class BinnedRows {
  readonly bins: Uint8Array;
  readonly nRows: number;
  readonly nFeatures: number;
  readonly digest: string;

  constructor(bins: Uint8Array, nRows: number, nFeatures: number, digest: string) {
    if (!(bins instanceof Uint8Array)) throw new CreditkitError('E_OPTION', 'bins must be a Uint8Array');
    if (!Number.isInteger(nRows) || nRows < 0) throw new CreditkitError('E_OPTION', `nRows must be a non-negative integer, got ${nRows}`);
    if (!Number.isInteger(nFeatures) || nFeatures < 1) throw new CreditkitError('E_OPTION', `nFeatures must be a positive integer, got ${nFeatures}`);
    if (bins.length !== nRows * nFeatures) {
      throw new CreditkitError('E_SHAPE', `bins hold ${bins.length} bytes, expected nRows × nFeatures = ${nRows} × ${nFeatures} = ${nRows * nFeatures}`);
    }
    if (typeof digest !== 'string' || digest.length === 0) throw new CreditkitError('E_OPTION', 'digest must be a non-empty string');
    this.bins = bins;
    this.nRows = nRows;
    this.nFeatures = nFeatures;
    this.digest = digest;
  }
}
