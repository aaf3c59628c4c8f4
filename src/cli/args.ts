import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CreditkitError, TEXT_ENCODINGS, textEncodingNamed, type TextEncoding, inIntegerRange, type IntegerRange } from '../core.js';
import type { CommandFiles } from './commandFiles.js';
import { closestNames, didYouMean } from './didYouMean.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Flags that take a value, declared by name (the command's run() checks and converts them). */
export function valueFlags(...names: string[]): OptionSpec {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' as const }]));
}

/** The --encoding flag, declared here once for every command that reads CSV files. */
export const ENCODING_FLAG: OptionSpec = valueFlags('encoding');

/** Its --help line, the description starting at `column` like the command's other lines. */
export function encodingHelp(column: number): string {
  return `${'  --encoding E'.padEnd(column)}text encoding of the CSV input: utf-8 (default), latin1, windows-1252, utf-16 (by\n${' '.repeat(column)}byte-order mark), utf-16le, utf-16be, auto (UTF-8 unless a byte-order mark says otherwise)`;
}

/** `--encoding` and `--delimiter`: how every command that reads CSV data files reads their text. */
export const CSV_INPUT_FLAGS: OptionSpec = valueFlags('encoding', 'delimiter');

/** Their --help lines, the descriptions starting at `column`. */
export function csvInputHelp(column: number): string {
  return `${encodingHelp(column)}\n${'  --delimiter C'.padEnd(column)}the CSV input's field separator: one character, or tab (also written \\t); default ,`;
}

/** How a CSV input's text is read, as `--encoding` and `--delimiter` ask. */
export interface CsvTextFlags {
  encoding?: TextEncoding;
  delimiter?: string;
}

/** The `--encoding` and `--delimiter` values (see `encodingFlag`, `delimiterFlag`). */
export function csvTextFlags(values: Record<string, unknown>): CsvTextFlags {
  const encoding = encodingFlag(values);
  const delimiter = delimiterFlag(values);
  return { ...(encoding !== undefined ? { encoding } : {}), ...(delimiter !== undefined ? { delimiter } : {}) };
}

/** The --delimiter character (`tab` or `\t` for a tab), undefined when absent; E_USAGE unless one character other than a quote or a line end. */
export function delimiterFlag(values: Record<string, unknown>): string | undefined {
  const v = values.delimiter;
  if (v === undefined) return undefined;
  const d = v === 'tab' || v === '\\t' ? '\t' : String(v);
  if (d.length !== 1 || '"\r\n'.includes(d)) {
    throw new CreditkitError('E_USAGE', `--delimiter must be one character other than a quote or a line end, or "tab" (got ${JSON.stringify(String(v))})`);
  }
  return d;
}

/** The --encoding value (aliases such as cp1252 accepted), undefined when absent; E_USAGE naming the choices otherwise. */
export function encodingFlag(values: Record<string, unknown>): TextEncoding | undefined {
  const v = values.encoding;
  if (v === undefined) return undefined;
  const e = typeof v === 'string' ? textEncodingNamed(v) : undefined;
  if (e === undefined) throw new CreditkitError('E_USAGE', `--encoding must be one of ${TEXT_ENCODINGS.join(', ')} (got "${String(v)}")`);
  return e;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Lines describing each flag, printed by --help. */
  help: string;
  options: OptionSpec;
  /**
   * Old flag names still accepted (old → current name, which must be in
   * `options`): a notice on stderr says to use the current name. One name
   * per concept across commands; see test/cli/flagNames.test.ts.
   */
  deprecatedFlags?: Record<string, string>;
  /**
   * Flags that take `true` or `false` but mean `true` when given alone
   * (`--quantized-grad` = `--quantized-grad true`): the model options' boolean
   * flags, which are string flags because one flag name may serve several kinds.
   */
  bareTrueFlags?: ReadonlySet<string>;
  /** The files its flags name: checked before run() so that no output is an input. */
  files(values: Record<string, string | boolean | undefined>): CommandFiles;
  run(values: Record<string, string | boolean | undefined>, io: CliIO): Promise<void>;
}

/** Where a command writes; tests pass their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /**
   * Writes an output's text as it is to standard output (an output flag given `-`); default
   * `process.stdout`. A promise, when given, resolves once more may be written (backpressure).
   */
  write?(text: string): void | Promise<void>;
  /** True when progress bars may be drawn on stderr. */
  isTTY: boolean;
}

/**
 * Parses argv for one command; unknown flags and stray arguments are usage
 * errors. A deprecated flag name is read as its current name, and `onNotice`
 * hears a line saying so.
 */
export function parseCommandArgs(cmd: Command, argv: string[], onNotice: (line: string) => void = () => undefined): Record<string, string | boolean | undefined> {
  const options: OptionSpec = { ...cmd.options, help: { type: 'boolean', short: 'h' } };
  const args = bareFlagsAsTrue(numbersAsFlagValues(currentFlagNames(cmd, argv, onNotice), options), cmd.bareTrueFlags);
  refuseUnknownFlags(cmd.name, args, options);
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    if (positionals.length > 0) {
      throw new CreditkitError('E_USAGE', `unexpected argument "${positionals[0]}" (see: creditkit ${cmd.name} --help)`);
    }
    // Checked before any file is read, so a bad one costs no work.
    if ('delimiter' in cmd.options) delimiterFlag(values);
    return values as Record<string, string | boolean | undefined>;
  } catch (e) {
    if (e instanceof CreditkitError) throw e;
    const ambiguous = /^Option '(--[^ ']+)' argument is ambiguous/.exec((e as Error).message);
    const message = ambiguous
      ? `${ambiguous[1]} needs a value (one starting with "-" is written ${ambiguous[1]}=-value)`
      : (e as Error).message.split('\n')[0];
    throw new CreditkitError('E_USAGE', `${message} (see: creditkit ${cmd.name} --help)`);
  }
}

