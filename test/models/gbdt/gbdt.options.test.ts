import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, Random, rocAuc } from '../../../src/index.js';
import type { ProgressInfo } from '../../../src/index.js';
import { additive, normal, sigmoid, slice } from '../helpers.js';

const data = additive(3000, 5);
const fit = (opts: ConstructorParameters<typeof GradientBoostingClassifier>[0], fitOpts = {}) =>
  new GradientBoostingClassifier({ nEstimators: 20, ...opts }).fit(data.X, data.y, fitOpts);
const nSplits = (m: GradientBoostingClassifier): number => m.getTrees().reduce((s, t) => s + t.nInternal, 0);

describe('regularization options', () => {
  it('a large gamma leaves every tree a single leaf; a moderate one keeps only splits gaining more', () => {
    const huge = fit({ gamma: 1e6 });
    expect(huge.nTrees).toBe(20);
    for (const t of huge.getTrees()) {
      expect(t.nInternal).toBe(0);
      expect(t.nLeaves).toBe(1);
    }
    const p = huge.predictProba(data.X);
    expect(p.every((v) => v === p[0])).toBe(true);

    const free = fit({ gamma: 0 });
    const moderate = fit({ gamma: 5 });
    expect(nSplits(free)).toBeGreaterThan(nSplits(moderate));
    expect(nSplits(moderate)).toBeGreaterThan(0);
    for (const t of moderate.getTrees()) for (const g of t.gain) expect(g).toBeGreaterThan(5);
    expect(free.getTrees().some((t) => t.gain.some((g) => g < 5))).toBe(true);
  });

  it('a large minChildWeight forbids every split; a moderate one bounds every leaf hessian sum', () => {
    for (const t of fit({ minChildWeight: 1e9 }).getTrees()) expect(t.nInternal).toBe(0);
    const m = fit({ minChildWeight: 25, maxDepth: 8 });
    expect(nSplits(m)).toBeGreaterThan(20);
    for (const t of m.getTrees()) for (const c of t.leafCover) expect(c).toBeGreaterThanOrEqual(25);
    expect(fit({ minChildWeight: 0, maxDepth: 8 }).getTrees().some((t) => t.leafCover.some((c) => c < 25))).toBe(true);
  });

  for (const maxDepth of [1, 2, 3, 6]) {
    it(`maxDepth ${maxDepth} bounds the depth of every tree (and is reached)`, () => {
      const depths = fit({ maxDepth, minChildWeight: 0 }).getTrees().map((t) => t.depth);
      expect(Math.max(...depths)).toBe(maxDepth);
      for (const t of fit({ maxDepth, minChildWeight: 0 }).getTrees()) expect(t.nLeaves).toBeLessThanOrEqual(2 ** maxDepth);
    });
  }

  for (const maxLeaves of [2, 5, 13]) {
    it(`growPolicy "lossguide" with maxLeaves ${maxLeaves} grows at most ${maxLeaves} leaves per tree`, () => {
      const m = fit({ growPolicy: 'lossguide', maxLeaves, maxDepth: 0, minChildWeight: 0 });
      const leaves = m.getTrees().map((t) => t.nLeaves);
      expect(Math.max(...leaves)).toBe(maxLeaves);
      // depth-wise growth with the same leaf budget obeys it too
      const dw = fit({ maxLeaves, maxDepth: 10, minChildWeight: 0 });
      expect(Math.max(...dw.getTrees().map((t) => t.nLeaves))).toBe(maxLeaves);
    });
  }

  it('lossguide expands the best leaf first: with 3 leaves, the second split is the best of both children', () => {
    // A depth-limited depth-wise tree with 3 leaves splits the left child first; best-first splits
    // whichever child gains more. Compare the second split's gain with the best split of the other child.
    const lg = fit({ growPolicy: 'lossguide', maxLeaves: 3, maxDepth: 0, nEstimators: 1 }).getTrees()[0];
    const two = fit({ maxDepth: 2, nEstimators: 1 }).getTrees()[0];
    expect(lg.nInternal).toBe(2);
    expect(two.nInternal).toBe(3);
    // same root split
    expect(lg.feature[0]).toBe(two.feature[0]);
    expect(lg.threshold[0]).toBe(two.threshold[0]);
    // the loss-guided second split is the larger of the depth-2 tree's two child splits
    expect(lg.gain[1]).toBeCloseTo(Math.max(two.gain[1], two.gain[2]), 9);
  });

  for (const maxDepth of [3, 6]) {
    it(`grows the same trees depth-first, breadth-first and best-first when only the depth limits them (maxDepth ${maxDepth})`, () => {
      // Each node's best split depends only on its rows, so the expansion order must not matter when
      // every splittable node is eventually split. Depth-first growth runs with maxDepth + 2 histogram
      // slots: if they ran out, some nodes would stay leaves and the models would differ.
      const o = { maxDepth, minChildWeight: 0, nEstimators: 5, subsample: 0.8, seed: 3 };
      const depthFirst = fit(o);
      const breadthFirst = fit({ ...o, maxLeaves: 2 ** maxDepth });
      const bestFirst = fit({ ...o, growPolicy: 'lossguide', maxLeaves: 2 ** maxDepth });
      const leaves = depthFirst.getTrees().map((t) => t.nLeaves);
      expect(breadthFirst.getTrees().map((t) => t.nLeaves)).toEqual(leaves);
      expect(bestFirst.getTrees().map((t) => t.nLeaves)).toEqual(leaves);
      if (maxDepth === 3) expect(leaves.every((l) => l === 8)).toBe(true); // complete trees
      const p = depthFirst.predictRaw(data.X);
      expect(Array.from(breadthFirst.predictRaw(data.X))).toEqual(Array.from(p));
      expect(Array.from(bestFirst.predictRaw(data.X))).toEqual(Array.from(p));
      const gains = (m: GradientBoostingClassifier): number[] => m.getTrees().flatMap((t) => Array.from(t.gain)).sort((a, b) => a - b);
      expect(gains(breadthFirst)).toEqual(gains(depthFirst));
      expect(gains(bestFirst)).toEqual(gains(depthFirst));
    });
  }

  it('colsampleByTree picks the features of each tree: 1 of 4 features per tree', () => {
    const m = fit({ colsampleByTree: 0.25, nEstimators: 30, seed: 2 });
    const used = new Set<number>();
    for (const t of m.getTrees()) {
      const own = new Set(t.feature);
      expect(own.size).toBeLessThanOrEqual(1);
      for (const f of own) used.add(f);
    }
    expect(used.size).toBeGreaterThanOrEqual(3); // different trees draw different features
    // control: without column sampling, trees mix features
    expect(fit({ nEstimators: 30 }).getTrees().some((t) => new Set(t.feature).size > 1)).toBe(true);
  });

  it('subsample < 1 changes the model; the same seed reproduces it, another seed does not', () => {
    const json = (o: object): string => JSON.stringify(fit(o).toJSON().trees);
    const full = json({ subsample: 1, seed: 1 });
    const a = json({ subsample: 0.5, seed: 1 });
    expect(a).not.toBe(full);
    expect(json({ subsample: 0.5, seed: 1 })).toBe(a);
    expect(json({ subsample: 0.5, seed: 2 })).not.toBe(a);
    // The full-data root cover is the whole hessian sum; a half sample covers about half of it.
    const fullRoot = fit({ subsample: 1, nEstimators: 1 }).getTrees()[0].cover[0];
    const halfRoot = fit({ subsample: 0.5, nEstimators: 1, seed: 1 }).getTrees()[0].cover[0];
    expect(halfRoot / fullRoot).toBeGreaterThan(0.45);
    expect(halfRoot / fullRoot).toBeLessThan(0.55);
    // Without subsampling the seed does not matter.
    expect(json({ subsample: 1, seed: 2 })).toBe(full);
  });

  it('baseScore sets the starting margin', () => {
    expect(fit({ baseScore: 0.3, nEstimators: 1 }).baseScoreMargin).toBeCloseTo(Math.log(0.3 / 0.7), 15);
    const prior = data.y.reduce((s, v) => s + v, 0) / data.y.length;
    expect(fit({ nEstimators: 1 }).baseScoreMargin).toBeCloseTo(Math.log(prior / (1 - prior)), 12);
  });
});

