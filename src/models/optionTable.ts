import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';
import { inIntegerRange, type IntegerRange } from '../integerRange.js';

/**
 * Declarative option tables: one per model kind, one row per option (type,
 * range, default, one-line description). From a table come the defaults, the
 * constructor's validation, the options read back from a model file, the CLI
 * flags and their help, tuning's known options and the docs' option tables
 * (`scripts/options-readme.ts`).
 */

/** The values an option accepts. */
export type OptionType =
  /** An integer in `range` (both ends included); without a range any integer (seeds). */
  | { kind: 'integer'; range?: IntegerRange }
  /** A finite number above `min` (or from it, when `minIncluded`), up to `max` when set. */
  | { kind: 'number'; min: number; minIncluded: boolean; max?: number; maxIncluded?: boolean }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'boolean' }
  /** Anything else: `accepts` decides, `rule` completes "KEY must be ...". */
  | { kind: 'custom'; accepts: (v: unknown) => boolean; rule: string; range: string };

export interface OptionSpec<V = unknown> {
  type: OptionType;
  /** `null` is accepted too (its meaning is in `doc`). */
  nullable?: boolean;
  /** `null` is accepted and stored as this value (an older spelling kept in model files, e.g. 0 for "no limit"). */
  nullAs?: V;
  default: V;
  /** The docs' default cell when the value alone would mislead (e.g. "0 (31 with `lossguide`)"). */
  defaultText?: string;
  /** The docs' range cell when the type alone does not say it all (e.g. a value a cross-option rule forbids). */
  rangeText?: string;
  /** One line: what the option does. */
  doc: string;
  /** The command-line flag, for the model kinds a CLI command trains directly. */
  flag?: string;
}

/** A model kind's options: name → spec, in the order its model JSON writes them. */
export type OptionSpecs<T> = { readonly [K in keyof T]-?: OptionSpec<T[K]> };

export interface OptionTable<T> {
  /** The model's class name, for messages. */
  readonly model: string;
  readonly options: OptionSpecs<T>;
  /** Defaults that depend on another option the user gave; runs before the checks. */
  readonly derive?: (o: T, user: Partial<T>) => void;
  /** Rules across options; runs after every option passed its own check. */
  readonly crossCheck?: (o: T) => void;
}

/** Throws the E_OPTION error for an option that breaks its rule. */
export function badOption(key: string, rule: string, value: unknown): never {
  throw new CreditkitError('E_OPTION', `${key} must be ${rule}, got ${JSON.stringify(value)}`);
}

/** The table's defaults, in its order (fresh copies of array and object values). */
export function defaultsOf<T>(table: OptionTable<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table.options) as [string, OptionSpec][]) out[key] = copyValue(spec.default);
  return out as T;
}

/** The ranges of the table's integer options that have one (the `*_RANGES` constants). */
export function rangesOf<T, K extends keyof T>(table: OptionTable<T>, keys: readonly K[]): { readonly [P in K]: IntegerRange } {
  const out = {} as Record<K, IntegerRange>;
  for (const key of keys) {
    const type = (table.options[key] as OptionSpec).type;
    if (type.kind !== 'integer' || !type.range) throw new Error(`${String(key)} is not a ranged integer option`);
    out[key] = type.range;
  }
  return Object.freeze(out);
}

/**
 * User options over the defaults, checked: E_OPTION for a non-object, an
 * unknown key (listing the known ones) or a value outside its option's type
 * and range. `undefined` values keep the default. Array and object values are
 * copied, so the model never shares them with the caller.
 */
export function resolveOptions<T>(table: OptionTable<T>, user: unknown = {}): T {
  if (!isJsonObject(user)) {
    throw new CreditkitError('E_OPTION', `${table.model} options must be an object`);
  }
  const known = Object.keys(table.options);
  for (const key of Object.keys(user)) {
    if (!Object.hasOwn(table.options, key)) {
      throw new CreditkitError('E_OPTION', `unknown option "${key}" of ${table.model} (known: ${known.join(', ')})`);
    }
  }
  const given = user as Partial<T> & Record<string, unknown>;
  const o = defaultsOf(table);
  const set = o as Record<string, unknown>;
  for (const key of known) {
    if (given[key] === undefined) continue;
    const nullAs = (table.options as Record<string, OptionSpec>)[key].nullAs;
    set[key] = given[key] === null && nullAs !== undefined ? nullAs : copyValue(given[key]);
  }
  table.derive?.(o, given);
  for (const key of known) checkOption(key, (table.options as Record<string, OptionSpec>)[key], set[key]);
  table.crossCheck?.(o);
  return o;
}

/**
 * The options saved in a model file (`json.options`), read by the same
 * validator as the constructor's: E_MODEL_FORMAT at `options` when they are
 * not an object or break the table. Missing options are the defaults.
 */
export function readSavedOptions<T>(table: OptionTable<T>, json: Record<string, unknown>): T {
  const saved = json.options === undefined ? {} : json.options;
  if (!isJsonObject(saved)) {
    throw new CreditkitError('E_MODEL_FORMAT', 'must be an object', { path: 'options' });
  }
  try {
    return resolveOptions(table, saved);
  } catch (e) {
    throw new CreditkitError('E_MODEL_FORMAT', `invalid options: ${(e as Error).message}`, { path: 'options' });
  }
}

/** E_OPTION naming `key` unless `v` is a value of its spec. */
export function checkOption(key: string, spec: OptionSpec, v: unknown): void {
  if (v === null && spec.nullable) return;
  if (!accepts(spec.type, v)) badOption(key, ruleOf(spec), v);
}

function accepts(type: OptionType, v: unknown): boolean {
  switch (type.kind) {
    case 'integer':
      return type.range ? inIntegerRange(v, type.range) : typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) &&
        (type.minIncluded ? v >= type.min : v > type.min) &&
        (type.max === undefined || (type.maxIncluded ? v <= type.max : v < type.max));
    case 'enum':
      return type.values.includes(v as string);
    case 'boolean':
      return typeof v === 'boolean';
    case 'custom':
      return type.accepts(v);
  }
}

/** What completes "KEY must be ...". */
function ruleOf(spec: OptionSpec): string {
  const orNull = spec.nullable ? ', or null' : '';
  const t = spec.type;
  switch (t.kind) {
    case 'integer':
      if (!t.range) return `an integer${orNull}`;
      return t.range.max === Number.MAX_SAFE_INTEGER ? `an integer >= ${t.range.min}${orNull}` : `an integer in ${t.range.min}..${t.range.max}${orNull}`;
    case 'number':
      return t.max === undefined ? `a finite number ${t.minIncluded ? '>=' : '>'} ${t.min}${orNull}` : `in ${interval(t)}${orNull}`;
    case 'enum':
      return `one of ${t.values.map((v) => JSON.stringify(v)).join(', ')}${orNull}`;
    case 'boolean':
      return `true or false${orNull}`;
    case 'custom':
      return t.rule;
  }
}

export function interval(t: { min: number; minIncluded: boolean; max?: number; maxIncluded?: boolean }): string {
  return `${t.minIncluded ? '[' : '('}${t.min}, ${t.max}${t.maxIncluded ? ']' : ')'}`;
}

function copyValue<V>(v: V): V {
  if (Array.isArray(v)) return [...v] as V;
  if (typeof v === 'object' && v !== null) return { ...v };
  return v;
}
