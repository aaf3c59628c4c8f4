import { describe, expect, it } from 'vitest';
import {
  Dataset, DecisionTreeClassifier, loadModel, rocAuc, type Tree,
} from '../../../src/index.js';
import { Random } from '../../../src/random.js';
import { bitMismatches, errorOf, nonlinear, slice } from '../helpers.js';
import { german, gmsc } from '../treeData.js';

const gini = (p: number): number => 2 * p * (1 - p);

/** Best root split by brute force: the largest weighted Gini decrease over every feature and threshold. */
function bruteForceRoot(cols: number[][], y: number[]): { feature: number; threshold: number; decrease: number } {
  const n = y.length;
  const p = y.reduce((a, b) => a + b, 0) / n;
  let best = { feature: -1, threshold: NaN, decrease: 0 };
  cols.forEach((c, f) => {
    const values = [...new Set(c)].sort((a, b) => a - b);
    for (let k = 1; k < values.length; k++) {
      const t = (values[k - 1] + values[k]) / 2;
      let nl = 0, pl = 0;
      for (let i = 0; i < n; i++) if (c[i] < t) { nl++; pl += y[i]; }
      const nr = n - nl, pr = p * n - pl;
      const decrease = n * gini(p) - nl * gini(pl / nl) - nr * gini(pr / nr);
      if (decrease > best.decrease + 1e-12) best = { feature: f, threshold: t, decrease };
    }
  });
  return best;
}

function smallIntegerData(n: number, seed: number): { X: Dataset; cols: number[][]; y: number[] } {
  const rng = new Random(seed);
  const cols = [0, 1, 2].map(() => Array.from({ length: n }, () => rng.int(10)));
  const y = cols[0].map((v, i) => (rng.next() < (v >= 6 ? 0.8 : 0.2) + 0.1 * (cols[1][i] % 2) ? 1 : 0));
  const X = Dataset.fromColumns({ a: cols[0], b: cols[1], c: cols[2] });
  return { X, cols, y };
}

