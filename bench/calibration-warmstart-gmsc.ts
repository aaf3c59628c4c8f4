/**
 * Calibration and warm start on Give Me Some Credit (the bundled copy).
 *
 *   npx tsx bench/calibration-warmstart-gmsc.ts
 *
 * 1. Calibration: a GBDT (100 trees, depth 4) fitted with scalePosWeight 10 on a
 *    stratified 60% share over-predicts defaults; Platt and isotonic calibrators are
 *    fitted on a further 20% and judged on the last 20% (log loss, Brier, AUC, mean PD).
 * 2. Warm start: a model fitted on borrowers under 50 is continued for 50 rounds on
 *    half of the borrowers aged 50+ and judged on the other half (AUC, log loss), next
 *    to the old model and a fresh model fitted on that half alone; PSI of age and of the PD.
 */
import { readCsvFile } from '../src/data/csvFile.js';
import { stratifiedSplit } from '../src/data/split.js';
import { splitTarget } from '../src/data/target.js';
import { init } from '../src/wasm/load.js';
import { GradientBoostingClassifier } from '../src/models/gbdt/gbdt.js';
import { rocAuc } from '../src/metrics/auc.js';
import { logLoss } from '../src/metrics/logloss.js';
import { brierScore } from '../src/metrics/brier.js';
import { IsotonicCalibrator, PlattCalibrator } from '../src/scorecard/calibration.js';
import { numericPsi } from '../src/monitor/psi.js';
import { markdownTable } from './util.js';

await init();
const ds = await readCsvFile(new URL('../data/give-me-some-credit.csv.gz', import.meta.url).pathname);
const { X, y } = splitTarget(ds.drop(['Id']), 'SeriousDlqin2yrs');
const pick = (idx: ArrayLike<number>) => ({ X: X.take(idx), y: Float64Array.from(idx, (i) => y[i]) });
const meanOf = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
};

// 1. Calibration
const outer = stratifiedSplit(y, 0.6, 1);
const rest = pick(outer.test);
const inner = stratifiedSplit(rest.y, 0.5, 2);
const train = pick(outer.train);
const calib = { X: rest.X.take(inner.train), y: Float64Array.from(inner.train, (i) => rest.y[i]) };
const test = { X: rest.X.take(inner.test), y: Float64Array.from(inner.test, (i) => rest.y[i]) };
const model = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 4, scalePosWeight: 10, seed: 1 }).fit(train.X, train.y);
const raw = model.predictProba(test.X);
const rowsOf = (name: string, p: Float64Array) => [name, logLoss(test.y, p).toFixed(4), brierScore(test.y, p).toFixed(4), rocAuc(test.y, p).toFixed(4), meanOf(p).toFixed(4)];
const platt = new PlattCalibrator().fit(model.predictProba(calib.X), calib.y);
const iso = new IsotonicCalibrator().fit(model.predictProba(calib.X), calib.y);
console.log(`calibration: train ${train.y.length}, calibrate ${calib.y.length}, test ${test.y.length} rows; test default rate ${meanOf(test.y).toFixed(4)}`);
console.log(markdownTable(['PDs', 'log loss', 'Brier', 'AUC', 'mean PD'], [
  rowsOf('GBDT, scalePosWeight 10', raw), rowsOf('+ Platt', platt.transform(raw)), rowsOf('+ isotonic', iso.transform(raw)),
]));

// 2. Warm start
const age = X.column('age').values;
const young: number[] = [];
const old: number[] = [];
for (let i = 0; i < X.nRows; i++) (age[i] < 50 ? young : old).push(i);
const oldPop = pick(old);
const halves = stratifiedSplit(oldPop.y, 0.5, 3);
const newTrain = { X: oldPop.X.take(halves.train), y: Float64Array.from(halves.train, (i) => oldPop.y[i]) };
const newTest = { X: oldPop.X.take(halves.test), y: Float64Array.from(halves.test, (i) => oldPop.y[i]) };
const youngSet = pick(young);
const opts = { nEstimators: 100, maxDepth: 4, seed: 1 };
const before = new GradientBoostingClassifier(opts).fit(youngSet.X, youngSet.y);
const continued = new GradientBoostingClassifier({ ...opts, nEstimators: 50 }).fit(newTrain.X, newTrain.y, { initModel: before });
const fresh = new GradientBoostingClassifier(opts).fit(newTrain.X, newTrain.y);
const ws = (name: string, m: GradientBoostingClassifier) => {
  const p = m.predictProba(newTest.X);
  return [name, String(m.nTrees), rocAuc(newTest.y, p).toFixed(4), logLoss(newTest.y, p).toFixed(4)];
};
console.log(`\nwarm start: old model on ${youngSet.y.length} borrowers under 50; ${newTrain.y.length} borrowers 50+ to continue on, ${newTest.y.length} to test`);
console.log(markdownTable(['model', 'trees', 'AUC (50+ test)', 'log loss (50+ test)'], [
  ws('fitted on under-50s', before), ws('continued on 50+ (+50 rounds)', continued), ws('fresh on 50+ only', fresh),
]));
console.log(`PSI under-50 → 50+: age ${numericPsi('age', youngSet.X.column('age').values, oldPop.X.column('age').values).psi.toFixed(3)}, ` +
  `old model's PD ${numericPsi('pd', before.predictProba(youngSet.X), before.predictProba(oldPop.X)).psi.toFixed(3)}`);
