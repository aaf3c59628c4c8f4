/**
 * The scorecard on Give Me Some Credit next to the GBDT and the raw-feature
 * logistic regression: the repository's copy, stratified 80/20 split with
 * seed 42, 96 and 98 as special values of the three past-due counts.
 *
 *   npx tsx scripts/scorecard-gmsc.ts
 *
 * Prints a markdown table: test AUC and fit seconds (one thread; fit times vary with the machine's load).
 */
import { fileURLToPath } from 'node:url';
import {
  GradientBoostingClassifier, LogisticRegression, readCsvFile, rocAuc, ScorecardModel, splitTarget, stratifiedSplit, type Classifier,
} from '../src/index.js';

const path = fileURLToPath(new URL('../data/give-me-some-credit.csv.gz', import.meta.url));
const ds = await readCsvFile(path);
const { X: withId, y } = splitTarget(ds, 'SeriousDlqin2yrs');
const X = withId.drop(['Id']);
const { train, test } = stratifiedSplit(y, 0.8, 42);
const Xtr = X.take(train);
const Xte = X.take(test);
const ytr = Float64Array.from(train, (i) => y[i]);
const yte = Float64Array.from(test, (i) => y[i]);
const PAST_DUE = ['NumberOfTime30-59DaysPastDueNotWorse', 'NumberOfTimes90DaysLate', 'NumberOfTime60-89DaysPastDueNotWorse'];

const models: [string, () => Classifier][] = [
  ['scorecard (WOE logistic, special values 96/98)', () => new ScorecardModel({ specialValues: Object.fromEntries(PAST_DUE.map((c) => [c, [96, 98]])) })],
  ['scorecard, coarser pre-bins (fineBins 20, minBinShare 0.05)', () => new ScorecardModel({ fineBins: 20, minBinShare: 0.05, specialValues: Object.fromEntries(PAST_DUE.map((c) => [c, [96, 98]])) })],
  ['scorecard without special values', () => new ScorecardModel()],
  ['GBDT (defaults)', () => new GradientBoostingClassifier()],
  ['LogisticRegression (raw features)', () => new LogisticRegression()],
];
console.log(`Give Me Some Credit: ${train.length} train / ${test.length} test rows (stratified, seed 42), ${new Date().toISOString().slice(0, 10)}`);
console.log('| model | test AUC | fit s |');
console.log('|---|---|---|');
const notes: string[] = [];
for (const [name, make] of models) {
  const t0 = performance.now();
  const m = make().fit(Xtr, ytr);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`| ${name} | ${rocAuc(yte, m.predictProba(Xte)).toFixed(4)} | ${seconds.toFixed(2)} |`);
  if (m instanceof ScorecardModel) {
    const table = m.pointsTable();
    notes.push(`${name}: ${m.featureSpecs.length} characteristics kept, left out: ${m.rejected.map((r) => r.feature).join(', ') || 'none'}; wrong sign: ${table.wrongSign.join(', ') || 'none'}`);
  }
}
for (const n of notes) console.log(`\n${n}`);
