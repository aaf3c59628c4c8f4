import { BinMapper } from '../../data/binMapper.js';
import { type FeatureInput, toDataset } from '../../data/dataset.js';
import { validateLabels } from '../../data/target.js';
import { CreditkitError } from '../../errors.js';
import { Random } from '../../random.js';
import type { Scope } from '../../wasm/heap.js';
import { GrowerSession, type GrowParams, planGrowth } from '../../wasm/grower.js';
import { getRuntime, setStageClock } from '../../wasm/load.js';
import type { Classifier, FitOptions, ImportanceKind, ModelJSON } from '../classifier.js';
import { ScoringPool, type ScoringPoolOptions } from '../predict/scoringPool.js';
import { effectiveThreads, gradientScale, shareRanges, TrainingThreads } from './trainingThreads.js';
import type { ThreadTimes } from './threadTimes.js';
import { threadRunClock } from '../../parallel/threadRunClock.js';
import { PackedForest } from '../predict/packedForest.js';
import type { BinnedRows } from '../predict/binnedRows.js';
import { PackedTreeModel } from '../trees/packedTreeModel.js';
import type { TreeEnsemble } from '../trees/treeEnsemble.js';
import { GBDT_OPTION_TABLE, type GBDTOptions, resolveGbdtOptions } from './gbdtOptions.js';
import { readSavedOptions } from '../optionTable.js';
import { checkIntegerRange } from '../../integerRange.js';
import { THREAD_RANGE } from '../../parallel/threadRange.js';
import { alignColumns, type FeatureSpec, schemaOf } from '../schema.js';
import { envelope, readEnvelope, readFeatureSpecs } from '../modelJson.js';
import { checkLabelsAndFeatures, checkSampleWeights } from '../fitInput.js';
import { MAX_TREE_DEPTH } from '../modelLimits.js';
import { treeFromGrown } from '../trees/grownTree.js';
import type { WithNullLimits } from '../noLimit.js';
import { Tree, type TreeJSON } from '../trees/tree.js';
import { type WarmStart, warmStartFrom } from './warmStart.js';
import { log } from '../../math/deterministic.js';
import { QUANTIZED_ROW_BYTES, quantizationFor } from './quantizedGradients.js';

export const GBDT_MODEL_NAME = 'GradientBoostingClassifier';
export const GBDT_MODEL_VERSION = 1;

/** Where the time of the last `fit` went, in milliseconds (not saved with the model). */
export interface FitStats {
  /** Wall time of fit, including progress callbacks. */
  total: number;
  /** Cut points and the binned matrix (train and eval set). */
  binning: number;
  /** Logistic gradients and hessians. */
  gradients: number;
  /** Growing the trees: histograms, split search, row partitioning, score updates. */
  grow: number;
  /** Re-scoring rows left out of a row sample, and the eval set, by traversal. */
  traversal: number;
  /** Eval-set metric. */
  evaluation: number;
  rounds: number;
  leaves: number;
  /**
   * With the fit option `profile`: `grow` split into its stages, from timers
   * inside the grower (histograms: built, summed across threads, subtracted;
   * split search; row partition; score updates). With several threads, the
   * calling thread's, including its waits for the others, and on Linux timed
   * by its run clock (time other processes hold the CPU not counted, see
   * ThreadTimes). Null otherwise.
   */
  growStages: { histogram: number; split: number; partition: number; leaves: number } | null;
  /**
   * With several threads: each thread's times (the calling thread first),
   * with how long it waited for the others at their meetings (two per
   * split) and how many meetings there were; its grower stages, and on
   * Linux its CPU time and the fit's critical path, only with `profile`
   * (see ThreadTimes). Null with one thread.
   */
  threads: ThreadTimes[] | null;
}

/** GBDT fit options: the shared ones plus a warm start. */
export interface GBDTFitOptions extends FitOptions {
  /**
   * Continue this fitted model (warm start, XGBoost's `xgb_model`): its trees
   * are kept, the new data is read with its feature schema, and
   * `nEstimators` new rounds boost from its raw scores of the new rows. The
   * new rounds bin the new data afresh; `baseScore` is not used.
   */
  initModel?: GradientBoostingClassifier;
  /**
   * Threads that grow the trees (default 1; Node only above 1): the calling
   * thread plus nthreads − 1 worker threads, each searching splits over its
   * own share of the features (at most one thread per feature). The model is
   * the same, bit for bit, whatever the count, so it is not saved with it.
   */
  nthreads?: number;
  /** Time the grower's stages into `fitStats.growStages` (a clock call around each step: a little slower). */
  profile?: boolean;
  /**
   * Called once the data are binned and copied to wasm memory, before the
   * first tree: the end of the binning phase, for progress displays
   * (`onProgress` then follows each round).
   */
  onBinned?: () => void;
}

