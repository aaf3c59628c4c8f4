import type { FeatureInput } from '../../data/dataset.js';
import type { Classifier, FitOptions, ModelJSON } from '../classifier.js';
import { solveWithJitter } from '../../math/cholesky.js';
import { finiteArray, finiteNumber, formatError } from '../modelJson.js';
import { defaultsOf, type OptionTable, rangesOf, readSavedOptions, resolveOptions } from '../optionTable.js';
import { linearScores, logOddsToProbabilities } from './linearScore.js';
import type { LinearTerms } from '../linearTerms.js';
import { checkWidth, type DesignMatrix, PREPROCESS_SPECS, type PreprocessOptions } from '../preprocess.js';
import { PreprocessedClassifier, preprocessForFit, preprocessedEnvelope, readPreprocessedEnvelope } from '../preprocessedClassifier.js';
import { log, sigmoid, softplus } from '../../math/deterministic.js';

export const LOGISTIC_MODEL_NAME = 'LogisticRegression';
export const LOGISTIC_MODEL_VERSION = 1;

/** Options of LogisticRegression (scikit-learn's meaning for `penalty` and `C`). Ranges and defaults: `LOGISTIC_OPTION_TABLE`. */
export interface LogisticOptions extends PreprocessOptions {
  /** 'l2' (ridge), 'l1' (lasso: sparse coefficients) or 'none'. */
  penalty: 'l2' | 'l1' | 'none';
  /**
   * Inverse regularization strength, as scikit-learn: the fit minimizes
   * C·Σ wᵢ·logloss(i) + ½‖β‖² (L2) or + ‖β‖₁ (L1); smaller C, stronger
   * penalty. The intercept is never penalized.
   */
  C: number;
  /** Fit an intercept. */
  fitIntercept: boolean;
  /** Newton (L2, none) or proximal-Newton (L1) iterations. */
  maxIter: number;
  /** Stop when no coefficient moves more than this in an iteration. */
  tol: number;
}

/** The options of LogisticRegression (docs/guides/modelling.md: baselines). */
export const LOGISTIC_OPTION_TABLE: OptionTable<LogisticOptions> = {
  model: 'LogisticRegression',
  options: {
    penalty: { type: { kind: 'enum', values: ['l2', 'l1', 'none'] }, default: 'l2', doc: '`l1` gives sparse coefficients' },
    C: {
      type: { kind: 'number', min: 0, minIncluded: false }, default: 1,
      doc: 'inverse penalty strength, as scikit-learn: minimizes C·Σ wᵢ·logloss + ½‖β‖² (L2) or + ‖β‖₁ (L1); the intercept is not penalized',
    },
    fitIntercept: { type: { kind: 'boolean' }, default: true, doc: 'fit an intercept' },
    maxIter: { type: { kind: 'integer', range: { min: 1, max: 100_000 } }, default: 100, doc: 'Newton iterations' },
    tol: { type: { kind: 'number', min: 0, minIncluded: false }, default: 1e-8, doc: 'stop when no coefficient moves more than this' },
    ...PREPROCESS_SPECS,
  },
};

export const LOGISTIC_DEFAULTS: Readonly<LogisticOptions> = Object.freeze(defaultsOf(LOGISTIC_OPTION_TABLE));

/** Ranges of the integer options, from the table. */
export const LOGISTIC_RANGES = rangesOf(LOGISTIC_OPTION_TABLE, ['maxIter']);

export function resolveLogisticOptions(user: Partial<LogisticOptions> | Record<string, unknown> = {}): LogisticOptions {
  return resolveOptions(LOGISTIC_OPTION_TABLE, user);
}

/** Coefficients on the preprocessed (standardized) scale and on the original units. */
export interface LogisticCoefficients {
  /** Preprocessed column names: numeric features, `name=label` one-hot columns, `name=(missing)` indicators. */
  names: string[];
  /** Per standardized unit (comparable across features). */
  standardized: Float64Array;
  /** Per original unit of the feature (one-hot and indicator columns are the same on both scales). */
  original: Float64Array;
  intercept: { standardized: number; original: number };
}

/**
 * Logistic regression with L2, L1 or no penalty, fitted to full precision:
 * Newton's method with Cholesky solves and a backtracking line search (L2,
 * none), proximal Newton with coordinate descent on each quadratic model
 * (L1, as glmnet / LIBLINEAR's newGLMNET). Missing values, one-hot encoding
 * and standardization happen inside the model (see preprocess.ts).
 */
export class LogisticRegression extends PreprocessedClassifier implements Classifier {
  readonly options: LogisticOptions;
  private coef: Float64Array = new Float64Array(0);
  private bias = 0;
  /** Iterations of the last fit. */
  nIter = 0;

