import { stratifiedKFold } from '../../data/split.js';
import type { FeatureInput } from '../../data/dataset.js';
import { Random } from '../../random.js';
import type { Classifier, FitOptions, ModelJSON } from '../classifier.js';
import { FourierFeatures } from './fourierFeatures.js';
import { trainLinearSvm, type SvmLoss } from './linearSvm.js';
import { trainLinearSvmPrimal } from './linearSvmPrimal.js';
import { linearScores } from './linearScore.js';
import type { LinearTerms } from '../linearTerms.js';
import { asObject, finiteArray, finiteNumber, formatError, integerIn } from '../modelJson.js';
import { FOLD_RANGE } from '../../data/split.js';
import { badOption, defaultsOf, type OptionTable, rangesOf, readSavedOptions, resolveOptions } from '../optionTable.js';
import { fitPlatt, type PlattSigmoid, plattProbability } from './platt.js';
import { checkWidth, type DesignMatrix, PREPROCESS_SPECS, type PreprocessOptions, takeRows } from '../preprocess.js';
import { PreprocessedClassifier, preprocessForFit, preprocessedEnvelope, readPreprocessedEnvelope } from '../preprocessedClassifier.js';

export const SVM_MODEL_NAME = 'SVMClassifier';
export const SVM_MODEL_VERSION = 1;

/** Options of SVMClassifier. Ranges and defaults: `SVM_OPTION_TABLE`. */
export interface SVMOptions extends PreprocessOptions {
  /** 'linear', or 'rbf' approximated by random Fourier features. */
  kernel: 'linear' | 'rbf';
  /** Cost of margin violations (LIBLINEAR's C; larger = less regularization). */
  C: number;
  /** 'squared_hinge' (LinearSVC's default) or 'hinge'. */
  loss: SvmLoss;
  /** Learn a bias (an extra input fixed at 1, regularized as in LIBLINEAR). */
  fitIntercept: boolean;
  /**
   * 'dual': dual coordinate descent (LIBLINEAR's default; hinge or squared
   * hinge). 'primal': Newton's method on the squared-hinge primal (same
   * optimum; faster with many rows and few columns, or heavy-tailed data).
   */
  solver: 'dual' | 'primal';
  /** RBF width in exp(−γ‖x − x'‖²); 'scale' = 1 / (columns × variance of the preprocessed matrix), as scikit-learn. */
  gamma: number | 'scale';
  /** Random Fourier features for 'rbf'. */
  nComponents: number;
  /** Epochs of dual coordinate descent, or Newton steps of the primal solver. */
  maxIter: number;
  /** Dual: stop when the projected-gradient spread is below this; primal: when ‖∇f‖ ≤ tol·‖∇f(0)‖. */
  tol: number;
  /**
   * Folds for Platt scaling: the sigmoid is fitted on out-of-fold decision
   * values (each fold scored by an SVM trained on the other folds), then the
   * final SVM is trained on all rows. Capped at the smaller class's size.
   */
  calibrationFolds: number;
  /** Seed of the coordinate order, the folds and the Fourier features. */
  seed: number;
}

const positive = { kind: 'number', min: 0, minIncluded: false } as const;

/** The options of SVMClassifier (docs/guides/modelling.md: baselines). 10,000 Fourier features already take 80 kB per training row. */
export const SVM_OPTION_TABLE: OptionTable<SVMOptions> = {
  model: 'SVMClassifier',
  options: {
    kernel: { type: { kind: 'enum', values: ['linear', 'rbf'] }, default: 'linear', doc: '`rbf` is approximated by random Fourier features' },
    C: { type: positive, default: 1, doc: 'cost of margin violations (× sample weight per row)' },
    loss: { type: { kind: 'enum', values: ['squared_hinge', 'hinge'] }, default: 'squared_hinge', doc: 'the margin loss' },
    fitIntercept: { type: { kind: 'boolean' }, default: true, doc: 'learn the bias' },
    solver: {
      type: { kind: 'enum', values: ['dual', 'primal'] }, default: 'dual',
      doc: 'dual coordinate descent (LIBLINEAR\'s default), or `primal`: Newton\'s method on the squared-hinge primal (squared hinge only)',
    },
    gamma: {
      type: { kind: 'custom', accepts: (v) => v === 'scale' || (typeof v === 'number' && Number.isFinite(v) && v > 0), rule: 'a finite number > 0 or "scale"', range: 'number > 0, or `\'scale\'`' },
      default: 'scale', doc: 'RBF width in exp(−γ‖x − x\'‖²); `\'scale\'` = 1 / (columns × variance of the preprocessed matrix), as scikit-learn',
    },
    nComponents: { type: { kind: 'integer', range: { min: 1, max: 10_000 } }, default: 300, doc: 'Fourier features for `rbf` (80 kB per training row at the maximum)' },
    maxIter: { type: { kind: 'integer', range: { min: 1, max: 1_000_000 } }, default: 1000, doc: 'epochs of coordinate descent (Newton steps for `primal`)' },
    tol: { type: positive, default: 1e-3, doc: 'dual: stop when the spread of projected gradients is below this; primal: when ‖∇f‖ ≤ tol·‖∇f(0)‖' },
    calibrationFolds: { type: { kind: 'integer', range: FOLD_RANGE }, default: 5, doc: 'folds for Platt scaling (capped at the smaller class\'s size)' },
    seed: { type: { kind: 'integer' }, default: 0, doc: 'coordinate order, folds, Fourier features' },
    ...PREPROCESS_SPECS,
  },
  crossCheck(o) {
    if (o.solver === 'primal' && o.loss !== 'squared_hinge') badOption('solver', '"dual" with loss "hinge" (the primal solver needs the differentiable squared hinge)', o.solver);
  },
};

