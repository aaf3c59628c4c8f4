/**
 * The tree baselines side by side with scikit-learn 1.2.1 on Give Me Some Credit.
 *
 *   npx tsx bench/zoo-trees.ts [--repeats 1] [--seed 0] [--no-sklearn]
 *
 * Drops `Id`, target `SeriousDlqin2yrs`, stratified 80/20 split (seed 0); both
 * libraries fit the same training rows with the same settings (below) on one
 * thread and score the same test rows. Prints a markdown table: fit time
 * (median of --repeats) and test AUC per model and library. creditkit keeps
 * the missing values (learned direction); scikit-learn 1.2 gets them as -1
 * (bench/zoo_trees_sklearn.py).
 *
 * Needs the wasm build (`npm run build:wasm`) and scikit-learn for Debian's
 * Python (`apt-get install -y python3-sklearn`).
 */
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { AdaBoostClassifier, DecisionTreeClassifier, RandomForestClassifier, rocAuc, type Classifier } from '../src/index.js';
import { loadGmsc } from './datasets.js';
import { outDir, REPO_ROOT, writeSplitDataset } from './io.js';
import { codeVersion, commandLine, fmtSeconds, gather, machine, markdownTable, median } from './util.js';
import { findPython } from './xgb.js';

const { values: flags } = parseArgs({
  options: {
    repeats: { type: 'string', default: '1' },
    seed: { type: 'string', default: '0' },
    'no-sklearn': { type: 'boolean', default: false },
  },
});
const repeats = Number(flags.repeats);
const seed = Number(flags.seed);
if (!(Number.isInteger(repeats) && repeats >= 1)) throw new Error(`--repeats must be a positive integer, got ${flags.repeats}`);

/** Each model with its creditkit and scikit-learn settings (the same meaning). */
const MODELS: { label: string; create: () => Classifier; kind: string; params: Record<string, unknown> }[] = [
  { label: 'decision tree, depth 8', create: () => new DecisionTreeClassifier({ maxDepth: 8 }), kind: 'tree', params: { max_depth: 8 } },
  {
    label: 'decision tree, full + ccpAlpha 1e-4',
    create: () => new DecisionTreeClassifier({ ccpAlpha: 1e-4 }),
    kind: 'tree',
    params: { ccp_alpha: 1e-4 },
  },
  {
    label: 'random forest, 100 trees, sqrt, min leaf 5',
    create: () => new RandomForestClassifier({ nEstimators: 100, minSamplesLeaf: 5 }),
    kind: 'rf',
    params: { n_estimators: 100, max_features: 'sqrt', min_samples_leaf: 5 },
  },
  {
    label: 'AdaBoost SAMME, 100 stumps',
    create: () => new AdaBoostClassifier({ nEstimators: 100 }),
    kind: 'adaboost',
    params: { n_estimators: 100, learning_rate: 1.0 },
  },
];

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const data = await loadGmsc(seed);
  const { X, y, train, test } = data;
  const Xtr = X.take(train);
  const ytr = gather(y, train);
  const Xte = X.take(test);
  const yte = gather(y, test);
  console.error(`[zoo-trees] ${data.source}: train ${train.length}, test ${test.length}, ${X.nColumns} features`);

  const ck = MODELS.map((m) => {
    const times: number[] = [];
    let auc = NaN;
    for (let r = 0; r < repeats; r++) {
      const model = m.create();
      const t0 = performance.now();
      model.fit(Xtr, ytr);
      times.push((performance.now() - t0) / 1000);
      auc = rocAuc(yte, model.predictProba(Xte));
    }
    console.error(`[zoo-trees] creditkit ${m.label}: ${median(times).toFixed(3)} s, AUC ${auc.toFixed(4)}`);
    return { fit: median(times), auc };
  });

  let sk: Record<string, { fit_s: number; test_auc: number }> = {};
  let skVersion = '—';
  if (!flags['no-sklearn']) {
    const dir = outDir('gmsc-zoo');
    writeSplitDataset(dir, X, y, { train, test }, { source: data.source, target: 'SeriousDlqin2yrs', seed });
    const spec = Object.fromEntries(MODELS.map((m) => [m.label, { kind: m.kind, params: m.params }]));
    const r = spawnSync(findPython(), ['bench/zoo_trees_sklearn.py', '--data', relative(REPO_ROOT, dir), '--models', JSON.stringify(spec), '--repeats', String(repeats)], {
      cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`zoo_trees_sklearn.py exited with status ${r.status}`);
    const res = JSON.parse(r.stdout.trim().split('\n').pop() as string);
    sk = res.models;
    skVersion = res.sklearn;
  }

  const rows = MODELS.map((m, k) => [
    m.label,
    fmtSeconds(ck[k].fit), ck[k].auc.toFixed(4),
    sk[m.label] ? fmtSeconds(sk[m.label].fit_s) : '—', sk[m.label] ? sk[m.label].test_auc.toFixed(4) : '—',
  ]);
  console.log(`Command: \`${commandLine('bench/zoo-trees.ts')}\``);
  console.log(`Date: ${date}; code: ${codeVersion()}; ${machine()}; scikit-learn ${skVersion}`);
  console.log(`Data: ${data.source}, ${train.length} train / ${test.length} test rows, ${X.nColumns} features; fit times median of ${repeats}, 1 thread\n`);
  console.log(markdownTable(['model', 'creditkit fit s', 'creditkit AUC', 'scikit-learn fit s', 'scikit-learn AUC'], rows));
}

await main();
