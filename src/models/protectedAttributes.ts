import { CreditkitError } from '../errors.js';
import type { Classifier, ModelJSON } from './classifier.js';
import { formatError } from './modelJson.js';

/**
 * Protected attributes (sex, age, marital status, …): columns a model must not
 * use as features, recorded with the model so that a later validation can
 * check them (fair lending: they are inputs to the fairness analysis only,
 * never features and never reason codes). Saved in the model JSON as
 * `protectedAttributes`, a list of column names, by `modelToJSON` and
 * `saveModelFile`; read back by `loadModel` and `readModelFile`. A file
 * without the field (every file written before it) has none.
 */
export const PROTECTED_ATTRIBUTES_FIELD = 'protectedAttributes';

/** The model's protected attributes (empty when none were recorded). */
export function protectedAttributesOf(model: Classifier): readonly string[] {
  return model.protectedAttributes ?? [];
}

/**
 * Records `names` as the model's protected attributes (replacing any). E_OPTION
 * for a name that is empty or listed twice; E_PROTECTED_FEATURE for a name
 * that is one of the model's features.
 */
export function setProtectedAttributes(model: Classifier, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string' || name.length === 0) throw new CreditkitError('E_OPTION', `a protected attribute must be a column name, got ${JSON.stringify(name)}`);
    if (seen.has(name)) throw new CreditkitError('E_OPTION', `protected attribute "${name}" is listed twice`, { column: name });
    seen.add(name);
  }
  const feature = model.featureSpecs.find((f) => seen.has(f.name));
  if (feature) throw new CreditkitError('E_PROTECTED_FEATURE', `"${feature.name}" is a protected attribute and a feature of the model: a protected attribute must not be a feature`, { column: feature.name });
  (model as { protectedAttributes?: readonly string[] }).protectedAttributes = Object.freeze([...names]);
}

/** The model's JSON (`toJSON()`) with its protected attributes, when it has any. */
export function modelToJSON(model: Classifier): ModelJSON {
  const json = model.toJSON();
  const names = protectedAttributesOf(model);
  return names.length === 0 ? json : { ...json, [PROTECTED_ATTRIBUTES_FIELD]: [...names] };
}

/**
 * The protected attributes saved in model JSON `json` (none when the field is
 * absent); E_MODEL_FORMAT at `protectedAttributes` for a value that is not an
 * array of distinct non-empty names, or that names one of `features`.
 */
export function readProtectedAttributes(json: Record<string, unknown>, features: readonly { name: string }[]): string[] {
  const v = json[PROTECTED_ATTRIBUTES_FIELD];
  if (v === undefined) return [];
  if (!Array.isArray(v)) return formatError('must be an array of column names', PROTECTED_ATTRIBUTES_FIELD);
  const seen = new Set<string>();
  const featureNames = new Set(features.map((f) => f.name));
  v.forEach((name: unknown, i) => {
    const at = `${PROTECTED_ATTRIBUTES_FIELD}[${i}]`;
    if (typeof name !== 'string' || name.length === 0) formatError(`must be a column name, got ${JSON.stringify(name)}`, at);
    if (seen.has(name)) formatError(`"${name}" is listed twice`, at);
    if (featureNames.has(name)) formatError(`"${name}" is a feature of the model; a protected attribute cannot be one`, at);
    seen.add(name);
  });
  return v as string[];
}