/** One round of the training history. */
export interface EvalRecord {
  iteration: number;
  evalScore: number;
}

/**
 * Gradient-boosted decision trees for binary default prediction, trained
 * XGBoost-style (second-order logistic loss, L1/L2 leaf penalties, minimum
 * split gain, shrinkage, row and column subsampling, early stopping, a learned
 * default direction for missing values, monotone constraints) by wasm SIMD
 * kernels over 8-bit histogram bins.
 */
export class GradientBoostingClassifier extends PackedTreeModel implements Classifier {
  readonly options: GBDTOptions;
  private boosted: Tree[] = [];
  private binMapper: BinMapper | null = null;
  private baseMargin = 0;
  /** Round (0-based) with the best eval score when early stopping was used. */
  bestIteration = -1;
  /** Eval-set metric after each round, when an eval set was given. */
  evalHistory: EvalRecord[] = [];
  /** Per-stage timings of the last fit (like scikit-learn's grower report in verbose mode). */
  fitStats: FitStats | null = null;

  /** `maxDepth` and `maxLeaves` take null for no limit (kept as the older spelling 0 in `options` and saved files). */
  constructor(options: WithNullLimits<GBDTOptions> = {}) {
    super();
    this.options = resolveGbdtOptions(options as Partial<GBDTOptions>);
  }

  get nTrees(): number {
    return this.boosted.length;
  }

  /** The boosted trees, read-only (for export and explanation). */
  get trees(): readonly Tree[] {
    this.requireFitted();
    return this.boosted;
  }

  /** The trees, read-only; empty before fit. @deprecated Use `trees` (as every tree model). */
  getTrees(): readonly Tree[] {
    return this.boosted;
  }

  /** raw(x) = baseMargin + Σ trees, PD = sigmoid(raw). */
  treeEnsemble(): TreeEnsemble {
    this.requireFitted();
    return { trees: this.boosted, base: this.baseMargin, scale: 1, link: 'logit' };
  }

  /** Raw score every prediction starts from (log-odds). */
  get baseScoreMargin(): number {
    return this.baseMargin;
  }

