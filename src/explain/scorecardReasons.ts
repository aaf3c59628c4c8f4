import type { FeatureInput } from '../data/dataset.js';
import type { ScorecardModel } from '../models/scorecard/scorecard.js';
import { attributeLabel } from '../models/scorecard/scorecardBinning.js';
import { alignColumns } from '../models/schema.js';
import { type ApplicantReasons, type ReasonCode, type ReasonCodeOptions, reasonsFromContributions, resolveTop } from './reasonCodes.js';

/** A scorecard reason: the characteristic, the applicant's attribute and the points it lost against the best attribute. */
export interface ScorecardReason extends ReasonCode {
  /** The attribute the applicant fell in (its label in the points table), or "(no attribute)" for a value training never saw. */
  attribute: string;
  /** The characteristic's best points minus the applicant's points (> 0). */
  pointsLost: number;
}

export interface ScorecardApplicantReasons extends ApplicantReasons {
  /** The applicant's score (base points + Σ attribute points). */
  score: number;
  reasons: ScorecardReason[];
}

/**
 * Adverse-action reason codes of a scorecard: for each applicant the `top`
 * characteristics with the most points lost against their best attribute,
 * most first (ties in the model's order); a characteristic at its best
 * attribute is never a reason. `contribution` is the points lost in PD
 * log-odds (pointsLost / factor), so `raw` is the score's PD log-odds and
 * `pdImpact` is how much lower the PD would be with the best attribute.
 */
export function scorecardReasonCodes(model: ScorecardModel, X: FeatureInput, options: ReasonCodeOptions = {}): ScorecardApplicantReasons[] {
  const specs = model.featureSpecs;
  resolveTop(options.top, specs.length);
  const chars = model.scorecardCharacteristics();
  const { contributions, bias, pointsLost: lost, points } = model.pointsLost(X);
  const { nRows, attributes, scores } = points;
  const m = specs.length;
  const { columns } = alignColumns(specs, X);
  const base = reasonsFromContributions({ contributions, bias, link: 'logit', columns, specs, nRows, pd: model.pdOfScores(scores) }, options);
  const index = new Map(specs.map((s, j) => [s.name, j]));
  return base.map((r, i) => ({
    ...r,
    score: scores[i],
    reasons: r.reasons.map((reason) => {
      const j = index.get(reason.feature)!;
      const k = attributes[i * m + j];
      return { ...reason, attribute: k < 0 ? '(no attribute)' : attributeLabel(chars[j].attributes[k]), pointsLost: lost[i * m + j] };
    }),
  }));
}
