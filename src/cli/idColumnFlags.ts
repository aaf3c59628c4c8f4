import { CreditkitError } from '../core.js';
import type { OptionSpec } from './args.js';

/** `--id COL` and `--keep-id`: the id column of the training data, named or not detected (see `findIdColumns`). */
export const ID_COLUMN_FLAGS: OptionSpec = { id: { type: 'string' }, 'keep-id': { type: 'boolean' } };

/** Their --help lines, the descriptions starting at `column`. */
export function idColumnHelp(column: number): string {
  const pad = ' '.repeat(column);
  return [
    `${'  --id COL'.padEnd(column)}the id column: not a feature (by default a column with a different value on every`,
    `${pad}row, text or consecutive or id-named whole numbers, is taken for one, with a notice)`,
    `${'  --keep-id'.padEnd(column)}detect no id column: a column unique per row stays a feature`,
  ].join('\n');
}

/** What the two flags ask: `id` named, or `keepId` (detect none); E_USAGE when both are given. */
export function idColumnFlags(values: Record<string, unknown>): { id?: string; keepId: boolean } {
  const id = typeof values.id === 'string' && values.id !== '' ? values.id : undefined;
  const keepId = values['keep-id'] === true;
  if (id !== undefined && keepId) throw new CreditkitError('E_USAGE', 'give --id COL (not a feature) or --keep-id (no id detected), not both');
  return { ...(id !== undefined ? { id } : {}), keepId };
}

/** The note on stderr for a column taken for an id. */
export function idColumnNotice(name: string): string {
  return `creditkit: note: column "${name}" has a different value on every row: taken for an id, not a feature (name the id with --id, or keep it as a feature with --keep-id)\n`;
}
