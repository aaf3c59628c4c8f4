import { CreditkitError } from '../core.js';

/** The flags that name columns, each with the columns it names (undefined when not given). */
export type ColumnFlags = readonly (readonly [flag: string, columns: readonly (string | undefined)[]])[];

/**
 * A reader's E_COLUMN_UNKNOWN for a column a flag named, reworded to name the
 * flag (the first of `flags` naming the column): `--segment names "band", a
 * column the file does not have (columns are: …)`. Any other error is
 * returned as it is.
 */
export function flagColumnError(e: unknown, flags: ColumnFlags): unknown {
  if (!(e instanceof CreditkitError) || e.code !== 'E_COLUMN_UNKNOWN' || e.where.column === undefined) return e;
  const name = e.where.column;
  const flag = flags.find(([, columns]) => columns.includes(name))?.[0];
  if (flag === undefined) return e;
  return new CreditkitError('E_COLUMN_UNKNOWN', `${flag} names "${name}", a column the file does not have${columnsAre(e)}`, e.where);
}

/** The reader's "(columns are: …)" list, kept when a message is reworded. */
export function columnsAre(e: CreditkitError): string {
  const m = /\s\(columns are: .*\)$/.exec(e.reason);
  return m ? m[0] : '';
}
