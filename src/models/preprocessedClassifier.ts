import type { FeatureInput } from '../data/dataset.js';
import type { ModelJSON } from './classifier.js';
import { checkFitInput, notFitted } from './fitInput.js';
import { envelope, readEnvelope } from './modelJson.js';
import { type DesignMatrix, type PreprocessOptions, Preprocessor } from './preprocess.js';
import type { FeatureSpec } from './schema.js';

/**
 * What the models that preprocess inside (logistic regression, SVM, MLP)
 * share: the fitted Preprocessor (missing values, one-hot, standardization)
 * whose input columns are the model's features, and its place in the JSON.
 */
export abstract class PreprocessedClassifier {
  /** The fitted preprocessing; null before `fit`. */
  protected prep: Preprocessor | null = null;

  get featureSpecs(): readonly FeatureSpec[] {
    return this.prep?.features ?? [];
  }

  /** The fitted preprocessing, or E_NOT_FITTED. */
  protected get fittedPrep(): Preprocessor {
    return this.prep ?? notFitted();
  }
}

/** Checks the training input and fits the preprocessing on it: the design matrix M the model trains on. */
export function preprocessForFit(
  Xin: FeatureInput, yIn: ArrayLike<number>, sampleWeight: ArrayLike<number> | undefined, options: PreprocessOptions,
): { y: Float64Array; w: Float64Array; prep: Preprocessor; M: DesignMatrix } {
  const { X, y, w } = checkFitInput(Xin, yIn, sampleWeight);
  const prep = Preprocessor.fit(X, options, w);
  return { y, w, prep, M: prep.transform(X) };
}

/** The model JSON envelope plus the preprocessing, which every such model saves first. */
export function preprocessedEnvelope(name: string, version: number, options: object, prep: Preprocessor): ModelJSON {
  return { ...envelope(name, version, options), preprocess: prep.toJSON() };
}

/** Reads and checks the envelope, builds the model from it (its saved options: `readSavedOptions`) and reads the preprocessing. */
export function readPreprocessedEnvelope<T>(
  json: unknown, name: string, version: number, build: (envelope: Record<string, unknown>) => T,
): { o: Record<string, unknown>; model: T; prep: Preprocessor } {
  const o = readEnvelope(json, name, version);
  const model = build(o);
  return { o, model, prep: Preprocessor.fromJSON(o.preprocess, 'preprocess') };
}
