/** Fits and times creditkit's GradientBoostingClassifier the way xgb_runner.py times XGBoost. */
import type { Dataset } from '../src/data/dataset.js';
import { rocAuc } from '../src/metrics/auc.js';
import { logLoss } from '../src/metrics/logloss.js';
import { GradientBoostingClassifier } from '../src/models/gbdt/gbdt.js';
import { init } from '../src/wasm/load.js';
import { median, peakRssMiB, timed } from './util.js';

// Load creditkit.wasm once, before anything is timed (as importing xgboost is not timed).
await init();

export interface GbdtSettings {
  nEstimators: number;
  maxDepth: number;
  learningRate: number;
  lambda: number;
  maxBins: number;
  seed: number;
  /** Probability; the same base score is given to XGBoost. */
  baseScore: number;
  /** creditkit's quantized-gradient training (off when omitted). */
  quantizedGradients?: boolean;
}

export interface CreditkitFigures {
  library: 'creditkit';
  fit_s: number;
  fit_s_all: number[];
  /** Median process CPU seconds of a fit (user + system), like the Python runner's fit_cpu_s. */
  fit_cpu_s: number;
  test_auc: number;
  test_logloss: number;
  /** Test-set probabilities of the last fitted model. */
  testProba: Float64Array;
  predict_rows?: number;
  predict_s?: number;
  predict_s_all?: number[];
  predict_rows_per_s?: number;
  /** Peak RSS of the whole Node process so far (includes the data). */
  peak_rss_mib: number;
  /** Threads of the fit (`nthreads`) and of the timed prediction (a ScoringPool above 1). */
  threads: number;
}

/**
 * Fits `repeats` fresh models on (Xtrain, ytrain) with `threads` threads and
 * takes the median time; scores the test set with the last one; if `Xall` is
 * given, times predictProba over all of it `repeats` times (median) — on one
 * thread with the model itself, on several with a ScoringPool of that many
 * threads (the calling thread and threads − 1 workers; its start-up is not
 * timed, as XGBoost's thread pool is not).
 */
export async function runCreditkit(
  s: GbdtSettings,
  Xtrain: Dataset,
  ytrain: Float64Array,
  Xtest: Dataset,
  ytest: Float64Array,
  repeats: number,
  Xall?: Dataset,
  threads = 1,
): Promise<CreditkitFigures> {
  const fitTimes: number[] = [];
  const fitCpu: number[] = [];
  let model: GradientBoostingClassifier | undefined;
  for (let r = 0; r < repeats; r++) {
    model = undefined; // let the previous model go before the next fit
    const m = new GradientBoostingClassifier({ ...s });
    const cpu0 = process.cpuUsage();
    const { seconds } = timed(() => m.fit(Xtrain, ytrain, { nthreads: threads }));
    const cpu = process.cpuUsage(cpu0);
    fitTimes.push(seconds);
    fitCpu.push((cpu.user + cpu.system) / 1e6);
    model = m;
    console.error(`[creditkit] fit ${r + 1}/${repeats} (${threads} thread${threads > 1 ? 's' : ''}): ${seconds.toFixed(3)} s`);
  }
  if (model === undefined) throw new Error('repeats must be at least 1');

  const testProba = model.predictProba(Xtest);
  const out: CreditkitFigures = {
    library: 'creditkit',
    fit_s: median(fitTimes),
    fit_s_all: fitTimes,
    fit_cpu_s: median(fitCpu),
    test_auc: rocAuc(ytest, testProba),
    test_logloss: logLoss(ytest, testProba),
    testProba,
    peak_rss_mib: 0,
    threads,
  };

  if (Xall !== undefined) {
    const predTimes: number[] = [];
    const pool = threads > 1 ? await model.createScoringPool(threads) : null;
    try {
      for (let r = 0; r < repeats; r++) {
        const fitted = model;
        const t0 = performance.now();
        if (pool) await pool.predictProba(Xall);
        else fitted.predictProba(Xall);
        const seconds = (performance.now() - t0) / 1000;
        predTimes.push(seconds);
        console.error(`[creditkit] predict ${r + 1}/${repeats}: ${seconds.toFixed(3)} s for ${Xall.nRows} rows`);
      }
    } finally {
      await pool?.close();
    }
    const med = median(predTimes);
    out.predict_rows = Xall.nRows;
    out.predict_s = med;
    out.predict_s_all = predTimes;
    out.predict_rows_per_s = Xall.nRows / med;
  }
  out.peak_rss_mib = peakRssMiB();
  return out;
}
