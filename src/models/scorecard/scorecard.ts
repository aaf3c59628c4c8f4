import { Dataset, type FeatureInput } from '../../data/dataset.js';
import { CreditkitError } from '../../errors.js';
import { PointsScale } from './pointsScale.js';
import type { Classifier, FitOptions, ModelJSON } from '../classifier.js';
import { checkFitInput, notFitted } from '../fitInput.js';
import { LogisticRegression } from '../linear/logistic.js';
import { forwardStepwise } from './scorecardStepwise.js';
import { dropCorrelated } from '../../binning/woeCorrelation.js';
import type { RejectedCharacteristic } from './scorecardRejected.js';
import { envelope, formatError, readEnvelope } from '../modelJson.js';
import { readSavedOptions } from '../optionTable.js';
import { alignColumns, type FeatureSpec } from '../schema.js';
import { attributeCodes, attributeIndices, attributeLabel, binCharacteristics, type Characteristic } from './scorecardBinning.js';
import { readCharacteristics } from './scorecardJson.js';
import { resolveScorecardOptions, SCORECARD_OPTION_TABLE, type ScorecardOptions } from './scorecardOptions.js';

export const SCORECARD_MODEL_NAME = 'Scorecard';
export const SCORECARD_MODEL_VERSION = 1;

export type { RejectedCharacteristic } from './scorecardRejected.js';

/** A characteristic in the fitted scorecard: its binning, coefficient and points per attribute. */
export interface ScorecardCharacteristic extends Characteristic {
  /** β on the good:bad log-odds scale: ln(odds) = intercept + Σ β·WOE. Expected > 0 (WOE > 0 is safer). */
  coefficient: number;
  /** Points of each attribute, in `attributes` order: factor · β · WOE (rounded with `roundPoints`). */
  points: number[];
}

/** One line of the points table. */
export interface PointsTableRow {
  characteristic: string;
  attribute: string;
  count: number;
  share: number;
  /** Bad (event) rate of the attribute in training. */
  eventRate: number;
  woe: number;
  coefficient: number;
  points: number;
}

/** The scorecard as a bank reads it: base points plus one row per attribute. */
export interface PointsTable {
  /** The points every applicant starts with: offset + factor · intercept. */
  basePoints: number;
  rows: PointsTableRow[];
  /** Each characteristic in the model's order, with its information value and coefficient. */
  characteristics: { characteristic: string; iv: number; coefficient: number }[];
  pdo: number;
  baseOdds: number;
  /** The score at `baseOdds` (the scaling option of the same name, not the table's base points). */
  scoreAtBaseOdds: number;
  /** Characteristics whose coefficient is negative (against the WOE: riskier attributes earn more points). */
  wrongSign: string[];
}

/** Each row's attribute and points per characteristic. */
export interface ScorecardPoints {
  nRows: number;
  /** nRows × nCharacteristics, row-major: the attribute index, −1 for a value no attribute holds (0 points). */
  attributes: Int32Array;
  /** nRows × nCharacteristics, row-major. */
  points: Float64Array;
  /** basePoints + Σ points of each row. */
  scores: Float64Array;
}

/**
 * A credit scorecard: every characteristic is binned into attributes with a
 * weight of evidence, WOE = ln(%good / %bad) (good = target 0; positive WOE
 * is safer than average); characteristics with information value below
 * `minIv` are left out; a logistic regression on the WOE columns gives the
 * good:bad log-odds, ln(odds) = α + Σ βⱼ·WOEⱼ, so coefficients are expected
 * positive (a negative one is reported in `wrongSign`, never hidden); and
 * the log-odds are scaled to points by PDO, base odds and base points as
 * PointsScale does: attribute points = factor·βⱼ·WOE, base points =
 * offset + factor·α, and the score is base points + Σ attribute points.
 * The PD is the score's PD (PointsScale.pd), so with `roundPoints` it is the
 * PD of the rounded score.
 */
export class ScorecardModel implements Classifier {
  readonly options: ScorecardOptions;
  /** The points scale of the options (unrounded: `roundPoints` rounds attribute points, not scores). */
  readonly scale: PointsScale;
  private characteristics: ScorecardCharacteristic[] = [];
  private intercept = 0;
  private rejectedList: RejectedCharacteristic[] = [];
  private fitted = false;