  fit(Xin: FeatureInput, yIn: ArrayLike<number>, fitOptions: GBDTFitOptions = {}): this {
    const o = this.options;
    const X = toDataset(Xin);
    const n = X.nRows;
    const warm: WarmStart | null = fitOptions.initModel ? warmStartFrom(fitOptions.initModel, Xin, fitOptions.evalSet?.X) : null;
    const nf = warm ? warm.features.length : X.nColumns;
    const y = checkLabelsAndFeatures(X, yIn, nf);
    const nthreads = fitOptions.nthreads ?? 1;
    checkIntegerRange('nthreads', nthreads, THREAD_RANGE);
    const weights = combinedWeights(y, fitOptions.sampleWeight, o.scalePosWeight, 'sampleWeight');

    const features = warm ? warm.features : schemaOf(X);
    const monotone = new Int8Array(nf);
    for (const [name, c] of Object.entries(o.monotoneConstraints)) {
      const j = features.findIndex((f) => f.name === name);
      if (j < 0) throw new CreditkitError('E_COLUMN_UNKNOWN', 'monotone constraint on a column that is not a feature', { column: name });
      if (c !== 0 && features[j].kind === 'categorical') {
        throw new CreditkitError('E_OPTION', 'monotone constraints need a numeric feature', { column: name });
      }
      monotone[j] = c;
    }

    let evalX: { columns: Float32Array[]; nRows: number } | null = null;
    let evalY: Float64Array | null = null;
    let evalW: Float64Array | null = null;
    if (fitOptions.evalSet) {
      evalX = alignColumns(features, fitOptions.evalSet.X);
      if (fitOptions.evalSet.y.length !== evalX.nRows) {
        throw new CreditkitError('E_SHAPE', `eval set has ${evalX.nRows} rows but ${fitOptions.evalSet.y.length} labels`);
      }
      validateLabels(fitOptions.evalSet.y, 'evalSet.y');
      evalY = Float64Array.from(fitOptions.evalSet.y);
      evalW = combinedWeights(evalY, fitOptions.evalSet.sampleWeight, 1, 'evalSet.sampleWeight');
    } else if (o.earlyStoppingRounds > 0) {
      throw new CreditkitError('E_OPTION', 'earlyStoppingRounds needs an evalSet');
    }

    const prior = weightedMean(y, weights);
    const baseProb = o.baseScore ?? prior;
    const baseMargin = warm ? warm.baseMargin : log(baseProb / (1 - baseProb));
    const columns = warm ? warm.columns : X.columns.map((c) => c.values);
    const stats: FitStats = { total: 0, binning: 0, gradients: 0, grow: 0, traversal: 0, evaluation: 0, rounds: 0, leaves: 0, growStages: null, threads: null };
    const tFit = performance.now();
    // Profiling several threads: their CPU time, from here on this thread.
    const cpuClock = fitOptions.profile && (fitOptions.nthreads ?? 1) > 1 ? threadRunClock() : null;
    const cpu = cpuClock ? { clock: cpuClock.now, start: cpuClock.now() } : null;
    let t = tFit;
    const lap = (key: 'binning' | 'gradients' | 'grow' | 'traversal' | 'evaluation'): void => {
      const now = performance.now();
      stats[key] += now - t;
      t = now;
    };
    const { kernels, heap } = getRuntime();
    const trees: Tree[] = [];
    const history: EvalRecord[] = [];
    let best = { iteration: -1, score: NaN };

    const nThreads = effectiveThreads(nthreads, nf, n);
    // With several threads this one grows trees over the first nOwn rows (see trainingThreads.ts).
    const nOwn = nThreads > 1 ? shareRanges(n, nThreads)[0][1] : n;
    const gradScale = gradientScale(weights ? weights.reduce((a, b) => a + b, 0) : n);
    // Quantized training keeps each row's gradient levels in 2 spare bytes of its binned row.
    const quantization = o.quantizedGradients ? quantizationFor(weights ? weights.reduce((a, b) => Math.max(a, b), 0) : 1, o.seed) : null;
    const spareBytes = quantization ? QUANTIZED_ROW_BYTES : 0;
    const growParams: GrowParams = {
      lambda: o.lambda, alpha: o.alpha, gamma: o.gamma, minChildWeight: o.minChildWeight, learningRate: o.learningRate,
      maxDepth: o.maxDepth > 0 ? o.maxDepth : MAX_TREE_DEPTH, // lossguide without a depth limit: stop where models load
      maxLeaves: o.maxLeaves, policy: o.growPolicy, profile: fitOptions.profile ?? false, quantization,
    };
    // Every thread sizes its pools for trees over all n rows.
    const plan = planGrowth(growParams, n, nf);
    // The workers start first: loading them overlaps the binning below.
    const threads = nThreads > 1
      ? TrainingThreads.start({
        nThreads, nRows: n, nFeatures: nf, columns, labels: y, weights, startScores: warm ? warm.startScores : baseMargin,
        monotone, growParams, plan, subsample: o.subsample < 1, gradScale, cpu,
      })
      : null;
    let binMapper: BinMapper;
    try {
      binMapper = BinMapper.fit(columns, { maxBins: o.maxBins, seed: o.seed });
      // With several threads each bins its own rows.
      threads?.sendCuts(binMapper.cuts);
    } catch (e) {
      threads?.close();
      throw e;
    }

    heap.scoped((scope) => {
      // Profiling threads, the grower's stages are timed by the same clock: time other processes hold the CPU is not counted.
      const restoreStageClock = cpuClock ? setStageClock(cpuClock.now) : null;
      try {
        const { bins, stride } = binMapper.transformInto(scope, nOwn < n ? columns.map((c) => c.subarray(0, nOwn)) : columns, nOwn, spareBytes);
        const labels = scope.copyIn(y);
        const wPtr = weights ? scope.copyIn(weights) : 0;
        const scores = scope.alloc(n * 8);
        if (warm) heap.f64(scores, n).set(warm.startScores);
        else heap.f64(scores, n).fill(baseMargin);
        const sample = o.subsample < 1 ? scope.alloc(n * 4) : 0;
        const nBins = Uint32Array.from({ length: nf }, (_, f) => binMapper.nBins(f));
        const grower = new GrowerSession(scope, { bins, stride, nRows: nOwn, nFeatures: nf, nBins, monotone }, growParams, plan, { featureStart: 0, featureEnd: nf, threads: nThreads });
        grower.resetStageTimes();

        const evalState = evalX && evalY ? prepareEval(scope, binMapper, evalX, evalY, evalW, warm?.evalStartScores ?? baseMargin, spareBytes) : null;
        const rng = new Random(o.seed);
        const nColsPerTree = Math.max(1, Math.round(nf * o.colsampleByTree));
        const mask = new Uint8Array(nf);
        // This thread's share of the features.
        if (threads) grower.setFeatureShare({ featureStart: threads.featureStart, featureEnd: threads.featureEnd, threads: nThreads });
        // With every row in the tree, the grower updates the scores itself;
        // with a row sample, all rows are re-scored by traversal.
        const grow = (nUsed: number): number => grower.grow(sample, nUsed, sample ? 0 : scores);

        threads?.ready();
        lap('binning');
        if (fitOptions.onBinned) {
          fitOptions.onBinned();
          t = performance.now();
        }
        for (let round = 0; round < o.nEstimators; round++) {
          kernels.logisticGradHess(scores, labels, wPtr, nOwn, gradScale, grower.gradientPairs);
          lap('gradients');
          const nUsed = sample ? sampleRows(heap.u32(sample, n), o.subsample, rng) : n;
          sampleFeatures(mask, nColsPerTree, rng);
          grower.setFeatureMask(mask);
          threads?.beginRound(mask, sample ? heap.u32(sample, n) : null, nUsed);
          // The sample is ascending, so this thread's rows of it come first.
          const nUsedOwn = sample && threads ? countBelow(heap.u32(sample, nUsed), nOwn) : Math.min(nUsed, nOwn);
          const nLeaves = threads ? threads.guard(() => grow(nUsedOwn)) : grow(nUsedOwn);
          trees.push(treeFromGrown(grower.tree(), binMapper));
          stats.leaves += nLeaves;
          lap('grow');
          if (sample) grower.addTree(bins, nOwn, scores);

          let evalScore: number | undefined;
          if (evalState) {
            grower.addTree(evalState.bins, evalState.n, evalState.scores);
            lap('traversal');
            evalScore = evalState.score(o.evalMetric);
            history.push({ iteration: round, evalScore });
            const better = best.iteration < 0 || (o.evalMetric === 'auc' ? evalScore > best.score : evalScore < best.score);
            if (better) best = { iteration: round, score: evalScore };
          }
          lap(evalState ? 'evaluation' : 'traversal');
          stats.rounds++;
          fitOptions.onProgress?.({ iteration: round + 1, total: o.nEstimators, evalScore });
          t = performance.now(); // the callback's own time is not the model's
          if (o.earlyStoppingRounds > 0 && round - best.iteration >= o.earlyStoppingRounds) break;
        }
        threads?.finish();
        if (fitOptions.profile) stats.growStages = grower.stageTimes();
        if (threads) {
          const stages = stats.growStages ?? { histogram: 0, split: 0, partition: 0, leaves: 0 };
          stats.threads = threads.threadTimes({ gradients: stats.gradients, grow: stats.grow, ...stages });
        }
      } finally {
        threads?.close();
        if (cpuClock) setStageClock(restoreStageClock);
      }
    });

    // With early stopping the model keeps the trees up to the best round.
    if (o.earlyStoppingRounds > 0 && best.iteration >= 0) trees.length = best.iteration + 1;
    if (warm) {
      trees.unshift(...warm.trees);
      if (best.iteration >= 0) best.iteration += warm.trees.length;
      history.forEach((h) => (h.iteration += warm.trees.length));
    }
    this.boosted = trees;
    this.features = features;
    this.binMapper = binMapper;
    this.baseMargin = baseMargin;
    this.bestIteration = best.iteration;
    this.evalHistory = history;
    stats.total = performance.now() - tFit;
    this.fitStats = stats;
    this.forest = new PackedForest(trees, nf);
    return this;
  }

