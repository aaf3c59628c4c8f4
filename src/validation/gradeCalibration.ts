import { tallyGrades, type RatingGrades } from '../scorecard/grades.js';
import { betaQuantile } from '../stats/betaQuantile.js';
import { jeffreysTest } from './jeffreysTest.js';
import { binomialTest } from './binomialTest.js';
import { trafficLight, type Light, type TrafficLightLevels } from './trafficLight.js';
import { herfindahl, type Herfindahl } from './herfindahl.js';
import { hosmerLemeshow, riskGroups, type HosmerLemeshow, type HosmerLemeshowDf } from './hosmerLemeshow.js';
import { spiegelhalterTest, type SpiegelhalterTest } from './spiegelhalter.js';
import { asGradeAssignment, type GradeAssignment } from './gradeAssignment.js';

/** One grade's back-test: its mean PD against the observed default rate. */
export interface GradeCalibrationRow {
  grade: string;
  /** The band: lowerPd < PD ≤ upperPd; null for grades read from a column. */
  lowerPd: number | null;
  upperPd: number | null;
  count: number;
  share: number;
  defaults: number;
  /** null for an empty grade (see `note`). */
  meanPd: number | null;
  defaultRate: number | null;
  /** Jeffreys' equal-tailed interval for the default rate (Beta(D + ½, N − D + ½) quantiles at the confidence level). */
  interval: [number, number] | null;
  /** One-sided p-values (small = PD too low): Jeffreys (ECB) and exact binomial. */
  jeffreysP: number | null;
  binomialP: number | null;
  /** The traffic light of the Jeffreys p-value. */
  light: Light | null;
  note?: string;
}

export interface GradeCalibration {
  grades: GradeCalibrationRow[];
  /** Default rates never fall from one non-empty grade to the next worse one. */
  monotone: boolean;
  inversions: { better: string; worse: string; betterRate: number; worseRate: number }[];
  herfindahl: Herfindahl;
  /** Over the whole sample: Hosmer–Lemeshow on deciles of PD and on the grades, Spiegelhalter's z. */
  hosmerLemeshowDeciles: HosmerLemeshow;
  hosmerLemeshowGrades: HosmerLemeshow;
  spiegelhalter: SpiegelhalterTest;
}

export interface GradeCalibrationOptions {
  confidence: number;
  levels: TrafficLightLevels;
  hlDf: HosmerLemeshowDf;
}

/**
 * The per-grade back-test and the whole-sample calibration tests of PDs `pd`
 * against 0/1 labels `y`. The grades are PD bands (`RatingGrades`) or any
 * assignment of rows to grades (`GradeAssignment`, e.g. a bank's ratings).
 */
export function gradeCalibration(
  grades: RatingGrades | GradeAssignment, pd: ArrayLike<number>, y: ArrayLike<number>, options: GradeCalibrationOptions,
): GradeCalibration {
  const assigned = asGradeAssignment(grades, pd);
  const bands = assigned.bands;
  const table = tallyGrades(assigned.names, assigned.index, pd, y);
  const tail = (1 - options.confidence) / 2;
  const rows: GradeCalibrationRow[] = table.rows.map((r, j) => {
    const d = r.defaults ?? 0;
    const base = {
      grade: r.grade,
      lowerPd: bands === null ? null : j === 0 ? 0 : bands.upper[j - 1],
      upperPd: bands === null ? null : bands.upper[j],
      count: r.count, share: r.share, defaults: d,
    };
    if (r.count === 0) {
      return { ...base, meanPd: null, defaultRate: null, interval: null, jeffreysP: null, binomialP: null, light: null, note: 'empty grade' };
    }
    const jeffreysP = jeffreysTest(d, r.count, r.meanPd)!;
    const a = d + 0.5;
    const b = r.count - d + 0.5;
    return {
      ...base,
      meanPd: r.meanPd,
      defaultRate: r.defaultRate!,
      interval: [betaQuantile(tail, a, b), betaQuantile(1 - tail, a, b)],
      jeffreysP,
      binomialP: binomialTest(d, r.count, r.meanPd),
      light: trafficLight(jeffreysP, options.levels),
    };
  });
  const deciles = riskGroups(pd, 10);
  return {
    grades: rows,
    monotone: table.monotone!,
    inversions: table.violations!,
    herfindahl: herfindahl(table.rows.map((r) => r.count)),
    hosmerLemeshowDeciles: hosmerLemeshow(y, pd, deciles.index, deciles.names, options.hlDf),
    hosmerLemeshowGrades: hosmerLemeshow(y, pd, assigned.index, assigned.names, options.hlDf),
    spiegelhalter: spiegelhalterTest(y, pd),
  };
}
