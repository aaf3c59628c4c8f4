import type { CsvTextFlags } from './args.js';
import { readDataInput } from './standardInput.js';
import { type Dataset, splitTarget, CreditkitError, type FeatureSpec, scoringSchema } from '../core.js';

/**
 * Reads a data file (CSV, Parquet or Arrow, by extension; `-` for CSV on standard input) for a trained model: its feature columns are typed as the model
 * saw them (a categorical column keeps the training dictionary even if its
 * labels look numeric here), plus `extra` columns read as text (ids keep
 * their exact spelling, which a float column would not).
 */
export async function readCsvForModel(path: string, specs: readonly FeatureSpec[], extra: string[] = [], csv: CsvTextFlags = {}): Promise<Dataset> {
  return readDataInput(path, { ...scoringSchema(specs, extra), ...csv });
}

/**
 * Reads labelled rows for a trained model (`readCsvForModel` plus the target)
 * and splits off the target; a missing target column is E_TARGET_MISSING.
 * `ds` keeps the `extra` columns (ids) that `X` does not.
 */
export async function readLabelledForModel(
  path: string, specs: readonly FeatureSpec[], target: string, positive: string | undefined, extra: string[] = [], csv: CsvTextFlags = {},
): Promise<{ ds: Dataset; X: Dataset; y: Float64Array }> {
  let ds: Dataset;
  try {
    ds = await readCsvForModel(path, specs, [target, ...extra], csv);
  } catch (e) {
    // The target is read with the model's columns: name it for what it is.
    if (e instanceof CreditkitError && e.code === 'E_COLUMN_UNKNOWN' && e.where.column === target) {
      throw new CreditkitError('E_TARGET_MISSING', `no target column "${target}" in the data`, { file: path, column: target });
    }
    throw e;
  }
  return { ds, ...splitTarget(ds, target, { positive }) };
}

/**
 * The feature columns of several models as one schema (the first model's
 * dictionary for a shared categorical column; each model recodes to its own
 * when it scores). E_COLUMN_TYPE naming the column when two models read it as
 * different kinds, since one CSV read cannot serve both.
 */
export function unionOfSpecs(models: readonly { name: string; specs: readonly FeatureSpec[] }[]): FeatureSpec[] {
  const byName = new Map<string, { spec: FeatureSpec; owner: string }>();
  for (const m of models) {
    for (const s of m.specs) {
      const seen = byName.get(s.name);
      if (!seen) byName.set(s.name, { spec: s, owner: m.name });
      else if (seen.spec.kind !== s.kind) {
        throw new CreditkitError('E_COLUMN_TYPE', `${seen.owner} reads this column as ${seen.spec.kind}, ${m.name} as ${s.kind}: the models cannot be scored on the same rows`, { column: s.name });
      }
    }
  }
  return [...byName.values()].map((v) => v.spec);
}