  constructor(options: Partial<LogisticOptions> | Record<string, unknown> = {}) {
    super();
    this.options = resolveLogisticOptions(options);
  }

  fit(Xin: FeatureInput, yIn: ArrayLike<number>, fitOptions: FitOptions = {}): this {
    const o = this.options;
    const { y, w, prep, M } = preprocessForFit(Xin, yIn, fitOptions.sampleWeight, o);
    const { theta, iterations } = fitLogistic(M, y, w, o, (iteration) => fitOptions.onProgress?.({ iteration, total: o.maxIter }));
    this.prep = prep;
    this.coef = theta.subarray(0, M.nCols).slice();
    this.bias = o.fitIntercept ? theta[M.nCols] : 0;
    this.nIter = iterations;
    return this;
  }

  /** Log-odds of default for each row. */
  predictRaw(X: FeatureInput): Float64Array {
    return linearScores(this.fittedPrep.transform(X), this.coef, this.bias);
  }

  predictProba(X: FeatureInput): Float64Array {
    return logOddsToProbabilities(this.predictRaw(X));
  }

  /** The score as linear SHAP needs it: log-odds = intercept + coef · preprocessed columns. */
  linearTerms(): LinearTerms {
    const prep = this.fittedPrep;
    return {
      design: (columns, nRows) => prep.transformColumns(columns, nRows),
      columnNames: prep.outputNames,
      columnFeature: prep.outputFeature,
      coef: this.coef.slice(),
      intercept: this.bias,
      background: prep.outputMeans,
      link: 'logit',
      scale: 'log-odds of default',
    };
  }

  coefficients(): LogisticCoefficients {
    const prep = this.fittedPrep;
    const original = prep.toOriginalScale(this.coef, this.bias);
    return {
      names: [...prep.outputNames],
      standardized: this.coef.slice(),
      original: original.coef,
      intercept: { standardized: this.bias, original: original.intercept },
    };
  }

  toJSON(): ModelJSON {
    const prep = this.fittedPrep;
    return {
      ...preprocessedEnvelope(LOGISTIC_MODEL_NAME, LOGISTIC_MODEL_VERSION, this.options, prep),
      columns: [...prep.outputNames],
      coef: Array.from(this.coef),
      intercept: this.bias,
    };
  }

  static fromJSON(json: unknown): LogisticRegression {
    const { o, model, prep } = readPreprocessedEnvelope(json, LOGISTIC_MODEL_NAME, LOGISTIC_MODEL_VERSION, (saved) => new LogisticRegression(readSavedOptions(LOGISTIC_OPTION_TABLE, saved)));
    if (!Array.isArray(o.columns) || JSON.stringify(o.columns) !== JSON.stringify(prep.outputNames)) {
      formatError(`must list the preprocessed columns: ${prep.outputNames.join(', ')}`, 'columns');
    }
    const coef = finiteArray(o.coef, 'coef');
    checkWidth(coef.length, prep.nOutputs, 'coef');
    model.prep = prep;
    model.coef = coef;
    model.bias = finiteNumber(o.intercept, 'intercept');
    return model;
  }
}

/**
 * Minimizes C·Σ wᵢ ℓᵢ + R(β) over θ = [β; b] (b present with fitIntercept).
 * Divided through by C, this is Σ wᵢ ℓᵢ + R(β)/C, the form used below.
 */
