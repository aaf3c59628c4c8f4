import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreditkitError, readCsvFile, stratifiedSplit, splitTarget, evaluateBinary, GradientBoostingClassifier } from '../../core.js';
import { type CliIO, type Command, numberFlag, valueFlags } from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber, seconds, table } from '../format.js';
import { defaultRate } from '../labelledData.js';
import { ProgressBar } from '../progress.js';
import { CHURN_CSV, CUMCM_DIR, lendingDemo, lendingDemoJson, STRATEGY_FILES } from './demoLending.js';
import { writeSmeReport } from './demoReport.js';
import { outputName } from '../standardOutput.js';

/** Where npm start writes the SME report: relative to the working folder (gitignored in the repository). */
const DEFAULT_REPORT = 'out/report-sme.html';

/** The dataset in the repository's data/ folder (not in the npm package). */
const DEFAULT_DATA = fileURLToPath(new URL('../../../data/give-me-some-credit.csv.gz', import.meta.url));

export const demoCommand: Command = {
  name: 'demo',
  summary: 'train and test a PD model on the bundled Give Me Some Credit data, then the lending strategies for the CUMCM SME firms, questions 1–3 (what "npm start" runs)',
  usage: 'creditkit demo [--train-ratio 0.8] [--seed 42] [--strategy-dir DIR] [--report F | --no-report]',
  help: [
    '  --train-ratio R      stratified training share (default 0.8)',
    '  --seed N             split and model seed (default 42)',
    '  --strategy-dir DIR   also write the CUMCM Q2 and Q3 strategies as CSV into DIR',
    '  --report F           where to write the SME HTML report (default out/report-sme.html)',
    '  --no-report          do not write the report',
    '  --json               print every figure (data, test metrics, importances, PD model, both strategies) as one',
    '                       JSON document instead of text; timings are in seconds',
  ].join('\n'),
  options: {
    ...valueFlags('train-ratio', 'seed', 'strategy-dir', 'report'),
    'no-report': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  files: (v) => ({
    inputs: [{ flag: 'data (bundled)', path: DEFAULT_DATA }, { flag: 'churn (bundled)', path: CHURN_CSV }],
    outputs: [
      ...(v['no-report'] === true ? [] : fileArgs({ report: DEFAULT_REPORT, ...v }, 'report')),
      ...(typeof v['strategy-dir'] === 'string' ? STRATEGY_FILES.map((f) => ({ flag: 'strategy-dir', path: join(v['strategy-dir'] as string, f) })) : []),
    ],
    standardOutput: ['report'],
  }),
  async run(values, cliIO) {
    if (values['strategy-dir'] === '-') throw new CreditkitError('E_USAGE', '--strategy-dir names a folder for three CSV files; it cannot be "-" (standard output)');
    requireRepositoryData();
    const json = values.json === true;
    // With --json the text lines are not printed; the figures go into one document at the end.
    const io: CliIO = json ? { ...cliIO, out: () => undefined } : cliIO;
    const ratio = numberFlag(values, 'train-ratio') ?? 0.8;
    const seed = numberFlag(values, 'seed') ?? 42;
    let t = performance.now();
    const ds = await readCsvFile(DEFAULT_DATA);
    const { X, y } = splitTarget(ds.drop(['Id']), 'SeriousDlqin2yrs');
    const readMs = performance.now() - t;
    const split = stratifiedSplit(y, ratio, seed);
    const trainX = X.take(split.train);
    const trainY = Float64Array.from(split.train, (i) => y[i]);
    const testX = X.take(split.test);
    const testY = Float64Array.from(split.test, (i) => y[i]);
    io.out(`Give Me Some Credit (bundled): ${formatNumber(ds.nRows)} borrowers, ${X.nColumns} features, default rate ${(100 * defaultRate(y)).toFixed(2)}%, read in ${seconds(readMs)}`);
    io.out(`stratified split ${Math.round(ratio * 100)}/${Math.round((1 - ratio) * 100)} (seed ${seed}): ${formatNumber(trainY.length)} train, ${formatNumber(testY.length)} test`);

    const model = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6, learningRate: 0.1, lambda: 1, maxBins: 256, seed });
    const bar = new ProgressBar(io, 'training');
    t = performance.now();
    model.fit(trainX, trainY, { onProgress: (p) => bar.update(p.iteration, p.total) });
    const fitMs = performance.now() - t;
    bar.done();
    t = performance.now();
    const p = model.predictProba(testX);
    const predictMs = performance.now() - t;
    const m = evaluateBinary(testY, p);

    io.out('gradient boosting: 100 trees, depth 6, learning rate 0.1, lambda 1, 256 bins');
    io.out('');
    io.out(table(['test metric', 'value'], [
      ['AUC', m.auc], ['Gini', m.gini], ['KS', m.ks], ['log loss', m.logLoss], ['Brier', m.brier],
    ]));
    io.out('');
    io.out(`fit time ${seconds(fitMs)}; scored ${formatNumber(testY.length)} test rows in ${seconds(predictMs)}`);
    const importance = Object.entries(model.featureImportances('gain')).sort((a, b) => b[1] - a[1]);
    const total = importance.reduce((s, [, v]) => s + v, 0);
    io.out('');
    io.out(table(['feature (by total split gain)', 'share'], importance.slice(0, 5).map(([k, v]) => [k, v / total])));

    const strategyDir = typeof values['strategy-dir'] === 'string' ? values['strategy-dir'] : undefined;
    const lending = await lendingDemo(io, strategyDir);

    let reportPath: string | null = null;
    if (values['no-report'] !== true) {
      reportPath = typeof values.report === 'string' ? values.report : DEFAULT_REPORT;
      t = performance.now();
      await writeSmeReport(lending, reportPath, cliIO);
      io.out('');
      io.out(`SME report (model, comparison, Q2 frontier and strategies): ${outputName(reportPath)}, written in ${seconds(performance.now() - t)}`);
    }
    if (json) {
      cliIO.out(JSON.stringify({
        data: { rows: ds.nRows, features: X.nColumns, defaultRate: defaultRate(y), readSeconds: readMs / 1000 },
        split: { trainRatio: ratio, seed, trainRows: trainY.length, testRows: testY.length },
        model: { kind: 'gbdt', nEstimators: 100, maxDepth: 6, learningRate: 0.1, lambda: 1, maxBins: 256 },
        test: { auc: m.auc, gini: m.gini, ks: m.ks, logLoss: m.logLoss, brier: m.brier },
        fitSeconds: fitMs / 1000,
        predictSeconds: predictMs / 1000,
        importance: importance.slice(0, 5).map(([feature, gain]) => ({ feature, share: gain / total })),
        lending: lendingDemoJson(lending),
        strategyFiles: strategyDir === undefined ? [] : STRATEGY_FILES.map((f) => join(strategyDir, f)),
        report: reportPath,
      }));
    }
  },
};

/**
 * The demo's datasets live in the repository, not in the npm package (their
 * terms do not allow redistributing them, see data/README.md), so an installed
 * `creditkit demo` says where to run it instead of failing on the first file.
 */
function requireRepositoryData(): void {
  const missing = [DEFAULT_DATA, CHURN_CSV, CUMCM_DIR].find((f) => !existsSync(f));
  if (missing === undefined) return;
  throw new CreditkitError('E_FILE_NOT_FOUND',
    'the demo reads the datasets of the creditkit repository, which the npm package does not include: clone the repository and run "npm start" there',
    { file: missing });
}
