import { interval, type OptionSpec, type OptionSpecs, type OptionTable } from './optionTable.js';

/**
 * Option tables as documentation: the docs' tables
 * (`scripts/options-readme.ts`) and the CLI's help lines.
 */

/** The accepted values for documentation: "integer 1..100,000", "number in (0, 1]", "`'l2'`, `'l1'`". */
export function rangeText(spec: OptionSpec): string {
  if (spec.rangeText !== undefined) return spec.rangeText;
  const orNull = spec.nullable ? ', or `null`' : '';
  const t = spec.type;
  switch (t.kind) {
    case 'integer':
      if (!t.range) return `integer${orNull}`;
      return (t.range.max === Number.MAX_SAFE_INTEGER ? `integer ≥ ${count(t.range.min)}` : `integer ${count(t.range.min)}..${count(t.range.max)}`) + orNull;
    case 'number':
      return (t.max === undefined ? `number ${t.minIncluded ? '≥' : '>'} ${t.min}` : `number in ${interval(t)}`) + orNull;
    case 'enum':
      return t.values.map((v) => `\`'${v}'\``).join(', ') + orNull;
    case 'boolean':
      return '`true`, `false`';
    case 'custom':
      return t.range;
  }
}

/** The default for documentation and help texts. */
export function defaultText(spec: OptionSpec): string {
  if (spec.defaultText !== undefined) return spec.defaultText;
  const v = spec.default;
  if (typeof v === 'number') return v > 0 && v < 0.01 ? v.toExponential() : String(v);
  if (typeof v === 'string') return `\`'${v}'\``;
  return `\`${JSON.stringify(v)}\``;
}

/** 131072 → "131,072" (no locale data needed). */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** One markdown table: option, default, accepted values, meaning; rows in the table's order, except `omit`. */
export function optionsMarkdown(specs: OptionSpecs<object> | Readonly<Record<string, OptionSpec>>, omit: ReadonlySet<string> = new Set()): string {
  const rows = (Object.entries(specs) as [string, OptionSpec][])
    .filter(([key]) => !omit.has(key))
    .map(([key, spec]) => `| \`${key}\` | ${defaultText(spec)} | ${rangeText(spec)} | ${spec.doc} |`);
  return ['| option | default | values | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** A CLI help line's text: meaning, then accepted values and default, without markdown (a choice is written bare). */
export function optionHelp(spec: OptionSpec): string {
  const values = spec.type.kind === 'enum' && spec.rangeText === undefined ? spec.type.values.join(', ') : rangeText({ ...spec, nullable: false });
  const byDefault = typeof spec.default === 'string' && spec.defaultText === undefined ? spec.default : defaultText(spec);
  return plain(`${spec.doc} [${values}; default ${byDefault}]`);
}

function plain(markdown: string): string {
  return markdown.replace(/`/g, '').replace(/\\\|/g, '|');
}

/** The keys of `table` whose rows are those of `shared` (e.g. the preprocessing rows of a linear model). */
export function sharedKeys<T>(table: OptionTable<T>, shared: Readonly<Record<string, OptionSpec>>): Set<string> {
  return new Set(Object.keys(shared).filter((key) => (table.options as Record<string, OptionSpec>)[key] === shared[key]));
}