  constructor(options: Partial<ScorecardOptions> | Record<string, unknown> = {}) {
    this.options = resolveScorecardOptions(options);
    const { pdo, baseOdds, basePoints } = this.options;
    this.scale = new PointsScale({ pdo, baseOdds, basePoints });
  }

  /** pdo / ln 2, the scale's factor. */
  get factor(): number {
    return this.scale.factor;
  }

  /** basePoints − factor · ln(baseOdds), the scale's offset. */
  get offset(): number {
    return this.scale.offset;
  }

  get featureSpecs(): readonly FeatureSpec[] {
    return this.characteristics.map((c) => (c.kind === 'categorical' ? { name: c.feature, kind: c.kind, categories: [...(c.categories ?? [])] } : { name: c.feature, kind: c.kind }));
  }

  get isFitted(): boolean {
    return this.fitted;
  }

  fit(Xin: FeatureInput, yIn: ArrayLike<number>, fitOptions: FitOptions = {}): this {
    const o = this.options;
    const { X, y, w } = checkFitInput(Xin, yIn, fitOptions.sampleWeight);
    // Unweighted fits bin without weights (the binning's faster path; all-1 weights give the same bins).
    const weights = fitOptions.sampleWeight === undefined ? undefined : w;
    const { characteristics: all, singleValue } = binCharacteristics(X, y, o, weights);
    const rejected: RejectedCharacteristic[] = singleValue.map((feature) => ({ feature, iv: 0, reason: 'single-value' }));
    let kept = selectByIv(all, o, rejected);
    if (o.maxCorrelation !== null && kept.length > 1) {
      const drops = dropCorrelated(kept.map((c) => ({ feature: c.feature, iv: c.iv, codes: () => attributeCodes(c, X.column(c.feature).values), binWoe: c.attributes.map((a) => a.woe) })), o.maxCorrelation, weights);
      for (const [j, d] of drops) rejected.push({ feature: kept[j].feature, iv: kept[j].iv, reason: 'correlated', correlatedWith: { feature: d.with, r: d.r } });
      kept = kept.filter((_, j) => !drops.has(j));
    }
    const lrOptions = { penalty: o.penalty, C: o.C, maxIter: o.maxIter, tol: o.tol, missingIndicators: false, standardize: true };
    let woe = woeColumns(kept, X);
    if (o.selection === 'forward') {
      const { selected } = forwardStepwise(woe, y, w, lrOptions);
      if (selected.length === 0) throw new CreditkitError('E_NO_CHARACTERISTIC', 'forward selection found no characteristic that lowers the BIC of the intercept-only model');
      for (const c of kept) if (!selected.includes(c.feature)) rejected.push({ feature: c.feature, iv: c.iv, reason: 'stepwise' });
      kept = selected.map((name) => kept.find((c) => c.feature === name)!);
      woe = woe.select(selected);
    }
    const lr = new LogisticRegression(lrOptions);
    lr.fit(woe, y, { sampleWeight: w, onProgress: fitOptions.onProgress });
    const coef = lr.coefficients();
    // The regression models the PD log-odds; the scorecard's convention is the good:bad log-odds, its negative.
    const characteristics: ScorecardCharacteristic[] = [];
    kept.forEach((c, j) => {
      const beta = -coef.original[j];
      if (beta === 0) rejected.push({ feature: c.feature, iv: c.iv, reason: o.penalty === 'l1' ? 'l1' : 'zero-coefficient' });
      else characteristics.push({ ...c, coefficient: beta, points: [] });
    });
    if (characteristics.length === 0) {
      throw new CreditkitError('E_NO_CHARACTERISTIC', `the L1 penalty (C = ${o.C}) set every coefficient to 0: raise C`);
    }
    this.setFitted(characteristics, -coef.intercept.original, rejected);
    return this;
  }

