import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import type { MigrationMatrix } from './migrationMatrix.js';

/** Horizons `cumulativeDefaultProbabilities` accepts, in periods (years). */
export const MIGRATION_YEARS: IntegerRange = { min: 1, max: 100 };

/**
 * a · b for transition matrices, a null entry being unknown (a rating with no
 * observed transition). 0 · unknown counts as 0, so a row stays known unless
 * it reaches an unknown rating with a positive probability.
 */
export function multiplyTransitions(a: readonly (readonly (number | null)[])[], b: readonly (readonly (number | null)[])[]): (number | null)[][] {
  const k = b.length;
  return a.map((row) => {
    const out = new Array<number>(k).fill(0);
    for (let m = 0; m < k; m++) {
      const p = row[m];
      if (p === 0) continue;
      for (let j = 0; j < k; j++) {
        const q = b[m][j];
        out[j] += p === null || q === null ? NaN : p * q;
      }
    }
    return out.map((v) => (Number.isNaN(v) ? null : v));
  });
}

/** The n-period transition matrix Pⁿ (n ≥ 1) by repeated multiplication (Chapman–Kolmogorov with a time-homogeneous P). */
export function transitionMatrixPower(p: readonly (readonly (number | null)[])[], n: number): (number | null)[][] {
  checkIntegerRange('n', n, MIGRATION_YEARS);
  let m = p.map((row) => [...row]);
  for (let t = 2; t <= n; t++) m = multiplyTransitions(m, p);
  return m;
}

/** Cumulative PDs per starting rating and horizon. */
export interface CumulativeDefault {
  /** 1..years */
  years: number[];
  /**
   * byRating[rating][t − 1] = (Pᵗ)[rating][default]: the probability that an
   * obligor rated `rating` today has defaulted within t years; null when it
   * depends on a rating with no observed transitions.
   */
  byRating: Record<string, (number | null)[]>;
}

/**
 * Multi-year cumulative PDs from powers of the one-year matrix (a Markov
 * chain with the default state absorbing): PD(t) = (Pᵗ)[i][D], non-decreasing
 * in t. `years` in 1..100.
 */
export function cumulativeDefaultProbabilities(matrix: MigrationMatrix, years: number): CumulativeDefault {
  checkIntegerRange('years', years, MIGRATION_YEARS);
  const d = matrix.ratings.indexOf(matrix.defaultRating);
  const byRating: Record<string, (number | null)[]> = Object.create(null);
  for (const r of matrix.ratings) byRating[r] = [];
  let m = matrix.probabilities.map((row) => [...row]);
  for (let t = 1; t <= years; t++) {
    if (t > 1) m = multiplyTransitions(m, matrix.probabilities);
    matrix.ratings.forEach((r, i) => byRating[r].push(m[i][d]));
  }
  return { years: Array.from({ length: years }, (_, i) => i + 1), byRating };
}
