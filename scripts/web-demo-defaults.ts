// The web demo's suggested model options (defaultModelOptions in
// web/pipeline.js) against the library defaults, on the data sets they are
// suggested for: mean out-of-fold log loss and AUC over 3 × 5-fold stratified
// cross-validation (seeds 1–3), and the mean train AUC (1.0000 = the training
// rows fitted perfectly). Prints a markdown table.
//   npx tsx scripts/web-demo-defaults.ts
import * as core from '../src/index.js';
import * as lending from '../src/lending/index.js';
import * as report from '../src/report/index.js';
import * as sme from '../src/sme/index.js';
import { BUNDLED, defaultModelOptions, smeSample } from '../web/pipeline.js';

const ck = { ...core, ...lending, ...report, ...sme };
const SEEDS = [1, 2, 3];
const FOLDS = 5;

async function dataOf(source: string): Promise<{ X: core.Dataset; y: Float64Array }> {
  if (source === 'sme') {
    const data = await ck.loadSmeData(new URL('../data/cumcm', import.meta.url).pathname);
    return ck.splitTarget(smeSample(ck, data.rated, data.unrated).table, 'defaulted');
  }
  const spec = BUNDLED[source as 'german' | 'gmsc'];
  return ck.splitTarget(await ck.readCsvFile(new URL(`../data/${spec.file}`, import.meta.url).pathname), spec.target);
}

function crossValidate(X: core.Dataset, y: Float64Array, kind: string, options: Record<string, unknown>) {
  let logLoss = 0;
  let auc = 0;
  let trainAuc = 0;
  let n = 0;
  for (const seed of SEEDS) {
    for (const fold of ck.stratifiedKFold(y, FOLDS, seed)) {
      const yTrain = Float64Array.from(fold.train, (i) => y[i]);
      const yTest = Float64Array.from(fold.test, (i) => y[i]);
      const Xtrain = X.take(fold.train);
      const model = ck.createModel(kind, options);
      model.fit(Xtrain, yTrain);
      const p = model.predictProba(X.take(fold.test));
      logLoss += ck.logLoss(yTest, p);
      auc += ck.rocAuc(yTest, p);
      trainAuc += ck.rocAuc(yTrain, model.predictProba(Xtrain));
      n++;
    }
  }
  return { logLoss: logLoss / n, auc: auc / n, trainAuc: trainAuc / n };
}

const f = (x: number, d = 3) => x.toFixed(d);
console.log(`| data | model | options | out-of-fold log loss | out-of-fold AUC | train AUC |`);
console.log(`|---|---|---|---:|---:|---:|`);
for (const source of ['sme', 'german']) {
  const { X, y } = await dataOf(source);
  for (const [kind, suggested] of Object.entries(defaultModelOptions(ck, source))) {
    for (const [label, options] of [['library defaults', {}], [JSON.stringify(suggested), suggested]] as const) {
      const r = crossValidate(X, y, kind, options);
      console.log(`| ${source} | ${kind} | ${label} | ${f(r.logLoss)} | ${f(r.auc)} | ${f(r.trainAuc, 4)} |`);
    }
  }
}
