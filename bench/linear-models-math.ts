/**
 * Fit and predict time of the models whose math uses elementary functions
 * (exp, log, log1p, cos): logistic regression (L2, L1), the RBF SVM and the
 * MLP, on makeCreditLike rows. Median of --repeats runs.
 *
 *   npx tsx bench/linear-models-math.ts [--rows 100000] [--features 10] [--repeats 3]
 */
import { parseArgs } from 'node:util';
import { LogisticRegression, MLPClassifier, SVMClassifier } from '../src/index.js';
import { makeCreditLike } from './synthetic.js';
import { median, timed } from './util.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, features: { type: 'string', default: '10' }, repeats: { type: 'string', default: '3' } } });
const rows = Number(values.rows);
const features = Number(values.features);
const repeats = Number(values.repeats);
const data = makeCreditLike(rows, features, 0);

const kinds: [string, () => { fit(X: typeof data.X, y: Float64Array): unknown; predictProba(X: typeof data.X): Float64Array }][] = [
  ['logistic l2', () => new LogisticRegression({ penalty: 'l2' })],
  ['logistic l1', () => new LogisticRegression({ penalty: 'l1' })],
  ['svm rbf (100 components, 1 fold)', () => new SVMClassifier({ kernel: 'rbf', nComponents: 100, calibrationFolds: 2, maxIter: 5 })],
  ['mlp (16)', () => new MLPClassifier({ hiddenLayerSizes: [16], maxEpochs: 5, earlyStopping: false })],
];
console.log(`${rows} x ${features}, median of ${repeats}`);
for (const [name, make] of kinds) {
  const fits: number[] = [];
  const predicts: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const model = make();
    fits.push(timed(() => model.fit(data.X, data.y)).seconds);
    predicts.push(timed(() => model.predictProba(data.X)).seconds);
  }
  console.log(`${name.padEnd(34)} fit ${median(fits).toFixed(3)} s   predict ${(median(predicts) * 1000).toFixed(1)} ms`);
}
