import type { CsvOptions } from '../data/csv.js';
import { readCsvFile } from '../data/csvFile.js';
import type { ColumnKind, Dataset } from '../data/dataset.js';
import type { FeatureSpec } from '../models/schema.js';

/**
 * Reads a CSV for a trained model: its feature columns are typed as the model
 * saw them (a categorical column keeps the training dictionary even if its
 * labels look numeric here), plus `extra` columns read as text (ids keep
 * their exact spelling, which a float column would not).
 */
export async function readCsvForModel(path: string, specs: readonly FeatureSpec[], extra: string[] = []): Promise<Dataset> {
  const types: Record<string, ColumnKind> = {};
  const categories: Record<string, readonly string[]> = {};
  for (const s of specs) {
    types[s.name] = s.kind;
    if (s.categories) categories[s.name] = s.categories;
  }
  for (const name of extra) if (!(name in types)) types[name] = 'categorical';
  const columns = [...new Set([...specs.map((s) => s.name), ...extra])];
  return readCsvFile(path, { types, categories, columns });
}
