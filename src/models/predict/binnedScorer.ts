import type { FeatureInput } from '../../data/dataset.js';
import { CreditkitError } from '../../errors.js';
import { BinnedForest } from './binnedForest.js';
import { BinnedRows } from './binnedRows.js';
import { alignColumns, type FeatureSpec } from '../schema.js';
import { ThresholdBinning } from './thresholdBinning.js';
import type { Tree } from '../trees/tree.js';

/**
 * What a tree model needs to bin rows and score binned rows: its threshold
 * binning and its trees packed for the binned kernels. Built on first use
 * (a model that is never asked for binned scoring pays nothing).
 */
export class BinnedScorer {
  readonly binning: ThresholdBinning;
  readonly forest: BinnedForest;
  private readonly features: readonly FeatureSpec[];

  constructor(trees: readonly Tree[], features: readonly FeatureSpec[]) {
    this.binning = ThresholdBinning.fromTrees(trees, features);
    this.forest = new BinnedForest(trees, this.binning);
    this.features = features;
  }

  /** The model's features of `X` (matched as predictProba does: by name, categorical labels recoded; ±Infinity rejected) binned. */
  binRows(X: FeatureInput): BinnedRows {
    const { columns, nRows } = alignColumns(this.features, X, { checkFinite: false });
    const bins = this.binning.binColumns(columns, nRows, this.features.map((f) => f.name));
    return new BinnedRows(bins, nRows, this.binning.nFeatures, this.binning.digest);
  }

  /** Raw scores (or their sigmoid) of rows binned by this binning; E_BINNED_MISMATCH for rows binned by another. */
  predict(rows: BinnedRows, base: number, proba: boolean): Float64Array {
    if (!(rows instanceof BinnedRows)) throw new CreditkitError('E_OPTION', 'expected BinnedRows (from model.binRows)');
    const nf = this.binning.nFeatures;
    if (rows.nFeatures !== nf) {
      throw new CreditkitError('E_BINNED_MISMATCH', `the binned rows have ${rows.nFeatures} features, the model has ${nf}`);
    }
    if (rows.digest !== this.binning.digest) {
      throw new CreditkitError(
        'E_BINNED_MISMATCH',
        `the rows were binned for another model (binning ${rows.digest}, this model's is ${this.binning.digest}): bin them with this model's binRows`,
      );
    }
    if (rows.bins.length !== rows.nRows * nf) {
      throw new CreditkitError('E_SHAPE', `bins hold ${rows.bins.length} bytes, expected ${rows.nRows} × ${nf}`);
    }
    return this.forest.predict(rows.bins, rows.nRows, base, proba);
  }
}