export const SVM_DEFAULTS: Readonly<SVMOptions> = Object.freeze(defaultsOf(SVM_OPTION_TABLE));

/** Ranges of the integer options, from the table. */
export const SVM_RANGES = rangesOf(SVM_OPTION_TABLE, ['nComponents', 'maxIter', 'calibrationFolds']);

export function resolveSvmOptions(user: Partial<SVMOptions> | Record<string, unknown> = {}): SVMOptions {
  return resolveOptions(SVM_OPTION_TABLE, user);
}

/**
 * Support vector machine for default prediction: a linear SVM trained by
 * dual coordinate descent (LIBLINEAR's method), or an RBF-kernel SVM
 * approximated by seeded random Fourier features feeding the same solver.
 * PDs come from Platt scaling on held-out folds. Missing values, one-hot
 * encoding and standardization happen inside the model (preprocess.ts).
 */
export class SVMClassifier extends PreprocessedClassifier implements Classifier {
  readonly options: SVMOptions;
  private fourier: FourierFeatures | null = null;
  private coef: Float64Array = new Float64Array(0);
  private bias = 0;
  private platt: PlattSigmoid = { A: -1, B: 0 };
  /** γ actually used ('scale' resolved), for 'rbf'. */
  gamma = NaN;

  constructor(options: Partial<SVMOptions> | Record<string, unknown> = {}) {
    super();
    this.options = resolveSvmOptions(options);
  }

  /** The Platt sigmoid P = 1 / (1 + exp(A·f + B)) on decision values f. */
  get plattSigmoid(): PlattSigmoid {
    return { ...this.platt };
  }

  fit(Xin: FeatureInput, yIn: ArrayLike<number>, fitOptions: FitOptions = {}): this {
    const o = this.options;
    const { y, w, prep, M } = preprocessForFit(Xin, yIn, fitOptions.sampleWeight, o);
    let fourier: FourierFeatures | null = null;
    let gamma = NaN;
    if (o.kernel === 'rbf') {
      gamma = o.gamma === 'scale' ? scaleGamma(M) : o.gamma;
      fourier = FourierFeatures.draw(M.nCols, o.nComponents, gamma, o.seed);
    }
    const Z = fourier ? fourier.transform(M) : M;
    const rng = new Random(o.seed ^ 0x5f3759df);
    const settings = { C: o.C, loss: o.loss, fitIntercept: o.fitIntercept, maxIter: o.maxIter, tol: o.tol };
    const train = (A: DesignMatrix, yA: Float64Array, wA: Float64Array): { coef: Float64Array; bias: number } =>
      o.solver === 'primal' ? trainLinearSvmPrimal(A, yA, wA, settings) : trainLinearSvm(A, yA, wA, settings, rng);

    // Out-of-fold decision values for the Platt sigmoid.
    let nPos = 0;
    for (const v of y) nPos += v;
    const k = Math.min(o.calibrationFolds, nPos, y.length - nPos);
    const f = new Float64Array(y.length);
    const total = (k >= 2 ? k : 0) + 1;
    if (k >= 2) {
      stratifiedKFold(y, k, o.seed).forEach((fold, step) => {
        const svm = train(takeRows(Z, fold.train), pick(y, fold.train), pick(w, fold.train));
        const scores = linearScores(takeRows(Z, fold.test), svm.coef, svm.bias);
        fold.test.forEach((row, t) => {
          f[row] = scores[t];
        });
        fitOptions.onProgress?.({ iteration: step + 1, total });
      });
    }
    const final = train(Z, y, w);
    // With a class of a single row there are no folds: the sigmoid is fitted on training scores.
    if (k < 2) f.set(linearScores(Z, final.coef, final.bias));
    this.platt = fitPlatt(f, y, w);
    this.gamma = gamma;
    this.prep = prep;
    this.fourier = fourier;
    this.coef = final.coef;
    this.bias = final.bias;
    fitOptions.onProgress?.({ iteration: total, total });
    return this;
  }

