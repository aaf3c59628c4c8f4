import type { Dataset, FeatureInput } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import { asObject, booleanValue, finiteArray, finiteNumber, formatError, readFeatureSpecs } from './modelJson.js';
import type { OptionSpecs } from './optionTable.js';
import { alignColumns, type FeatureSpec, schemaOf } from './schema.js';

/**
 * The preprocessing inside the non-tree models (logistic regression, SVM,
 * MLP), fitted on the training rows and saved with the model:
 *
 * - numeric columns: missing values imputed with the training median (or
 *   mean), then standardized to mean 0 and standard deviation 1 (population
 *   sd, as scikit-learn's StandardScaler; a constant column keeps scale 1);
 * - categorical columns: one 0/1 column per training label that occurs in the
 *   training rows (`name=label`); missing and unseen labels give all zeros;
 * - with `missingIndicators`, one extra 0/1 column `name=(missing)` for each
 *   feature that had missing values in the training rows.
 *
 * The output is a dense row-major Float64 matrix.
 */
export interface PreprocessOptions {
  /** How missing numeric values are filled. */
  impute: 'median' | 'mean';
  /** Add a missing-value indicator column for features with missing training values. */
  missingIndicators: boolean;
  /** Standardize numeric columns. */
  standardize: boolean;
}

/** The preprocessing options, rows of the option table of each model that preprocesses (after its own rows). */
export const PREPROCESS_SPECS = {
  impute: { type: { kind: 'enum', values: ['median', 'mean'] }, default: 'median', doc: 'fill for missing numeric values' },
  missingIndicators: { type: { kind: 'boolean' }, default: true, doc: 'add `name=(missing)` columns' },
  standardize: {
    type: { kind: 'boolean' }, default: true,
    doc: 'numeric columns to mean 0, sd 1 (population sd, as scikit-learn\'s `StandardScaler`; a constant column keeps scale 1). One-hot and indicator columns stay 0/1',
  },
} as const satisfies OptionSpecs<PreprocessOptions>;

export const PREPROCESS_DEFAULTS: Readonly<PreprocessOptions> = Object.freeze({
  impute: PREPROCESS_SPECS.impute.default,
  missingIndicators: PREPROCESS_SPECS.missingIndicators.default,
  standardize: PREPROCESS_SPECS.standardize.default,
});

/** What one input feature turns into. */
type Step =
  | { kind: 'numeric'; fill: number; center: number; scale: number; indicator: boolean }
  | { kind: 'categorical'; codes: number[]; labels: string[]; indicator: boolean };

/** A row-major matrix of preprocessed rows. */
export interface DesignMatrix {
  data: Float64Array;
  nRows: number;
  nCols: number;
}

export class Preprocessor {
  readonly features: readonly FeatureSpec[];
  /** Names of the output columns, in order. */
  readonly outputNames: readonly string[];
  /** The input feature (index into `features`) each output column comes from. */
  readonly outputFeature: Int32Array;
  /**
   * Mean of each output column over the training rows (sample weights
   * applied): the background of linear SHAP. Null for a model saved before
   * creditkit stored it.
   */
  readonly outputMeans: Float64Array | null;
  private readonly steps: readonly Step[];

  private constructor(features: FeatureSpec[], steps: Step[], outputMeans: Float64Array | null) {
    this.features = features;
    this.steps = steps;
    const names: string[] = [];
    const from: number[] = [];
    steps.forEach((s, j) => {
      const name = features[j].name;
      if (s.kind === 'numeric') names.push(name);
      else for (const label of s.labels) names.push(`${name}=${label}`);
      if (s.indicator) names.push(`${name}=(missing)`);
      while (from.length < names.length) from.push(j);
    });
    this.outputNames = names;
    this.outputFeature = Int32Array.from(from);
    this.outputMeans = outputMeans;
  }

  get nOutputs(): number {
    return this.outputNames.length;
  }