/** argv with each deprecated flag name of the command replaced by its current name (up to a `--`). */
export function currentFlagNames(cmd: Pick<Command, 'name' | 'deprecatedFlags'>, argv: readonly string[], onNotice: (line: string) => void): string[] {
  const renamed = cmd.deprecatedFlags ?? {};
  const end = argv.indexOf('--');
  const told = new Set<string>();
  return argv.map((arg, i) => {
    if (!arg.startsWith('--') || (end >= 0 && i >= end)) return arg;
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const current = Object.hasOwn(renamed, name) ? renamed[name] : undefined;
    if (current === undefined) return arg;
    if (!told.has(name)) {
      told.add(name);
      onNotice(`creditkit ${cmd.name}: --${name} is now --${current}; the old name still works but will be removed in a future version\n`);
    }
    return `--${current}${eq < 0 ? '' : arg.slice(eq)}`;
  });
}

/**
 * argv with a number that follows a flag taking a value joined to it
 * (`--learning-rate -1` → `--learning-rate=-1`): parseArgs would take `-1`
 * for a flag, so the option's own range check would never see it.
 */
export function numbersAsFlagValues(argv: readonly string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    const takesValue = arg.startsWith('--') && !arg.includes('=') && options[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && isNegativeNumber(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * argv with each of `flags` that is given alone (last, or followed by another
 * flag) written `--flag=true`; a flag followed by a value keeps it, so
 * `--flag false` and `--flag=false` still say false and a bad value is still
 * refused by the flag's own check.
 */
export function bareFlagsAsTrue(argv: readonly string[], flags: ReadonlySet<string> | undefined): string[] {
  if (flags === undefined || flags.size === 0) return [...argv];
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    const bare = arg.startsWith('--') && flags.has(arg.slice(2)) && (next === undefined || next.startsWith('-'));
    out.push(bare ? `${arg}=true` : arg);
  }
  return out;
}

function isNegativeNumber(text: string): boolean {
  return text.length > 1 && text[0] === '-' && text.trim() === text && !Number.isNaN(Number(text));
}

/** E_USAGE for the first flag the command does not have, naming the closest ones it does have. */
function refuseUnknownFlags(command: string, args: string[], options: OptionSpec): void {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option' || Object.hasOwn(options, t.name)) continue;
    const known = Object.keys(options).map((n) => `--${n}`);
    const typed = t.rawName.startsWith('--') ? t.rawName : `--${t.name}`;
    throw new CreditkitError('E_USAGE', `unknown flag ${t.rawName} for creditkit ${command}${didYouMean(closestNames(typed, known))} (see: creditkit ${command} --help)`);
  }
}

export function requireString(values: Record<string, unknown>, flag: string, cmd: string): string {
  const v = values[flag];
  if (typeof v !== 'string' || v.length === 0) {
    throw new CreditkitError('E_USAGE', `--${flag} is required (see: creditkit ${cmd} --help)`);
  }
  return v;
}

/** A numeric flag, or undefined when absent; rejects text that is not a finite number. */
export function numberFlag(values: Record<string, unknown>, flag: string): number | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new CreditkitError('E_USAGE', `--${flag} must be a number, got "${String(v)}"`);
  return n;
}

/** A comma-separated list flag. */
export function listFlag(values: Record<string, unknown>, flag: string): string[] {
  const v = values[flag];
  if (typeof v !== 'string') return [];
  return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * A whole-number flag within `range` (the library's range for the option it
 * sets, so the CLI and the library share one maximum), or undefined when
 * absent; E_USAGE naming the flag otherwise.
 */
export function integerFlag(values: Record<string, unknown>, flag: string, range: IntegerRange): number | undefined {
  const v = numberFlag(values, flag);
  if (v !== undefined && !inIntegerRange(v, range)) {
    const rule = range.max === Number.MAX_SAFE_INTEGER ? `>= ${range.min}` : `in ${range.min}..${range.max}`;
    throw new CreditkitError('E_USAGE', `--${flag} must be an integer ${rule}, got ${v}`);
  }
  return v;
}

/** A share strictly between 0 and 1, or undefined when absent; E_USAGE naming the flag otherwise. */
export function fractionFlag(values: Record<string, unknown>, flag: string): number | undefined {
  const v = numberFlag(values, flag);
  if (v !== undefined && !(v > 0 && v < 1)) throw new CreditkitError('E_USAGE', `--${flag} must be in (0, 1), got ${v}`);
  return v;
}

/** `--safe-csv`, shared by every command that writes CSV (see `CsvCellOptions.safe`). */
export const SAFE_CSV_OPTION: OptionSpec = { 'safe-csv': { type: 'boolean' } };
export const SAFE_CSV_HELP = '  --safe-csv   quote text cells a spreadsheet would run as a formula (=, +, -, @ first) with a leading \'';

/** The cell options the `--safe-csv` flag asks for. */
export function csvCellsFlag(values: Record<string, unknown>): { safe: boolean } {
  return { safe: values['safe-csv'] === true };
}

/**
 * Runs `f`, turning an E_OPTION error into E_USAGE (prefixed by `where`): on
 * the command line, options are flags, so a bad one is a usage error.
 */
export function optionErrorsAsUsage<T>(f: () => T, where = ''): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CreditkitError && e.code === 'E_OPTION') throw new CreditkitError('E_USAGE', where + e.message);
    throw e;
  }
}
