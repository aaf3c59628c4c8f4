import type { Column, Dataset } from '../data/dataset.js';
import { categoricalPsi, numericPsi, populationStability, type PsiResult } from '../monitor/psi.js';
import type { RatingGrades } from '../scorecard/grades.js';

/** PSI of the model PD, of the grade distribution and of every model feature (characteristic stability) against a baseline. */
export interface Stability {
  baselineRows: number;
  score: PsiResult;
  grades: PsiResult;
  /** One PSI per model feature, most shifted first. */
  characteristics: PsiResult[];
}

export function stabilityAgainst(
  baseline: Dataset, current: Dataset, basePd: Float64Array, curPd: Float64Array, grades: RatingGrades, features: readonly string[], bins: number,
): Stability {
  return {
    baselineRows: baseline.nRows,
    score: numericPsi('PD', basePd, curPd, { bins }),
    grades: gradePsi(grades, basePd, curPd),
    characteristics: populationStability(baseline, current, { bins, columns: features }),
  };
}

/** PSI of the grade distributions of two sets of PDs (one bin per grade). */
export function gradePsi(grades: RatingGrades, basePd: ArrayLike<number>, curPd: ArrayLike<number>): PsiResult {
  const column = (pd: ArrayLike<number>): Column => ({ name: 'grade', kind: 'categorical', categories: grades.names, values: Float32Array.from(grades.assign(pd)) });
  return categoricalPsi('grade', column(basePd), column(curPd));
}
