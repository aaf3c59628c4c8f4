import type { DesignMatrix } from './preprocess.js';

/**
 * A linear model's score as its explainer needs it: raw = intercept +
 * Σ coef[j] · z[j], where z are the model's own preprocessed (design) columns
 * (imputed and standardized numbers, one-hot labels, missing indicators) and
 * raw is the log-odds of default the model's PD is the sigmoid of.
 */
export interface LinearTerms {
  /** The design columns of feature columns already in the model's order and dictionaries (see `alignColumns`). */
  design(columns: readonly Float32Array[], nRows: number): DesignMatrix;
  /** Names of the design columns (`name`, `name=label`, `name=(missing)`). */
  columnNames: readonly string[];
  /** The feature (index into the model's `featureSpecs`) each design column comes from. */
  columnFeature: Int32Array;
  /** Coefficient of each design column on the raw scale. */
  coef: Float64Array;
  intercept: number;
  /** Mean of each design column over the training rows, sample weights applied; null in a model file saved before creditkit stored it. */
  background: Float64Array | null;
  /** The raw score is the log-odds (logit) of the PD. */
  link: 'logit';
  /** What the raw score is, in words (for output and reports). */
  scale: string;
}
