// Trains and scores one model from CSV text: the same code on the page's
// thread (main.js) and in the Web Worker (worker.js).
import { ready, parseCsv, splitTarget, stratifiedSplit, GradientBoostingClassifier, rocAuc } from 'creditkit/web';

export async function trainAndScore(csv, target = 'default') {
  await ready(); // resolves at once after the first load
  const table = parseCsv(csv);
  const { X, y } = splitTarget(table.drop(table.names.filter((name) => name === 'id')), target); // an id is no feature
  const { train, test } = stratifiedSplit(y, 0.7, 42);
  const model = new GradientBoostingClassifier({ nEstimators: 60, maxDepth: 3, learningRate: 0.1, seed: 1 })
    .fit(X.take(train), Float64Array.from(train, (i) => y[i]));
  const pd = model.predictProba(X.take(test));
  return {
    rows: y.length,
    auc: rocAuc(Float64Array.from(test, (i) => y[i]), pd),
    firstPds: Array.from(pd.subarray(0, 3)),
    model: JSON.stringify(model),
  };
}
