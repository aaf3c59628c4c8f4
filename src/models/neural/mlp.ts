import type { FeatureInput } from '../../data/dataset.js';
import { stratifiedSplit } from '../../data/split.js';
import { CreditkitError } from '../../errors.js';
import { Random } from '../../random.js';
import type { Classifier, FitOptions, ModelJSON } from '../classifier.js';
import { notFitted } from '../fitInput.js';
import { logOddsToProbabilities } from '../linear/linearScore.js';
import { asObject, finiteArray, formatError, integerIn } from '../modelJson.js';
import { inIntegerRange, type IntegerRange } from '../../integerRange.js';
import { defaultsOf, type OptionTable, rangesOf, readSavedOptions, resolveOptions } from '../optionTable.js';
import { Adam, type DenseLayer, Network } from './network.js';
import { type DesignMatrix, PREPROCESS_SPECS, type PreprocessOptions, takeRows } from '../preprocess.js';
import { PreprocessedClassifier, preprocessForFit, preprocessedEnvelope, readPreprocessedEnvelope } from '../preprocessedClassifier.js';
import { log, softplus } from '../../math/deterministic.js';

export const MLP_MODEL_NAME = 'MLPClassifier';
export const MLP_MODEL_VERSION = 1;

/** Options of MLPClassifier. Ranges and defaults: `MLP_OPTION_TABLE`. */
export interface MLPOptions extends PreprocessOptions {
  /** Units of each hidden ReLU layer: one or two layers. */
  hiddenLayerSizes: number[];
  /** L2 penalty on the weights (not biases), scaled as scikit-learn: alpha/2·‖W‖² per batch-size rows. */
  alpha: number;
  /** Adam step size. */
  learningRate: number;
  /** Rows per minibatch (capped at the training rows). */
  batchSize: number;
  /** Passes over the training rows at most. */
  maxEpochs: number;
  /** Hold out a stratified validation share and keep the weights of the epoch with the lowest validation log loss. */
  earlyStopping: boolean;
  /** Share of training rows held out for early stopping. */
  validationFraction: number;
  /** Stop after this many epochs without an improvement of at least `tol` (validation loss, or training loss without early stopping). */
  patience: number;
  /** Smallest improvement of the monitored log loss that counts. */
  tol: number;
  /** Seed of the initial weights, the minibatch order and the validation split. */
  seed: number;
}

/** Units of one hidden layer. */
const HIDDEN_UNITS: IntegerRange = { min: 1, max: 4096 };

function isLayerSizes(h: unknown): boolean {
  return Array.isArray(h) && h.length >= 1 && h.length <= 2 && h.every((u) => inIntegerRange(u, HIDDEN_UNITS));
}

/** The options of MLPClassifier (docs/guides/modelling.md: baselines). */
export const MLP_OPTION_TABLE: OptionTable<MLPOptions> = {
  model: 'MLPClassifier',
  options: {
    hiddenLayerSizes: {
      type: {
        kind: 'custom', accepts: isLayerSizes, rule: `one or two layer sizes, integers in ${HIDDEN_UNITS.min}..${HIDDEN_UNITS.max}`,
        range: 'one or two integers 1..4,096',
      },
      default: [32], doc: 'units of each hidden ReLU layer, e.g. `[64, 32]`',
    },
    alpha: { type: { kind: 'number', min: 0, minIncluded: true }, default: 1e-4, doc: 'L2 penalty on the weights, scaled as scikit-learn (α/2·‖W‖² per batch of rows)' },
    learningRate: { type: { kind: 'number', min: 0, minIncluded: false }, default: 1e-3, doc: 'Adam step size (β₁ 0.9, β₂ 0.999, ε 1e-8)' },
    batchSize: { type: { kind: 'integer', range: { min: 1, max: 65_536 } }, default: 64, doc: 'rows per minibatch (capped at the training rows)' },
    maxEpochs: { type: { kind: 'integer', range: { min: 1, max: 100_000 } }, default: 200, doc: 'passes over the training rows at most' },
    earlyStopping: {
      type: { kind: 'boolean' }, default: true,
      doc: 'monitor a held-out share and keep the best epoch\'s weights; without it, the training loss is monitored and the last weights kept',
    },
    validationFraction: { type: { kind: 'number', min: 0, minIncluded: false, max: 1, maxIncluded: false }, default: 0.1, doc: 'held-out share for early stopping' },
    patience: { type: { kind: 'integer', range: { min: 1, max: 100_000 } }, default: 10, doc: 'epochs without improvement before stopping' },
    tol: { type: { kind: 'number', min: 0, minIncluded: true }, default: 1e-4, doc: 'smallest improvement of the monitored log loss that counts' },
    seed: { type: { kind: 'integer' }, default: 0, doc: 'initial weights, minibatch order, validation split' },
    ...PREPROCESS_SPECS,
  },
};

