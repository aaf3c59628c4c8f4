import type { FeatureInput } from '../data/dataset.js';
import type { FeatureSpec } from './schema.js';

/** Called after each boosting round (or epoch) while a model trains. */
export interface ProgressInfo {
  iteration: number;
  total: number;
  /** Validation metric of this round, when an eval set was given. */
  evalScore?: number;
}

export interface FitOptions {
  sampleWeight?: ArrayLike<number>;
  /** Held-out data for early stopping and progress reporting. */
  evalSet?: { X: FeatureInput; y: ArrayLike<number>; sampleWeight?: ArrayLike<number> };
  onProgress?: (info: ProgressInfo) => void;
}

/** What every creditkit classifier offers (scikit-learn's names, mljs's JSON convention). */
export interface Classifier {
  /** The features the model was trained on, with their kinds and dictionaries. */
  readonly featureSpecs: readonly FeatureSpec[];
  fit(X: FeatureInput, y: ArrayLike<number>, options?: FitOptions): this;
  /** Probability of the positive class (default) for each row. */
  predictProba(X: FeatureInput): Float64Array;
  toJSON(): ModelJSON;
}

/** The envelope of every saved model. */
export interface ModelJSON {
  format: 'creditkit-model';
  name: string;
  version: number;
  options: Record<string, unknown>;
  [key: string]: unknown;
}