describe('sample weights', () => {
  it('all weights 2 with lambda 0 and minChildWeight 0 give the same splits and predictions as no weights', () => {
    const o = { lambda: 0, minChildWeight: 0, maxDepth: 4, nEstimators: 15 };
    const plain = fit(o);
    const twice = fit(o, { sampleWeight: new Float64Array(data.y.length).fill(2) });
    const a = plain.getTrees();
    const b = twice.getTrees();
    expect(nSplits(plain)).toBeGreaterThan(15);
    expect(b.length).toBe(a.length);
    a.forEach((t, k) => {
      expect(Array.from(b[k].feature)).toEqual(Array.from(t.feature));
      expect(Array.from(b[k].threshold)).toEqual(Array.from(t.threshold));
      expect(Array.from(b[k].defaultLeft)).toEqual(Array.from(t.defaultLeft));
      expect(Array.from(b[k].left)).toEqual(Array.from(t.left));
      expect(Array.from(b[k].right)).toEqual(Array.from(t.right));
      t.leafValue.forEach((v, l) => expect(Math.abs(b[k].leafValue[l] - v)).toBeLessThanOrEqual(1e-12));
      // gains and covers scale with the weights
      t.cover.forEach((c, i) => expect(b[k].cover[i]).toBeCloseTo(2 * c, 9));
    });
    const pa = plain.predictProba(data.X);
    const pb = twice.predictProba(data.X);
    for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i] - pb[i])).toBeLessThanOrEqual(1e-12);
  });

  it('non-uniform weights change the model', () => {
    const rng = new Random(3);
    const w = Float64Array.from(data.y, () => 0.1 + rng.next() * 3);
    expect(JSON.stringify(fit({}, { sampleWeight: w }).toJSON().trees)).not.toBe(JSON.stringify(fit({}).toJSON().trees));
  });

  it('scalePosWeight 2 equals sample weight 2 on the positives (identical trees)', () => {
    const scaled = fit({ scalePosWeight: 2 }).toJSON();
    const weighted = fit({}, { sampleWeight: Float64Array.from(data.y, (y) => (y === 1 ? 2 : 1)) }).toJSON();
    expect(JSON.stringify(scaled.trees)).toBe(JSON.stringify(weighted.trees));
    expect(scaled.baseMargin).toBe(weighted.baseMargin);
    // and it differs from the unweighted model
    expect(JSON.stringify(scaled.trees)).not.toBe(JSON.stringify(fit({}).toJSON().trees));
  });

  it('zero weights remove rows: the trees equal those fitted without the rows', () => {
    // Values on a coarse grid give one bin per value, so both fits see the same cut points.
    const X = new Dataset(data.X.columns.map((c) => ({ ...c, values: c.values.map((v) => Math.max(-3, Math.min(3, Math.round(v * 4) / 4))) })));
    const w = Float64Array.from(data.y, (_, i) => (i % 3 === 0 ? 0 : 1));
    const keep = Array.from({ length: data.y.length }, (_, i) => i).filter((i) => i % 3 !== 0);
    const o = { nEstimators: 10, maxDepth: 3, minChildWeight: 0 };
    const weighted = new GradientBoostingClassifier(o).fit(X, data.y, { sampleWeight: w }).toJSON();
    const subset = new GradientBoostingClassifier(o).fit(X.take(keep), keep.map((i) => data.y[i])).toJSON();
    expect(subset.binCuts).toEqual(weighted.binCuts);
    expect(subset.baseMargin).toBe(weighted.baseMargin);
    expect(JSON.stringify(subset.trees)).toBe(JSON.stringify(weighted.trees));
  });
});