describe('DecisionTreeClassifier: CART with the Gini criterion on the wasm grower', () => {
  it('finds the brute-force best Gini split; its gain is the weighted Gini decrease / 2 and its leaves are the class shares', () => {
    const { X, cols, y } = smallIntegerData(300, 1);
    const m = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y);
    const t = m.trees[0];
    const best = bruteForceRoot(cols, y);
    expect(t.feature[0]).toBe(best.feature);
    expect(t.threshold[0]).toBeCloseTo(best.threshold, 6);
    expect(t.gain[0]).toBeCloseTo(best.decrease / 2, 9);
    const left = y.filter((_, i) => cols[best.feature][i] < best.threshold);
    const right = y.filter((_, i) => cols[best.feature][i] >= best.threshold);
    const share = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    const leafOf = (c: number): number => t.leafValue[~c];
    expect(leafOf(t.left[0])).toBeCloseTo(share(left), 12);
    expect(leafOf(t.right[0])).toBeCloseTo(share(right), 12);
    expect(t.leafCover[~t.left[0]]).toBe(left.length);
  });

  it('leaves are weighted class shares: their covers sum to n and cover x value sums to the defaulters', async () => {
    const { Xtr, ytr } = await german();
    const t = new DecisionTreeClassifier().fit(Xtr, ytr).trees[0];
    let w = 0, pos = 0;
    t.leafValue.forEach((v, l) => { w += t.leafCover[l]; pos += v * t.leafCover[l]; expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(1); });
    expect(w).toBeCloseTo(ytr.length, 9);
    expect(pos).toBeCloseTo(ytr.reduce((a, b) => a + b, 0), 9);
    // A fully grown tree separates the training rows almost perfectly.
    const m = new DecisionTreeClassifier().fit(Xtr, ytr);
    expect(rocAuc(ytr, m.predictProba(Xtr))).toBeGreaterThan(0.99);
  });

  it('learns Give Me Some Credit (with missing values) at depth 6: test AUC > 0.80', async () => {
    const { Xtr, ytr, Xte, yte } = await gmsc(30000);
    const m = new DecisionTreeClassifier({ maxDepth: 6, minSamplesLeaf: 20 }).fit(Xtr, ytr);
    expect(m.depth).toBe(6);
    expect(rocAuc(yte, m.predictProba(Xte))).toBeGreaterThan(0.8);
  });

  it('respects minSamplesLeaf, minSamplesSplit, maxDepth and maxLeaves', () => {
    const { X, y } = slice(nonlinear(3000, 2), 0, 3000);
    const t = new DecisionTreeClassifier({ minSamplesLeaf: 25, minSamplesSplit: 120 }).fit(X, y).trees[0];
    t.leafCover.forEach((c) => expect(c).toBeGreaterThanOrEqual(25));
    t.cover.forEach((c) => expect(c).toBeGreaterThanOrEqual(120));
    expect(new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y).depth).toBe(3);
    const capped = new DecisionTreeClassifier({ maxLeaves: 12 }).fit(X, y);
    expect(capped.nLeaves).toBe(12);
    // Best-first growth: the leaf-capped tree keeps the largest gains, so it beats a depth-limited tree of similar size.
    const test = slice(nonlinear(3000, 3), 0, 3000);
    expect(rocAuc(test.y, capped.predictProba(test.X))).toBeGreaterThan(rocAuc(test.y, new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y).predictProba(test.X)));
  });

  it('learns the default direction of missing values from the data', () => {
    for (const missingRisky of [true, false]) {
      const rng = new Random(5);
      const n = 2000;
      const x = new Float32Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const missing = rng.next() < 0.2;
        x[i] = missing ? NaN : rng.next();
        const pd = missing ? (missingRisky ? 0.9 : 0.05) : x[i] > 0.5 ? 0.7 : 0.1;
        y[i] = rng.next() < pd ? 1 : 0;
      }
      const m = new DecisionTreeClassifier({ maxDepth: 1 }).fit(Dataset.fromColumns({ x }), y);
      const [pMissing, pLow, pHigh] = m.predictProba([[NaN], [0.1], [0.9]]);
      expect(pMissing).toBe(missingRisky ? pHigh : pLow);
      expect(m.trees[0].defaultLeft[0]).toBe(missingRisky ? 0 : 1);
    }
  });

  it('splits categorical columns like the GBDT (codes of the training dictionary); unseen labels count as missing', () => {
    const rng = new Random(9);
    const labels = ['A', 'B', 'C', 'D'];
    const risk: Record<string, number> = { A: 0.1, B: 0.6, C: 0.15, D: 0.1 };
    const rows = Array.from({ length: 2000 }, () => labels[rng.int(4)]);
    const y = Float64Array.from(rows, (l) => (rng.next() < risk[l] ? 1 : 0));
    const X = new Dataset([{ name: 'grade', kind: 'categorical', values: Float32Array.from(rows, (l) => labels.indexOf(l)), categories: labels }]);
    const m = new DecisionTreeClassifier({ maxDepth: 2 }).fit(X, y);
    const score = new Dataset([{ name: 'grade', kind: 'categorical', values: Float32Array.from([1, 0, 4]), categories: ['A', 'B', 'C', 'D', 'Z'] }]);
    const [pB, pA, pZ] = m.predictProba(score);
    expect(pB).toBeGreaterThan(0.5);
    expect(pA).toBeLessThan(0.2);
    expect(Number.isFinite(pZ)).toBe(true);
  });

  it('integer sample weights give the tree of the duplicated rows', () => {
    const { X, y } = smallIntegerData(400, 3);
    const rng = new Random(4);
    const w = Array.from(y, () => 1 + rng.int(3));
    const dup: number[] = [];
    w.forEach((k, i) => { for (let j = 0; j < k; j++) dup.push(i); });
    const weighted = new DecisionTreeClassifier({ maxDepth: 4 }).fit(X, y, { sampleWeight: w });
    const duplicated = new DecisionTreeClassifier({ maxDepth: 4 }).fit(X.take(dup), dup.map((i) => y[i]));
    const a = weighted.trees[0], b = duplicated.trees[0];
    expect(Array.from(a.feature)).toEqual(Array.from(b.feature));
    expect(Array.from(a.threshold)).toEqual(Array.from(b.threshold));
    a.leafValue.forEach((v, l) => expect(v).toBeCloseTo(b.leafValue[l], 12));
  });
});

