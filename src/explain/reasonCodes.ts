import type { FeatureInput } from '../data/dataset.js';
import { float32Text } from '../data/float32Text.js';
import { CreditkitError } from '../errors.js';
import type { Classifier } from '../models/classifier.js';
import { alignColumns, type FeatureSpec } from '../models/schema.js';
import { type ExplainOptions, explainerFor } from './explainers.js';
import { sigmoid } from '../math/deterministic.js';

/**
 * One reason an applicant's PD is high: a feature whose SHAP contribution
 * pushes the score up from the baseline (the model's expected score).
 */
export interface ReasonCode {
  feature: string;
  /** The applicant's value as text: the category label, "missing" for a missing value, else the number. */
  value: string;
  /** The SHAP contribution in raw-score units (log-odds for boosting); always > 0. */
  contribution: number;
  /**
   * PD points this feature adds: the PD minus the PD with this one
   * contribution taken out of the score (for a log-odds model,
   * pd − sigmoid(raw − contribution); for a PD-scale model, the contribution).
   */
  pdImpact: number;
}

export interface ApplicantReasons {
  pd: number;
  /** Raw score = bias + Σ contributions (log-odds for boosting). */
  raw: number;
  /** Up to `top` reasons, largest contribution first; fewer when fewer features push the PD up. */
  reasons: ReasonCode[];
}

export interface ReasonCodeOptions {
  /** Reasons per applicant (default 4, as adverse-action notices usually give). */
  top?: number;
}

/** SHAP contributions of a block of rows and what is needed to word them. */
export interface ContributionBlock {
  /** nRows × nFeatures, row-major. */
  contributions: Float64Array;
  bias: number;
  link: 'logit' | 'identity';
  /** The rows' feature values, column-major in the model's feature order (NaN = missing). */
  columns: readonly Float32Array[];
  specs: readonly FeatureSpec[];
  nRows: number;
  /** PDs to report (for example predictProba's, bit-identical to `creditkit score`); default: from the raw score. */
  pd?: ArrayLike<number>;
}


/** Checks the `top` option: an integer from 1 to the number of features. */
export function resolveTop(top: number | undefined, nFeatures: number): number {
  const k = top ?? 4;
  if (!Number.isInteger(k) || k < 1) throw new CreditkitError('E_OPTION', `top must be an integer >= 1, got ${k}`);
  return Math.min(k, nFeatures);
}

/**
 * Reason codes from contributions (adverse-action style): for each row the
 * `top` features with the largest positive contribution, i.e. those pushing
 * its PD above the model's baseline, with the row's value of each. Features
 * that lower the PD are never reasons; ties keep the model's feature order.
 */
export function reasonsFromContributions(block: ContributionBlock, options: ReasonCodeOptions = {}): ApplicantReasons[] {
  const { contributions, bias, link, columns, specs, nRows, pd } = block;
  const nf = specs.length;
  const top = resolveTop(options.top, nf);
  const out = new Array<ApplicantReasons>(nRows);
  const order = new Int32Array(nf);
  for (let r = 0; r < nRows; r++) {
    const o = r * nf;
    let raw = bias;
    let m = 0;
    for (let f = 0; f < nf; f++) {
      const c = contributions[o + f];
      raw += c;
      if (c > 0) order[m++] = f;
    }
    const ranked = Array.from(order.subarray(0, m)).sort((a, b) => contributions[o + b] - contributions[o + a] || a - b);
    const p = pd ? pd[r] : link === 'logit' ? sigmoid(raw) : raw;
    const reasons = ranked.slice(0, top).map((f): ReasonCode => {
      const c = contributions[o + f];
      return {
        feature: specs[f].name,
        value: valueText(columns[f][r], specs[f]),
        contribution: c,
        pdImpact: link === 'logit' ? p - sigmoid(raw - c) : c,
      };
    });
    out[r] = { pd: p, raw, reasons };
  }
  return out;
}

/**
 * Reason codes for every row of `X`: SHAP contributions by the model's
 * explainer (TreeSHAP in wasm for trees, linear SHAP for linear models), then
 * the top features pushing each applicant's PD up. PDs are the model's
 * predictProba.
 */
export function reasonCodes(model: Classifier, X: FeatureInput, options: ReasonCodeOptions & ExplainOptions = {}): ApplicantReasons[] {
  const explainer = explainerFor(model, options);
  const specs = model.featureSpecs;
  resolveTop(options.top, specs.length);
  const aligned = alignColumns(specs, X);
  const { contributions, bias } = explainer.explain(aligned);
  return reasonsFromContributions(
    { contributions, bias, link: explainer.link, columns: aligned.columns, specs, nRows: aligned.nRows, pd: model.predictProba(X) },
    options,
  );
}

/** A feature value as an applicant would read it: category label, "missing", or the shortest decimal of the float32. */
export function valueText(v: number, spec: FeatureSpec): string {
  if (Number.isNaN(v)) return 'missing';
  if (spec.kind === 'categorical') return spec.categories?.[v] ?? 'missing';
  return float32Text(v);
}
