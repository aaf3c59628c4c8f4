import type { Column, Dataset } from '../data/dataset.js';
import { categoricalPsi, numericPsi, populationStability, type PsiResult } from '../monitor/psi.js';
import type { RatingGrades } from '../scorecard/grades.js';
import { bandGrades, type GradeAssignment } from './gradeAssignment.js';

/** PSI of the model PD, of the grade distribution and of every model feature (characteristic stability) against a baseline. */
export interface Stability {
  baselineRows: number;
  score: PsiResult;
  grades: PsiResult;
  /** One PSI per model feature, most shifted first (none when no feature is named, e.g. PDs scored elsewhere). */
  characteristics: PsiResult[];
}

export function stabilityAgainst(
  baseline: Dataset, current: Dataset, basePd: Float64Array, curPd: Float64Array,
  baseGrades: GradeAssignment, curGrades: GradeAssignment, features: readonly string[], bins: number,
): Stability {
  return {
    baselineRows: baseline.nRows,
    score: numericPsi('PD', basePd, curPd, { bins }),
    grades: assignmentPsi(baseGrades, curGrades),
    characteristics: features.length > 0 ? populationStability(baseline, current, { bins, columns: features }) : [],
  };
}

/** PSI of the grade distributions of two sets of PDs (one bin per grade). */
export function gradePsi(grades: RatingGrades, basePd: ArrayLike<number>, curPd: ArrayLike<number>): PsiResult {
  return assignmentPsi(bandGrades(grades, basePd), bandGrades(grades, curPd));
}

/** PSI of two grade distributions over the same grades, `current.names` (one bin per grade). */
export function assignmentPsi(base: GradeAssignment, current: GradeAssignment): PsiResult {
  const column = (g: GradeAssignment): Column => ({ name: 'grade', kind: 'categorical', categories: [...current.names], values: Float32Array.from(g.index) });
  return categoricalPsi('grade', column(base), column(current));
}