  private setFitted(characteristics: ScorecardCharacteristic[], intercept: number, rejected: RejectedCharacteristic[]): void {
    const f = this.factor;
    const round = this.options.roundPoints ? Math.round : (v: number) => v;
    for (const c of characteristics) c.points = c.attributes.map((a) => round(f * c.coefficient * a.woe) + 0);
    this.characteristics = characteristics;
    this.intercept = intercept;
    this.rejectedList = rejected;
    this.fitted = true;
  }

  private get fittedCharacteristics(): ScorecardCharacteristic[] {
    if (!this.fitted) notFitted();
    return this.characteristics;
  }

  /** The fitted characteristics (copies), in the model's feature order. */
  scorecardCharacteristics(): ScorecardCharacteristic[] {
    return structuredClone(this.fittedCharacteristics);
  }

  /** Characteristics the fit left out, each with its reason (a single value, the IV range, the correlation cap, forward selection, a zero coefficient). */
  get rejected(): readonly RejectedCharacteristic[] {
    return this.rejectedList;
  }

  /** α of ln(good:bad odds) = α + Σ β·WOE. */
  get interceptLogOdds(): number {
    return this.intercept;
  }

  /** The points every applicant starts with: offset + factor · α (rounded with `roundPoints`). */
  get basePointsOfTable(): number {
    this.fittedCharacteristics;
    const v = this.offset + this.factor * this.intercept;
    return this.options.roundPoints ? Math.round(v) : v;
  }

  /** Characteristics with a negative coefficient (riskier attributes would earn more points). */
  get wrongSign(): string[] {
    return this.fittedCharacteristics.filter((c) => c.coefficient < 0).map((c) => c.feature);
  }

  /** Each row's attribute and points per characteristic, and its score. */
  points(X: FeatureInput): ScorecardPoints {
    const chars = this.fittedCharacteristics;
    const { columns, nRows } = alignColumns(this.featureSpecs, X);
    const m = chars.length;
    const attributes = new Int32Array(nRows * m);
    const points = new Float64Array(nRows * m);
    const scores = new Float64Array(nRows).fill(this.basePointsOfTable);
    chars.forEach((c, j) => {
      const idx = attributeIndices(c, columns[j]);
      for (let i = 0; i < nRows; i++) {
        const k = idx[i];
        const p = k < 0 ? 0 : c.points[k];
        attributes[i * m + j] = k;
        points[i * m + j] = p;
        scores[i] += p;
      }
    });
    return { nRows, attributes, points, scores };
  }

  /** The score of each row: base points + Σ attribute points (higher = safer). */
  score(X: FeatureInput): Float64Array {
    return this.points(X).scores;
  }

  /** The PD of each score: 1 / (1 + exp((score − offset) / factor)), PointsScale.pd. */
  pdOfScores(scores: ArrayLike<number>): Float64Array {
    const scale = this.scale;
    const out = new Float64Array(scores.length);
    for (let i = 0; i < scores.length; i++) out[i] = scale.pd(scores[i]);
    return out;
  }

  predictProba(X: FeatureInput): Float64Array {
    return this.pdOfScores(this.score(X));
  }

  /**
   * Points lost against each characteristic's best attribute, in PD log-odds
   * (points lost / factor): nRows × nCharacteristics, row-major, with
   * bias (the best possible applicant's PD log-odds) + Σ a row's values = its
   * PD log-odds. What the explainers and reason codes rank.
   */
  pointsLost(X: FeatureInput): { contributions: Float64Array; bias: number; pointsLost: Float64Array; points: ScorecardPoints } {
    const best = this.bestPoints();
    const p = this.points(X);
    const m = best.length;
    const lost = new Float64Array(p.points.length);
    for (let i = 0; i < lost.length; i++) lost[i] = best[i % m] - p.points[i];
    const bestScore = best.reduce((s, v) => s + v, this.basePointsOfTable);
    return { contributions: lost.map((v) => v / this.factor), bias: (this.offset - bestScore) / this.factor, pointsLost: lost, points: p };
  }

  /** The highest points of each characteristic (its best attribute), in feature order. */
  bestPoints(): Float64Array {
    return Float64Array.from(this.fittedCharacteristics, (c) => Math.max(...c.points));
  }

