/**
 * Fit and predict benchmark: creditkit against XGBoost (hist) and LightGBM
 * (plain and with quantized gradients) in one run, on the same rows and the
 * same split, with 1 and more threads.
 *
 *   npx tsx bench/fit-predict.ts [--sets gmsc,10000x20,100000x30,1000000x30]
 *                                [--threads 1,2] [--repeats 3] [--seed 0] [--sklearn]
 *                                [--quantized] [--no-lightgbm]
 *   (older form, still accepted: [--only gmsc|synthetic] [--rows 1000000] [--features 30])
 *
 * Sets: `gmsc` = Give Me Some Credit (no `Id`, target SeriousDlqin2yrs);
 * `RxF` = makeCreditLike(R, F, --seed). Each is split 80/20 stratified, so
 * 10000x20 trains on 8,000 rows. Settings: 100 trees, depth 6, learning rate
 * 0.1, lambda 1, 256 bins, base score = training prior for both libraries.
 *
 * For each set and thread count T, creditkit runs in a fresh child process
 * (so its peak RSS is that run's alone, like the Python runner's) and XGBoost
 * in a fresh runner with nthread = T:
 *   fit s         median of --repeats fits, each a fresh model, on the training rows
 *                 (creditkit fit(X, y, { nthreads: T }); XGBoost DMatrix + xgboost.train)
 *   predict rows/s  probabilities for every row of the set, median of --repeats
 *                 (creditkit predictProba, or a ScoringPool of T threads; XGBoost inplace_predict)
 *   test AUC, peak RSS (MiB, whole process with its data)
 * and prints a markdown table with the ratios to XGBoost at the same T and to
 * creditkit's own 1-thread run. Raw figures go to bench/out/fit-predict-latest.json.
 *
 * --quantized adds a creditkit row with `quantizedGradients: true` (its own
 * fresh process). LightGBM 4 (bench/lgbm_runner.py, the `python3` on PATH)
 * runs twice per set and thread count, each in a fresh process: plain and
 * with use_quantized_grad, with num_leaves 64, max_depth 6, lambda_l2 1,
 * min_data_in_leaf 1, min_sum_hessian_in_leaf 1, max_bin 255 (+ its missing
 * bin = 256 bins), num_threads = T, from the training prior. When lightgbm
 * cannot be imported the script says so and runs the rest (--no-lightgbm
 * skips it).
 *
 * Needs the wasm build (`npm run build:wasm`) and XGBoost for Debian's Python
 * (`apt-get install -y python3-xgboost python3-sklearn`).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCreditkit, type CreditkitFigures } from './creditkit.js';
import { loadGmsc, loadSynthetic, type BenchData } from './datasets.js';
import { OUT_DIR, outDir, REPO_ROOT, writeSplitDataset } from './io.js';
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
import { type LgbmFigures, lightgbmMissing, runLgbm } from './lgbm.js';
import { runXgb, type XgbResult } from './xgb.js';

const { values: flags } = parseArgs({
  options: {
    sets: { type: 'string' },
    threads: { type: 'string', default: '1' },
    rows: { type: 'string', default: '1000000' },
    features: { type: 'string', default: '30' },
    repeats: { type: 'string', default: '3' },
    only: { type: 'string' },
    seed: { type: 'string', default: '0' },
    sklearn: { type: 'boolean', default: false },
    quantized: { type: 'boolean', default: false },
    'no-lightgbm': { type: 'boolean', default: false },
    child: { type: 'string' },
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

const repeats = positiveInt('repeats', flags.repeats);
const seed = Number(flags.seed);
const threadCounts = flags.threads.split(',').map((t) => positiveInt('threads', t));
if (flags.only !== undefined && flags.only !== 'gmsc' && flags.only !== 'synthetic') {
  console.error(`--only must be gmsc or synthetic, got ${flags.only}`);
  process.exit(2);
}
const synthetic = `${positiveInt('rows', flags.rows)}x${positiveInt('features', flags.features)}`;
const sets = flags.sets !== undefined
  ? flags.sets.split(',')
  : [...(flags.only !== 'synthetic' ? ['gmsc'] : []), ...(flags.only !== 'gmsc' ? [synthetic] : [])];
for (const set of sets) {
  if (set !== 'gmsc' && !/^\d+x\d+$/.test(set)) {
    console.error(`--sets: each set is gmsc or ROWSxFEATURES, got ${set}`);
    process.exit(2);
  }
}

async function loadSet(set: string): Promise<BenchData> {
  if (set === 'gmsc') return loadGmsc(seed);
  const [r, f] = set.split('x').map(Number);
  return loadSynthetic(r, f, seed);
}

const SETTINGS = { nEstimators: 100, maxDepth: 6, learningRate: 0.1, lambda: 1, maxBins: 256 };

interface SetInfo {
  name: string;
  source: string;
  nRows: number;
  nFeatures: number;
  nTrain: number;
  nTest: number;
  trainPrior: number;
}

type CkFigures = Omit<CreditkitFigures, 'testProba'>;

interface RunResult extends SetInfo {
  threads: number;
  creditkit: CkFigures;
  /** creditkit with quantizedGradients (with --quantized). */
  creditkitQuantized?: CkFigures;
  python: XgbResult;
  lightgbm?: LgbmFigures;
  lightgbmQuantized?: LgbmFigures;
}