describe('missing values', () => {
  it('learn their own direction: NaN in a feature that means high default gives a high PD', () => {
    const n = 4000;
    const rng = new Random(17);
    const x0 = new Float32Array(n);
    const x1 = new Float32Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x0[i] = normal(rng);
      const missing = rng.next() < 0.25;
      x1[i] = missing ? NaN : normal(rng);
      // Risk rises gently with x1 (p < 0.35 everywhere on [-3, 3]); a missing x1 is very risky.
      const z = missing ? 2.5 : -2 + 0.4 * x1[i] + 0.3 * x0[i];
      y[i] = rng.next() < sigmoid(z) ? 1 : 0;
    }
    const X = new Dataset([
      { name: 'x0', kind: 'numeric', values: x0 },
      { name: 'x1', kind: 'numeric', values: x1 },
    ]);
    const m = new GradientBoostingClassifier({ nEstimators: 60, maxDepth: 3 }).fit(X, y);
    const grid = Float32Array.from({ length: 21 }, (_, k) => -3 + 0.3 * k);
    const probe = (x1v: number): Float64Array =>
      m.predictProba(new Dataset([
        { name: 'x0', kind: 'numeric', values: grid },
        { name: 'x1', kind: 'numeric', values: new Float32Array(grid.length).fill(x1v) },
      ]));
    const pMissing = probe(NaN);
    const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(pMissing)).toBeGreaterThan(0.8);
    // NaN is not simply lumped with the smallest or the largest values.
    for (const v of [-3, -1, 0, 1, 3]) expect(mean(probe(v))).toBeLessThan(mean(pMissing) - 0.2);
    // The first tree's root separates the missing rows: it splits on x1 and sends NaN to the riskier side.
    const t0 = m.getTrees()[0];
    expect(t0.feature[0]).toBe(1);
    const nanChild = t0.defaultLeft[0] ? t0.left[0] : t0.right[0];
    const otherChild = t0.defaultLeft[0] ? t0.right[0] : t0.left[0];
    const weightOf = (c: number): number => (c >= 0 ? t0.value[c] : t0.leafValue[~c]);
    expect(weightOf(nanChild)).toBeGreaterThan(weightOf(otherChild));
  });
});

