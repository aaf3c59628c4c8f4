import { CreditkitError, MODEL_KINDS, optionHelp, type OptionSpec } from '../core.js';
import { integerFlag, numberFlag } from './args.js';
import { readTextInput } from './standardInput.js';

/**
 * A model kind's options from the command line: one flag per option of every
 * kind's option table (the table's `flag`, else the option's name in kebab
 * case: `maxDepth` → `--max-depth`, `C` → `--c`), plus `--options` with a
 * JSON object or a JSON file. A flag is read by the chosen kind's spec, so
 * `--max-depth` means the GBDT's or the tree's maximum depth.
 */

/** Options set by a flag of their own, parsed by the command (`--monotone A:1`, `--special-values A:-999`). */
export const DEDICATED_OPTION_FLAGS: Readonly<Record<string, string>> = { monotoneConstraints: 'monotone', specialValues: 'special-values' };

/** `maxDepth` → `max-depth`, `C` → `c`, `oobScore` → `oob-score`. */
function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c, at: number) => (at === 0 ? '' : '-') + c.toLowerCase());
}

/** The flag of option `key`, or undefined for an option with a dedicated flag. */
export function optionFlagName(key: string, spec: OptionSpec): string | undefined {
  if (Object.hasOwn(DEDICATED_OPTION_FLAGS, key)) return undefined;
  return spec.flag ?? kebab(key);
}

/** Every kind's option flags (flag → option key), except those `reserved` by the command itself. */
export function modelOptionFlags(reserved: ReadonlySet<string>): Map<string, string> {
  const flags = new Map<string, string>();
  for (const kind of Object.values(MODEL_KINDS)) {
    for (const [key, spec] of Object.entries(kind.optionTable?.options ?? {}) as [string, OptionSpec][]) {
      const flag = optionFlagName(key, spec);
      if (flag !== undefined && !reserved.has(flag)) flags.set(flag, key);
    }
  }
  return flags;
}

/** The flags of `flags` (flag → option key) whose option is a boolean in every kind that has it: given alone, they mean true. */
export function booleanOptionFlags(flags: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  for (const [flag, key] of flags) {
    const specs = Object.values(MODEL_KINDS)
      .map((kind) => (kind.optionTable?.options as Record<string, OptionSpec> | undefined)?.[key])
      .filter((spec): spec is OptionSpec => spec !== undefined && optionFlagName(key, spec) === flag);
    if (specs.length > 0 && specs.every((spec) => spec.type.kind === 'boolean')) out.add(flag);
  }
  return out;
}

/** The --help lines: per kind, its option flags with meaning, values and default; `column` is where descriptions start. */
export function modelOptionsHelp(column: number): string[] {
  const lines: string[] = [];
  for (const [name, kind] of Object.entries(MODEL_KINDS)) {
    const specs = Object.entries(kind.optionTable?.options ?? {}) as [string, OptionSpec][];
    lines.push(`options of --kind ${name} (flags, or keys of --options):`);
    for (const [key, spec] of specs) {
      const flag = optionFlagName(key, spec) ?? DEDICATED_OPTION_FLAGS[key];
      lines.push(`${`  --${flag}`.padEnd(column - 1)} ${key}: ${optionHelp(spec)}`);
    }
  }
  return lines;
}

/** The options the chosen kind's table declares (empty for a kind without a table). */
function specsOf(kind: string): Readonly<Record<string, OptionSpec>> {
  return (MODEL_KINDS[kind].optionTable?.options ?? {}) as Readonly<Record<string, OptionSpec>>;
}

/** Whether the kind's option table has option `key` (e.g. `specialValues`, `monotoneConstraints`). */
export function kindHasOption(kind: string, key: string): boolean {
  return Object.hasOwn(specsOf(kind), key);
}

/** The kinds whose option table has `key`, for messages. */
export function kindsWithOption(key: string): string[] {
  return Object.keys(MODEL_KINDS).filter((k) => kindHasOption(k, key));
}

