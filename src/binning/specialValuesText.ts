import { CreditkitError } from '../errors.js';

/**
 * Special values per column from text, `COL:v1,v2;COL2:v3` (the CLI's
 * `--special-values`): per column, the values that are codes rather than
 * amounts (-999 "no data", Give Me Some Credit's 96 and 98 in the past-due
 * counts). Parsed strictly: every `;`-separated part is `COLUMN:` and a comma
 * list of finite decimal numbers, each column once and each value once; the
 * column is what precedes the last `:`. Anything else is E_OPTION quoting the
 * offending part, its message starting with `name`. Column names are checked
 * against the data later (the parser has not seen it).
 */
export function parseSpecialValues(text: string, name = 'special values'): Record<string, number[]> {
  const out = Object.create(null) as Record<string, number[]>;
  const parts = text.split(';');
  for (const raw of parts) {
    const part = raw.trim();
    const bad = (why: string): never => {
      throw new CreditkitError('E_OPTION', `${name} part "${raw}": ${why} (the form is COL:v1,v2;COL2:v3)`);
    };
    if (part === '') bad(parts.length === 1 ? 'no column given' : 'empty part');
    const at = part.lastIndexOf(':');
    if (at < 0) bad('no ":" between the column and its values');
    const column = part.slice(0, at).trim();
    if (column === '') bad('no column name before ":"');
    if (Object.hasOwn(out, column)) bad(`column "${column}" is given twice`);
    const list = part.slice(at + 1).trim();
    if (list === '') bad(`no values after "${column}:"`);
    const values: number[] = [];
    for (const item of list.split(',')) {
      const s = item.trim();
      const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
      if (!Number.isFinite(v)) bad(`"${s}" is not a finite decimal number`);
      if (values.includes(v)) bad(`value ${s} is given twice`);
      values.push(v);
    }
    out[column] = values;
  }
  // Own properties for every name, "__proto__" included.
  return Object.fromEntries(Object.entries(out));
}