export const MLP_DEFAULTS: Readonly<MLPOptions> = Object.freeze(defaultsOf(MLP_OPTION_TABLE));

/** Ranges of the integer options, from the table; `hiddenUnits` bounds each entry of hiddenLayerSizes (one or two layers). */
export const MLP_RANGES = {
  hiddenUnits: HIDDEN_UNITS,
  ...rangesOf(MLP_OPTION_TABLE, ['batchSize', 'maxEpochs', 'patience']),
} as const;

export function resolveMlpOptions(user: Partial<MLPOptions> | Record<string, unknown> = {}): MLPOptions {
  return resolveOptions(MLP_OPTION_TABLE, user);
}

/** Loss after each epoch of the last fit. */
export interface MLPHistory {
  trainLoss: number[];
  /** Empty without early stopping. */
  validationLoss: number[];
  /** Epoch (1-based) whose weights the model kept. */
  bestEpoch: number;
}

/**
 * A small neural network for default prediction: one or two ReLU hidden
 * layers and a logistic output, trained by Adam on minibatches of weighted
 * log loss with an L2 penalty, early stopping on a held-out stratified share
 * with patience, and seeded initialization and order (the same data and seed
 * give the same model). Missing values, one-hot encoding and
 * standardization happen inside the model (preprocess.ts).
 */
export class MLPClassifier extends PreprocessedClassifier implements Classifier {
  readonly options: MLPOptions;
  private net: Network | null = null;
  history: MLPHistory | null = null;
  /** Epoch (1-based) whose weights the model holds; saved with the model. */
  bestEpoch = 0;

  constructor(options: Partial<MLPOptions> | Record<string, unknown> = {}) {
    super();
    this.options = resolveMlpOptions(options);
  }

  fit(Xin: FeatureInput, yIn: ArrayLike<number>, fitOptions: FitOptions = {}): this {
    const o = this.options;
    const { y, w, prep, M: all } = preprocessForFit(Xin, yIn, fitOptions.sampleWeight, o);
    const rng = new Random(o.seed);

    let fitRows: Uint32Array = Uint32Array.from({ length: y.length }, (_, i) => i);
    let validRows: Uint32Array = new Uint32Array(0);
    if (o.earlyStopping) {
      const split = stratifiedSplit(y, 1 - o.validationFraction, rng.fork());
      fitRows = split.train;
      validRows = split.test;
    }
    const train = takeRows(all, fitRows);
    const yTrain = Float64Array.from(fitRows, (i) => y[i]);
    const wTrain = Float64Array.from(fitRows, (i) => w[i]);
    const valid = takeRows(all, validRows);
    const yValid = Float64Array.from(validRows, (i) => y[i]);
    const wValid = Float64Array.from(validRows, (i) => w[i]);
    if (o.earlyStopping && !hasBothClasses(yValid, wValid)) {
      throw new CreditkitError('E_OPTION', `validationFraction ${o.validationFraction} leaves the validation share without both classes; raise it or set earlyStopping: false`);
    }

    let sw = 0;
    let sy = 0;
    for (let i = 0; i < yTrain.length; i++) {
      sw += wTrain[i];
      sy += wTrain[i] * yTrain[i];
    }
    const net = Network.init([all.nCols, ...o.hiddenLayerSizes, 1], log(sy / (sw - sy)), rng);
    const adam = new Adam(net, o.learningRate);
    const n = train.nRows;
    const batch = Math.min(o.batchSize, n);
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    const history: MLPHistory = { trainLoss: [], validationLoss: [], bestEpoch: 0 };
    let best = Infinity;
    let bestLayers: DenseLayer[] = net.copyLayers();
    let stale = 0;

    for (let epoch = 1; epoch <= o.maxEpochs; epoch++) {
      rng.shuffle(order);
      let lossSum = 0;
      for (let start = 0; start < n; start += batch) {
        const end = Math.min(start + batch, n);
        const grads = net.zeros();
        for (let t = start; t < end; t++) {
          const i = order[t];
          const z = net.forward(train.data, i * train.nCols);
          lossSum += wTrain[i] * (softplus(z) - yTrain[i] * z);
          net.backward(yTrain[i], wTrain[i], grads);
        }
        // Mean over the batch, plus the L2 term (scikit-learn's scaling).
        const m = end - start;
        grads.forEach((g, l) => {
          const W = net.layers[l].weights;
          for (let k = 0; k < g.weights.length; k++) g.weights[k] = (g.weights[k] + o.alpha * W[k]) / m;
          for (let k = 0; k < g.bias.length; k++) g.bias[k] /= m;
        });
        adam.step(net, grads);
      }
      const trainLoss = lossSum / sw;
      history.trainLoss.push(trainLoss);
      let monitored = trainLoss;
      if (o.earlyStopping) {
        monitored = meanLogLoss(net, valid, yValid, wValid);
        history.validationLoss.push(monitored);
      }
      fitOptions.onProgress?.({ iteration: epoch, total: o.maxEpochs, evalScore: o.earlyStopping ? monitored : undefined });
      if (monitored < best - o.tol) {
        best = monitored;
        stale = 0;
      } else {
        stale++;
      }
      // The kept weights are those with the lowest monitored loss so far.
      if (history.bestEpoch === 0 || monitored < bestLoss(history, o.earlyStopping)) {
        history.bestEpoch = epoch;
        bestLayers = net.copyLayers();
      }
      if (stale >= o.patience) break;
    }
    if (o.earlyStopping) net.setLayers(bestLayers);
    else history.bestEpoch = history.trainLoss.length;
    this.prep = prep;
    this.net = net;
    this.history = history;
    this.bestEpoch = history.bestEpoch;
    return this;
  }

