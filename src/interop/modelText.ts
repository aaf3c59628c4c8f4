// A model file's text, written and read without touching a file: what
// saveModelFile writes and readModelFile parses, for any runtime (browsers too).
import { CreditkitError } from '../errors.js';
import type { Classifier } from '../models/classifier.js';
import { importXGBoostJSON, type XGBoostImportOptions } from './xgboostImport.js';
import { loadModel } from '../models/registry.js';
import { modelToJSON } from '../models/protectedAttributes.js';

/** The text `saveModelFile` writes: the model's JSON (with its protected attributes) on one line. */
export function modelFileText(model: Classifier): string {
  return JSON.stringify(modelToJSON(model)) + '\n';
}

/**
 * `readModelFile` for a model's text already read (from standard input, a
 * fetch, …): a creditkit model or an XGBoost JSON model; errors name `file`.
 */
export function readModelText(text: string, file: string, options: Pick<XGBoostImportOptions, 'onNotice'> = {}): Classifier {
  try {
    return isXGBoostJSON(text) ? importXGBoostJSON(text, { onNotice: options.onNotice }) : loadModel(text);
  } catch (e) {
    if (e instanceof CreditkitError) throw e.locatedAt({ file });
    throw e;
  }
}

/** XGBoost's JSON models start with {"learner": …}; creditkit's with {"format": …}. */
function isXGBoostJSON(text: string): boolean {
  return /^\s*\{\s*"learner"\s*:/.test(text);
}