function fitLogistic(
  M: DesignMatrix, y: Float64Array, w: Float64Array, o: LogisticOptions, onIteration: (k: number) => void,
): { theta: Float64Array; iterations: number } {
  const { nRows: n, nCols: p } = M;
  const d = p + (o.fitIntercept ? 1 : 0);
  const lambda = o.penalty === 'none' ? 0 : 1 / o.C;
  const theta = new Float64Array(d);
  if (o.fitIntercept) {
    let sw = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sw += w[i];
      sy += w[i] * y[i];
    }
    theta[p] = log(sy / (sw - sy));
  }
  const objective = (t: Float64Array): number => {
    const z = scores(M, t, o.fitIntercept);
    let f = 0;
    for (let i = 0; i < n; i++) if (w[i] > 0) f += w[i] * (softplus(z[i]) - y[i] * z[i]);
    return f + penaltyValue(t, p, o.penalty, lambda);
  };

  let f = objective(theta);
  let k = 0;
  for (; k < o.maxIter; ) {
    k++;
    const { g, H } = gradientHessian(M, y, w, theta, o.fitIntercept);
    let step: Float64Array;
    let decrease: number;
    if (o.penalty === 'l1') {
      step = l1Direction(g, H, theta, p, d, lambda);
      decrease = 0;
      for (let j = 0; j < d; j++) decrease += g[j] * step[j];
      decrease += penaltyValue(addScaled(theta, step, 1), p, 'l1', lambda) - penaltyValue(theta, p, 'l1', lambda);
    } else {
      if (o.penalty === 'l2') {
        for (let j = 0; j < p; j++) {
          g[j] += lambda * theta[j];
          H[j * d + j] += lambda;
        }
      }
      step = solveWithJitter(H, g, d);
      for (let j = 0; j < d; j++) step[j] = -step[j];
      decrease = 0;
      for (let j = 0; j < d; j++) decrease += g[j] * step[j];
    }
    // Backtracking (Armijo) line search on the true objective.
    let t = 1;
    let next = addScaled(theta, step, t);
    let fNext = objective(next);
    for (let halvings = 0; halvings < 40 && !(fNext <= f + 1e-4 * t * decrease); halvings++) {
      t /= 2;
      next = addScaled(theta, step, t);
      fNext = objective(next);
    }
    let moved = 0;
    for (let j = 0; j < d; j++) moved = Math.max(moved, Math.abs(next[j] - theta[j]));
    onIteration(k);
    // No descent left means the optimum is reached to machine precision.
    if (!(fNext <= f)) break;
    theta.set(next);
    f = fNext;
    if (moved < o.tol) break;
  }
  return { theta, iterations: k };
}

function scores(M: DesignMatrix, theta: Float64Array, intercept: boolean): Float64Array {
  return linearScores(M, theta, intercept ? theta[M.nCols] : 0);
}

function penaltyValue(theta: Float64Array, p: number, penalty: LogisticOptions['penalty'], lambda: number): number {
  let r = 0;
  if (penalty === 'l2') for (let j = 0; j < p; j++) r += theta[j] * theta[j] / 2;
  else if (penalty === 'l1') for (let j = 0; j < p; j++) r += Math.abs(theta[j]);
  return lambda * r;
}

function addScaled(a: Float64Array, b: Float64Array, t: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let j = 0; j < a.length; j++) out[j] = a[j] + t * b[j];
  return out;
}

/** Gradient and Hessian (row-major d × d) of Σ wᵢ ℓᵢ at θ; the intercept is the last coordinate. */
function gradientHessian(
  M: DesignMatrix, y: Float64Array, w: Float64Array, theta: Float64Array, intercept: boolean,
): { g: Float64Array; H: Float64Array } {
  const { data, nRows: n, nCols: p } = M;
  const d = p + (intercept ? 1 : 0);
  const z = scores(M, theta, intercept);
  const g = new Float64Array(d);
  const H = new Float64Array(d * d);
  const x = new Float64Array(d);
  if (intercept) x[p] = 1;
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue;
    const pr = sigmoid(z[i]);
    const r = w[i] * (pr - y[i]);
    const h = w[i] * pr * (1 - pr);
    for (let j = 0; j < p; j++) x[j] = data[i * p + j];
    for (let a = 0; a < d; a++) {
      const xa = x[a];
      if (xa === 0) continue;
      g[a] += r * xa;
      const hx = h * xa;
      const row = a * d;
      for (let b = 0; b <= a; b++) H[row + b] += hx * x[b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) H[b * d + a] = H[a * d + b];
  return { g, H };
}

/**
 * The proximal Newton direction for the L1 penalty: coordinate descent on
 * gᵀs + ½ sᵀHs + λ‖β + s‖₁ (the intercept unpenalized), soft-thresholding
 * each coordinate.
 */
function l1Direction(g: Float64Array, H: Float64Array, theta: Float64Array, p: number, d: number, lambda: number): Float64Array {
  const s = new Float64Array(d);
  const Hs = new Float64Array(d);
  for (let sweep = 0; sweep < 200; sweep++) {
    let change = 0;
    for (let j = 0; j < d; j++) {
      const a = H[j * d + j] + 1e-12;
      const c = g[j] + Hs[j] - a * s[j];
      let sj: number;
      if (j >= p) {
        sj = -c / a;
      } else {
        // minimize ½ a u² − (a βⱼ − c) u + λ|u| over u = βⱼ + sⱼ
        const v = a * theta[j] - c;
        const u = v > lambda ? (v - lambda) / a : v < -lambda ? (v + lambda) / a : 0;
        sj = u - theta[j];
      }
      const delta = sj - s[j];
      if (delta !== 0) {
        s[j] = sj;
        for (let k = 0; k < d; k++) Hs[k] += delta * H[k * d + j];
        change = Math.max(change, Math.abs(delta));
      }
    }
    if (change < 1e-12) break;
  }
  return s;
}