  /**
   * Fits on the rows of `X`; with `weights`, medians, means and standard
   * deviations are weighted (an integer weight acts as repeating the row) and
   * rows of weight 0 are ignored.
   */
  static fit(X: Dataset, options: PreprocessOptions, weights?: Float64Array): Preprocessor {
    const features = schemaOf(X);
    const w = weights ?? new Float64Array(X.nRows).fill(1);
    const steps: Step[] = X.columns.map((col) => {
      const v = col.values;
      const rows: number[] = [];
      let anyMissing = false;
      for (let i = 0; i < v.length; i++) {
        if (!(w[i] > 0)) continue;
        if (v[i] === v[i]) rows.push(i);
        else anyMissing = true;
      }
      const indicator = options.missingIndicators && anyMissing;
      if (col.kind === 'categorical') {
        const categories = col.categories ?? [];
        const seen = new Uint8Array(categories.length);
        for (const i of rows) seen[v[i]] = 1;
        const codes = [...seen.keys()].filter((c) => seen[c] === 1);
        return { kind: 'categorical', codes, labels: codes.map((c) => categories[c]), indicator };
      }
      const fill = rows.length === 0 ? 0 : options.impute === 'median' ? weightedMedian(v, w, rows) : weightedMean(rows.map((i) => v[i]), rows.map((i) => w[i]));
      let center = 0;
      let scale = 1;
      if (options.standardize) {
        const used: number[] = [];
        for (let i = 0; i < v.length; i++) if (w[i] > 0) used.push(i);
        const filled = used.map((i) => (v[i] === v[i] ? v[i] : fill));
        const wu = used.map((i) => w[i]);
        center = weightedMean(filled, wu);
        let ss = 0;
        let sw = 0;
        filled.forEach((x, k) => {
          ss += wu[k] * (x - center) * (x - center);
          sw += wu[k];
        });
        const sd = Math.sqrt(ss / sw);
        scale = sd > 10 * Number.EPSILON * Math.max(1, Math.abs(center)) ? sd : 1;
      }
      return { kind: 'numeric', fill, center, scale, indicator };
    });
    return new Preprocessor(features, steps, outputMeansOf(steps, X.columns.map((c) => c.values), w));
  }

  /** The preprocessed rows of `X` (columns matched by name, categorical labels by the training dictionary). */
  transform(X: FeatureInput): DesignMatrix {
    const { columns, nRows } = alignColumns(this.features, X);
    return this.transformColumns(columns, nRows);
  }

  /** The preprocessed rows of feature columns already in the model's order and dictionaries (see `alignColumns`). */
  transformColumns(columns: readonly Float32Array[], nRows: number): DesignMatrix {
    const p = this.nOutputs;
    const data = new Float64Array(nRows * p);
    let k = 0;
    this.steps.forEach((s, j) => {
      const v = columns[j];
      if (s.kind === 'numeric') {
        for (let i = 0; i < nRows; i++) {
          const x = v[i];
          data[i * p + k] = ((x === x ? x : s.fill) - s.center) / s.scale;
        }
        k++;
      } else {
        const slot = new Map(s.codes.map((c, t) => [c, t]));
        for (let i = 0; i < nRows; i++) {
          const t = v[i] === v[i] ? slot.get(v[i]) : undefined;
          if (t !== undefined) data[i * p + k + t] = 1;
        }
        k += s.codes.length;
      }
      if (s.indicator) {
        for (let i = 0; i < nRows; i++) if (v[i] !== v[i]) data[i * p + k] = 1;
        k++;
      }
    });
    return { data, nRows, nCols: p };
  }

  /**
   * Coefficients of a linear score on the preprocessed columns, restated on
   * the original units: a standardized column's coefficient is divided by its
   * scale and the intercept absorbs the centering. (The coefficient of a
   * numeric feature applies to its imputed value.)
   */
  toOriginalScale(coef: ArrayLike<number>, intercept: number): { coef: Float64Array; intercept: number } {
    const out = Float64Array.from(coef);
    let b = intercept;
    let k = 0;
    for (const s of this.steps) {
      if (s.kind === 'numeric') {
        out[k] = coef[k] / s.scale;
        b -= (coef[k] * s.center) / s.scale;
        k++;
      } else {
        k += s.codes.length;
      }
      if (s.indicator) k++;
    }
    return { coef: out, intercept: b };
  }

  toJSON(): Record<string, unknown> {
    return {
      features: this.features.map((f) => (f.categories ? { ...f, categories: [...f.categories] } : { ...f })),
      steps: this.steps.map((s) => (s.kind === 'numeric'
        ? { fill: s.fill, center: s.center, scale: s.scale, indicator: s.indicator }
        : { codes: [...s.codes], indicator: s.indicator })),
      ...(this.outputMeans ? { outputMeans: Array.from(this.outputMeans) } : {}),
    };
  }

