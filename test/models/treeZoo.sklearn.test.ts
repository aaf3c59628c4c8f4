import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdaBoostClassifier, type Dataset, DecisionTreeClassifier, RandomForestClassifier, readCsvFile, rocAuc, splitTarget, stratifiedSplit,
} from '../../src/index.js';

// scikit-learn 1.2.1 on the same rows, codes and split: test/fixtures/sklearn/generate.py.
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn/tree-baselines.json', import.meta.url), 'utf8'));
const sk = fixture.models;

let Xtr: Dataset;
let ytr: Float64Array;
let Xte: Dataset;
let yte: Float64Array;

beforeAll(async () => {
  const ds = await readCsvFile(fileURLToPath(new URL('../../data/german-credit.csv.gz', import.meta.url)));
  const { X, y } = splitTarget(ds, 'is_bad');
  const { train, test } = stratifiedSplit(y, fixture.split.trainRatio, fixture.split.seed);
  expect(train.length).toBe(fixture.nTrain);
  expect(test.length).toBe(fixture.nTest);
  Xtr = X.take(train);
  ytr = Float64Array.from(train, (i) => y[i]);
  Xte = X.take(test);
  yte = Float64Array.from(test, (i) => y[i]);
});

const testAuc = (m: { predictProba(X: Dataset): Float64Array }): number => rocAuc(yte, m.predictProba(Xte));

describe('tree baselines against scikit-learn 1.2.1 on German credit (70/30 split)', () => {
  it('decision tree, depth 5: same size, test AUC within 0.02', () => {
    const m = new DecisionTreeClassifier({ maxDepth: 5 }).fit(Xtr, ytr);
    expect(m.nLeaves).toBe(sk.tree_depth5.leaves);
    expect(Math.abs(testAuc(m) - sk.tree_depth5.testAuc)).toBeLessThanOrEqual(0.02);
  });

  it('fully grown tree: size within 3%, the top of the pruning path equal, test AUC within 0.03', () => {
    const full = new DecisionTreeClassifier().fit(Xtr, ytr);
    expect(Math.abs(full.nLeaves - sk.tree_full.leaves) / sk.tree_full.leaves).toBeLessThanOrEqual(0.03);
    expect(full.depth).toBe(sk.tree_full.depth);
    expect(Math.abs(testAuc(full) - sk.tree_full.testAuc)).toBeLessThanOrEqual(0.03);
    // 255 quantile bins against exact thresholds differ only deeper in the
    // tree: the last prunings (the splits near the root) are the same, and
    // the rest of the path stays close.
    const path = new DecisionTreeClassifier().costComplexityPruningPath(Xtr, ytr);
    const skPath = sk.tree_full.pruningPath;
    const fromEnd = (a: number[], k: number): number => a[a.length - k];
    for (let k = 1; k <= 4; k++) {
      expect(fromEnd(path.ccpAlphas, k)).toBeCloseTo(fromEnd(skPath.ccpAlphas, k), 12);
      expect(fromEnd(path.impurities, k)).toBeCloseTo(fromEnd(skPath.impurities, k), 12);
    }
    for (let k = 5; k <= 30; k++) expect(Math.abs(fromEnd(path.impurities, k) - fromEnd(skPath.impurities, k))).toBeLessThan(0.01);
    expect(Math.abs(path.ccpAlphas.length - skPath.ccpAlphas.length)).toBeLessThanOrEqual(4);
  });

  it('pruned tree (ccpAlpha 0.004): leaves within 4, test AUC within 0.03', () => {
    const m = new DecisionTreeClassifier({ ccpAlpha: 0.004 }).fit(Xtr, ytr);
    expect(Math.abs(m.nLeaves - sk.tree_pruned.leaves)).toBeLessThanOrEqual(4);
    expect(Math.abs(testAuc(m) - sk.tree_pruned.testAuc)).toBeLessThanOrEqual(0.03);
  });

  it('random forest, 300 trees, sqrt features: test AUC within 0.015 of scikit-learn\'s mean over 5 seeds, OOB AUC within 0.03', () => {
    const m = new RandomForestClassifier({ nEstimators: 300, oobScore: true, seed: 0 }).fit(Xtr, ytr);
    expect(Math.abs(testAuc(m) - sk.forest.testAuc)).toBeLessThanOrEqual(0.015);
    expect(Math.abs((m.oobScore_?.auc ?? 0) - sk.forest.oobAuc)).toBeLessThanOrEqual(0.03);
  });

  it('AdaBoost SAMME, 50 stumps: the first learners\' errors and weights, and test AUC within 0.01', () => {
    const m = new AdaBoostClassifier({ nEstimators: 50 }).fit(Xtr, ytr);
    expect(m.estimatorWeights.length).toBe(sk.adaboost.nEstimators);
    sk.adaboost.firstErrors.forEach((e: number, k: number) => expect(m.estimatorErrors[k]).toBeCloseTo(e, 9));
    sk.adaboost.firstWeights.forEach((w: number, k: number) => expect(m.estimatorWeights[k]).toBeCloseTo(w, 9));
    expect(Math.abs(testAuc(m) - sk.adaboost.testAuc)).toBeLessThanOrEqual(0.01);
  });
});
