/**
 * Fit and predict benchmark: creditkit against XGBoost (hist, 1 thread) in one
 * run, on the same rows and the same split.
 *
 *   npx tsx bench/fit-predict.ts [--rows 1000000] [--features 30] [--repeats 3]
 *                                [--only gmsc|synthetic] [--seed 0] [--sklearn]
 *
 * Datasets: Give Me Some Credit (no `Id`, target SeriousDlqin2yrs) and
 * makeCreditLike(--rows, --features, --seed); both split 80/20 stratified.
 * Settings: 100 trees, depth 6, learning rate 0.1, lambda 1, 256 bins, base
 * score = training prior for both libraries.
 *
 * For each dataset and library:
 *   fit s         median of --repeats fits, each a fresh model, on the training rows
 *                 (XGBoost: DMatrix construction + xgboost.train, as creditkit's
 *                 fit starts from the float matrix too)
 *   predict rows/s  probabilities for every row of the dataset, median of --repeats
 *                 (creditkit predictProba(Dataset), XGBoost inplace_predict(ndarray))
 *   test AUC      on the test rows
 * and prints a markdown table with the ratios creditkit/XGBoost. Raw figures are
 * written to bench/out/fit-predict-latest.json.
 *
 * Needs the wasm build (`npm run build:wasm`) and XGBoost for Debian's Python
 * (`apt-get install -y python3-xgboost python3-sklearn`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCreditkit, type CreditkitFigures } from './creditkit.js';
import { loadGmsc, loadSynthetic, type BenchData } from './datasets.js';
import { OUT_DIR, outDir, writeSplitDataset } from './io.js';
import {
  codeVersion,
  commandLine,
  fmtRate,
  fmtRatio,
  fmtSeconds,
  gather,
  machine,
  markdownTable,
  mean,
} from './util.js';
import { runXgb, type XgbResult } from './xgb.js';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    features: { type: 'string', default: '30' },
    repeats: { type: 'string', default: '3' },
    only: { type: 'string' },
    seed: { type: 'string', default: '0' },
    sklearn: { type: 'boolean', default: false },
  },
});

function positiveInt(name: string, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${v}`);
    process.exit(2);
  }
  return n;
}

const rows = positiveInt('rows', flags.rows);
const features = positiveInt('features', flags.features);
const repeats = positiveInt('repeats', flags.repeats);
const seed = Number(flags.seed);
if (flags.only !== undefined && flags.only !== 'gmsc' && flags.only !== 'synthetic') {
  console.error(`--only must be gmsc or synthetic, got ${flags.only}`);
  process.exit(2);
}

const SETTINGS = { nEstimators: 100, maxDepth: 6, learningRate: 0.1, lambda: 1, maxBins: 256 };

interface DatasetResult {
  name: string;
  source: string;
  nRows: number;
  nFeatures: number;
  nTrain: number;
  nTest: number;
  trainPrior: number;
  creditkit: Omit<CreditkitFigures, 'testProba'>;
  python: XgbResult;
}

function benchOne(data: BenchData): DatasetResult {
  const { X, y, train, test } = data;
  const ytrain = gather(y, train);
  const ytest = gather(y, test);
  const prior = mean(ytrain);
  console.error(`[bench] ${data.name} (${data.source}): ${X.nRows} rows × ${X.nColumns} features, train ${train.length}, test ${test.length}, prior ${prior.toFixed(5)}`);

  const dir = outDir(data.name);
  writeSplitDataset(dir, X, y, { train, test }, { source: data.source, seed });

  const { testProba: _unused, ...ck } = runCreditkit(
    { ...SETTINGS, seed: 0, baseScore: prior },
    X.take(train),
    ytrain,
    X.take(test),
    ytest,
    repeats,
    X,
  );
  const python = runXgb(dir, {
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
  });
  return {
    name: data.name,
    source: data.source,
    nRows: X.nRows,
    nFeatures: X.nColumns,
    nTrain: train.length,
    nTest: test.length,
    trainPrior: prior,
    creditkit: ck,
    python,
  };
}

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const code = codeVersion();
  const results: DatasetResult[] = [];
  if (flags.only === undefined || flags.only === 'gmsc') results.push(benchOne(await loadGmsc(seed)));
  if (flags.only === undefined || flags.only === 'synthetic') results.push(benchOne(loadSynthetic(rows, features, seed)));

  const table: string[][] = [];
  for (const r of results) {
    const ck = r.creditkit;
    const xgb = r.python.xgboost;
    if (xgb === undefined) throw new Error('xgb_runner.py returned no XGBoost figures');
    const size = `${r.nTrain.toLocaleString('en-US')} / ${r.nTest.toLocaleString('en-US')} × ${r.nFeatures}`;
    const ckRate = ck.predict_rows_per_s ?? NaN;
    const xgbRate = xgb.predict_rows_per_s ?? NaN;
    table.push([
      r.name, size, 'creditkit',
      fmtSeconds(ck.fit_s), fmtRatio(ck.fit_s / xgb.fit_s),
      fmtRate(ckRate), fmtRatio(ckRate / xgbRate),
      ck.test_auc.toFixed(4), (ck.test_auc - xgb.test_auc).toFixed(4),
      ck.peak_rss_mib.toFixed(0),
    ]);
    table.push([
      r.name, size, `XGBoost ${xgb.version}`,
      fmtSeconds(xgb.fit_s), '1.00×',
      fmtRate(xgbRate), '1.00×',
      xgb.test_auc.toFixed(4), '—',
      (xgb.peak_rss_mib ?? r.python.peak_rss_mib).toFixed(0),
    ]);
    const sk = r.python.sklearn;
    if (sk !== undefined) {
      const skRate = sk.predict_rows_per_s ?? NaN;
      table.push([
        r.name, size, `scikit-learn ${sk.version} HGB`,
        fmtSeconds(sk.fit_s), fmtRatio(sk.fit_s / xgb.fit_s),
        fmtRate(skRate), fmtRatio(skRate / xgbRate),
        sk.test_auc.toFixed(4), (sk.test_auc - xgb.test_auc).toFixed(4),
        '—',
      ]);
    }
  }

  console.log('## Fit and predict: creditkit vs XGBoost\n');
  console.log(`- date: ${date}`);
  console.log(`- command: \`${commandLine('bench/fit-predict.ts')}\``);
  for (const r of results) {
    console.log(`- ${r.name}: ${r.source}, ${r.nRows.toLocaleString('en-US')} rows × ${r.nFeatures} features, stratified 80/20 (seed ${seed}), positive rate ${r.trainPrior.toFixed(4)}`);
  }
  console.log('- settings: 100 trees, depth 6, learning rate 0.1, lambda 1, 256 bins, base score = training prior; XGBoost tree_method=hist, nthread=1');
  console.log(`- fit s and predict rows/s: median of ${repeats}; predict = probabilities for all rows of the dataset`);
  console.log(`- creditkit: ${code}`);
  console.log(`- machine: ${machine()}\n`);
  console.log(
    markdownTable(
      ['dataset', 'train / test × features', 'library', 'fit s', 'fit time ÷ XGBoost', 'predict rows/s', 'predict speed ÷ XGBoost', 'test AUC', 'ΔAUC vs XGBoost', 'peak RSS MiB'],
      table,
    ),
  );
  console.log('\nfit time ÷ XGBoost < 1 means creditkit fits faster; predict speed ÷ XGBoost > 1 means it predicts faster.');
  console.log('Peak RSS is the whole process with its data: creditkit = the Node process so far (datasets run in order), XGBoost = the Python runner for that dataset.');

  const path = join(OUT_DIR, 'fit-predict-latest.json');
  outDir('.');
  writeFileSync(path, JSON.stringify({ date, command: commandLine('bench/fit-predict.ts'), creditkit: code, machine: machine(), settings: SETTINGS, repeats, results }, null, 2) + '\n');
  console.error(`[bench] raw figures written to bench/out/fit-predict-latest.json`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