  /** The points table: base points, then per characteristic each attribute's WOE, coefficient and points. */
  pointsTable(): PointsTable {
    const chars = this.fittedCharacteristics;
    const rows: PointsTableRow[] = [];
    for (const c of chars) {
      c.attributes.forEach((a, k) => rows.push({
        characteristic: c.feature, attribute: attributeLabel(a), count: a.count, share: a.share, eventRate: a.badRate, woe: a.woe, coefficient: c.coefficient, points: c.points[k],
      }));
    }
    const o = this.options;
    const characteristics = chars.map((c) => ({ characteristic: c.feature, iv: c.iv, coefficient: c.coefficient }));
    return { basePoints: this.basePointsOfTable, rows, characteristics, pdo: o.pdo, baseOdds: o.baseOdds, scoreAtBaseOdds: o.basePoints, wrongSign: this.wrongSign };
  }

  toJSON(): ModelJSON {
    const chars = this.fittedCharacteristics;
    return {
      ...envelope(SCORECARD_MODEL_NAME, SCORECARD_MODEL_VERSION, this.options),
      intercept: this.intercept,
      characteristics: chars.map(({ points: _points, ...c }) => structuredClone(c)),
      rejected: structuredClone(this.rejectedList),
    };
  }

  static fromJSON(json: unknown): ScorecardModel {
    const o = readEnvelope(json, SCORECARD_MODEL_NAME, SCORECARD_MODEL_VERSION);
    const model = new ScorecardModel(readSavedOptions(SCORECARD_OPTION_TABLE, o));
    const { characteristics, intercept, rejected } = readCharacteristics(o);
    model.setFitted(characteristics.map((c) => ({ ...c, points: [] })), intercept, rejected);
    // Every score must be finite: base points plus the largest points of each characteristic, in absolute value.
    let bound = Math.abs(model.basePointsOfTable);
    model.characteristics.forEach((c, j) => {
      bound += Math.max(...c.points.map(Math.abs));
      if (!Number.isFinite(bound)) formatError('its coefficient and WOE give points beyond the range of a number', `characteristics[${j}]`);
    });
    if (!Number.isFinite(bound)) formatError('gives base points beyond the range of a number', 'intercept');
    return model;
  }
}

/** The WOE of every row per characteristic, as numeric columns of the same names (no attribute: WOE 0). */
function woeColumns(chars: readonly Characteristic[], X: Dataset): Dataset {
  return new Dataset(chars.map((c) => {
    const idx = attributeIndices(c, X.column(c.feature).values);
    return { name: c.feature, kind: 'numeric' as const, values: Float32Array.from(idx, (k) => (k < 0 ? 0 : c.attributes[k].woe)) };
  }), X.nRows);
}

/**
 * The characteristics whose information value is in [minIv, maxIv]; the others go to `rejected`.
 * None left (or none binned: every column with a single value) is E_NO_CHARACTERISTIC.
 */
function selectByIv(all: readonly Characteristic[], o: ScorecardOptions, rejected: RejectedCharacteristic[]): Characteristic[] {
  if (all.length === 0) {
    throw new CreditkitError('E_NO_CHARACTERISTIC', `no characteristic to bin: every one has a single value in the training rows (${rejected.map((r) => `"${r.feature}"`).join(', ')})`);
  }
  const kept: Characteristic[] = [];
  for (const c of all) {
    if (c.iv < o.minIv) rejected.push({ feature: c.feature, iv: c.iv, reason: 'low-iv' });
    else if (o.maxIv !== null && c.iv > o.maxIv) rejected.push({ feature: c.feature, iv: c.iv, reason: 'high-iv' });
    else kept.push(c);
  }
  if (kept.length === 0) {
    const best = all.reduce((a, b) => (b.iv > a.iv ? b : a));
    const range = o.maxIv === null ? `minIv ${o.minIv}` : `[minIv ${o.minIv}, maxIv ${o.maxIv}]`;
    throw new CreditkitError('E_NO_CHARACTERISTIC', `no characteristic reaches ${range} (the highest information value is ${best.iv.toPrecision(3)}, of "${best.feature}")`);
  }
  return kept;
}
