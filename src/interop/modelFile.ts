import { CreditkitError } from '../errors.js';
import type { Classifier } from '../models/classifier.js';
import { importXGBoostJSON, type XGBoostImportOptions } from './xgboostImport.js';
import { loadModel } from '../models/registry.js';
import { modelToJSON } from '../models/protectedAttributes.js';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { readTextFile } from '../io/readTextFile.js';

/** Writes a model's JSON (with its protected attributes) atomically (a crash never leaves half a file). */
export async function saveModelFile(path: string, model: Classifier): Promise<void> {
  await writeFileAtomic(path, modelFileText(model));
}

/** The text `saveModelFile` writes: the model's JSON (with its protected attributes) on one line. */
export function modelFileText(model: Classifier): string {
  return JSON.stringify(modelToJSON(model)) + '\n';
}

/**
 * Reads and validates a model file — a creditkit model, or an XGBoost JSON
 * model (recognised by its "learner" key) — and reports every problem with
 * the file name. `onNotice` hears what an XGBoost import changed (trees
 * dropped after best_iteration).
 */
export async function readModelFile(path: string, options: Pick<XGBoostImportOptions, 'onNotice'> = {}): Promise<Classifier> {
  return readModelText(await readTextFile(path, 'model file'), path, options);
}

/**
 * `readModelFile` for a model's text already read (from standard input, a
 * fetch, …); errors name `file`.
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