/** Child mode: one set, one thread count (and `q` for quantized gradients); prints the set's facts and creditkit's figures as one JSON line. */
async function child(spec: string): Promise<void> {
  const [set, t, variant] = spec.split(':');
  const threads = positiveInt('threads', t);
  const quantizedGradients = variant === 'q';
  const data = await loadSet(set);
  const { X, y, train, test } = data;
  const ytrain = gather(y, train);
  const ytest = gather(y, test);
  const prior = mean(ytrain);
  const dir = outDir(set === 'gmsc' ? 'gmsc' : `synthetic-${set}`);
  writeSplitDataset(dir, X, y, { train, test }, { source: data.source, seed });
  const { testProba: _unused, ...ck } = await runCreditkit(
    { ...SETTINGS, seed: 0, baseScore: prior, ...(quantizedGradients ? { quantizedGradients } : {}) }, X.take(train), ytrain, X.take(test), ytest, repeats, X, threads,
  );
  const info: SetInfo = {
    name: set, source: data.source, nRows: X.nRows, nFeatures: X.nColumns, nTrain: train.length, nTest: test.length, trainPrior: prior,
  };
  console.log(JSON.stringify({ info, dir, creditkit: ck }));
}

function runChild(set: string, threads: number, quantized = false): { info: SetInfo; dir: string; creditkit: CkFigures } {
  console.error(`[bench] ${set}, ${threads} thread(s): creditkit${quantized ? ' (quantized gradients)' : ''} in a fresh process`);
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--child', `${set}:${threads}${quantized ? ':q' : ''}`, '--repeats', String(repeats), '--seed', String(seed)];
  const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`creditkit run for ${set} on ${threads} thread(s) exited with status ${r.status}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const code = codeVersion();
  const results: RunResult[] = [];
  const lgbmMissing = flags['no-lightgbm'] ? 'LightGBM left out (--no-lightgbm).' : lightgbmMissing();
  if (lgbmMissing !== null) console.error(`[bench] ${lgbmMissing}`);
  for (const set of sets) {
    for (const threads of threadCounts) {
      const { info, dir, creditkit } = runChild(set, threads);
      const creditkitQuantized = flags.quantized ? runChild(set, threads, true).creditkit : undefined;
      const python = runXgb(dir, {
        numRound: SETTINGS.nEstimators,
        maxDepth: SETTINGS.maxDepth,
        eta: SETTINGS.learningRate,
        lambda: SETTINGS.lambda,
        maxBin: SETTINGS.maxBins,
        nthread: threads,
        repeats,
        baseScore: info.trainPrior,
        seed: 0,
        sklearn: flags.sklearn,
      });
      const lgbm = (quantized: boolean): LgbmFigures | undefined => {
        if (lgbmMissing !== null) return undefined;
        console.error(`[bench] ${set}, ${threads} thread(s): LightGBM${quantized ? ' (use_quantized_grad)' : ''} in a fresh process`);
        return runLgbm(dir, {
          numRound: SETTINGS.nEstimators, maxDepth: SETTINGS.maxDepth, numLeaves: 64, eta: SETTINGS.learningRate,
          lambda: SETTINGS.lambda, maxBin: SETTINGS.maxBins - 1, nthread: threads, repeats, baseScore: info.trainPrior, seed: 0, quantized,
        });
      };
      const lightgbm = lgbm(false);
      const lightgbmQuantized = lgbm(true);
      results.push({ ...info, threads, creditkit, creditkitQuantized, python, lightgbm, lightgbmQuantized });
    }
  }

  const table: string[][] = [];
  for (const r of results) {
    const ck = r.creditkit;
    const xgb = r.python.xgboost;
    if (xgb === undefined) throw new Error('xgb_runner.py returned no XGBoost figures');
    const size = `${r.nTrain.toLocaleString('en-US')} / ${r.nTest.toLocaleString('en-US')} × ${r.nFeatures}`;
    const ckRate = ck.predict_rows_per_s ?? NaN;
    const xgbRate = xgb.predict_rows_per_s ?? NaN;
    // creditkit's own 1-thread run of this set, for the thread speed-ups.
    const single = results.find((o) => o.name === r.name && o.threads === 1)?.creditkit;
    const speedup = (one: number | undefined, many: number | undefined): string =>
      r.threads === 1 || one === undefined || many === undefined ? '—' : fmtRatio(one / many);
    const lq = r.lightgbmQuantized;
    // Process CPU seconds of a fit: less swayed than wall time by other processes on a shared machine.
    const cpu = (f: { fit_cpu_s?: number }): string[] => [
      fmtSeconds(f.fit_cpu_s ?? NaN), lq?.fit_cpu_s !== undefined && f.fit_cpu_s !== undefined ? fmtRatio(f.fit_cpu_s / lq.fit_cpu_s) : '—',
    ];
    const ckRow = (label: string, c: CkFigures, one: CkFigures | undefined): void => {
      const rate = c.predict_rows_per_s ?? NaN;
      table.push([
        r.name, size, String(r.threads), label,
        fmtSeconds(c.fit_s), fmtRatio(c.fit_s / xgb.fit_s), lq ? fmtRatio(c.fit_s / lq.fit_s) : '—', ...cpu(c), speedup(one?.fit_s, c.fit_s),
        fmtRate(rate), fmtRatio(rate / xgbRate), speedup(rate, one?.predict_rows_per_s),
        c.test_auc.toFixed(4), (c.test_auc - xgb.test_auc).toFixed(4),
        c.peak_rss_mib.toFixed(0), fmtRatio(c.peak_rss_mib / (xgb.peak_rss_mib ?? r.python.peak_rss_mib)),
      ]);
    };
    ckRow('creditkit', ck, single);
    if (r.creditkitQuantized) {
      const oneQ = results.find((o) => o.name === r.name && o.threads === 1)?.creditkitQuantized;
      ckRow('creditkit, quantizedGradients', r.creditkitQuantized, oneQ);
    }
    table.push([
      r.name, size, String(r.threads), `XGBoost ${xgb.version}`,
      fmtSeconds(xgb.fit_s), '1.00×', lq ? fmtRatio(xgb.fit_s / lq.fit_s) : '—', ...cpu(xgb), '',
      fmtRate(xgbRate), '1.00×', '',
      xgb.test_auc.toFixed(4), '—',
      (xgb.peak_rss_mib ?? r.python.peak_rss_mib).toFixed(0), '1.00×',
    ]);
    for (const lg of [r.lightgbm, r.lightgbmQuantized]) {
      if (lg === undefined) continue;
      const rate = lg.predict_rows_per_s ?? NaN;
      table.push([
        r.name, size, String(r.threads), `LightGBM ${lg.version}${lg.quantized ? ', use_quantized_grad' : ''}`,
        fmtSeconds(lg.fit_s), fmtRatio(lg.fit_s / xgb.fit_s), lq ? fmtRatio(lg.fit_s / lq.fit_s) : '—', ...cpu(lg), '',
        fmtRate(rate), fmtRatio(rate / xgbRate), '',
        lg.test_auc.toFixed(4), (lg.test_auc - xgb.test_auc).toFixed(4),
        (lg.peak_rss_mib ?? NaN).toFixed(0), fmtRatio((lg.peak_rss_mib ?? NaN) / (xgb.peak_rss_mib ?? r.python.peak_rss_mib)),
      ]);
    }
    const sk = r.python.sklearn;
    if (sk !== undefined) {
      const skRate = sk.predict_rows_per_s ?? NaN;
      table.push([
        r.name, size, String(r.threads), `scikit-learn ${sk.version} HGB`,
        fmtSeconds(sk.fit_s), fmtRatio(sk.fit_s / xgb.fit_s), lq ? fmtRatio(sk.fit_s / lq.fit_s) : '—', '—', '—', '',
        fmtRate(skRate), fmtRatio(skRate / xgbRate), '',
        sk.test_auc.toFixed(4), (sk.test_auc - xgb.test_auc).toFixed(4),
        '—', '',
      ]);
    }
  }

  console.log('## Fit and predict: creditkit vs XGBoost and LightGBM\n');
  console.log(`- date: ${date}`);
  console.log(`- command: \`${commandLine('bench/fit-predict.ts')}\``);
  for (const r of results.filter((o) => o.threads === threadCounts[0])) {
    console.log(`- ${r.name}: ${r.source}, ${r.nRows.toLocaleString('en-US')} rows × ${r.nFeatures} features, stratified 80/20 (seed ${seed}), positive rate ${r.trainPrior.toFixed(4)}`);
  }
  console.log('- settings: 100 trees, depth 6, learning rate 0.1, lambda 1, 256 bins, base score = training prior; XGBoost tree_method=hist, nthread = threads');
  console.log(lgbmMissing === null
    ? '- LightGBM: num_leaves 64, max_depth 6, lambda_l2 1, min_data_in_leaf 1, min_sum_hessian_in_leaf 1, max_bin 255 (+ the missing bin), num_threads = threads, init_score = training prior; a fresh process per variant (plain, use_quantized_grad)'
    : `- ${lgbmMissing}`);
  console.log(`- fit s, fit CPU s (process CPU time of a fit) and predict rows/s: median of ${repeats}; predict = probabilities for all rows of the dataset (creditkit on more than one thread: a ScoringPool)`);
  console.log(`- creditkit: ${code}`);
  console.log(`- machine: ${machine()}\n`);
  console.log(
    markdownTable(
      ['dataset', 'train / test × features', 'threads', 'library', 'fit s', 'fit time ÷ XGBoost', 'fit time ÷ LightGBM quantized', 'fit CPU s', 'fit CPU ÷ LightGBM quantized', 'fit speed-up vs 1 thread', 'predict rows/s', 'predict speed ÷ XGBoost', 'predict speed-up vs 1 thread', 'test AUC', 'ΔAUC vs XGBoost', 'peak RSS MiB', 'RSS ÷ XGBoost'],
      table,
    ),
  );
  console.log('\nfit time ÷ XGBoost < 1 means creditkit fits faster; predict speed ÷ XGBoost > 1 means it predicts faster.');
  console.log('Peak RSS is the whole process with its data: creditkit = a fresh Node process per set, thread count and variant, XGBoost and LightGBM = a fresh Python runner per set, thread count and variant.');

  const path = join(OUT_DIR, 'fit-predict-latest.json');
  outDir('.');
  writeFileSync(path, JSON.stringify({ date, command: commandLine('bench/fit-predict.ts'), creditkit: code, machine: machine(), settings: SETTINGS, repeats, threads: threadCounts, results }, null, 2) + '\n');
  console.error(`[bench] raw figures written to bench/out/fit-predict-latest.json`);
}

(flags.child !== undefined ? child(flags.child) : main()).catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
