import { CreditkitError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import { splitTarget } from '../data/target.js';
import type { Classifier } from '../models/classifier.js';
import { checkIntegerRange } from '../integerRange.js';
import { PSI_BIN_RANGE } from '../monitor/psi.js';
import { DEFAULT_MASTER_SCALE, RatingGrades } from '../scorecard/grades.js';
import { aucChangeTest, type AucChangeTest } from './aucChangeTest.js';
import { checkChampionFeatures, compareWithChampion, type ChampionComparison } from './champion.js';
import { parseDates } from './dates.js';
import { discrimination, type Discrimination } from './discrimination.js';
import { FlagCollector, type FlagSummary, type ValidationFlag } from './flags.js';
import { gradeCalibration, type GradeCalibration, type GradeCalibrationOptions } from './gradeCalibration.js';
import { bandGrades, checkGradeOrder, columnGrades } from './gradeAssignment.js';
import type { HosmerLemeshowDf } from './hosmerLemeshow.js';
import { outOfTime, type OutOfTime } from './outOfTime.js';
import { assignPeriods, type PeriodChoice } from './periods.js';
import { segmentFigures, type Segments } from './segments.js';
import { stabilityAgainst, type Stability } from './stability.js';
import { checkLevels, TRAFFIC_LIGHT_LEVELS, type TrafficLightLevels } from './trafficLight.js';
import { checkProtectedNotFeatures, fairnessTable, protectedGroups, type FairnessOptions, type FairnessResult } from './fairness.js';

export interface ValidationOptions {
  /** The 0/1 default column of `data`. */
  target: string;
  /** The label of a default when the target is text. */
  positive?: string;
  /** Rating grades for the per-grade back-test (default: the master scale DEFAULT_MASTER_SCALE). */
  grades?: RatingGrades;
  /**
   * Instead of PD bands, a column of `data` holding each row's grade (e.g. the
   * bank's rating): the back-test then runs per label. Not with `grades`.
   */
  gradeColumn?: string;
  /** The labels of `gradeColumn`, best first (default: the labels found, by mean PD); a label outside it is E_GRADE_LABEL. */
  gradeOrder?: readonly string[];
  /** A date column of `data` (read as text) for the out-of-time view. */
  date?: string;
  /** Months, quarters, or chosen from the span of the dates (default 'auto', see periods.ts). */
  period?: PeriodChoice;
  /** A column of `data` whose values are segments (figures per value). */
  segment?: string;
  /** A champion (e.g. the model in use) scored on the same rows; it may use only the model's features. */
  champion?: Classifier;
  /** The AUC at the initial validation: the ECB's test of its change (one-sided, a drop). */
  initialAuc?: number;
  /** Earlier data (e.g. the training sample) for the PSI of the PD, the grades and every feature. */
  baseline?: Dataset;
  /** Level of the AUC and default-rate intervals (default 0.95). */
  confidence?: number;
  /** p-value levels of the amber and red lights (default 0.05 and 0.01). */
  levels?: TrafficLightLevels;
  /** Degrees of freedom of Hosmer–Lemeshow: G − 2 (default) or G for a sample the model never saw. */
  hlDf?: HosmerLemeshowDf;
  /** Quantile bins of the PSIs (default 10). */
  psiBins?: number;
  /** Protected attributes (columns of `data`, never model features): fairness per group. */
  protected?: readonly string[];
  /** The approval rule of the fairness check (default: approve the 80% with the lowest PD, FAIRNESS_DEFAULT_APPROVAL_SHARE). */
  fairness?: FairnessOptions;
}

/** Approval share the fairness check assumes when no cut-off is given: set your policy's cut-off instead. */
export const FAIRNESS_DEFAULT_APPROVAL_SHARE = 0.8;

/** An equal-opportunity gap (TPR or FPR against the most favoured group) above this is an amber flag. */
export const FAIRNESS_GAP_AMBER = 0.1;

/** Every figure of a validation, as plain JSON (null where a figure is not defined, with a note saying why). */
export interface ValidationResult {
  /**
   * The model's kind and features; for PDs scored elsewhere (validateScores),
   * `pdColumn` names their column and `features` are the columns compared with
   * the baseline. `pdColumn` is null when a model scored the rows.
   */
  model: { kind: string; features: string[]; pdColumn: string | null };
  rows: number;
  defaults: number;
  defaultRate: number;
  meanPd: number;
  settings: {
    confidence: number;
    levels: TrafficLightLevels;
    hlDf: HosmerLemeshowDf;
    psiBins: number;
    /** PD bands (`upper`), or labels read from `column` (`upper` null). */
    grades: { names: string[]; upper: number[] | null; column: string | null };
  };
  discrimination: Discrimination;
  /** With `initialAuc`: the test of the AUC's change since the initial validation. */
  aucChange: AucChangeTest | null;
  champion: ChampionComparison | null;
  calibration: GradeCalibration;
  stability: Stability | null;
  outOfTime: OutOfTime | null;
  segments: Segments | null;
  /** Fairness per protected attribute (`protected`), null when not asked for. */
  fairness: FairnessResult | null;
  flags: ValidationFlag[];
  summary: FlagSummary;
}

/**
 * Where the validated PDs come from: a model that scores the rows, or PDs
 * scored elsewhere (`validateScores`). `pd` is called once for the data and
 * once for the baseline.
 */
export interface PdSource {
  /** The model kind, or what the PDs are (e.g. 'PD column "pd"'). */
  kind: string;
  /** The columns compared with the baseline one by one (characteristic stability): the model's features. */
  features: readonly string[];
  pd(rows: Dataset): Float64Array;
  champion: { name: string; pd(rows: Dataset): Float64Array } | null;
  /** The column the PDs are read from, when no model scores the rows. */
  pdColumn?: string;
}

/**
 * Validates a PD model on labelled data: discrimination with DeLong's
 * interval (and against a champion), calibration per grade with the Jeffreys
 * and binomial tests, Hosmer–Lemeshow and Spiegelhalter, stability against a
 * baseline, the out-of-time view per period and figures per segment, each
 * read as red, amber or green flags.
 */
export function validateModel(model: Classifier, data: Dataset, options: ValidationOptions): ValidationResult {
  if (options.champion) checkChampionFeatures(model.featureSpecs, options.champion.featureSpecs);
  if (options.protected) checkProtectedNotFeatures(model, options.protected);
  const champion = options.champion;
  return validatePds(data, options, {
    kind: model.toJSON().name,
    features: model.featureSpecs.map((f) => f.name),
    pd: (rows) => model.predictProba(rows),
    champion: champion ? { name: champion.toJSON().name, pd: (rows) => champion.predictProba(rows) } : null,
  });
}

/** The validation of the PDs `source` gives (validateModel's and validateScores' common body); the champion comes from `source`, not `options`. */
export function validatePds(data: Dataset, options: Omit<ValidationOptions, 'champion'>, source: PdSource): ValidationResult {
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new CreditkitError('E_OPTION', `confidence must be in (0, 1), got ${confidence}`);
  const levels = checkLevels(options.levels ?? TRAFFIC_LIGHT_LEVELS);
  const hlDf = options.hlDf ?? 'groups-2';
  if (hlDf !== 'groups-2' && hlDf !== 'groups') throw new CreditkitError('E_OPTION', `hlDf must be 'groups-2' or 'groups', got ${String(hlDf)}`);
  const psiBins = checkIntegerRange('psiBins', options.psiBins ?? 10, PSI_BIN_RANGE);
  if (options.grades !== undefined && options.gradeColumn !== undefined) throw new CreditkitError('E_OPTION', 'grades are PD bands or a grade column, not both');
  if (options.gradeOrder !== undefined && options.gradeColumn === undefined) throw new CreditkitError('E_OPTION', 'a grade order needs a grade column');
  const gradeOrder = options.gradeOrder !== undefined ? checkGradeOrder(options.gradeOrder) : undefined;
  const bands = options.gradeColumn === undefined ? options.grades ?? RatingGrades.parse(DEFAULT_MASTER_SCALE) : null;
  if (options.initialAuc !== undefined && !(options.initialAuc >= 0 && options.initialAuc <= 1)) {
    throw new CreditkitError('E_OPTION', `the initial AUC must be in [0, 1], got ${options.initialAuc}`);
  }
  for (const [flag, column] of [['date', options.date], ['segment', options.segment], ['grade', options.gradeColumn]] as const) {
    if (column !== undefined && !data.has(column)) throw new CreditkitError('E_COLUMN_UNKNOWN', `the ${flag} column is not in the data`, { file: data.origin?.file, column });
  }
  // Dates first: a bad date is reported before any model is scored.
  const periods = options.date !== undefined ? assignPeriods(parseDates(data, options.date), options.period ?? 'auto') : undefined;

  const { y } = splitTarget(data, options.target, { positive: options.positive });
  const pd = source.pd(data);
  const calOptions: GradeCalibrationOptions = { confidence, levels, hlDf };
  const flags = new FlagCollector(levels);
  const defaults = y.reduce((s, v) => s + v, 0);

  const disc = discrimination(y, pd, confidence);
  const aucChange = options.initialAuc !== undefined ? aucChangeTest(options.initialAuc, disc.auc, disc.se) : null;
  if (aucChange) flags.pValue('discrimination', 'AUC since the initial validation', `AUC ${aucChange.initialAuc} → ${aucChange.currentAuc?.toFixed(4) ?? 'n/a'}, change test`, aucChange.p);
  const champion = source.champion ? compareWithChampion(source.champion.name, y, pd, source.champion.pd(data), confidence) : null;
  if (champion) {
    const level = champion.verdict === 'champion better' ? 'red' : 'green';
    const t = champion.test;
    flags.add(level, 'champion', champion.champion, t.p === null ? `DeLong test not defined (${t.note})` : `AUC difference ${t.difference!.toFixed(4)}, DeLong p = ${t.p.toPrecision(3)}: ${champion.verdict}`);
  }

  const grades = bands !== null ? bandGrades(bands, pd) : columnGrades(data, options.gradeColumn!, pd, gradeOrder);
  const calibration = gradeCalibration(grades, pd, y, calOptions);
  for (const g of calibration.grades) flags.pValue('calibration', `grade ${g.grade}`, 'Jeffreys', g.jeffreysP);
  flags.pValue('calibration', 'Hosmer–Lemeshow (deciles)', 'Hosmer–Lemeshow', calibration.hosmerLemeshowDeciles.p);
  flags.pValue('calibration', 'Spiegelhalter', 'Spiegelhalter z', calibration.spiegelhalter.p);
  for (const v of calibration.inversions) {
    flags.add('amber', 'calibration', `grades ${v.better} → ${v.worse}`, `default rate falls from ${pct(v.betterRate)} to ${pct(v.worseRate)} in the worse grade`);
  }

  let stability: Stability | null = null;
  if (options.baseline) {
    const basePd = source.pd(options.baseline);
    const features = source.features;
    // The baseline's grades on the same scale: its PDs' bands, or its labels among the current grades.
    const baseGrades = bands !== null ? bandGrades(bands, basePd) : columnGrades(options.baseline, options.gradeColumn!, basePd, grades.names);
    stability = stabilityAgainst(options.baseline, data, basePd, pd, baseGrades, grades, features, psiBins);
    flags.psi('stability', 'PD', stability.score.psi, stability.score.label);
    flags.psi('stability', 'grades', stability.grades.psi, stability.grades.label);
    for (const c of stability.characteristics) if (c.label !== 'stable') flags.psi('stability', c.name, c.psi, c.label);
  }

  let oot: OutOfTime | null = null;
  if (periods) {
    oot = outOfTime(options.date!, periods, y, pd, confidence, psiBins, levels);
    for (const p of oot.periods) flags.pValue('out-of-time', p.period, 'Jeffreys (the period\'s mean PD)', p.jeffreysP);
    for (const p of oot.periods.slice(1)) if (p.psiLabel !== 'stable') flags.psi('out-of-time', p.period, p.psi, p.psiLabel);
    // No AUC, or an AUC without an interval (one defaulter): amber, with the reason.
    for (const p of oot.periods) if (p.discrimination.ci === null) flags.add('amber', 'out-of-time', p.period, p.discrimination.note!);
  }

  let segments: Segments | null = null;
  if (options.segment !== undefined) {
    segments = segmentFigures(data, options.segment, y, pd, grades, calOptions);
    for (const s of segments.segments) {
      if (s.note) flags.add('amber', 'segments', s.segment, s.note);
      flags.pValue('segments', s.segment, 'Hosmer–Lemeshow (deciles)', s.calibration.hosmerLemeshowDeciles.p);
    }
  }

  let fairness: FairnessResult | null = null;
  if (options.protected !== undefined && options.protected.length > 0) {
    const rule = options.fairness ?? { approvalShare: FAIRNESS_DEFAULT_APPROVAL_SHARE };
    fairness = fairnessTable(protectedGroups(data, options.protected), y, pd, rule);
    for (const c of fairness.columns) {
      for (const g of c.groups) {
        const item = `${c.column} = ${g.group}`;
        if (g.belowFourFifths) flags.add('red', 'fairness', item, `approval rate ${pct(g.approvalRate)} is ${g.disparateImpact!.toFixed(3)} of ${c.reference}'s (below four fifths)`);
        for (const [name, gap] of [['true-positive rate', g.tprGap], ['false-positive rate', g.fprGap]] as const) {
          if (gap !== null && Math.abs(gap) > FAIRNESS_GAP_AMBER) flags.add('amber', 'fairness', item, `${name} differs from ${c.reference}'s by ${(gap * 100).toFixed(1)} points`);
        }
        if (!g.fewRows) flags.pValue('fairness', item, 'calibration within the group, binomial', g.calibrationPValue);
      }
    }
  }

  return {
    model: { kind: source.kind, features: [...source.features], pdColumn: source.pdColumn ?? null },
    rows: y.length,
    defaults,
    defaultRate: defaults / y.length,
    meanPd: pd.reduce((s, v) => s + v, 0) / pd.length,
    settings: { confidence, levels, hlDf, psiBins, grades: { names: [...grades.names], upper: bands === null ? null : Array.from(bands.upper), column: grades.column } },
    discrimination: disc,
    aucChange,
    champion,
    calibration,
    stability,
    outOfTime: oot,
    segments,
    fairness,
    flags: flags.flags,
    summary: flags.summary(),
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
