import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, Random, logLoss, rocAuc } from '../../../src/index.js';
import type { GBDTOptions } from '../../../src/index.js';
import { logisticBaseline, nonlinear, sigmoid, slice } from '../helpers.js';

describe('GradientBoostingClassifier learns', () => {
  const data = nonlinear(9000, 42);
  const train = slice(data, 0, 6000);
  const test = slice(data, 6000, 9000);

  it('a nonlinear problem far better than a logistic baseline, close to the Bayes rate', () => {
    const model = new GradientBoostingClassifier({ nEstimators: 200, maxDepth: 4, seed: 1 }).fit(train.X, train.y);
    const auc = rocAuc(test.y, model.predictProba(test.X));
    const bayes = rocAuc(test.y, test.p); // the true probabilities: no model can do better in expectation
    const logistic = rocAuc(test.y, logisticBaseline(train.X, train.y, test.X));
    // The signal is an XOR, a U-shape and a wave: a linear model is near chance (measured 0.54),
    // the Bayes AUC is 0.94. A working booster recovers most of that gap (measured 0.915).
    expect(logistic).toBeLessThan(0.65);
    expect(bayes).toBeGreaterThan(0.9);
    expect(auc).toBeGreaterThan(0.88);
    expect(auc).toBeGreaterThan(logistic + 0.2);
    expect(auc).toBeGreaterThan(bayes - 0.05);
    // Probabilities are calibrated well enough that the held-out log loss beats the prior.
    const prior = train.y.reduce((s, v) => s + v, 0) / train.y.length;
    const priorLoss = logLoss(test.y, new Float64Array(test.y.length).fill(prior));
    expect(logLoss(test.y, model.predictProba(test.X))).toBeLessThan(priorLoss - 0.2);
  });

  it('with training log loss that decreases as trees are added', () => {
    const losses = [5, 20, 80].map((nEstimators) => {
      const m = new GradientBoostingClassifier({ nEstimators, maxDepth: 4, seed: 1 }).fit(train.X, train.y);
      return logLoss(train.y, m.predictProba(train.X));
    });
    expect(losses[1]).toBeLessThan(losses[0] - 0.02);
    expect(losses[2]).toBeLessThan(losses[1] - 0.02);
    // The per-round history on the training set itself agrees: non-increasing almost everywhere.
    const m = new GradientBoostingClassifier({ nEstimators: 80, maxDepth: 4, seed: 1 }).fit(train.X, train.y, { evalSet: { X: train.X, y: train.y } });
    const h = m.evalHistory.map((e) => e.evalScore);
    expect(h.length).toBe(80);
    for (let i = 1; i < h.length; i++) expect(h[i]).toBeLessThanOrEqual(h[i - 1] + 1e-12);
    expect(h[79]).toBeCloseTo(losses[2], 10);
  });

  it('so that prediction on raw values equals the binned scores seen in training (bit for bit)', () => {
    // evalSet scores are accumulated on binned rows in wasm (addTreeBinned), predictRaw walks raw
    // floats against thresholds: the AUCs agree exactly only if every row takes the same path.
    const withNaN = slice(nonlinear(3000, 7), 0, 3000);
    const cols = withNaN.X.columns.map((c) => ({ ...c, values: c.values.map((v, i) => (i % 7 === c.name.length ? NaN : v)) }));
    const X = new Dataset(cols);
    for (const growPolicy of ['depthwise', 'lossguide'] as const) {
      const m = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 5, growPolicy, evalMetric: 'auc', maxBins: 32, seed: 3 });
      m.fit(X, withNaN.y, { evalSet: { X, y: withNaN.y } });
      expect(rocAuc(withNaN.y, m.predictRaw(X))).toBe(m.evalHistory[29].evalScore);
    }
  });

  it('with gain importance concentrated on the informative features', () => {
    const model = new GradientBoostingClassifier({ nEstimators: 50, maxDepth: 4 }).fit(train.X, train.y);
    const gain = model.featureImportance('gain');
    expect(Object.keys(gain)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5']);
    // x5 is pure noise: it gains less than every feature that carries signal (x4's signal is small).
    for (const f of ['x0', 'x1', 'x2', 'x3']) expect(gain[f]).toBeGreaterThan(3 * gain.x5);
    const splits = model.featureImportance('split');
    const total = model.getTrees().reduce((s, t) => s + t.nInternal, 0);
    expect(Object.values(splits).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('deterministically: the same data and options give the same JSON', () => {
    const opts = { nEstimators: 20, subsample: 0.7, colsampleByTree: 0.5, seed: 9 };
    const a = JSON.stringify(new GradientBoostingClassifier(opts).fit(train.X, train.y).toJSON());
    const b = JSON.stringify(new GradientBoostingClassifier(opts).fit(train.X, train.y).toJSON());
    expect(a).toBe(b);
  });
});

// ---------------------------------------------------------------------------
// A depth-1 stump against a brute-force search with XGBoost's formulas.

interface StumpData {
  X: Dataset;
  y: Float64Array;
}

function stumpData(seed: number, n: number, missingEffect = 1.2, x1Coef = 2): StumpData {
  const rng = new Random(seed);
  const x0 = new Float32Array(n); // integers 0..9
  const x1 = new Float32Array(n); // two decimals in [0, 1], 20% missing
  const x2 = new Float32Array(n); // five values, 5% missing
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = rng.int(10);
    x1[i] = rng.next() < 0.2 ? NaN : Math.round(rng.next() * 100) / 100;
    x2[i] = rng.next() < 0.05 ? NaN : [-2, -1, 0, 1.5, 4][rng.int(5)];
    const z = 0.25 * x0[i] - 1.2 + (Number.isNaN(x1[i]) ? missingEffect : x1Coef * (x1[i] - 0.5)) + 0.2 * (Number.isNaN(x2[i]) ? 0 : x2[i]);
    y[i] = rng.next() < sigmoid(z) ? 1 : 0;
  }
  return {
    X: new Dataset([
      { name: 'x0', kind: 'numeric', values: x0 },
      { name: 'x1', kind: 'numeric', values: x1 },
      { name: 'x2', kind: 'numeric', values: x2 },
    ]),
    y,
  };
}

const softThreshold = (g: number, alpha: number): number => (g > alpha ? g - alpha : g < -alpha ? g + alpha : 0);

interface Candidate {
  feature: number;
  /** Rows with value <= upTo go left. */
  upTo: number;
  missingLeft: boolean;
  gain: number;
  left: Uint8Array;
  GL: number;
  HL: number;
}

/** Exhaustive search over every split of every feature, missing values tried on both sides. */
function bruteForceStump(d: StumpData, w: Float64Array | null, o: { lambda: number; alpha: number; minChildWeight: number; gamma: number }) {
  const n = d.y.length;
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    sw += w ? w[i] : 1;
    swy += (w ? w[i] : 1) * d.y[i];
  }
  const p0 = swy / sw; // base score: the (weighted) prior
  const g = Float64Array.from(d.y, (yi, i) => (w ? w[i] : 1) * (p0 - yi));
  const h = Float64Array.from(d.y, (_, i) => (w ? w[i] : 1) * p0 * (1 - p0));
  const G = g.reduce((a, b) => a + b, 0);
  const H = h.reduce((a, b) => a + b, 0);
  const score = (gs: number, hs: number): number => softThreshold(gs, o.alpha) ** 2 / (hs + o.lambda);
  const candidates: Candidate[] = [];
  d.X.columns.forEach((col, f) => {
    const v = col.values;
    const distinct = [...new Set(Array.from(v).filter((x) => !Number.isNaN(x)))].sort((a, b) => a - b);
    const hasMissing = Array.from(v).some((x) => Number.isNaN(x));
    const thresholds = [...distinct.slice(0, -1), ...(hasMissing ? [Infinity] : [])];
    for (const upTo of thresholds) {
      for (const missingLeft of hasMissing ? [false, true] : [false]) {
        const left = Uint8Array.from(v, (x) => (Number.isNaN(x) ? (missingLeft ? 1 : 0) : x <= upTo ? 1 : 0));
        let GL = 0;
        let HL = 0;
        for (let i = 0; i < n; i++) if (left[i]) { GL += g[i]; HL += h[i]; }
        const HR = H - HL;
        if (HL <= 0 || HR <= 0 || HL < o.minChildWeight || HR < o.minChildWeight) continue;
        const gain = score(GL, HL) + score(G - GL, HR) - score(G, H);
        candidates.push({ feature: f, upTo, missingLeft, gain, left, GL, HL });
      }
    }
  });
  candidates.sort((a, b) => b.gain - a.gain);
  return { p0, G, H, candidates, hasMissing: d.X.columns.map((c) => Array.from(c.values).some((x) => Number.isNaN(x))) };
}

