import { describe, expect, it } from 'vitest';
import { Dataset, DecisionTreeClassifier, loadModel, RandomForestClassifier, rocAuc, type Tree } from '../../../src/index.js';
import { Random } from '../../../src/random.js';
import { bitMismatches, errorOf } from '../helpers.js';
import { german, gmsc } from '../treeData.js';

/** x0 decides the label (5% noise); the other features are noise; `constant` adds a column with a single value. */
function oneGoodFeature(n: number, nNoise: number, seed: number, constant = false): { X: Dataset; y: Float64Array } {
  const rng = new Random(seed);
  const cols: Record<string, Float32Array> = { x0: Float32Array.from({ length: n }, () => rng.next()) };
  for (let j = 1; j <= nNoise; j++) cols[`x${j}`] = Float32Array.from({ length: n }, () => rng.next());
  if (constant) cols.flat = new Float32Array(n).fill(1);
  const y = Float64Array.from(cols.x0, (v) => ((v > 0.5) !== (rng.next() < 0.05) ? 1 : 0));
  return { X: Dataset.fromColumns(cols), y };
}

/** The leaf value a row reaches (plain traversal of the Tree arrays). */
function leafOf(t: Tree, row: number[]): number {
  let n = t.nInternal > 0 ? 0 : -1;
  while (n >= 0) {
    const v = row[t.feature[n]];
    const left = Number.isNaN(v) ? t.defaultLeft[n] === 1 : v < t.threshold[n];
    n = left ? t.left[n] : t.right[n];
  }
  return t.leafValue[~n];
}

const rootFeatures = (m: RandomForestClassifier): number[] => m.trees.map((t) => t.feature[0]);

describe('RandomForestClassifier: per-split feature sampling in the wasm grower', () => {
  it('with maxFeatures = k a node sees k random features: the good feature wins about k/11 of the stumps', () => {
    const { X, y } = oneGoodFeature(1000, 10, 1);
    const share = (maxFeatures: number | 'all'): number => {
      const m = new RandomForestClassifier({ nEstimators: 400, maxDepth: 1, maxFeatures, seed: 7 }).fit(X, y);
      return rootFeatures(m).filter((f) => f === 0).length / 400;
    };
    expect(share('all')).toBe(1);
    // Binomial(400, 1/11): mean 0.091, sd 0.014; (400, 3/11): mean 0.273, sd 0.022.
    expect(Math.abs(share(1) - 1 / 11)).toBeLessThan(0.05);
    expect(Math.abs(share(3) - 3 / 11)).toBeLessThan(0.08);
  });

  it('draws per node, not per tree: trees grown with one feature per split use several features', () => {
    const { X, y } = oneGoodFeature(1000, 10, 2);
    const m = new RandomForestClassifier({ nEstimators: 50, maxDepth: 4, maxFeatures: 1, seed: 1 }).fit(X, y);
    const distinct = m.trees.map((t) => new Set(t.feature).size);
    expect(distinct.reduce((a, b) => a + b, 0) / distinct.length).toBeGreaterThan(3);
  });

  it('keeps drawing when the drawn features give no split (a constant column), as scikit-learn does', () => {
    const rng = new Random(3);
    const n = 500;
    const x0 = Float32Array.from({ length: n }, () => rng.next());
    const X = Dataset.fromColumns({ flat: new Float32Array(n).fill(2), x0 });
    const y = Float64Array.from(x0, (v) => (v > 0.4 ? 1 : 0));
    const m = new RandomForestClassifier({ nEstimators: 60, maxDepth: 1, maxFeatures: 1 }).fit(X, y);
    expect(rootFeatures(m).every((f) => f === 1)).toBe(true);
  });

  it('resolves maxFeatures like scikit-learn: sqrt and log2 rounded down, a share, a count', () => {
    const { X, y } = oneGoodFeature(400, 15, 4); // 16 features
    const used = (maxFeatures: number | 'sqrt' | 'log2'): number => {
      const m = new RandomForestClassifier({ nEstimators: 300, maxDepth: 1, maxFeatures, seed: 2 }).fit(X, y);
      return rootFeatures(m).filter((f) => f === 0).length / 300;
    };
    // 'sqrt' = 4 and 0.25 = 4 features give the same draws; 'log2' = 4 as well.
    expect(used('sqrt')).toBe(used(0.25));
    expect(used('log2')).toBe(used(4));
    expect(Math.abs(used(4) - 0.25)).toBeLessThan(0.08);
  });
});

