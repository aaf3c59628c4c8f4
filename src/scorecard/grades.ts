import { CreditkitError } from '../errors.js';

/**
 * The bands `creditkit points` uses when none are given: a master scale
 * whose upper PDs roughly double from grade to grade.
 */
export const DEFAULT_MASTER_SCALE = 'A:0.0025,B:0.005,C:0.01,D:0.02,E:0.05,F:0.1,G:0.2,H';

/**
 * Rating grades as PD bands. Grade k holds the PDs in (upper[k − 1], upper[k]]
 * (the first grade from 0, the last up to 1), so grades run from the lowest
 * risk (first) to the highest (last).
 */
export class RatingGrades {
  readonly names: readonly string[];
  /** Upper PD bound of each grade, increasing; the last is 1. */
  readonly upper: Float64Array;

  constructor(names: readonly string[], upper: ArrayLike<number>) {
    if (names.length === 0) throw new CreditkitError('E_OPTION', 'grades need at least one band');
    if (names.length !== upper.length) throw new CreditkitError('E_OPTION', `${names.length} grade names for ${upper.length} bounds`);
    const seen = new Set<string>();
    for (const name of names) {
      if (typeof name !== 'string' || name.length === 0) throw new CreditkitError('E_OPTION', 'a grade name must be a non-empty string');
      if (seen.has(name)) throw new CreditkitError('E_OPTION', `duplicate grade "${name}"`);
      seen.add(name);
    }
    for (let k = 0; k < upper.length; k++) {
      const u = upper[k];
      if (!(u > 0 && u <= 1)) throw new CreditkitError('E_OPTION', `the upper PD of grade "${names[k]}" must be in (0, 1], got ${u}`);
      if (k > 0 && !(u > upper[k - 1])) throw new CreditkitError('E_OPTION', `grade "${names[k]}" must have a higher upper PD than "${names[k - 1]}"`);
    }
    if (upper[upper.length - 1] !== 1) {
      throw new CreditkitError('E_OPTION', `the last grade "${names[names.length - 1]}" must reach PD 1 (write it without a bound or with :1)`);
    }
    this.names = [...names];
    this.upper = Float64Array.from(upper);
  }

  /**
   * Parses `A:0.01,B:0.03,C:0.1,D` (grade:upper PD, in order of rising risk;
   * the last grade may omit its bound, which is 1).
   */
  static parse(spec: string): RatingGrades {
    const items = spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (items.length === 0) throw new CreditkitError('E_OPTION', 'no grades given');
    const names: string[] = [];
    const upper: number[] = [];
    items.forEach((item, k) => {
      const at = item.lastIndexOf(':');
      const last = k === items.length - 1;
      if (at < 0 && last) {
        names.push(item);
        upper.push(1);
        return;
      }
      const bound = at > 0 ? Number(item.slice(at + 1)) : NaN;
      if (!Number.isFinite(bound) || item.slice(at + 1).trim() === '') {
        throw new CreditkitError('E_OPTION', `grades are NAME:upperPD items (the last may be NAME alone), got "${item}"`);
      }
      names.push(item.slice(0, at));
      upper.push(bound);
    });
    return new RatingGrades(names, upper);
  }