describe('a depth-1 stump', () => {
  type Setting = {
    name: string;
    o: Pick<GBDTOptions, 'lambda' | 'alpha' | 'minChildWeight' | 'gamma'>;
    weighted: boolean;
    seed: number;
    /** Which split the data is built to produce (checked, so that both missing directions are covered). */
    expect?: { feature: number; missingLeft: boolean };
    data?: [number, number];
  };
  const settings: Setting[] = [
    { name: 'defaults', o: { lambda: 1, alpha: 0, minChildWeight: 1, gamma: 0 }, weighted: false, seed: 1 },
    { name: 'L1 + L2', o: { lambda: 3, alpha: 0.7, minChildWeight: 0, gamma: 0 }, weighted: false, seed: 2 },
    { name: 'strong L1, min child weight 5', o: { lambda: 0.1, alpha: 2, minChildWeight: 5, gamma: 0.5 }, weighted: false, seed: 3 },
    { name: 'sample weights', o: { lambda: 1, alpha: 0.3, minChildWeight: 1, gamma: 0 }, weighted: true, seed: 4 },
    { name: 'sample weights, no L2', o: { lambda: 0, alpha: 0, minChildWeight: 0, gamma: 0 }, weighted: true, seed: 5 },
    { name: 'missing values go right', o: { lambda: 1, alpha: 0, minChildWeight: 1, gamma: 0 }, weighted: false, seed: 6, data: [2.5, 4], expect: { feature: 1, missingLeft: false } },
    { name: 'missing values go left', o: { lambda: 1, alpha: 0.2, minChildWeight: 1, gamma: 0 }, weighted: false, seed: 7, data: [-2.5, 4], expect: { feature: 1, missingLeft: true } },
    { name: 'missing values go left, weighted', o: { lambda: 2, alpha: 0, minChildWeight: 1, gamma: 0 }, weighted: true, seed: 8, data: [-2.5, 4], expect: { feature: 1, missingLeft: true } },
  ];

  for (const { name, o, weighted, seed, data, expect: designed } of settings) {
    it(`picks the brute-force best split with XGBoost's gain and leaf values (${name})`, () => {
      const d = stumpData(seed, 400, ...(data ?? []));
      const rng = new Random(seed + 100);
      const w = weighted ? Float64Array.from(d.y, () => 0.2 + rng.next() * 2) : null;
      const ref = bruteForceStump(d, w, o);
      const best = ref.candidates[0];
      // The test data must have a clear winner, or the comparison would depend on rounding.
      const runnerUp = ref.candidates.find((c) => c.left.some((v, i) => v !== best.left[i]))!;
      expect(best.gain - runnerUp.gain).toBeGreaterThan(1e-9 * best.gain);
      expect(best.gain).toBeGreaterThan(o.gamma);
      if (designed) expect({ feature: best.feature, missingLeft: best.missingLeft }).toEqual(designed);

      const model = new GradientBoostingClassifier({ nEstimators: 1, learningRate: 1, maxDepth: 1, ...o }).fit(d.X, d.y, w ? { sampleWeight: w } : {});
      expect(model.baseScoreMargin).toBeCloseTo(Math.log(ref.p0 / (1 - ref.p0)), 12);
      const [tree] = model.getTrees();
      expect(tree.nInternal).toBe(1);
      expect(tree.feature[0]).toBe(best.feature);
      // The raw threshold reproduces the brute-force partition, missing values included.
      const col = d.X.columns[best.feature].values;
      const goesLeft = Uint8Array.from(col, (x) => (Number.isNaN(x) ? tree.defaultLeft[0] : x < tree.threshold[0] ? 1 : 0));
      expect(Array.from(goesLeft)).toEqual(Array.from(best.left));
      if (ref.hasMissing[best.feature]) expect(tree.defaultLeft[0]).toBe(best.missingLeft ? 1 : 0);
      else expect(tree.defaultLeft[0]).toBe(best.HL >= ref.H - best.HL ? 1 : 0);

      expect(tree.gain[0]).toBeCloseTo(best.gain, 9);
      expect(tree.cover[0]).toBeCloseTo(ref.H, 9);
      const leaf = (gs: number, hs: number): number => -softThreshold(gs, o.alpha) / (hs + o.lambda);
      expect(tree.value[0]).toBeCloseTo(leaf(ref.G, ref.H), 12);
      const lv = tree.leafValue[~tree.left[0]];
      const rv = tree.leafValue[~tree.right[0]];
      expect(lv).toBeCloseTo(leaf(best.GL, best.HL), 12);
      expect(rv).toBeCloseTo(leaf(ref.G - best.GL, ref.H - best.HL), 12);
      expect(tree.leafCover[~tree.left[0]]).toBeCloseTo(best.HL, 9);

      // Predictions are the base margin plus the leaf of each row's side.
      const raw = model.predictRaw(d.X);
      for (let i = 0; i < raw.length; i++) {
        expect(raw[i]).toBe(model.baseScoreMargin + (best.left[i] ? lv : rv));
      }
    });
  }

  it('shrinks its leaves by the learning rate', () => {
    const d = stumpData(1, 400);
    const full = new GradientBoostingClassifier({ nEstimators: 1, learningRate: 1, maxDepth: 1 }).fit(d.X, d.y).getTrees()[0];
    const shrunk = new GradientBoostingClassifier({ nEstimators: 1, learningRate: 0.3, maxDepth: 1 }).fit(d.X, d.y).getTrees()[0];
    expect(shrunk.feature[0]).toBe(full.feature[0]);
    expect(shrunk.threshold[0]).toBe(full.threshold[0]);
    for (let l = 0; l < 2; l++) expect(shrunk.leafValue[l]).toBeCloseTo(0.3 * full.leafValue[l], 14);
  });
});