/**
 * The value of one option flag, read by the option's type: ranged integers
 * and numbers are checked here (E_USAGE naming the flag), `null` is accepted
 * where the option takes it, booleans are `true`/`false`; choices and other
 * values go to the model, whose check names the option (E_OPTION).
 */
function flagValue(values: Record<string, unknown>, flag: string, spec: OptionSpec): unknown {
  const text = values[flag];
  if (text === 'null' && (spec.nullable || spec.nullAs !== undefined)) return null;
  const t = spec.type;
  if (t.kind === 'integer' && t.range) return integerFlag(values, flag, t.range);
  if (t.kind === 'integer' || t.kind === 'number') return numberFlag(values, flag);
  if (t.kind === 'boolean') {
    if (text === 'true' || text === 'false') return text === 'true';
    throw new CreditkitError('E_USAGE', `--${flag} must be true or false, got "${String(text)}"`);
  }
  if (t.kind === 'custom') return customValue(String(text), Array.isArray(spec.default));
  return text;
}

/**
 * A custom option's flag text: JSON (`[64,32]`), a comma list of numbers
 * (`64,32`, or `64` for an option whose values are lists), a number, else
 * the text (`sqrt`).
 */
function customValue(text: string, isList: boolean): unknown {
  const s = text.trim();
  if (!isList && s !== '' && Number.isFinite(Number(s))) return Number(s);
  if (/^[-+\d.eE]+(,[-+\d.eE]+)*$/.test(s)) {
    const items = s.split(',').map(Number);
    if (items.every(Number.isFinite)) return items;
  }
  if (s.startsWith('[') || s.startsWith('{')) {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The `--options` value: a JSON object given inline (text starting with `{`)
 * or the path of a file holding one. E_USAGE when it is neither; a file that
 * cannot be read is its coded file error.
 */
export async function optionsFlagObject(value: unknown): Promise<Record<string, unknown>> {
  if (value === undefined) return {};
  const text = String(value);
  const inline = text.trimStart().startsWith('{');
  const json = inline ? text : await readTextInput(text, 'options file');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new CreditkitError('E_USAGE', `--options ${inline ? 'is' : `file "${text}" is`} not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CreditkitError('E_USAGE', `--options takes a JSON object such as '{"maxDepth": 4}' or a file holding one${inline ? '' : `; "${text}" holds another JSON value`}`);
  }
  return parsed as Record<string, unknown>;
}

/** Whether the `--options` value names a file (else it is inline JSON); for the command's input list. */
export function optionsFlagIsFile(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !value.trimStart().startsWith('{');
}

/**
 * The chosen kind's options from its flags and `--options` (already read):
 * E_USAGE for a flag of another kind's option, or a flag and an `--options`
 * key setting the same option; E_OPTION for an `--options` key the kind does
 * not have, naming the key and the kind. Values are checked by the model.
 */
export function optionsFromFlags(values: Record<string, unknown>, kind: string, flags: ReadonlyMap<string, string>, fromJson: Record<string, unknown>): Record<string, unknown> {
  const specs = specsOf(kind);
  const known = Object.keys(specs);
  for (const key of Object.keys(fromJson)) {
    if (!Object.hasOwn(specs, key)) {
      throw new CreditkitError('E_OPTION', `unknown option "${key}" in --options for --kind ${kind} (its options: ${known.join(', ') || 'none'})`);
    }
  }
  const options: Record<string, unknown> = { ...fromJson };
  for (const [flag, key] of flags) {
    if (values[flag] === undefined) continue;
    if (!Object.hasOwn(specs, key) || optionFlagName(key, specs[key]) !== flag) {
      const owners = Object.keys(MODEL_KINDS).filter((k) => kindHasOption(k, key) && optionFlagName(key, specsOf(k)[key]) === flag);
      throw new CreditkitError('E_USAGE', `--${flag} is not an option of --kind ${kind} (it is one of: ${owners.join(', ')}; see: creditkit train --help)`);
    }
    if (Object.hasOwn(fromJson, key)) throw new CreditkitError('E_USAGE', `--${flag} and "${key}" in --options both set ${key}: give it once`);
    options[key] = flagValue(values, flag, specs[key]);
  }
  return options;
}