  /**
   * A new model: this model's trees plus `nEstimators` more rounds (default
   * this model's nEstimators) fitted on (X, y) from this model's raw scores,
   * with this model's other options. Same as `fit(X, y, { initModel: this })`.
   */
  continueFit(X: FeatureInput, y: ArrayLike<number>, options: FitOptions & { nEstimators?: number } = {}): GradientBoostingClassifier {
    const { nEstimators = this.options.nEstimators, ...fitOptions } = options;
    return new GradientBoostingClassifier({ ...this.options, nEstimators }).fit(X, y, { ...fitOptions, initModel: this });
  }

  /** Raw scores (log-odds of default) for each row. */
  predictRaw(X: FeatureInput): Float64Array {
    const forest = this.requireFitted();
    const { columns, nRows } = alignColumns(this.features, X, { checkFinite: false });
    return forest.predict(columns, nRows, this.baseMargin, false, this.featureNames);
  }

  /** Probability of default for each row (the sigmoid is computed in wasm: identical in every engine). */
  predictProba(X: FeatureInput): Float64Array {
    const forest = this.requireFitted();
    const { columns, nRows } = alignColumns(this.features, X, { checkFinite: false });
    return forest.predict(columns, nRows, this.baseMargin, true, this.featureNames);
  }

  /** Raw scores (log-odds) of rows binned by this model's binRows: equal to predictRaw's, bit for bit. */
  predictRawBinned(rows: BinnedRows): Float64Array {
    return this.binnedScorer().predict(rows, this.baseMargin, false);
  }