describe('monotone constraints', () => {
  // Risk rises with x0 and falls with x1 overall, with wiggles a free model follows.
  const n = 5000;
  const rng = new Random(23);
  const cols = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = rng.next() * 2 - 1;
    const [x0, x1, x2] = cols.map((c) => c[i]);
    const z = 1.5 * x0 + 1.2 * Math.sin(6 * x0) - 1.5 * x1 - 1.2 * Math.cos(6 * x1) + 0.8 * x2;
    y[i] = rng.next() < sigmoid(z) ? 1 : 0;
  }
  const X = new Dataset(cols.map((values, j) => ({ name: `x${j}`, kind: 'numeric' as const, values })));
  const grid = Float32Array.from({ length: 41 }, (_, k) => -1 + k * 0.05);

  /** For 200 random rows, the raw scores as feature `f` sweeps its range: [row][step]. */
  function sweep(m: GradientBoostingClassifier, f: number): Float64Array[] {
    const r = new Random(99);
    const base = Array.from({ length: 200 }, () => r.int(n));
    const swept = cols.map((c, j) => Float32Array.from({ length: base.length * grid.length }, (_, k) => (j === f ? grid[k % grid.length] : c[base[Math.floor(k / grid.length)]])));
    const raw = m.predictRaw(new Dataset(swept.map((values, j) => ({ name: `x${j}`, kind: 'numeric' as const, values }))));
    return base.map((_, b) => raw.subarray(b * grid.length, (b + 1) * grid.length));
  }
  const violations = (curves: Float64Array[], sign: 1 | -1): number =>
    curves.reduce((s, c) => s + c.reduce((v, x, k) => v + (k > 0 && sign * (x - c[k - 1]) < 0 ? 1 : 0), 0), 0);

  it('make predictions non-decreasing in x0 and non-increasing in x1', () => {
    const m = new GradientBoostingClassifier({ nEstimators: 60, maxDepth: 4, monotoneConstraints: { x0: 1, x1: -1 } }).fit(X, y);
    const up = sweep(m, 0);
    const down = sweep(m, 1);
    expect(violations(up, 1)).toBe(0);
    expect(violations(down, -1)).toBe(0);
    // The constrained model still uses both features (the curves are not flat).
    expect(up.some((c) => c[c.length - 1] - c[0] > 0.5)).toBe(true);
    expect(down.some((c) => c[0] - c[c.length - 1] > 0.5)).toBe(true);
    // and is still a useful model
    expect(rocAuc(y, m.predictRaw(X))).toBeGreaterThan(0.75);
  });

  it('are what makes it so: the same data without constraints violates monotonicity', () => {
    const m = new GradientBoostingClassifier({ nEstimators: 60, maxDepth: 4 }).fit(X, y);
    expect(violations(sweep(m, 0), 1)).toBeGreaterThan(0);
    expect(violations(sweep(m, 1), -1)).toBeGreaterThan(0);
  });

  it('hold with loss-guided growth, L1 and subsampling too', () => {
    const m = new GradientBoostingClassifier({
      nEstimators: 40, growPolicy: 'lossguide', maxLeaves: 12, maxDepth: 0, alpha: 0.5, subsample: 0.8, seed: 4,
      monotoneConstraints: { x0: 1, x1: -1 },
    }).fit(X, y);
    expect(violations(sweep(m, 0), 1)).toBe(0);
    expect(violations(sweep(m, 1), -1)).toBe(0);
  });
});

