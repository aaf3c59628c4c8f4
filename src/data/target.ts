import { CreditkitError, type ErrorLocation } from '../errors.js';
import type { Dataset } from './dataset.js';
import { float32Text } from './float32Text.js';

/** Two-label pairs whose positive label is obvious: [negative, positive], compared case-insensitively. */
const KNOWN_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['0', '1'],
  ['false', 'true'],
  ['no', 'yes'],
];

/**
 * Separates the binary target from the features. A numeric target must hold
 * 0/1; a categorical one must have two labels, the positive one given by
 * `positive` unless the pair is 0/1, false/true or no/yes. Errors name the
 * file and input line of the row when the dataset was read from a file.
 */
export function splitTarget(
  ds: Dataset,
  target: string,
  options: { positive?: string } = {},
): { X: Dataset; y: Float64Array } {
  const whole: ErrorLocation = ds.origin?.file === undefined ? { column: target } : { file: ds.origin.file, column: target };
  if (!ds.has(target)) {
    throw new CreditkitError('E_TARGET_MISSING', `no target column "${target}" (columns are: ${ds.names.join(', ')})`, whole);
  }
  if (ds.nRows === 0) throw new CreditkitError('E_EMPTY_DATA', 'the dataset has no rows', whole);
  const col = ds.column(target);
  const at = (i: number): ErrorLocation => ds.where(i, target);
  let y: Float64Array;
  if (col.kind === 'numeric') {
    if (options.positive !== undefined && options.positive !== '1') {
      throw new CreditkitError('E_OPTION', `positive applies to a categorical target; a numeric target's positive label is 1 (got "${options.positive}")`, whole);
    }
    y = Float64Array.from(col.values);
  } else {
    y = encodeLabels(col.values, col.categories ?? [], options.positive, at, whole);
  }
  // The target's cells are float32: show a bad one as it was written.
  checkBinary(y, 'the target', at, whole, float32Text);
  return { X: ds.drop([target]), y };
}

/** Checks labels given as numbers (e.g. typed arrays passed to `fit`): all 0 or 1, both present. */
export function validateLabels(y: ArrayLike<number>, what = 'y'): void {
  if (y.length === 0) throw new CreditkitError('E_EMPTY_DATA', `${what} is empty`);
  checkBinary(y, what, (i) => ({ row: i }), {}, String);
}

/** `at(i)` locates row i, `whole` the labels as a whole; `text` shows a bad label. */
function checkBinary(y: ArrayLike<number>, what: string, at: (i: number) => ErrorLocation, whole: ErrorLocation, text: (v: number) => string): void {
  let nPositive = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === 1) nPositive++;
    else if (v !== 0) {
      const label = Number.isNaN(v) ? 'a missing label' : `label ${text(v)}`;
      throw new CreditkitError('E_TARGET_INVALID', `${what} has ${label}; labels must be 0 or 1`, at(i));
    }
  }
  if (nPositive === 0 || nPositive === y.length) {
    throw new CreditkitError('E_SINGLE_CLASS', `${what} has only one class (every label is ${nPositive === 0 ? 0 : 1}); both 0 and 1 are needed`, whole);
  }
}

/** Categorical codes → 1 for the positive label, 0 for the other. */
function encodeLabels(codes: Float32Array, categories: readonly string[], positive: string | undefined, at: (i: number) => ErrorLocation, whole: ErrorLocation): Float64Array {
  const present: number[] = [];
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (Number.isNaN(c)) {
      throw new CreditkitError('E_TARGET_INVALID', 'the target has a missing label', at(i));
    }
    if (present.includes(c)) continue;
    if (present.length === 2) {
      throw new CreditkitError('E_TARGET_INVALID', `the target has a third label "${categories[c]}" after "${categories[present[0]]}" and "${categories[present[1]]}"; the target must be binary`, at(i));
    }
    present.push(c);
  }
  const labels = present.map((c) => categories[c]);
  if (labels.length === 1) {
    throw new CreditkitError('E_SINGLE_CLASS', `target has only one label ("${labels[0]}"); two are needed`, whole);
  }
  const pos = positive ?? knownPositive(labels);
  if (pos === undefined) {
    throw new CreditkitError('E_TARGET_INVALID', `target labels are "${labels[0]}" and "${labels[1]}"; say which one is positive (the event to predict, e.g. default) with the positive option`, whole);
  }
  const code = categories.indexOf(pos);
  if (!present.includes(code)) {
    throw new CreditkitError('E_OPTION', `positive label "${pos}" does not occur in the target (labels are "${labels[0]}" and "${labels[1]}")`, whole);
  }
  return Float64Array.from(codes, (c) => (c === code ? 1 : 0));
}

function knownPositive(labels: readonly string[]): string | undefined {
  const lower = labels.map((l) => l.toLowerCase());
  const pair = KNOWN_PAIRS.find(([neg, pos]) => lower.includes(neg) && lower.includes(pos));
  return pair && labels[lower.indexOf(pair[1])];
}
