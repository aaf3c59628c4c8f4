/**
 * TreeSHAP throughput: creditkit's wasm kernel against XGBoost 1.7.4's
 * pred_contribs on the same model, side by side.
 *
 *   npx tsx bench/treeshap.ts [--rows 5000] [--repeats 3] [--trees 100] [--depth 6]
 *
 * Fits the demo model on Give Me Some Credit (stratified 80/20, seed 42; 100 trees, depth 6,
 * learning rate 0.1), explains the first --rows test rows, exports the model to XGBoost JSON
 * and has XGBoost (one thread) explain the same rows. Prints rows/s (median of --repeats,
 * wall and CPU time: the machine is shared), the largest difference between the two sets of
 * contributions, and the sum check on every test row. Needs Debian's python3 with
 * python3-xgboost (apt-get install -y python3-xgboost python3-sklearn).
 *
 *   npx tsx bench/treeshap.ts --linear [--repeats 3]
 *
 * Linear SHAP instead (creditkit alone; no peer runs it on the same model): a logistic
 * regression and a linear SVM fitted on the same 80% of Give Me Some Credit explain all
 * 150,000 rows; prints rows/s of the first call (JIT warm-up included), the median of
 * --repeats further calls, and predictProba's rows/s on the same rows for scale.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import {
  exportXGBoostJSON, GradientBoostingClassifier, LogisticRegression, readCsvFile, SVMClassifier, splitTarget, stratifiedSplit, stringifyXGBoostJSON,
} from '../src/index.js';
import { shapValues } from '../src/explain/shapValues.js';
import { gmscPath, OUT_DIR, REPO_ROOT } from './io.js';
import { findPython } from './xgb.js';
import { machine, median } from './util.js';

const { values } = parseArgs({
  options: { rows: { type: 'string' }, repeats: { type: 'string' }, trees: { type: 'string' }, depth: { type: 'string' }, linear: { type: 'boolean' } },
});
const nRows = Number(values.rows ?? 5000);
const repeats = Number(values.repeats ?? 3);
const nTrees = Number(values.trees ?? 100);
const depth = Number(values.depth ?? 6);

const ds = await readCsvFile(gmscPath());
const { X, y } = splitTarget(ds.drop(['Id']), 'SeriousDlqin2yrs');
const { train, test } = stratifiedSplit(y, 0.8, 42);
if (values.linear) {
  const yTrain = Float64Array.from(train, (i) => y[i]);
  console.log(`machine: ${machine()}; load average ${loadavg().map((l) => l.toFixed(1)).join(', ')}; ${new Date().toISOString().slice(0, 10)}`);
  console.log(`rows explained: all ${X.nRows.toLocaleString('en-US')} GMSC rows, ${X.nColumns} features; median of ${repeats} calls after the first`);
  for (const [name, linear] of [['logistic regression', new LogisticRegression()], ['linear SVM', new SVMClassifier()]] as const) {
    linear.fit(X.take(train), yTrain);
    const rate = (call: () => unknown): { first: number; median: number } => {
      const times: number[] = [];
      for (let k = 0; k <= repeats; k++) {
        const t0 = performance.now();
        call();
        times.push((performance.now() - t0) / 1000);
      }
      return { first: X.nRows / times[0], median: X.nRows / median(times.slice(1)) };
    };
    const explain = rate(() => shapValues(linear, X));
    const proba = rate(() => linear.predictProba(X));
    const k = (r: number): string => `${(r / 1000).toFixed(0)}k`;
    console.log(`${name}: shapValues ${k(explain.first)} rows/s first call, ${k(explain.median)} rows/s median; predictProba ${k(proba.first)} rows/s first call, ${k(proba.median)} rows/s median`);
  }
  process.exit(0);
}

const model = new GradientBoostingClassifier({ nEstimators: nTrees, maxDepth: depth, learningRate: 0.1 });
model.fit(X.take(train), Float64Array.from(train, (i) => y[i]));
const leaves = model.getTrees().reduce((s, t) => s + t.nLeaves, 0);
const Xs = X.take(test.slice(0, nRows));
const nf = Xs.nColumns;

const walls: number[] = [];
const cpus: number[] = [];
let shap = shapValues(model, Xs.take([0]));
for (let k = 0; k < repeats; k++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  shap = shapValues(model, Xs);
  const c = process.cpuUsage(c0);
  walls.push((performance.now() - t0) / 1000);
  cpus.push((c.user + c.system) / 1e6);
}
const ckWall = median(walls);
const ckCpu = median(cpus);

// Sum check on every test row (30,000).
const Xt = X.take(test);
const all = shapValues(model, Xt);
const raw = model.predictRaw(Xt);
let worstSum = 0;
for (let r = 0; r < all.nRows; r++) {
  let s = all.bias;
  for (let f = 0; f < nf; f++) s += all.contributions[r * nf + f];
  worstSum = Math.max(worstSum, Math.abs(s - raw[r]));
}

console.log(`machine: ${machine()}`);
console.log(`model: ${nTrees} trees, depth ${depth}, ${leaves} leaves, ${nf} features; rows explained: ${nRows} (GMSC test rows)`);
console.log(`creditkit TreeSHAP (wasm): ${(nRows / ckWall).toFixed(0)} rows/s wall, ${(nRows / ckCpu).toFixed(0)} rows/s CPU (median of ${repeats}: ${walls.map((w) => w.toFixed(2)).join(', ')} s)`);
console.log(`sum check on all ${all.nRows} test rows: max |bias + Σφ − predictRaw| = ${worstSum.toExponential(2)}`);

{
  const python = findPython(); // exits with an install hint when XGBoost is not importable
  const dir = join(OUT_DIR, 'treeshap');
  mkdirSync(dir, { recursive: true });
  const modelFile = join(dir, 'model.xgb.json');
  writeFileSync(modelFile, stringifyXGBoostJSON(exportXGBoostJSON(model)));
  const rows = new Float32Array(nRows * nf);
  Xs.columns.forEach((c, j) => c.values.forEach((v, i) => (rows[i * nf + j] = v)));
  const rowsFile = join(dir, 'rows.f32');
  writeFileSync(rowsFile, Buffer.from(rows.buffer));
  const outFile = join(dir, 'xgb-contribs.f64');
  const rel = (p: string): string => relative(REPO_ROOT, p);
  const r = spawnSync(python, [join('bench', 'xgb_shap.py'), rel(modelFile), rel(rowsFile), String(nf), String(repeats), '1', rel(outFile)], {
    cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`xgb_shap.py exited with status ${r.status}`);
  const fig = JSON.parse(r.stdout.trim().split('\n').pop()!) as { xgboost: string; wall_s: number; cpu_s: number; wall_all: number[] };
  const b = readFileSync(outFile);
  let worst = 0;
  for (let i = 0; i < nRows; i++) {
    for (let f = 0; f <= nf; f++) {
      const theirs = b.readDoubleLE((i * (nf + 1) + f) * 8);
      const ours = f < nf ? shap.contributions[i * nf + f] : shap.bias;
      worst = Math.max(worst, Math.abs(theirs - ours));
    }
  }
  console.log(`XGBoost ${fig.xgboost} pred_contribs (1 thread): ${(nRows / fig.wall_s).toFixed(0)} rows/s wall, ${(nRows / fig.cpu_s).toFixed(0)} rows/s CPU (median of ${repeats}: ${fig.wall_all.map((w) => w.toFixed(2)).join(', ')} s)`);
  console.log(`ratio (creditkit / XGBoost time): ${(ckWall / fig.wall_s).toFixed(2)}× wall, ${(ckCpu / fig.cpu_s).toFixed(2)}× CPU`);
  console.log(`max |creditkit − XGBoost| over contributions and bias: ${worst.toExponential(2)}`);
}