  /**
   * A pool of `threads` threads scoring with this model (Node): `threads` − 1
   * worker threads, each with its own wasm instance, plus the calling thread
   * (or `threads` workers with `{ useMainThread: false }`); close it when
   * done. Its predictions equal `predictProba`'s bit for bit.
   */
  async createScoringPool(threads: number, options: ScoringPoolOptions = {}): Promise<ScoringPool> {
    return ScoringPool.create(this.requireFitted(), this.baseMargin, this.features, threads, options);
  }

  /** 'gain' (total split gain, the default), 'split' (number of splits) or 'cover' (total node cover). */
  override get importanceKinds(): readonly ImportanceKind[] {
    return ['gain', 'split', 'cover'];
  }

  /** Importance per feature, by name: total split gain (default), number of splits or total cover, not normalized. */
  override featureImportances(kind: ImportanceKind = 'gain'): Record<string, number> {
    this.requireFitted();
    this.checkImportanceKind(kind);
    const acc = new Float64Array(this.features.length);
    for (const t of this.boosted) {
      for (let i = 0; i < t.nInternal; i++) {
        acc[t.feature[i]] += kind === 'gain' ? t.gain[i] : kind === 'cover' ? t.cover[i] : 1;
      }
    }
    return Object.fromEntries(this.features.map((f, j) => [f.name, acc[j]]));
  }

  /** @deprecated Use `featureImportances(kind)`, the one importance method of every model. */
  featureImportance(kind: 'gain' | 'split' | 'cover' = 'gain'): Record<string, number> {
    return this.featureImportances(kind);
  }

  toJSON(): ModelJSON {
    this.requireFitted();
    // quantizedGradients is saved only when on: models trained without it keep their bytes.
    const { quantizedGradients, ...others } = this.options;
    return {
      ...envelope(GBDT_MODEL_NAME, GBDT_MODEL_VERSION, quantizedGradients ? this.options : others),
      features: this.features,
      baseMargin: this.baseMargin,
      bestIteration: this.bestIteration,
      binCuts: this.binMapper?.toJSON() ?? null,
      trees: this.boosted.map((t) => t.toJSON()),
    };
  }

  static fromJSON(json: unknown): GradientBoostingClassifier {
    const fail = (msg: string, path?: string): never => {
      throw new CreditkitError('E_MODEL_FORMAT', msg, { path });
    };
    const o = readEnvelope(json, GBDT_MODEL_NAME, GBDT_MODEL_VERSION);
    const model = new GradientBoostingClassifier(readSavedOptions(GBDT_OPTION_TABLE, o));
    const features = readFeatureSpecs(o.features, 'features');
    if (typeof o.baseMargin !== 'number' || !Number.isFinite(o.baseMargin)) fail('must be a finite number', 'baseMargin');
    if (!Array.isArray(o.trees)) fail('must be an array', 'trees');
    const trees = (o.trees as unknown[]).map((t, k) => Tree.fromJSON(t, features.length, `trees[${k}]`));
    const binMapper = o.binCuts == null ? null : BinMapper.fromJSON(o.binCuts);
    if (binMapper && binMapper.nFeatures !== features.length) fail(`has ${binMapper.nFeatures} features, the model ${features.length}`, 'binCuts');
    model.boosted = trees;
    model.features = features;
    model.binMapper = binMapper;
    model.baseMargin = o.baseMargin as number;
    model.bestIteration = typeof o.bestIteration === 'number' ? o.bestIteration : -1;
    model.forest = new PackedForest(trees, features.length);
    return model;
  }

