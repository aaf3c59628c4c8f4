import {
  CreditkitError, type ColumnKind, type CsvOptions, type Dataset, findIdColumns, scoringSchema, type StreamedCsvOptions, schemaOf, splitTarget, weightsFromColumn,
} from '../core.js';
import type { CsvTextFlags } from './args.js';
import { readDataInput } from './standardInput.js';
import { columnsAre, flagColumnError, type ColumnFlags } from './flagColumnError.js';

/** What `train`'s flags say each column is. */
export interface TrainingColumns {
  target: string;
  /** The default label of a text target. */
  positive?: string;
  /** Not features (ids, dates, leakage): read as text, never type-checked. */
  drop: readonly string[];
  /** Features read as categories whatever their cells look like. */
  categorical: readonly string[];
  /** The sample-weight column (not a feature). */
  weight?: string;
  /** Protected attributes: never features. */
  protected: readonly string[];
  /** The id column (`--id`): read as text, not a feature; none is then detected. */
  id?: string;
  /** `--keep-id`: no id column is detected, so a column unique per row stays a feature. */
  keepId?: boolean;
}

/** The text flags of a data file, and what to call as it is read (CSV: after each block). */
export type DataReadFlags = CsvTextFlags & Pick<StreamedCsvOptions, 'onProgress' | 'threads'>;

/** Labelled rows ready to fit or evaluate. */
export interface LabelledRows {
  /** Every column read, features and the others. */
  ds: Dataset;
  X: Dataset;
  y: Float64Array;
  /** From the weight column, when there is one. */
  weights?: Float64Array;
  /** Columns left out of the features as ids: detected (see `findIdColumns`), or the `--id` column. */
  idColumns: string[];
  /** Whether `idColumns` were detected (a notice says so) rather than named by `--id`. */
  idDetected: boolean;
}

/**
 * Checks that no column has two roles that exclude each other, before any
 * file is read: E_PROTECTED_FEATURE for a protected column also named as a
 * feature (`--categorical`, or in `features`: `--monotone`, `--special-values`,
 * a warm-started model's features), E_USAGE for the other clashes.
 */
export function checkColumnRoles(c: TrainingColumns, features: readonly { flag: string; names: readonly string[] }[]): void {
  const clash = (a: string, b: string, name: string): never => {
    throw new CreditkitError('E_USAGE', `column "${name}" is both ${a} and ${b}`, { column: name });
  };
  for (const name of c.categorical) {
    if (name === c.target) clash('--target', '--categorical (the target is not a feature)', name);
    if (c.drop.includes(name)) clash('--drop', '--categorical', name);
    if (name === c.weight) clash('--weight', '--categorical', name);
  }
  if (c.weight !== undefined) {
    if (c.weight === c.target) clash('--target', '--weight', c.weight);
    if (c.drop.includes(c.weight)) clash('--drop', '--weight', c.weight);
  }
  if (c.id !== undefined) {
    const roles: [string, boolean][] = [
      ['--target', c.id === c.target], ['--drop', c.drop.includes(c.id)], ['--categorical', c.categorical.includes(c.id)],
      ['--weight', c.id === c.weight], ['--protected', c.protected.includes(c.id)],
    ];
    for (const [flag, has] of roles) if (has) clash('--id', flag, c.id);
    for (const f of features) if (f.names.includes(c.id)) clash('--id (not a feature)', f.flag, c.id);
  }
  for (const name of c.protected) {
    if (name === c.target) clash('--target', '--protected', name);
    for (const f of [{ flag: '--categorical', names: c.categorical }, ...features]) {
      if (f.names.includes(name)) {
        throw new CreditkitError('E_PROTECTED_FEATURE', `--protected "${name}" is named as a feature by ${f.flag}: a protected attribute must not be a model feature`, { column: name });
      }
    }
  }
}

/**
 * Reads the training file: the drop, weight and protected columns as text
 * (never type-checked), the `--categorical` ones as categories, the others
 * inferred (or as `schema` says: a warm-started model's kinds). A column named
 * by a flag that the file lacks is E_COLUMN_UNKNOWN naming the flag and column.
 */