  static fromJSON(json: unknown, path: string): Preprocessor {
    const o = asObject(json, path);
    const features = readFeatureSpecs(o.features, `${path}.features`);
    if (!Array.isArray(o.steps) || o.steps.length !== features.length) {
      return formatError(`must be an array with one entry per feature (${features.length})`, `${path}.steps`);
    }
    const steps = (o.steps as unknown[]).map((sj, j): Step => {
      const at = `${path}.steps[${j}]`;
      const s = asObject(sj, at);
      const indicator = booleanValue(s.indicator, `${at}.indicator`);
      const f = features[j];
      if (f.kind === 'numeric') {
        const scale = finiteNumber(s.scale, `${at}.scale`);
        if (!(scale > 0)) formatError(`must be > 0, got ${scale}`, `${at}.scale`);
        return { kind: 'numeric', fill: finiteNumber(s.fill, `${at}.fill`), center: finiteNumber(s.center, `${at}.center`), scale, indicator };
      }
      const nCat = f.categories?.length ?? 0;
      if (!Array.isArray(s.codes)) return formatError('must be an array of category codes', `${at}.codes`);
      const codes = (s.codes as unknown[]).map((c, t) => {
        if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= nCat) {
          return formatError(`must be a code of the feature's dictionary (0..${nCat - 1}), got ${JSON.stringify(c)}`, `${at}.codes[${t}]`);
        }
        return c;
      });
      if (new Set(codes).size !== codes.length) formatError('has a repeated code', `${at}.codes`);
      return { kind: 'categorical', codes, labels: codes.map((c) => f.categories![c]), indicator };
    });
    // Files written before creditkit stored the training means have none (linear SHAP then needs background rows).
    const width = steps.reduce((n, s) => n + (s.kind === 'numeric' ? 1 : s.codes.length) + (s.indicator ? 1 : 0), 0);
    const means = o.outputMeans === undefined ? null : finiteArray(o.outputMeans, `${path}.outputMeans`, width);
    return new Preprocessor(features, steps, means);
  }
}

/**
 * The weighted mean of each output column over the training rows (rows of
 * weight 0 ignored, as in fitting), computed from the steps without building
 * the design matrix: a numeric column's mean transformed value, a one-hot
 * column's share of its label, an indicator's share of missing values.
 */
function outputMeansOf(steps: readonly Step[], columns: readonly Float32Array[], w: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < w.length; i++) if (w[i] > 0) total += w[i];
  const means: number[] = [];
  steps.forEach((s, j) => {
    const v = columns[j];
    let missing = 0;
    if (s.kind === 'numeric') {
      let sum = 0;
      for (let i = 0; i < v.length; i++) {
        if (!(w[i] > 0)) continue;
        const x = v[i];
        if (x !== x) missing += w[i];
        sum += (w[i] * ((x === x ? x : s.fill) - s.center)) / s.scale;
      }
      means.push(sum / total);
    } else {
      const slot = new Map(s.codes.map((c, t) => [c, t]));
      const shares = new Float64Array(s.codes.length);
      for (let i = 0; i < v.length; i++) {
        if (!(w[i] > 0)) continue;
        if (v[i] !== v[i]) {
          missing += w[i];
          continue;
        }
        const t = slot.get(v[i]);
        if (t !== undefined) shares[t] += w[i];
      }
      for (const share of shares) means.push(share / total);
    }
    if (s.indicator) means.push(missing / total);
  });
  return Float64Array.from(means);
}

function weightedMean(v: readonly number[], w: readonly number[]): number {
  let s = 0;
  let t = 0;
  for (let k = 0; k < v.length; k++) {
    s += w[k] * v[k];
    t += w[k];
  }
  return s / t;
}

/**
 * The weighted median of v[rows]: the smallest value whose cumulative weight
 * reaches half the total, or the midpoint of two values when the half falls
 * exactly between them (the plain median for unit weights).
 */
function weightedMedian(v: Float32Array, w: Float64Array, rows: readonly number[]): number {
  const order = [...rows].sort((a, b) => v[a] - v[b]);
  let total = 0;
  for (const i of order) total += w[i];
  const half = total / 2;
  let cum = 0;
  for (let k = 0; k < order.length; k++) {
    cum += w[order[k]];
    if (cum > half) return v[order[k]];
    if (cum === half) return (v[order[k]] + v[order[k + 1]]) / 2;
  }
  return v[order[order.length - 1]];
}

/** Rejects a model whose saved parameter count does not fit its preprocessor. */
export function checkWidth(actual: number, expected: number, path: string): void {
  if (actual !== expected) throw new CreditkitError('E_MODEL_FORMAT', `must have ${expected} values (one per preprocessed column), has ${actual}`, { path });
}

/** The rows at `rows` of a design matrix, in that order. */
export function takeRows(M: DesignMatrix, rows: ArrayLike<number>): DesignMatrix {
  const p = M.nCols;
  const data = new Float64Array(rows.length * p);
  for (let i = 0; i < rows.length; i++) data.set(M.data.subarray(rows[i] * p, rows[i] * p + p), i * p);
  return { data, nRows: rows.length, nCols: p };
}
