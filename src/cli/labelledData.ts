import { CreditkitError, type Dataset, findIdColumns, splitTarget } from '../core.js';
import { ID_COLUMN_FLAGS, idColumnFlags, idColumnHelp, idColumnNotice } from './idColumnFlags.js';
import { readDataInput } from './standardInput.js';
import { CSV_INPUT_FLAGS, csvTextFlags, listFlag, type OptionSpec, requireString, valueFlags } from './args.js';

/** The flags readLabelledData reads: --data, --target, --drop, --positive, --encoding, --delimiter, --id, --keep-id. */
export const LABELLED_DATA_FLAGS: OptionSpec = { ...valueFlags('data', 'target', 'drop', 'positive'), ...CSV_INPUT_FLAGS, ...ID_COLUMN_FLAGS };

/**
 * The --help lines of --drop, --id, --keep-id and --positive (the columns that are not
 * features, and the text target's default label), the descriptions starting at `column`.
 */
export function notFeatureColumnsHelp(column: number, dropExamples = ''): string {
  return [
    `${'  --drop A,B'.padEnd(column)}columns that are not features${dropExamples}`,
    idColumnHelp(column),
    `${'  --positive LABEL'.padEnd(column)}the default label of a text target column`,
  ].join('\n');
}

/**
 * Reads `--data` (CSV in `--encoding` with `--delimiter`, Parquet or Arrow by
 * extension; `-` for CSV on standard input) and splits off `--target`,
 * without the `--drop` columns (read as text, so never type-checked) and the
 * id column (`--id`, or detected as train detects it unless `--keep-id`;
 * `onNotice` hears the note naming a detected one).
 */
export async function readLabelledData(
  values: Record<string, unknown>, command: string, onNotice: (line: string) => void = () => undefined,
): Promise<{ path: string; target: string; nRows: number; X: Dataset; y: Float64Array; idColumns: string[] }> {
  const path = requireString(values, 'data', command);
  const target = requireString(values, 'target', command);
  const drop = listFlag(values, 'drop');
  const ids = idColumnFlags(values);
  if (ids.id !== undefined && (ids.id === target || drop.includes(ids.id))) {
    throw new CreditkitError('E_USAGE', `column "${ids.id}" is both --id and ${ids.id === target ? '--target' : '--drop'}`, { column: ids.id });
  }
  const asText = [...drop, ...(ids.id !== undefined ? [ids.id] : [])];
  const ds = await readDataInput(path, { types: Object.fromEntries(asText.map((c) => [c, 'categorical' as const])), ...csvTextFlags(values) });
  if (ids.id !== undefined && !ds.has(ids.id)) {
    throw new CreditkitError('E_COLUMN_UNKNOWN', `--id names "${ids.id}", a column the file does not have (columns are: ${ds.names.join(', ')})`, { file: path, column: ids.id });
  }
  const idColumns = ids.id !== undefined ? [ids.id] : ids.keepId ? [] : findIdColumns(ds, [target, ...drop]);
  if (ids.id === undefined) for (const name of idColumns) onNotice(idColumnNotice(name));
  const notFeatures = [...new Set(asText)];
  // The target first, so that a missing one is named among every column of the file.
  const { X: withIds, y } = splitTarget(notFeatures.length > 0 ? ds.drop(notFeatures) : ds, target, { positive: values.positive as string | undefined });
  const X = ids.id === undefined && idColumns.length > 0 ? withIds.drop(idColumns) : withIds;
  return { path, target, nRows: ds.nRows, X, y, idColumns };
}

/** The share of defaults among 0/1 labels (their mean). */
export function defaultRate(y: Float64Array): number {
  let s = 0;
  for (const v of y) s += v;
  return s / y.length;
}

/** Parses a JSON flag value (model options); E_USAGE naming the flag when it is not a JSON object. */
export function jsonObjectFlag(values: Record<string, unknown>, flag: string): Record<string, unknown> {
  const v = values[flag];
  if (v === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(v));
  } catch (e) {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CreditkitError('E_USAGE', `--${flag} takes a JSON object such as '{"maxDepth": 4}', got ${String(v)}`);
  }
  return parsed as Record<string, unknown>;
}