  /**
   * A fitted model from trees built elsewhere (XGBoost import): validated like
   * fromJSON (every index in range, children after parents, every leaf reached
   * once; feature names unique; a finite base margin in log-odds). The trees
   * are copied. There are no bin cuts, so the model predicts from raw values.
   */
  static fromTrees(
    trees: readonly Tree[], features: readonly FeatureSpec[], baseMargin: number, options: Partial<GBDTOptions> = {},
  ): GradientBoostingClassifier {
    const model = new GradientBoostingClassifier(options);
    const specs = readFeatureSpecs(features, 'features');
    if (typeof baseMargin !== 'number' || !Number.isFinite(baseMargin)) {
      throw new CreditkitError('E_MODEL_FORMAT', `must be a finite number, got ${baseMargin}`, { path: 'baseMargin' });
    }
    model.boosted = trees.map((t, k) => Tree.fromJSON(t.toJSON(), specs.length, `trees[${k}]`));
    model.features = specs;
    model.baseMargin = baseMargin;
    model.forest = new PackedForest(model.boosted, specs.length);
    return model;
  }
}

/** Whether `model` is gradient-boosted: it continues fitting (warm start) and exports to XGBoost. */
export function isGradientBoosting(model: Classifier): model is GradientBoostingClassifier {
  return typeof model.continueFit === 'function' && typeof model.treeEnsemble === 'function';
}

/** Sample weights times scalePosWeight for positives; null when all are 1. */
function combinedWeights(y: Float64Array, sampleWeight: ArrayLike<number> | undefined, scalePosWeight: number, what: string): Float64Array | null {
  if (sampleWeight === undefined && scalePosWeight === 1) return null;
  const w = sampleWeight === undefined ? new Float64Array(y.length).fill(1) : checkSampleWeights(y, sampleWeight, what);
  for (let i = 0; i < y.length; i++) if (y[i] === 1) w[i] *= scalePosWeight;
  return w;
}

function weightedMean(y: Float64Array, w: Float64Array | null): number {
  let s = 0;
  let t = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    s += wi * y[i];
    t += wi;
  }
  return s / t;
}

/** How many of the ascending `rows` are below `limit`. */
function countBelow(rows: Uint32Array, limit: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fills `rows` with a Bernoulli sample of row indices (ascending); returns its size. */
function sampleRows(rows: Uint32Array, subsample: number, rng: Random): number {
  let m = 0;
  for (let i = 0; i < rows.length; i++) if (rng.next() < subsample) rows[m++] = i;
  return m;
}

/** Marks `k` features usable for this tree (all when k = nFeatures). */
function sampleFeatures(mask: Uint8Array, k: number, rng: Random): void {
  if (k >= mask.length) {
    mask.fill(1);
    return;
  }
  const order = rng.shuffle(Uint32Array.from({ length: mask.length }, (_, i) => i));
  mask.fill(0);
  for (let i = 0; i < k; i++) mask[order[i]] = 1;
}

interface EvalState {
  bins: number;
  n: number;
  scores: number;
  score(metric: 'logloss' | 'auc'): number;
}

/** Bins the eval set with the training cut points and keeps its running scores in wasm. */
function prepareEval(
  scope: Scope, binMapper: BinMapper, X: { columns: Float32Array[]; nRows: number },
  y: Float64Array, w: Float64Array | null, start: number | Float64Array, spareBytes: number,
): EvalState {
  const { kernels, heap } = getRuntime();
  const n = X.nRows;
  // The training rows' stride (the grower traverses both with it).
  const { bins } = binMapper.transformInto(scope, X.columns, n, spareBytes);
  const scores = scope.alloc(n * 8);
  if (typeof start === 'number') heap.f64(scores, n).fill(start);
  else heap.f64(scores, n).set(start);
  const labels = scope.copyIn(y);
  const wPtr = w ? scope.copyIn(w) : 0;
  const aucScratch = scope.alloc(n * 24 + 65536 * 4);
  return {
    bins,
    n,
    scores,
    score(metric) {
      if (metric === 'logloss') return kernels.logisticLoss(scores, labels, wPtr, n);
      const auc = kernels.rocAuc(scores, labels, wPtr, n, aucScratch);
      if (auc < 0) throw new CreditkitError('E_SINGLE_CLASS', 'the eval set needs both classes for AUC');
      return auc;
    },
  };
}