  /** Log-odds of default for each row. */
  predictRaw(X: FeatureInput): Float64Array {
    const net = this.net ?? notFitted();
    const M = this.fittedPrep.transform(X);
    return Float64Array.from({ length: M.nRows }, (_, i) => net.forward(M.data, i * M.nCols));
  }

  predictProba(X: FeatureInput): Float64Array {
    return logOddsToProbabilities(this.predictRaw(X));
  }

  toJSON(): ModelJSON {
    const net = this.net ?? notFitted();
    return {
      ...preprocessedEnvelope(MLP_MODEL_NAME, MLP_MODEL_VERSION, this.options, this.fittedPrep),
      bestEpoch: this.bestEpoch,
      layers: net.layers.map((l) => ({ nIn: l.nIn, nOut: l.nOut, weights: Array.from(l.weights), bias: Array.from(l.bias) })),
    };
  }

  static fromJSON(json: unknown): MLPClassifier {
    const { o, model, prep } = readPreprocessedEnvelope(json, MLP_MODEL_NAME, MLP_MODEL_VERSION, (saved) => new MLPClassifier(readSavedOptions(MLP_OPTION_TABLE, saved)));
    const sizes = [prep.nOutputs, ...model.options.hiddenLayerSizes, 1];
    if (!Array.isArray(o.layers) || o.layers.length !== sizes.length - 1) {
      return formatError(`must be an array of ${sizes.length - 1} layers (options.hiddenLayerSizes plus the output)`, 'layers');
    }
    const layers = (o.layers as unknown[]).map((lj, l): DenseLayer => {
      const at = `layers[${l}]`;
      const layer = asObject(lj, at);
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      if (layer.nIn !== nIn || layer.nOut !== nOut) formatError(`must be ${nIn} inputs × ${nOut} outputs`, at);
      return { nIn, nOut, weights: finiteArray(layer.weights, `${at}.weights`, nIn * nOut), bias: finiteArray(layer.bias, `${at}.bias`, nOut) };
    });
    model.prep = prep;
    model.net = new Network(layers);
    model.bestEpoch = integerIn(o.bestEpoch, 1, model.options.maxEpochs, 'bestEpoch');
    return model;
  }
}

function bestLoss(h: MLPHistory, early: boolean): number {
  return (early ? h.validationLoss : h.trainLoss)[h.bestEpoch - 1];
}

function hasBothClasses(y: Float64Array, w: Float64Array): boolean {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) pos += w[i];
    else neg += w[i];
  }
  return pos > 0 && neg > 0;
}

function meanLogLoss(net: Network, M: DesignMatrix, y: Float64Array, w: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < M.nRows; i++) {
    const z = net.forward(M.data, i * M.nCols);
    s += w[i] * (softplus(z) - y[i] * z);
    sw += w[i];
  }
  return s / sw;
}
