import type { Dataset } from '../data/dataset.js';
import type { RatingGrades } from '../scorecard/grades.js';
import { discrimination, type Discrimination } from './discrimination.js';
import { gradeCalibration, type GradeCalibration, type GradeCalibrationOptions } from './gradeCalibration.js';
import { asGradeAssignment, cellLabel, subsetGrades, type GradeAssignment } from './gradeAssignment.js';

/** Discrimination and calibration of one value of the segment column. */
export interface SegmentRow {
  segment: string;
  count: number;
  defaults: number;
  defaultRate: number;
  meanPd: number;
  discrimination: Discrimination;
  calibration: GradeCalibration;
  /** "one class: no defaults", "one defaulter: …" and the like, when a figure above is null. */
  note?: string;
}

export interface Segments {
  column: string;
  segments: SegmentRow[];
}

/** Label of rows whose segment cell is empty. */
export const MISSING_SEGMENT = '(missing)';

/** One row per value of `column` (in order of first appearance of its label, missing last). */
export function segmentFigures(
  data: Dataset, column: string, y: ArrayLike<number>, pd: ArrayLike<number>, grades: RatingGrades | GradeAssignment, options: GradeCalibrationOptions,
): Segments {
  const col = data.column(column);
  const assigned = asGradeAssignment(grades, pd);
  const label = (i: number): string => cellLabel(col, i) ?? MISSING_SEGMENT;
  const groups = new Map<string, number[]>();
  for (let i = 0; i < data.nRows; i++) {
    const key = label(i);
    let rows = groups.get(key);
    if (!rows) groups.set(key, (rows = []));
    rows.push(i);
  }
  const keys = [...groups.keys()].sort((a, b) => Number(a === MISSING_SEGMENT) - Number(b === MISSING_SEGMENT));
  const segments = keys.map((segment): SegmentRow => {
    const rows = groups.get(segment)!;
    const ys = Float64Array.from(rows, (i) => y[i]);
    const ps = Float64Array.from(rows, (i) => pd[i]);
    const defaults = ys.reduce((s, v) => s + v, 0);
    const disc = discrimination(ys, ps, options.confidence);
    const row: SegmentRow = {
      segment,
      count: rows.length,
      defaults,
      defaultRate: defaults / rows.length,
      meanPd: ps.reduce((s, v) => s + v, 0) / rows.length,
      discrimination: disc,
      calibration: gradeCalibration(subsetGrades(assigned, rows), ps, ys, options),
    };
    if (defaults === 0) row.note = 'one class (no defaults): discrimination is not defined';
    else if (defaults === rows.length) row.note = 'one class (only defaults): discrimination is not defined';
    else if (disc.ci === null) row.note = `${disc.note}: no interval for the AUC`;
    return row;
  });
  return { column, segments };
}
