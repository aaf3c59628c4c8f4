import { CreditkitError, type Dataset, splitTarget } from '../core.js';
import { readDataInput } from './standardInput.js';
import { csvTextFlags, listFlag, requireString } from './args.js';

/** Reads `--data` (CSV in `--encoding` with `--delimiter`, Parquet or Arrow by extension; `-` for CSV on standard input) and splits off `--target`, without the `--drop` columns (read as text, so never type-checked). */
export async function readLabelledData(values: Record<string, unknown>, command: string): Promise<{ path: string; target: string; nRows: number; X: Dataset; y: Float64Array }> {
  const path = requireString(values, 'data', command);
  const target = requireString(values, 'target', command);
  const drop = listFlag(values, 'drop');
  const ds = await readDataInput(path, { types: Object.fromEntries(drop.map((c) => [c, 'categorical' as const])), ...csvTextFlags(values) });
  const { X, y } = splitTarget(drop.length > 0 ? ds.drop(drop) : ds, target, { positive: values.positive as string | undefined });
  return { path, target, nRows: ds.nRows, X, y };
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