describe('DecisionTreeClassifier: minimal cost-complexity pruning', () => {
  it('the path is monotone, each alpha prunes to the path\'s impurity, and larger alphas give fewer leaves', async () => {
    const { Xtr, ytr } = await german();
    const model = new DecisionTreeClassifier();
    const path = model.costComplexityPruningPath(Xtr, ytr);
    expect(model.isFitted).toBe(false);
    expect(path.ccpAlphas[0]).toBe(0);
    for (let k = 1; k < path.ccpAlphas.length; k++) {
      expect(path.ccpAlphas[k]).toBeGreaterThanOrEqual(path.ccpAlphas[k - 1]);
      expect(path.impurities[k]).toBeGreaterThanOrEqual(path.impurities[k - 1] - 1e-12);
    }
    const full = new DecisionTreeClassifier().fit(Xtr, ytr);
    const leafImpurity = (t: Tree): number => t.leafValue.reduce((s, v, l) => s + (t.leafCover[l] / ytr.length) * gini(v), 0);
    expect(leafImpurity(full.trees[0])).toBeCloseTo(path.impurities[0], 12);
    let lastLeaves = full.nLeaves;
    // Between two distinct path alphas the pruned tree is the k-th one of the path.
    const distinct = (k: number): number => { while (path.ccpAlphas[k + 1] <= path.ccpAlphas[k] + 1e-15) k++; return k; };
    for (const k of [5, 20, 40, path.ccpAlphas.length - 2].map(distinct)) {
      const alpha = (path.ccpAlphas[k] + path.ccpAlphas[k + 1]) / 2;
      const pruned = new DecisionTreeClassifier({ ccpAlpha: alpha }).fit(Xtr, ytr);
      expect(pruned.nLeaves).toBeLessThan(lastLeaves);
      expect(leafImpurity(pruned.trees[0])).toBeCloseTo(path.impurities[k], 9);
      lastLeaves = pruned.nLeaves;
    }
    const stump = new DecisionTreeClassifier({ ccpAlpha: path.ccpAlphas[path.ccpAlphas.length - 1] }).fit(Xtr, ytr);
    expect(stump.nLeaves).toBe(1);
    expect(stump.predictProba(Xtr.take([0]))[0]).toBeCloseTo(0.3, 12);
  });

  it('pruning trades training fit for a simpler tree that generalizes better on German credit', async () => {
    const { Xtr, ytr, Xte, yte } = await german();
    const full = new DecisionTreeClassifier().fit(Xtr, ytr);
    const pruned = new DecisionTreeClassifier({ ccpAlpha: 0.004 }).fit(Xtr, ytr);
    expect(pruned.nLeaves).toBeLessThan(full.nLeaves / 4);
    expect(rocAuc(yte, pruned.predictProba(Xte))).toBeGreaterThan(rocAuc(yte, full.predictProba(Xte)));
  });
});

