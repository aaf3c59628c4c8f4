import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';
import type { ModelJSON } from './classifier.js';
import { MAX_MODEL_FEATURES } from './modelLimits.js';
import type { FeatureSpec } from './schema.js';

/**
 * Strict readers for model JSON: every value is checked for type, length and
 * finiteness, and a problem is an E_MODEL_FORMAT error naming its JSON path.
 */
export function formatError(message: string, path: string): never {
  throw new CreditkitError('E_MODEL_FORMAT', message, { path });
}

export function asObject(json: unknown, path: string): Record<string, unknown> {
  if (!isJsonObject(json)) return formatError('must be a JSON object', path);
  return json as Record<string, unknown>;
}

/** A saved model as given: JSON text is parsed (E_MODEL_FORMAT when it is not JSON), anything else passed through. */
export function parseModelText(json: unknown): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new CreditkitError('E_MODEL_FORMAT', `not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * The one reader of a saved model's envelope `{ format, name, version }`
 * (object or JSON text): checks it is this model kind and version and returns
 * the object for the model's own fields.
 */
export function readEnvelope(json: unknown, name: string, version: number): Record<string, unknown> {
  json = parseModelText(json);
  if (!isJsonObject(json)) throw new CreditkitError('E_MODEL_FORMAT', 'a model must be a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== 'creditkit-model') formatError('not a creditkit model (missing "format": "creditkit-model")', 'format');
  if (o.name !== name) formatError(`expected a ${name}, found ${JSON.stringify(o.name)}`, 'name');
  if (o.version !== version) formatError(`unsupported model version ${JSON.stringify(o.version)} (this creditkit reads version ${version})`, 'version');
  return o;
}

export function finiteNumber(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return formatError(`must be a finite number, got ${JSON.stringify(v)}`, path);
  return v;
}

export function integerIn(v: unknown, lo: number, hi: number, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) return formatError(`must be an integer in ${lo}..${hi}, got ${JSON.stringify(v)}`, path);
  return v;
}

export function booleanValue(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') return formatError(`must be true or false, got ${JSON.stringify(v)}`, path);
  return v;
}

/** An array of finite numbers of the given length (any length when omitted). */
export function finiteArray(v: unknown, path: string, length?: number): Float64Array {
  if (!Array.isArray(v)) return formatError('must be an array of numbers', path);
  if (length !== undefined && v.length !== length) formatError(`must have ${length} values, has ${v.length}`, path);
  const out = new Float64Array(v.length);
  v.forEach((x, i) => {
    out[i] = finiteNumber(x, `${path}[${i}]`);
  });
  return out;
}

/**
 * The model's feature list: unique names (at most MAX_MODEL_FEATURES), numeric
 * or categorical with a dictionary of distinct string labels.
 */
export function readFeatureSpecs(json: unknown, path: string): FeatureSpec[] {
  if (!Array.isArray(json) || json.length === 0) return formatError('must be a non-empty array of features', path);
  if (json.length > MAX_MODEL_FEATURES) formatError(`has ${json.length} features, more than ${MAX_MODEL_FEATURES}`, path);
  const names = new Set<string>();
  return json.map((f, j) => {
    const at = `${path}[${j}]`;
    const spec = f as Partial<FeatureSpec>;
    if (typeof f !== 'object' || f === null || typeof spec.name !== 'string') return formatError('a feature needs a string "name"', at);
    if (names.has(spec.name)) formatError(`duplicate feature "${spec.name}"`, at);
    names.add(spec.name);
    if (spec.kind === 'numeric') return { name: spec.name, kind: 'numeric' as const };
    if (spec.kind === 'categorical' && Array.isArray(spec.categories) && spec.categories.every((c) => typeof c === 'string')) {
      checkDistinctLabels(spec.categories, `${at}.categories`);
      return { name: spec.name, kind: 'categorical' as const, categories: [...spec.categories] };
    }
    return formatError('kind must be "numeric", or "categorical" with a string array "categories"', at);
  });
}

/** A category dictionary lists each label once (code i means label i): else E_MODEL_FORMAT at the repeat. */
export function checkDistinctLabels(labels: readonly string[], path: string): void {
  const seen = new Set<string>();
  labels.forEach((label, i) => {
    if (seen.has(label)) formatError(`the category dictionary lists ${JSON.stringify(label)} twice`, `${path}[${i}]`);
    seen.add(label);
  });
}

/** The one writer of a saved model's envelope (the caller adds its own fields after it). */
export function envelope(name: string, version: number, options: object): ModelJSON {
  return { format: 'creditkit-model', name, version, options: JSON.parse(JSON.stringify(options)) as Record<string, unknown> };
}
