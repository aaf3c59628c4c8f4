/**
 * creditkit's non-tree baselines side by side with scikit-learn 1.2.1
 * (bench/sklearn_baselines.py): fit time and test AUC on the same rows and
 * split (test = rows with index % 5 == 0) with the same preprocessing, each
 * library at its defaults otherwise.
 *
 *   npx tsx bench/baselines.ts [--repeats 3] [--data german,gmsc]
 *   npx tsx bench/baselines.ts --svm-solvers [--repeats 3] [--data german,gmsc]
 *     creditkit alone: the linear SVM's dual and primal solvers (Platt folds
 *     included) on the same rows; the dual solver is run on German credit only
 *     (on GMSC's 120,000 rows it takes many minutes, bench/RESULTS.md §12).
 *
 * German credit: 800 train × 20 attributes (61 columns after one-hot);
 * Give Me Some Credit: all 150,000 rows, 120,000 train × 10 features
 * (+ 2 missing indicators). Fit time is the median of the repeats and
 * includes the preprocessing (imputation, scaling, one-hot) on both sides.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { LogisticRegression, MLPClassifier, readCsvFile, rocAuc, splitTarget, SVMClassifier } from '../src/index.js';
import type { Classifier } from '../src/index.js';
import { REPO_ROOT } from './io.js';
import { codeVersion, commandLine, fmtRatio, fmtSeconds, machine, markdownTable, median } from './util.js';
import { findPython } from './xgb.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const k = argv.indexOf(`--${name}`);
  return k >= 0 && k + 1 < argv.length ? argv[k + 1] : fallback;
};
const repeats = Number(flag('repeats', '3'));
const datasets = flag('data', 'german,gmsc').split(',');
const svmSolvers = argv.includes('--svm-solvers');

const FILES: Record<string, { path: string; target: string; drop: string[] }> = {
  german: { path: 'data/german-credit.csv.gz', target: 'is_bad', drop: [] },
  gmsc: { path: 'data/give-me-some-credit.csv.gz', target: 'SeriousDlqin2yrs', drop: ['Id'] },
};
const MODELS: Record<string, () => Classifier> = svmSolvers
  ? { 'svm dual': () => new SVMClassifier({ solver: 'dual' }), 'svm primal': () => new SVMClassifier({ solver: 'primal' }) }
  : { logistic: () => new LogisticRegression(), svm: () => new SVMClassifier(), mlp: () => new MLPClassifier() };

interface Figures { model: string; fit_s: number; test_auc: number }

const rows: string[][] = [];
for (const name of datasets) {
  const f = FILES[name];
  if (!f) throw new Error(`unknown data "${name}" (german, gmsc)`);
  const ds = await readCsvFile(fileURLToPath(new URL(`../${f.path}`, import.meta.url)));
  const { X, y } = splitTarget(f.drop.length ? ds.drop(f.drop) : ds, f.target);
  const all = [...Array(X.nRows).keys()];
  const train = all.filter((i) => i % 5 !== 0);
  const test = all.filter((i) => i % 5 === 0);
  const Xtr = X.take(train);
  const Xte = X.take(test);
  const ytr = Float64Array.from(train, (i) => y[i]);
  const yte = Float64Array.from(test, (i) => y[i]);
  const models = Object.entries(MODELS).filter(([model]) => !(svmSolvers && name === 'gmsc' && model === 'svm dual'));
  const ours: Figures[] = models.map(([model, make]) => {
    const times: number[] = [];
    let fitted: Classifier | null = null;
    for (let r = 0; r < repeats; r++) {
      const m = make();
      const t0 = performance.now();
      m.fit(Xtr, ytr);
      times.push((performance.now() - t0) / 1000);
      fitted = m;
    }
    const figures = { model, fit_s: median(times), test_auc: rocAuc(yte, fitted!.predictProba(Xte)) };
    console.error(`${name} creditkit ${model}: ${fmtSeconds(figures.fit_s)} s, AUC ${figures.test_auc.toFixed(4)}`);
    return figures;
  });
  if (svmSolvers) {
    for (const o of ours) rows.push([`${name} (${train.length.toLocaleString('en-US')} train)`, o.model, fmtSeconds(o.fit_s), o.test_auc.toFixed(4)]);
    continue;
  }
  const py = spawnSync(findPython(), ['bench/sklearn_baselines.py', JSON.stringify({ data: name, repeats })], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (py.status !== 0) throw new Error(`sklearn_baselines.py failed:\n${py.stderr}`);
  const theirs = JSON.parse(py.stdout.trim().split('\n').pop()!) as Figures[];
  for (const o of ours) {
    const t = theirs.find((x) => x.model === o.model)!;
    rows.push([
      `${name} (${train.length.toLocaleString('en-US')} train)`, o.model, fmtSeconds(o.fit_s), fmtSeconds(t.fit_s), fmtRatio(o.fit_s / t.fit_s),
      o.test_auc.toFixed(4), t.test_auc.toFixed(4),
    ]);
  }
}

console.log(`${commandLine('bench/baselines.ts')}\n${new Date().toISOString().slice(0, 10)}; ${machine()}; load average ${loadavg()[0].toFixed(1)}; ${codeVersion()}; median of ${repeats} fits\n`);
if (svmSolvers) console.log(markdownTable(['data', 'solver', 'creditkit fit s', 'test AUC'], rows));
else console.log(markdownTable(['data', 'model', 'creditkit fit s', 'scikit-learn fit s', 'ratio', 'creditkit test AUC', 'scikit-learn test AUC'], rows));