  /**
   * Grades whose bands hold the given shares of a population's PDs, best
   * grade first (`shares` [0.2, 0.3, 0.5] puts the 20% lowest PDs in the first
   * grade). A cut falls halfway between the last PD of one band and the first
   * of the next; rows with equal PDs stay in one grade, so achieved shares
   * can differ from the targets when PDs tie (see `gradeTable`).
   */
  static fitShares(pd: ArrayLike<number>, shares: readonly number[], names: readonly string[] = defaultNames(shares.length)): RatingGrades {
    if (shares.length === 0) throw new CreditkitError('E_OPTION', 'no grade shares given');
    let total = 0;
    for (const s of shares) {
      if (!(s > 0 && s <= 1)) throw new CreditkitError('E_OPTION', `a grade share must be in (0, 1], got ${s}`);
      total += s;
    }
    if (Math.abs(total - 1) > 1e-6) throw new CreditkitError('E_OPTION', `grade shares must add up to 1, they add up to ${total}`);
    if (names.length !== shares.length) throw new CreditkitError('E_OPTION', `${names.length} grade names for ${shares.length} shares`);
    const sorted = sortedPds(pd);
    const n = sorted.length;
    const upper: number[] = [];
    let cum = 0;
    for (let k = 0; k < shares.length - 1; k++) {
      cum += shares[k];
      const m = Math.min(n - 1, Math.max(1, Math.round(cum * n))); // rows in grades 0..k
      const cut = (sorted[m - 1] + sorted[m]) / 2;
      const prev = upper.length > 0 ? upper[upper.length - 1] : 0;
      if (!(cut > prev)) {
        throw new CreditkitError('E_OPTION', `grade "${names[k]}" would be empty: too many equal PDs around the ${(cum * 100).toFixed(1)}% quantile`);
      }
      upper.push(cut);
    }
    upper.push(1);
    return new RatingGrades(names, upper);
  }

