import { CreditkitError } from '../errors.js';
import { Dataset, type ColumnKind, type FeatureInput } from '../data/dataset.js';
import { checkFinite } from '../data/finiteFeatures.js';

/** What a model remembers about each feature it was trained on. */
export interface FeatureSpec {
  name: string;
  kind: ColumnKind;
  /** Training dictionary of a categorical feature: code i means categories[i]. */
  categories?: string[];
}

export function schemaOf(ds: Dataset): FeatureSpec[] {
  return ds.columns.map((c) =>
    c.kind === 'categorical' ? { name: c.name, kind: c.kind, categories: [...(c.categories ?? [])] } : { name: c.name, kind: c.kind },
  );
}

/**
 * The model's feature columns taken from `X`, in the model's order: by name
 * for a Dataset (other columns are ignored), by position for plain rows.
 * Categorical codes are translated to the training dictionary (labels the
 * model never saw become missing).
 */
export function alignColumns(
  schema: readonly FeatureSpec[], X: FeatureInput, options: { checkFinite?: boolean } = {},
): { columns: Float32Array[]; nRows: number } {
  // `checkFinite: false` leaves the ±Infinity check to the caller (PackedForest.predict does it in wasm).
  const check = options.checkFinite ?? true;
  if (!(X instanceof Dataset)) {
    const ds = Dataset.fromRows(X, schema.map((s) => s.name));
    if (X.length > 0 && X[0].length !== schema.length) {
      throw new CreditkitError('E_SHAPE', `rows have ${X[0].length} values, the model has ${schema.length} features`);
    }
    const columns = ds.columns.map((c) => c.values);
    if (check) columns.forEach((v, j) => checkFinite(v, schema[j].name));
    return { columns, nRows: ds.nRows };
  }
  const missing = schema.filter((s) => !X.has(s.name)).map((s) => s.name);
  if (missing.length > 0) {
    throw new CreditkitError('E_COLUMN_UNKNOWN', `the data lacks ${missing.length} feature column(s) the model needs: ${missing.join(', ')}`, { column: missing[0] });
  }
  const columns = schema.map((spec) => {
    const col = X.column(spec.name);
    if (col.kind !== spec.kind) {
      throw new CreditkitError('E_COLUMN_TYPE', `the model was trained on a ${spec.kind} column, the data has a ${col.kind} one`, { column: spec.name });
    }
    if (spec.kind === 'numeric') {
      if (check) checkFinite(col.values, spec.name);
      return col.values;
    }
    return recode(col.values, col.categories ?? [], spec.categories ?? []);
  });
  return { columns, nRows: X.nRows };
}

function recode(codes: Float32Array, from: readonly string[], to: readonly string[]): Float32Array {
  const index = new Map(to.map((label, i) => [label, i]));
  const map = from.map((label) => index.get(label) ?? NaN);
  const same = map.length === to.length && map.every((v, i) => v === i);
  if (same) return codes;
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    out[i] = c === c ? map[c] : NaN;
  }
  return out;
}
