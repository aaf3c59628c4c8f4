import { float32Text } from '../data/float32Text.js';
import { CreditkitError, type ErrorLocation } from '../errors.js';
import type { Column, Dataset } from '../data/dataset.js';
import type { RatingGrades } from '../scorecard/grades.js';

/**
 * The grade of every row, best grade first: either PD bands (`RatingGrades`,
 * the grade follows from the PD) or labels read from a column (a bank's own
 * ratings, whatever PD the model gives).
 */
export interface GradeAssignment {
  /** Grade names, best (lowest risk) first. */
  names: readonly string[];
  /** Index into `names` of each row's grade. */
  index: Int32Array;
  /** The PD bands, when the grades are bands. */
  bands: RatingGrades | null;
  /** The column the labels came from, when they came from one. */
  column: string | null;
}

/** Grades as PD bands: each row's grade is the band of its PD. */
export function bandGrades(grades: RatingGrades, pd: ArrayLike<number>): GradeAssignment {
  return { names: grades.names, index: grades.assign(pd), bands: grades, column: null };
}

/**
 * Grades as the labels of `column`. With `order` (best first) the grades are
 * exactly those labels and a cell outside them is E_GRADE_LABEL naming the
 * label and the line; without it the grades are the labels found, ordered by
 * mean PD (lowest first, ties by label). An empty cell is E_GRADE_LABEL too:
 * every row needs a grade.
 */
export function columnGrades(data: Dataset, column: string, pd: ArrayLike<number>, order?: readonly string[]): GradeAssignment {
  if (!data.has(column)) throw new CreditkitError('E_COLUMN_UNKNOWN', 'the grade column is not in the data', { file: data.origin?.file, column });
  const col = data.column(column);
  const labels = Array.from({ length: data.nRows }, (_, i) => cellLabel(col, i));
  return { ...labelGrades(labels, pd, order, (i) => data.where(i, column)), column };
}

/**
 * Grades as the label of each row (e.g. a bank's rating per borrower), as
 * `columnGrades` reads them; `where(i)` locates row i for an error.
 */
export function labelGrades(
  labels: readonly (string | undefined)[], pd: ArrayLike<number>, order?: readonly string[], where: (i: number) => ErrorLocation = (row) => ({ row }),
): GradeAssignment {
  if (pd.length !== labels.length) throw new CreditkitError('E_SHAPE', `${labels.length} grades but ${pd.length} PDs`);
  const empty = labels.findIndex((l) => l === undefined || l.trim() === '');
  if (empty >= 0) throw new CreditkitError('E_GRADE_LABEL', 'an empty grade: every row needs one', where(empty));
  const names = order !== undefined ? checkGradeOrder(order) : orderByMeanPd(labels as string[], pd);
  const position = new Map(names.map((name, k) => [name, k]));
  const index = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const k = position.get(labels[i]!);
    if (k === undefined) throw new CreditkitError('E_GRADE_LABEL', `grade "${labels[i]}" is not one of the grades ${names.join(', ')}`, where(i));
    index[i] = k;
  }
  return { names, index, bands: null, column: null };
}

/** Bands become their assignment for `pd`; an assignment is returned as it is. */
export function asGradeAssignment(grades: RatingGrades | GradeAssignment, pd: ArrayLike<number>): GradeAssignment {
  return 'assign' in grades ? bandGrades(grades, pd) : grades;
}

/** The rows `rows` of an assignment (same grades, same order). */
export function subsetGrades(grades: GradeAssignment, rows: ArrayLike<number>): GradeAssignment {
  return { ...grades, index: Int32Array.from(rows, (i) => grades.index[i]) };
}

/** A grade order: non-empty, distinct, non-empty names (E_OPTION otherwise). */
export function checkGradeOrder(order: readonly string[]): string[] {
  if (order.length === 0) throw new CreditkitError('E_OPTION', 'the grade order names no grade');
  const seen = new Set<string>();
  for (const name of order) {
    if (typeof name !== 'string' || name.trim() === '') throw new CreditkitError('E_OPTION', 'a grade in the grade order must be a non-empty name');
    if (seen.has(name)) throw new CreditkitError('E_OPTION', `grade "${name}" appears twice in the grade order`);
    seen.add(name);
  }
  return [...order];
}

/** A cell as text (a number in the shortest decimal that reads back as the same float32), undefined when empty. */
export function cellLabel(col: Column, i: number): string | undefined {
  const v = col.values[i];
  if (v !== v) return undefined;
  if (col.kind === 'categorical') {
    const label = col.categories![v];
    return label.trim() === '' ? undefined : label;
  }
  return float32Text(v);
}

function orderByMeanPd(labels: readonly string[], pd: ArrayLike<number>): string[] {
  const sums = new Map<string, { sum: number; n: number }>();
  labels.forEach((label, i) => {
    const s = sums.get(label) ?? { sum: 0, n: 0 };
    s.sum += pd[i];
    s.n++;
    sums.set(label, s);
  });
  const mean = (label: string): number => sums.get(label)!.sum / sums.get(label)!.n;
  return [...sums.keys()].sort((a, b) => mean(a) - mean(b) || (a < b ? -1 : a > b ? 1 : 0));
}
