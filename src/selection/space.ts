import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { createModel, MODEL_KINDS } from '../models/factory.js';
import { Random } from '../random.js';
import { exp, log } from '../math/deterministic.js';

/** A JSON value an option may take (numbers, strings, booleans, null, objects such as monotone constraints). */
export type OptionValue = unknown;

/** One dimension of a search space. */
export type Dimension =
  | { kind: 'fixed'; value: OptionValue }
  | { kind: 'choice'; values: OptionValue[] }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'loguniform'; low: number; high: number }
  | { kind: 'int'; low: number; high: number };

/** A validated search space: option name → dimension, in the order of the JSON. */
export interface SearchSpace {
  model: string;
  dimensions: Record<string, Dimension>;
}

/** Largest grid `gridCandidates` will enumerate (a bigger one is almost always a typo). */
export const MAX_GRID = 100_000;

/** Candidates of a random search (each is one CV, `folds` fits), as many as the largest grid. */
export const ITERATION_RANGE: IntegerRange = { min: 1, max: MAX_GRID };

const DISTRIBUTIONS = ['uniform', 'loguniform', 'int', 'choice'] as const;

/**
 * Reads a search space for model `kind` from its JSON form:
 *
 * - `"maxDepth": [3, 4, 6]` — a list of values (a grid axis; random search draws one of them),
 * - `"learningRate": { "loguniform": [0.01, 0.3] }`, `{ "uniform": [a, b] }`, `{ "int": [a, b] }`
 *   (both bounds included) — distributions for random search,
 * - `"growPolicy": { "choice": ["depthwise", "lossguide"] }` — the same as a list,
 * - `"seed": 7` — a fixed value used by every candidate.
 *
 * Every option name must be one the model knows and every listed value (and
 * both bounds of a range) must be accepted by the model's constructor;
 * otherwise an E_OPTION error names the option and its JSON path.
 */
export function parseSearchSpace(kind: string, json: unknown, file?: string): SearchSpace {
  const where = (path: string) => (file === undefined ? { path } : { file, path });
  const fail = (message: string, path: string): never => {
    throw new CreditkitError('E_OPTION', message, where(path));
  };
  if (!isJsonObject(json)) {
    return fail('a search space must be a JSON object of option name → values', '$');
  }
  const known = knownOptions(kind);
  const dimensions = Object.create(null) as Record<string, Dimension>; // option names from JSON: own keys only
  for (const [name, spec] of Object.entries(json as Record<string, unknown>)) {
    if (known && !known.includes(name)) {
      fail(`unknown option "${name}" for model ${kind} (known: ${known.join(', ')})`, name);
    }
    dimensions[name] = parseDimension(spec, name, fail);
  }
  if (Object.keys(dimensions).length === 0) fail('the search space is empty', '$');
  // Values are checked together with the fixed ones, so that a value valid only in their
  // company passes (maxDepth 0 with a fixed growPolicy "lossguide").
  const fixed = Object.create(null) as Record<string, OptionValue>;
  for (const [name, dim] of Object.entries(dimensions)) if (dim.kind === 'fixed') fixed[name] = dim.value;
  for (const [name, dim] of Object.entries(dimensions)) {
    for (const [value, path] of probeValues(dim, name)) checkValue(kind, { ...fixed, [name]: value }, name, value, path, where);
  }
  return { model: kind, dimensions };
}

function parseDimension(spec: unknown, name: string, fail: (m: string, p: string) => never): Dimension {
  if (Array.isArray(spec)) {
    if (spec.length === 0) fail(`option "${name}" has an empty list of values`, name);
    return { kind: 'choice', values: spec };
  }
  if (typeof spec !== 'object' || spec === null) return { kind: 'fixed', value: spec };
  const keys = Object.keys(spec);
  const dist = keys.find((k) => (DISTRIBUTIONS as readonly string[]).includes(k));
  if (keys.length !== 1 || dist === undefined) {
    // An object that is not a distribution is a fixed value (e.g. monotoneConstraints).
    if (dist === undefined) return { kind: 'fixed', value: spec };
    return fail(`option "${name}": a distribution object has exactly one key (${DISTRIBUTIONS.join(', ')})`, name);
  }
  const arg = (spec as Record<string, unknown>)[dist];
  const path = `${name}.${dist}`;
  if (dist === 'choice') {
    if (!Array.isArray(arg) || arg.length === 0) fail(`option "${name}": "choice" takes a non-empty list`, path);
    return { kind: 'choice', values: arg as unknown[] };
  }
  if (!Array.isArray(arg) || arg.length !== 2 || !arg.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return fail(`option "${name}": "${dist}" takes [low, high], two finite numbers`, path);
  }
  const [low, high] = arg as number[];
  if (!(low <= high)) fail(`option "${name}": "${dist}" needs low <= high, got [${low}, ${high}]`, path);
  if (dist === 'loguniform' && !(low > 0)) fail(`option "${name}": "loguniform" needs low > 0, got ${low}`, path);
  if (dist === 'int' && !(Number.isInteger(low) && Number.isInteger(high))) fail(`option "${name}": "int" bounds must be integers`, path);
  return { kind: dist as 'uniform' | 'loguniform' | 'int', low, high };
}

