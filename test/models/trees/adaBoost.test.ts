import { describe, expect, it } from 'vitest';
import { AdaBoostClassifier, Dataset, loadModel, rocAuc, type Tree } from '../../../src/index.js';
import { Random } from '../../../src/random.js';
import { bitMismatches, errorOf, nonlinear, sigmoid, slice } from '../helpers.js';
import { german, gmsc } from '../treeData.js';

function leafOf(t: Tree, row: number[]): number {
  let n = t.nInternal > 0 ? 0 : -1;
  while (n >= 0) {
    const v = row[t.feature[n]];
    n = (Number.isNaN(v) ? t.defaultLeft[n] === 1 : v < t.threshold[n]) ? t.left[n] : t.right[n];
  }
  return t.leafValue[~n];
}

describe('AdaBoostClassifier: SAMME', () => {
  it('follows SAMME round by round: errors on the reweighted rows, alpha = ln((1 - e) / e), votes +-alpha / sum alpha', () => {
    const { X, y } = slice(nonlinear(1500, 1), 0, 1500);
    const m = new AdaBoostClassifier({ nEstimators: 6, learningRate: 0.7 }).fit(X, y);
    expect(m.trees.length).toBe(6);
    const rows = Array.from({ length: y.length }, (_, i) => X.columns.map((c) => c.values[i]));
    const alphaSum = m.estimatorWeights.reduce((a, b) => a + b, 0);
    const w = new Float64Array(y.length).fill(1 / y.length);
    m.trees.forEach((t, k) => {
      const wrong: number[] = rows.map((r, i) => ((leafOf(t, r) > 0 ? 1 : 0) !== y[i] ? 1 : 0));
      const e = wrong.reduce((s, v, i) => s + v * w[i], 0) / w.reduce((a, b) => a + b, 0);
      expect(m.estimatorErrors[k]).toBeCloseTo(e, 12);
      expect(m.estimatorWeights[k]).toBeCloseTo(0.7 * Math.log((1 - e) / e), 12);
      t.leafValue.forEach((v) => expect(Math.abs(v)).toBeCloseTo(m.estimatorWeights[k] / alphaSum, 12));
      let s = 0;
      wrong.forEach((v, i) => { if (v) w[i] *= Math.exp(m.estimatorWeights[k]); s += w[i]; });
      for (let i = 0; i < w.length; i++) w[i] /= s;
    });
    // predictProba = sigmoid(d), d = the normalized vote (scikit-learn's SAMME probability for two classes).
    const d = m.decisionFunction(X);
    const p = m.predictProba(X);
    rows.slice(0, 200).forEach((r, i) => {
      expect(d[i]).toBeCloseTo(m.trees.reduce((s, t) => s + leafOf(t, r), 0), 12);
      expect(Math.abs(d[i])).toBeLessThanOrEqual(1 + 1e-12);
      expect(p[i]).toBeCloseTo(sigmoid(d[i]), 14);
    });
    const { trees, base, scale, link } = m.treeEnsemble();
    expect([trees.length, base, scale, link]).toEqual([6, 0, 1, 'logit']);
  });

  it('stops at a perfect learner (alpha 1) as scikit-learn does', () => {
    const x = Float32Array.from({ length: 200 }, (_, i) => i);
    const y = Float64Array.from(x, (v) => (v >= 120 ? 1 : 0));
    const m = new AdaBoostClassifier().fit(Dataset.fromColumns({ x }), y);
    expect(Array.from(m.estimatorWeights)).toEqual([1]);
    expect(Array.from(m.estimatorErrors)).toEqual([0]);
    const [lo, hi] = m.predictProba([[3], [150]]);
    expect(lo).toBeCloseTo(sigmoid(-1), 14);
    expect(hi).toBeCloseTo(sigmoid(1), 14);
  });

  it('refuses data where the first learner is no better than chance', () => {
    const X = Dataset.fromColumns({ x: new Float32Array(100).fill(1) });
    const y = Float64Array.from({ length: 100 }, (_, i) => i % 2);
    expect(errorOf(() => new AdaBoostClassifier().fit(X, y)).code).toBe('E_TARGET_INVALID');
  });

  it('learns German credit and Give Me Some Credit with stumps', async () => {
    const g = await german();
    expect(rocAuc(g.yte, new AdaBoostClassifier().fit(g.Xtr, g.ytr).predictProba(g.Xte))).toBeGreaterThan(0.72);
    const c = await gmsc(20000);
    const m = new AdaBoostClassifier({ nEstimators: 100 }).fit(c.Xtr, c.ytr);
    expect(rocAuc(c.yte, m.predictProba(c.Xte))).toBeGreaterThan(0.83);
    const imp = m.featureImportances();
    expect(Object.values(imp).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('integer sample weights act like duplicated rows', () => {
    const { X, y } = slice(nonlinear(600, 4), 0, 600);
    const rng = new Random(2);
    const w = Array.from(y, () => 1 + rng.int(3));
    const dup: number[] = [];
    w.forEach((k, i) => { for (let j = 0; j < k; j++) dup.push(i); });
    // Few distinct values per feature, so both fits bin alike.
    const round = (ds: Dataset): Dataset => Dataset.fromColumns(Object.fromEntries(ds.columns.map((c) => [c.name, c.values.map((v) => Math.round(v * 20))])));
    const a = new AdaBoostClassifier({ nEstimators: 8 }).fit(round(X), y, { sampleWeight: w });
    const b = new AdaBoostClassifier({ nEstimators: 8 }).fit(round(X.take(dup)), dup.map((i) => y[i]));
    a.estimatorErrors.forEach((e, k) => expect(e).toBeCloseTo(b.estimatorErrors[k], 12));
  });

  it('round-trips through JSON bit for bit; rejects corrupted files and bad options', async () => {
    const { Xtr, ytr, Xte } = await german();
    const m = new AdaBoostClassifier({ nEstimators: 20, maxDepth: 2 }).fit(Xtr, ytr);
    const json = JSON.stringify(m.toJSON());
    const back = loadModel(json) as AdaBoostClassifier;
    expect(back).toBeInstanceOf(AdaBoostClassifier);
    expect(bitMismatches(back.predictProba(Xte), m.predictProba(Xte))).toBe(0);
    expect(Array.from(back.estimatorWeights)).toEqual(Array.from(m.estimatorWeights));
    const broken = JSON.parse(json);
    broken.estimatorWeights.pop();
    expect(errorOf(() => AdaBoostClassifier.fromJSON(broken)).where.path).toBe('estimatorWeights');
    const vote = JSON.parse(json);
    vote.trees[1].leafValue[0] = 3;
    expect(errorOf(() => loadModel(vote)).where.path).toBe('trees[1].leafValue[0]');
    for (const o of [{ nEstimators: 0 }, { learningRate: 0 }, { learningRate: NaN }, { maxDepth: 0 }, { maxDepth: null }, { algorithm: 'SAMME.R' }]) {
      expect(errorOf(() => new AdaBoostClassifier(o as any)).code).toBe('E_OPTION');
    }
  });
});