describe('DecisionTreeClassifier: saving, loading and errors', () => {
  it('round-trips through JSON and loadModel with bit-identical predictions', async () => {
    const { Xtr, ytr, Xte } = await german();
    const m = new DecisionTreeClassifier({ ccpAlpha: 0.002, maxFeatures: 0.5, seed: 3 }).fit(Xtr, ytr);
    const json = JSON.stringify(m.toJSON());
    const back = loadModel(json);
    expect(back).toBeInstanceOf(DecisionTreeClassifier);
    expect(bitMismatches(back.predictProba(Xte), m.predictProba(Xte))).toBe(0);
    expect(JSON.stringify(back.toJSON())).toBe(json);
    expect(JSON.stringify(new DecisionTreeClassifier({ ccpAlpha: 0.002, maxFeatures: 0.5, seed: 3 }).fit(Xtr, ytr).toJSON())).toBe(json);
  });

  it('rejects corrupted model files with E_MODEL_FORMAT and the JSON path', async () => {
    const { Xtr, ytr } = await german();
    const good = new DecisionTreeClassifier({ maxDepth: 3 }).fit(Xtr, ytr).toJSON();
    const bad = (edit: (j: any) => void): any => { const j = JSON.parse(JSON.stringify(good)); edit(j); return j; };
    const cases: [any, string][] = [
      [bad((j) => { j.trees[0].leafValue[2] = 1.5; }), 'trees[0].leafValue[2]'],
      [bad((j) => { j.trees[0].left[0] = 0; }), 'trees[0].left[0]'],
      [bad((j) => { j.trees.push(j.trees[0]); }), 'trees'],
      [bad((j) => { j.options.maxDepth = -2; }), 'options'],
      [bad((j) => { j.features = []; }), 'features'],
      [bad((j) => { j.version = 9; }), 'version'],
    ];
    for (const [json, path] of cases) {
      const e = errorOf(() => DecisionTreeClassifier.fromJSON(json));
      expect(e.code).toBe('E_MODEL_FORMAT');
      expect(e.where.path).toBe(path);
    }
    expect(errorOf(() => loadModel(bad((j) => { j.trees[0].feature[0] = 99; }))).where.path).toBe('trees[0].feature[0]');
  });

  it('rejects bad options (E_OPTION) and bad data', () => {
    for (const o of [
      { maxDepth: 0 }, { maxDepth: 2.5 }, { maxDepth: 'deep' }, { minSamplesSplit: 1 }, { minSamplesLeaf: 0 }, { minSamplesLeaf: NaN },
      { maxLeaves: 1 }, { ccpAlpha: -0.1 }, { ccpAlpha: Infinity }, { maxFeatures: 0 }, { maxFeatures: 'half' }, { maxFeatures: 2.5 },
      { maxBins: 1 }, { seed: 0.5 }, { depth: 3 },
    ]) {
      expect(errorOf(() => new DecisionTreeClassifier(o as any)).code).toBe('E_OPTION');
    }
    const X = Dataset.fromColumns({ x: [1, 2, 3, 4] });
    expect(errorOf(() => new DecisionTreeClassifier().fit(X, [0, 0, 0, 0])).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => new DecisionTreeClassifier().fit(X, [0, 1, 2, 1])).code).toBe('E_TARGET_INVALID');
    expect(errorOf(() => new DecisionTreeClassifier().fit(X, [0, 1, 1])).code).toBe('E_SHAPE');
    expect(errorOf(() => new DecisionTreeClassifier().fit(Dataset.fromColumns({ x: [1, Infinity, 3, 4] }), [0, 1, 0, 1])).code).toBe('E_NONFINITE');
    expect(errorOf(() => new DecisionTreeClassifier().fit(X, [0, 1, 0, 1], { sampleWeight: [1, -1, 1, 1] })).code).toBe('E_NONFINITE');
    expect(errorOf(() => new DecisionTreeClassifier().fit(X, [0, 1, 0, 1], { sampleWeight: [1, 0, 1, 0] })).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => new DecisionTreeClassifier().predictProba(X)).code).toBe('E_NOT_FITTED');
    const m = new DecisionTreeClassifier().fit(X, [0, 1, 0, 1]);
    expect(errorOf(() => m.predictProba(Dataset.fromColumns({ z: [1] }))).code).toBe('E_COLUMN_UNKNOWN');
  });
});