/** The values of a dimension worth checking against the model: every listed value, both bounds of a range. */
function probeValues(dim: Dimension, name: string): [OptionValue, string][] {
  switch (dim.kind) {
    case 'fixed':
      return [[dim.value, name]];
    case 'choice':
      return dim.values.map((v, i) => [v, `${name}[${i}]`]);
    default:
      return [[dim.low, `${name}.${dim.kind}[0]`], [dim.high, `${name}.${dim.kind}[1]`]];
  }
}

function checkValue(kind: string, options: Record<string, OptionValue>, name: string, value: OptionValue, path: string,
  where: (p: string) => { path: string; file?: string }): void {
  try {
    createModel(kind, options);
  } catch (e) {
    if (e instanceof CreditkitError) throw new CreditkitError('E_OPTION', `option "${name}" = ${JSON.stringify(value)} is rejected by model ${kind}: ${e.message}`, where(path));
    throw e;
  }
}

/**
 * Option names of a model kind, from its option table. A kind registered
 * without a table (a user's own model) falls back to the keys of the
 * `options` object its instances expose; undefined when they expose none:
 * then only its constructor judges the names.
 */
export function knownOptions(kind: string): string[] | undefined {
  const table = Object.hasOwn(MODEL_KINDS, kind) ? MODEL_KINDS[kind].optionTable : undefined;
  if (table) return Object.keys(table.options);
  const o = (createModel(kind) as unknown as { options?: unknown }).options;
  return isJsonObject(o) ? Object.keys(o) : undefined;
}

/** Number of grid points; E_OPTION when a dimension is a continuous distribution. */
export function gridSize(space: SearchSpace): number {
  let n = 1;
  for (const [name, dim] of Object.entries(space.dimensions)) {
    if (dim.kind === 'uniform' || dim.kind === 'loguniform') {
      throw new CreditkitError('E_OPTION', `grid search needs lists of values; option "${name}" is a "${dim.kind}" distribution (use random search)`, { path: name });
    }
    n *= dim.kind === 'choice' ? dim.values.length : dim.kind === 'int' ? dim.high - dim.low + 1 : 1;
  }
  return n;
}

/** Every combination of the space's values, the last option varying fastest. */
export function gridCandidates(space: SearchSpace): Record<string, OptionValue>[] {
  const n = gridSize(space);
  if (n > MAX_GRID) throw new CreditkitError('E_OPTION', `the grid has ${n} candidates (more than ${MAX_GRID}); use random search`);
  const axes = Object.entries(space.dimensions).map(([name, dim]): [string, OptionValue[]] => {
    if (dim.kind === 'fixed') return [name, [dim.value]];
    if (dim.kind === 'choice') return [name, dim.values];
    if (dim.kind === 'int') return [name, Array.from({ length: dim.high - dim.low + 1 }, (_, i) => dim.low + i)];
    throw new Error('unreachable: gridSize rejects continuous dimensions');
  });
  let out: Record<string, OptionValue>[] = [{}];
  for (const [name, values] of axes) {
    out = out.flatMap((partial) => values.map((v) => ({ ...partial, [name]: v })));
  }
  return out;
}

/**
 * `n` candidates drawn independently from the space with a seeded generator
 * (same seed, same candidates). Duplicates are kept: with small discrete
 * spaces prefer grid search.
 */
export function randomCandidates(space: SearchSpace, n: number, seed: number): Record<string, OptionValue>[] {
  checkIntegerRange('iterations', n, ITERATION_RANGE);
  const rng = new Random(seed);
  return Array.from({ length: n }, () => {
    const c: Record<string, OptionValue> = {};
    for (const [name, dim] of Object.entries(space.dimensions)) c[name] = sample(dim, rng);
    return c;
  });
}

function sample(dim: Dimension, rng: Random): OptionValue {
  switch (dim.kind) {
    case 'fixed':
      return dim.value;
    case 'choice':
      return dim.values[rng.int(dim.values.length)];
    case 'uniform':
      return dim.low + rng.next() * (dim.high - dim.low);
    case 'loguniform':
      return exp(log(dim.low) + rng.next() * (log(dim.high) - log(dim.low)));
    case 'int':
      return dim.low + rng.int(dim.high - dim.low + 1);
  }
}