  /** Index of the grade of one PD. */
  indexOf(pd: number): number {
    if (!(pd >= 0 && pd <= 1)) throw new CreditkitError('E_OPTION', `a PD must be in [0, 1], got ${pd}`);
    let lo = 0;
    let hi = this.upper.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pd <= this.upper[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Grade index of every PD (an out-of-range PD names its row). */
  assign(pd: ArrayLike<number>): Int32Array {
    const out = new Int32Array(pd.length);
    for (let i = 0; i < pd.length; i++) {
      if (!(pd[i] >= 0 && pd[i] <= 1)) throw new CreditkitError('E_NONFINITE', `a PD must be in [0, 1], got ${pd[i]}`, { row: i });
      out[i] = this.indexOf(pd[i]);
    }
    return out;
  }

  toJSON(): { names: string[]; upper: number[] } {
    return { names: [...this.names], upper: Array.from(this.upper) };
  }
}

/** One grade's line of the grade table. */
export interface GradeRow {
  grade: string;
  /** The band: lowerPd < PD <= upperPd (the first band includes 0). */
  lowerPd: number;
  upperPd: number;
  count: number;
  share: number;
  /** PDs observed in the grade (NaN when it is empty). */
  minPd: number;
  maxPd: number;
  meanPd: number;
  /** With labels: defaulters in the grade and their rate (NaN when empty). */
  defaults?: number;
  defaultRate?: number;
}

export interface GradeTable {
  rows: GradeRow[];
  /**
   * With labels: true when the default rate never falls from one non-empty
   * grade to the next worse one. Reported, not repaired: a violation means
   * the bands or the model need another look.
   */
  monotone?: boolean;
  /** Pairs of grades where the worse grade has the lower default rate. */
  violations?: { better: string; worse: string; betterRate: number; worseRate: number }[];
}

/** Count, share, PD range and (given 0/1 labels) default rate per grade. */
export function gradeTable(grades: RatingGrades, pd: ArrayLike<number>, y?: ArrayLike<number>): GradeTable {
  if (y !== undefined && y.length !== pd.length) throw new CreditkitError('E_SHAPE', `${pd.length} PDs but ${y.length} labels`);
  if (pd.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no rows to grade');
  const tally = tallyGrades(grades.names, grades.assign(pd), pd, y);
  const rows: GradeRow[] = tally.rows.map(({ grade, ...rest }, j) => ({
    grade, lowerPd: j === 0 ? 0 : grades.upper[j - 1], upperPd: grades.upper[j], ...rest,
  }));
  return y === undefined ? { rows } : { rows, monotone: tally.monotone, violations: tally.violations };
}

/** A grade's line of `tallyGrades`: a `GradeRow` without the PD band. */
export type GradeTally = Omit<GradeRow, 'lowerPd' | 'upperPd'>;

/**
 * Count, share, PD range and (given 0/1 labels) default rate per grade, the
 * grade of each row given as an index into `names` (best grade first): the
 * tally behind `gradeTable`, for grades that are not PD bands (e.g. a bank's
 * own ratings read from a column).
 */
export function tallyGrades(
  names: readonly string[], index: ArrayLike<number>, pd: ArrayLike<number>, y?: ArrayLike<number>,
): { rows: GradeTally[]; monotone?: boolean; violations?: NonNullable<GradeTable['violations']> } {
  if (index.length !== pd.length) throw new CreditkitError('E_SHAPE', `${pd.length} PDs but ${index.length} grades`);
  if (y !== undefined && y.length !== pd.length) throw new CreditkitError('E_SHAPE', `${pd.length} PDs but ${y.length} labels`);
  if (pd.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no rows to grade');
  const k = names.length;
  const count = new Float64Array(k);
  const bad = new Float64Array(k);
  const sum = new Float64Array(k);
  const min = new Float64Array(k).fill(Infinity);
  const max = new Float64Array(k).fill(-Infinity);
  for (let i = 0; i < pd.length; i++) {
    const j = index[i];
    if (!(Number.isInteger(j) && j >= 0 && j < k)) throw new CreditkitError('E_SHAPE', `grade index ${j} is not one of the ${k} grades`, { row: i });
    if (!(pd[i] >= 0 && pd[i] <= 1)) throw new CreditkitError('E_NONFINITE', `a PD must be in [0, 1], got ${pd[i]}`, { row: i });
    count[j]++;
    sum[j] += pd[i];
    min[j] = Math.min(min[j], pd[i]);
    max[j] = Math.max(max[j], pd[i]);
    if (y !== undefined) {
      if (y[i] !== 0 && y[i] !== 1) throw new CreditkitError('E_TARGET_INVALID', `label must be 0 or 1, got ${y[i]}`, { row: i });
      bad[j] += y[i];
    }
  }
  const rows: GradeTally[] = names.map((name, j) => {
    const row: GradeTally = {
      grade: name,
      count: count[j],
      share: count[j] / pd.length,
      minPd: count[j] > 0 ? min[j] : NaN,
      maxPd: count[j] > 0 ? max[j] : NaN,
      meanPd: count[j] > 0 ? sum[j] / count[j] : NaN,
    };
    if (y !== undefined) {
      row.defaults = bad[j];
      row.defaultRate = count[j] > 0 ? bad[j] / count[j] : NaN;
    }
    return row;
  });
  if (y === undefined) return { rows };
  const filled = rows.filter((r) => r.count > 0);
  const violations: NonNullable<GradeTable['violations']> = [];
  for (let j = 1; j < filled.length; j++) {
    const a = filled[j - 1];
    const b = filled[j];
    if (b.defaultRate! < a.defaultRate!) violations.push({ better: a.grade, worse: b.grade, betterRate: a.defaultRate!, worseRate: b.defaultRate! });
  }
  return { rows, monotone: violations.length === 0, violations };
}

/** A, B, …, Z, then G27, G28, … */
export function defaultNames(n: number): string[] {
  return Array.from({ length: n }, (_, k) => (k < 26 ? String.fromCharCode(65 + k) : `G${k + 1}`));
}

function sortedPds(pd: ArrayLike<number>): Float64Array {
  if (pd.length < 2) throw new CreditkitError('E_EMPTY_DATA', 'fitting grades to shares needs at least two PDs');
  const out = new Float64Array(pd.length);
  for (let i = 0; i < pd.length; i++) {
    if (!(pd[i] >= 0 && pd[i] <= 1)) throw new CreditkitError('E_NONFINITE', `a PD must be in [0, 1], got ${pd[i]}`, { row: i });
    out[i] = pd[i];
  }
  return out.sort();
}