export async function readTrainingFile(path: string, c: TrainingColumns, schema: CsvOptions | undefined, csv: DataReadFlags): Promise<LabelledRows> {
  // No prototype: any column name ("constructor", "__proto__") is an own key.
  const types = Object.assign(Object.create(null) as Record<string, ColumnKind>, schema?.types);
  const asText = [...c.drop, ...(c.weight === undefined ? [] : [c.weight]), ...c.protected, ...(c.id === undefined ? [] : [c.id])];
  for (const name of asText) types[name] = 'categorical';
  for (const name of c.categorical) {
    if (schema?.types?.[name] === 'numeric') throw new CreditkitError('E_USAGE', `--categorical "${name}": the --init-model reads it as numeric`, { column: name });
    types[name] = 'categorical';
  }
  let ds: Dataset;
  try {
    ds = await readDataInput(path, { ...schema, types, ...csv });
  } catch (e) {
    throw flagColumnError(e, trainColumnFlags(c));
  }
  // Columns the flags or a warm-started model make features are never taken for ids.
  const detect = c.id === undefined && c.keepId !== true;
  const idColumns = c.id !== undefined ? [c.id] : detect ? findIdColumns(ds, [c.target, ...asText, ...c.categorical, ...Object.keys(schema?.types ?? {})]) : [];
  const notFeatures = [...new Set(asText)];
  // The target first, so that a missing one is named among every column of the file.
  const { X: withIds, y } = splitTarget(notFeatures.length > 0 ? ds.drop(notFeatures) : ds, c.target, { positive: c.positive });
  const X = idColumns.length > 0 && c.id === undefined ? withIds.drop(idColumns) : withIds;
  return { ds, X, y, weights: c.weight === undefined ? undefined : weightsFromColumn(ds, c.weight), idColumns, idDetected: detect };
}

/**
 * Reads a validation (or out-of-time) file with the training's schema: the
 * features of `trainX` with their kinds and category dictionaries (a label
 * the training did not see reads as missing), the target, and the weight
 * column when there is one. A missing feature is E_COLUMN_UNKNOWN, a missing
 * target E_TARGET_MISSING, text in a numeric feature E_CSV_NOT_NUMERIC
 * naming the file, line and column.
 */
export async function readValidationFile(path: string, trainX: Dataset, c: TrainingColumns, csv: DataReadFlags): Promise<LabelledRows> {
  const extra = [c.target, ...(c.weight === undefined ? [] : [c.weight])];
  let ds: Dataset;
  try {
    ds = await readDataInput(path, { ...scoringSchema(schemaOf(trainX), extra), ...csv });
  } catch (e) {
    if (e instanceof CreditkitError && e.code === 'E_COLUMN_UNKNOWN' && e.where.column !== undefined) {
      const name = e.where.column;
      // The header (line 1) lacks it.
      if (name === c.target) throw new CreditkitError('E_TARGET_MISSING', `no target column "${name}" in the --valid file`, { file: path, line: 1, column: name });
      const role = name === c.weight ? 'the --weight column' : 'a feature of the training data';
      throw new CreditkitError('E_COLUMN_UNKNOWN', `the --valid file lacks "${name}", ${role}${columnsAre(e)}`, { file: path, line: 1, column: name });
    }
    throw e;
  }
  const { X, y } = splitTarget(c.weight === undefined ? ds : ds.drop([c.weight]), c.target, { positive: c.positive });
  return { ds, X, y, weights: c.weight === undefined ? undefined : weightsFromColumn(ds, c.weight), idColumns: [], idDetected: false };
}

/** The flags of train that name columns, for flagColumnError. */
function trainColumnFlags(c: TrainingColumns): ColumnFlags {
  return [['--id', [c.id]], ['--categorical', c.categorical], ['--weight', [c.weight]], ['--protected', c.protected], ['--drop', c.drop]];
}
