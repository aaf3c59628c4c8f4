import type { Dataset } from '../data/dataset.js';
import type { Classifier } from '../models/classifier.js';
import { shapValues } from '../explain/shapValues.js';

/**
 * The report's adapter to SHAP (`shapValues` of `src/explain/shapValues.ts`:
 * TreeSHAP for tree models, linear SHAP for linear ones) and the plain data
 * it draws from analyses done elsewhere (the repeated-split comparison is
 * `compareModels` of `src/selection/compare.ts`). A model no explainer covers
 * (an MLP, an RBF SVM) gives `{ unavailable: reason }` and the report says so
 * in the section.
 */

/** SHAP contributions for the report's sections (plain data). */
export interface ShapData {
  featureNames: string[];
  /** nRows × nFeatures, row-major, on the raw score. */
  contributions: Float64Array;
  /** Expected raw score: bias + Σ a row's contributions = its raw score. */
  bias: number;
  nRows: number;
  link: 'logit' | 'identity';
  /** How they were computed (e.g. "TreeSHAP", "linear SHAP"), when known. */
  method?: string;
}

/** The repeated-split comparison table (mean ± sd per model and training share). */
export interface RepeatedComparison {
  repeats: number;
  rows: { model: string; trainRatio: number; auc: { mean: number; sd: number }; ks: { mean: number; sd: number }; f1: { mean: number; sd: number }; fitSeconds: { mean: number; sd: number } }[];
}

export type Sourced<T> = T | { unavailable: string };

export function isUnavailable<T>(s: Sourced<T>): s is { unavailable: string } {
  return typeof s === 'object' && s !== null && 'unavailable' in s;
}

/**
 * SHAP contributions of `X`'s rows, through `shapValues(model, X)` of
 * src/explain. Models no explainer covers give the reason instead.
 */
export async function shapSource(model: Classifier, X: Dataset): Promise<Sourced<ShapData>> {
  try {
    const s = shapValues(model, X);
    return { featureNames: s.featureNames, contributions: s.contributions, bias: s.bias, nRows: s.nRows, link: s.link, method: s.method };
  } catch (e) {
    if ((e as { code?: string }).code === 'E_NOT_EXPLAINABLE') return { unavailable: (e as Error).message };
    throw e;
  }
}
