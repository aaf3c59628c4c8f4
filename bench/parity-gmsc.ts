/**
 * Parity check against XGBoost on Give Me Some Credit.
 *
 *   npx tsx bench/parity-gmsc.ts [--repeats 3] [--seed 0] [--tolerance 0.003] [--sklearn]
 *
 * Drops `Id`, target `SeriousDlqin2yrs`, stratified 80/20 split (seed 0). Both
 * libraries fit 100 trees, depth 6, learning rate 0.1, lambda 1, 256 bins, from
 * the same base score (the training prior), XGBoost on 1 thread, on the same
 * rows. Prints both test AUCs, their difference, how close the test
 * probabilities are, and both fit times (median of --repeats) with the ratio
 * creditkit/XGBoost. Exits 1 if |ΔAUC| > tolerance.
 *
 * Needs the wasm build (`npm run build:wasm`) and XGBoost for Debian's Python
 * (`apt-get install -y python3-xgboost python3-sklearn`).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCreditkit } from './creditkit.js';
import { loadGmsc } from './datasets.js';
import { outDir, writeSplitDataset } from './io.js';
import { codeVersion, commandLine, comparePredictions, fmtRatio, fmtSeconds, gather, machine, markdownTable, mean } from './util.js';
import { readF64, runXgb } from './xgb.js';

const { values: flags } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    seed: { type: 'string', default: '0' },
    tolerance: { type: 'string', default: '0.003' },
    sklearn: { type: 'boolean', default: false },
  },
});
const repeats = Number(flags.repeats);
const seed = Number(flags.seed);
const tolerance = Number(flags.tolerance);
if (!(Number.isInteger(repeats) && repeats >= 1)) throw new Error(`--repeats must be a positive integer, got ${flags.repeats}`);

const SETTINGS = { nEstimators: 100, maxDepth: 6, learningRate: 0.1, lambda: 1, maxBins: 256 };

async function main(): Promise<number> {
  const date = new Date().toISOString();
  const code = codeVersion();
  const data = await loadGmsc(seed);
  const { X, y, train, test } = data;
  const ytrain = gather(y, train);
  const ytest = gather(y, test);
  const prior = mean(ytrain);
  console.error(`[parity] ${data.source}: ${X.nRows} rows × ${X.nColumns} features, train ${train.length}, test ${test.length}, prior ${prior.toFixed(5)}`);

  const dir = outDir('gmsc');
  writeSplitDataset(dir, X, y, { train, test }, { source: data.source, target: 'SeriousDlqin2yrs', seed });

  const ck = await runCreditkit(
    { ...SETTINGS, seed: 0, baseScore: prior },
    X.take(train),
    ytrain,
    X.take(test),
    ytest,
    repeats,
  );
  const predPath = join(dir, 'xgb_test_pred.f64');
  const py = runXgb(dir, {
    numRound: SETTINGS.nEstimators,
    maxDepth: SETTINGS.maxDepth,
    eta: SETTINGS.learningRate,
    lambda: SETTINGS.lambda,
    maxBin: SETTINGS.maxBins,
    nthread: 1,
    repeats,
    baseScore: prior,
    seed: 0,
    sklearn: flags.sklearn,
    savePred: predPath,
    predictBatch: false,
  });
  const xgb = py.xgboost;
  if (xgb === undefined) throw new Error('xgb_runner.py returned no XGBoost figures');
  const diff = comparePredictions(ck.testProba, readF64(predPath));
  const dAuc = ck.test_auc - xgb.test_auc;

  const rows = [
    ['creditkit', ck.test_auc.toFixed(4), ck.test_logloss.toFixed(4), fmtSeconds(ck.fit_s), fmtRatio(ck.fit_s / xgb.fit_s)],
    [`XGBoost ${xgb.version} (hist, 1 thread)`, xgb.test_auc.toFixed(4), xgb.test_logloss.toFixed(4), fmtSeconds(xgb.fit_s), '1.00×'],
  ];
  if (py.sklearn !== undefined) {
    const sk = py.sklearn;
    rows.push([`scikit-learn ${sk.version} HGB (1 thread)`, sk.test_auc.toFixed(4), sk.test_logloss.toFixed(4), fmtSeconds(sk.fit_s), fmtRatio(sk.fit_s / xgb.fit_s)]);
  }
  const ok = Math.abs(dAuc) <= tolerance;
  console.log(`## Parity on Give Me Some Credit\n`);
  console.log(`- date: ${date}`);
  console.log(`- command: \`${commandLine('bench/parity-gmsc.ts')}\``);
  console.log(`- data: ${data.source}, ${X.nRows} rows × ${X.nColumns} features; stratified 80/20 (seed ${seed}): train ${train.length}, test ${test.length}; positive rate ${prior.toFixed(4)} (train)`);
  console.log(`- settings: 100 trees, depth 6, learning rate 0.1, lambda 1, 256 bins, base score = training prior; fit time = median of ${repeats} fresh fits`);
  console.log(`- creditkit: ${code}`);
  console.log(`- machine: ${machine()}\n`);
  console.log(markdownTable(['library', 'test AUC', 'test log loss', 'fit s', 'fit time / XGBoost'], rows));
  console.log('');
  console.log(`ΔAUC (creditkit − XGBoost) = ${dAuc >= 0 ? '+' : ''}${dAuc.toFixed(5)}; |ΔAUC| ≤ ${tolerance}: ${ok ? 'PASS' : 'FAIL'}`);
  console.log(`test probabilities vs XGBoost: max |Δp| ${diff.maxAbs.toExponential(2)}, mean |Δp| ${diff.meanAbs.toExponential(2)}, Pearson r ${diff.corr.toFixed(6)}`);
  console.log(`fit time creditkit / XGBoost = ${(ck.fit_s / xgb.fit_s).toFixed(2)} (${fmtSeconds(ck.fit_s)} s / ${fmtSeconds(xgb.fit_s)} s)`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
