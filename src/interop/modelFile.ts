import type { Classifier } from '../models/classifier.js';
import type { XGBoostImportOptions } from './xgboostImport.js';
import { modelFileText, readModelText } from './modelText.js';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { readTextFile } from '../io/readTextFile.js';

/** Writes a model's JSON (with its protected attributes) atomically (a crash never leaves half a file). */
export async function saveModelFile(path: string, model: Classifier): Promise<void> {
  await writeFileAtomic(path, modelFileText(model));
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