describe('RandomForestClassifier: bootstrap, out-of-bag score, importance', () => {
  it('out of bag: one tree leaves about e^-1 of the rows out; with many trees the OOB AUC is close to the test AUC', async () => {
    const { Xtr, ytr, Xte, yte } = await german();
    const one = new RandomForestClassifier({ nEstimators: 1, oobScore: true }).fit(Xtr, ytr);
    expect(Math.abs((one.oobScore_?.nRows ?? 0) / ytr.length - Math.exp(-1))).toBeLessThan(0.05);
    const oob = one.oobScore_!.predictions;
    expect(oob.filter((v) => Number.isNaN(v)).length).toBe(ytr.length - one.oobScore_!.nRows);

    const m = new RandomForestClassifier({ nEstimators: 200, oobScore: true }).fit(Xtr, ytr);
    const r = m.oobScore_!;
    expect(r.nRows).toBe(ytr.length);
    r.predictions.forEach((p) => { expect(p).toBeGreaterThanOrEqual(0); expect(p).toBeLessThanOrEqual(1); });
    expect(r.auc).toBe(rocAuc(ytr, r.predictions));
    const test = rocAuc(yte, m.predictProba(Xte));
    expect(r.auc).toBeGreaterThan(0.7);
    expect(Math.abs(r.auc - test)).toBeLessThan(0.05);
    // The training rows themselves are nearly memorized; the OOB estimate is not fooled.
    expect(rocAuc(ytr, m.predictProba(Xtr))).toBeGreaterThan(r.auc + 0.1);
    expect(new RandomForestClassifier({ nEstimators: 5 }).fit(Xtr, ytr).oobScore_).toBeNull();
  });

  it('beats a single tree on Give Me Some Credit (missing values included)', async () => {
    const { Xtr, ytr, Xte, yte } = await gmsc(20000);
    const forest = new RandomForestClassifier({ nEstimators: 40, minSamplesLeaf: 5, seed: 1 }).fit(Xtr, ytr);
    const tree = new DecisionTreeClassifier({ minSamplesLeaf: 5 }).fit(Xtr, ytr);
    const aucForest = rocAuc(yte, forest.predictProba(Xte));
    expect(aucForest).toBeGreaterThan(0.82);
    expect(aucForest).toBeGreaterThan(rocAuc(yte, tree.predictProba(Xte)) + 0.05);
  });

  it('predictProba is the mean of the trees\' leaf PDs (the treeEnsemble contract)', async () => {
    const { Xtr, ytr, Xte } = await german();
    const m = new RandomForestClassifier({ nEstimators: 25, seed: 5 }).fit(Xtr, ytr);
    const { trees, base, scale, link } = m.treeEnsemble();
    expect([trees.length, base, scale, link]).toEqual([25, 0, 1 / 25, 'identity']);
    const p = m.predictProba(Xte);
    for (let i = 0; i < 50; i++) {
      const row = Xte.columns.map((c) => c.values[i]);
      expect(p[i]).toBeCloseTo(base + scale * trees.reduce((s, t) => s + leafOf(t, row), 0), 12);
    }
  });

  it('without bootstrap and feature sampling every tree is the decision tree', async () => {
    const { Xtr, ytr, Xte } = await german();
    const forest = new RandomForestClassifier({ nEstimators: 3, bootstrap: false, maxFeatures: 'all', maxDepth: 6 }).fit(Xtr, ytr);
    const tree = new DecisionTreeClassifier({ maxDepth: 6 }).fit(Xtr, ytr);
    forest.predictProba(Xte).forEach((p, i) => expect(p).toBeCloseTo(tree.predictProba(Xte)[i], 12));
  });

  it('Gini importance sums to 1 and ranks the informative feature first', () => {
    const { X, y } = oneGoodFeature(1000, 5, 6);
    const imp = new RandomForestClassifier({ nEstimators: 30, maxDepth: 5 }).fit(X, y).featureImportances();
    const values = Object.values(imp);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    values.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    expect(imp.x0).toBe(Math.max(...values));
    expect(imp.x0).toBeGreaterThan(0.5);
  });
});

describe('RandomForestClassifier: determinism, JSON and errors', () => {
  it('the same seed gives the same model; JSON round trip is bit-identical; another seed differs', async () => {
    const { Xtr, ytr, Xte } = await german();
    const m = new RandomForestClassifier({ nEstimators: 20, seed: 11 }).fit(Xtr, ytr);
    const json = JSON.stringify(m);
    expect(JSON.stringify(new RandomForestClassifier({ nEstimators: 20, seed: 11 }).fit(Xtr, ytr))).toBe(json);
    expect(JSON.stringify(new RandomForestClassifier({ nEstimators: 20, seed: 12 }).fit(Xtr, ytr))).not.toBe(json);
    const back = loadModel(json) as RandomForestClassifier;
    expect(back).toBeInstanceOf(RandomForestClassifier);
    expect(bitMismatches(back.predictProba(Xte), m.predictProba(Xte))).toBe(0);
    const broken = JSON.parse(json);
    broken.trees[3].leafCover.pop();
    expect(errorOf(() => loadModel(broken)).where.path).toBe('trees[3].leafCover');
    broken.trees = [];
    expect(errorOf(() => RandomForestClassifier.fromJSON(broken)).where.path).toBe('trees');
  });

  it('rejects bad options with E_OPTION', () => {
    for (const o of [
      { nEstimators: 0 }, { nEstimators: 1.5 }, { bootstrap: 'yes' }, { oobScore: 1 }, { bootstrap: false, oobScore: true },
      { maxFeatures: -1 }, { maxFeatures: 'auto' }, { minSamplesLeaf: -1 }, { ccpAlpha: 0.1 },
    ]) {
      expect(errorOf(() => new RandomForestClassifier(o as any)).code).toBe('E_OPTION');
    }
  });
});