  /** Signed distance-like SVM scores (positive = default side). */
  decisionFunction(X: FeatureInput): Float64Array {
    const M = this.fittedPrep.transform(X);
    return linearScores(this.fourier ? this.fourier.transform(M) : M, this.coef, this.bias);
  }

  /**
   * For the linear kernel, the score as linear SHAP needs it, on the
   * log-odds of the Platt-calibrated PD: logit(PD) = −(A·f + B) with the
   * decision value f = bias + coef · preprocessed columns, so the terms are
   * −A·coef and −A·bias − B. Null for the RBF kernel (not linear in the inputs).
   */
  linearTerms(): LinearTerms | null {
    const prep = this.fittedPrep;
    if (this.fourier) return null;
    const { A, B } = this.platt;
    return {
      design: (columns, nRows) => prep.transformColumns(columns, nRows),
      columnNames: prep.outputNames,
      columnFeature: prep.outputFeature,
      coef: this.coef.map((c) => -A * c),
      intercept: -A * this.bias - B,
      background: prep.outputMeans,
      link: 'logit',
      scale: 'log-odds of the Platt-calibrated PD, −(A·decision value + B)',
    };
  }

  predictProba(X: FeatureInput): Float64Array {
    const f = this.decisionFunction(X);
    for (let i = 0; i < f.length; i++) f[i] = plattProbability(this.platt, f[i]);
    return f;
  }

  toJSON(): ModelJSON {
    return {
      ...preprocessedEnvelope(SVM_MODEL_NAME, SVM_MODEL_VERSION, this.options, this.fittedPrep),
      gamma: this.fourier ? this.gamma : null,
      fourier: this.fourier ? { nInputs: this.fourier.nInputs, omega: Array.from(this.fourier.omega), offset: Array.from(this.fourier.offset) } : null,
      coef: Array.from(this.coef),
      intercept: this.bias,
      platt: { ...this.platt },
    };
  }

  static fromJSON(json: unknown): SVMClassifier {
    const { o, model, prep } = readPreprocessedEnvelope(json, SVM_MODEL_NAME, SVM_MODEL_VERSION, (saved) => new SVMClassifier(readSavedOptions(SVM_OPTION_TABLE, saved)));
    let fourier: FourierFeatures | null = null;
    if (model.options.kernel === 'rbf') {
      const fj = asObject(o.fourier, 'fourier');
      const nInputs = integerIn(fj.nInputs, prep.nOutputs, prep.nOutputs, 'fourier.nInputs');
      const offset = finiteArray(fj.offset, 'fourier.offset');
      if (offset.length === 0) formatError('must not be empty', 'fourier.offset');
      const omega = finiteArray(fj.omega, 'fourier.omega', offset.length * nInputs);
      fourier = new FourierFeatures(omega, offset, nInputs);
      model.gamma = finiteNumber(o.gamma, 'gamma');
    } else if (o.fourier !== null && o.fourier !== undefined) {
      formatError('must be null for a linear kernel', 'fourier');
    }
    const coef = finiteArray(o.coef, 'coef');
    checkWidth(coef.length, fourier ? fourier.nComponents : prep.nOutputs, 'coef');
    const platt = asObject(o.platt, 'platt');
    model.prep = prep;
    model.fourier = fourier;
    model.coef = coef;
    model.bias = finiteNumber(o.intercept, 'intercept');
    model.platt = { A: finiteNumber(platt.A, 'platt.A'), B: finiteNumber(platt.B, 'platt.B') };
    return model;
  }
}

function pick(v: Float64Array, rows: Uint32Array): Float64Array {
  return Float64Array.from(rows, (i) => v[i]);
}

/** scikit-learn's gamma='scale': 1 / (columns × variance of all entries); 1 for a constant matrix. */
function scaleGamma(M: DesignMatrix): number {
  const { data } = M;
  let mean = 0;
  for (const v of data) mean += v;
  mean /= data.length;
  let ss = 0;
  for (const v of data) ss += (v - mean) * (v - mean);
  const variance = ss / data.length;
  return variance > 0 ? 1 / (M.nCols * variance) : 1;
}