describe('early stopping', () => {
  // Noisy labels and deep trees at a high learning rate overfit within a few dozen rounds.
  const noisy = additive(4500, 31, 6);
  const train = slice(noisy, 0, 3000);
  const valid = slice(noisy, 3000, 4500);
  const opts = { nEstimators: 500, learningRate: 0.3, maxDepth: 6, minChildWeight: 0, earlyStoppingRounds: 10 };

  it('stops before nEstimators and keeps the trees up to the best round (logloss)', () => {
    const progress: ProgressInfo[] = [];
    const m = new GradientBoostingClassifier(opts).fit(train.X, train.y, {
      evalSet: { X: valid.X, y: valid.y },
      onProgress: (info) => progress.push(info),
    });
    const h = m.evalHistory;
    expect(h.length).toBeLessThan(500);
    expect(m.bestIteration).toBeGreaterThanOrEqual(0);
    expect(m.nTrees).toBe(m.bestIteration + 1);
    expect(h.length).toBe(m.bestIteration + 1 + 10);
    h.forEach((r, i) => expect(r.iteration).toBe(i));
    // best = the first minimum of the history
    const scores = h.map((r) => r.evalScore);
    expect(scores.indexOf(Math.min(...scores))).toBe(m.bestIteration);
    // onProgress saw every round, with the eval score
    expect(progress.map((p) => p.iteration)).toEqual(h.map((r) => r.iteration + 1));
    expect(progress.every((p) => p.total === 500)).toBe(true);
    expect(progress.map((p) => p.evalScore)).toEqual(scores);
    // the kept model's validation log loss is the best one in the history
    const p = m.predictProba(valid.X);
    let loss = 0;
    for (let i = 0; i < p.length; i++) loss -= valid.y[i] === 1 ? Math.log(p[i]) : Math.log(1 - p[i]);
    expect(loss / p.length).toBeCloseTo(scores[m.bestIteration], 10);
    expect(m.toJSON().bestIteration).toBe(m.bestIteration);
  });

  it('works with evalMetric "auc" (best = highest)', () => {
    const m = new GradientBoostingClassifier({ ...opts, evalMetric: 'auc' }).fit(train.X, train.y, { evalSet: { X: valid.X, y: valid.y } });
    const scores = m.evalHistory.map((r) => r.evalScore);
    expect(scores.length).toBeLessThan(500);
    expect(scores.length).toBe(m.bestIteration + 11);
    expect(scores.indexOf(Math.max(...scores))).toBe(m.bestIteration);
    expect(m.nTrees).toBe(m.bestIteration + 1);
    for (const s of scores) expect(s).toBeGreaterThan(0.5);
    // The recorded AUC is exactly the AUC of the kept model's predictions on the eval set.
    expect(rocAuc(valid.y, m.predictRaw(valid.X))).toBe(scores[m.bestIteration]);
  });

  it('without earlyStoppingRounds an eval set only records the history', () => {
    const m = new GradientBoostingClassifier({ ...opts, nEstimators: 40, earlyStoppingRounds: 0 }).fit(train.X, train.y, { evalSet: { X: valid.X, y: valid.y } });
    expect(m.nTrees).toBe(40);
    expect(m.evalHistory.length).toBe(40);
  });
});
