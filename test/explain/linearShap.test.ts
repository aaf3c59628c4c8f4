// Linear SHAP for LogisticRegression and the linear SVM: contributions add up
// to the model's own log-odds on every row, and equal the interventional
// Shapley values found by enumerating every feature subset against the
// (weighted) training rows as background, with categorical features, missing
// values, labels unseen in training and rows of weight 0.
import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, LogisticRegression, MLPClassifier, SVMClassifier, loadModel, reasonCodes, shapValues } from '../../src/index.js';
import type { Classifier } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { errorOf } from '../errorOf.js';

const SEGMENTS = ['retail', 'sme', 'corporate', 'public'];

/** 240 training rows: two numeric features (with missing values), a categorical one (missing too; 'public' never occurs). */
function trainingData(seed: number): { X: Dataset; y: Float64Array; w: Float64Array } {
  const rng = new Random(seed);
  const n = 240;
  const util = new Float32Array(n);
  const seg = new Float32Array(n);
  const age = new Float32Array(n);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    util[i] = rng.next() < 0.1 ? NaN : Math.fround(rng.next() * 1.5);
    seg[i] = rng.next() < 0.08 ? NaN : rng.int(3);
    age[i] = rng.next() < 0.05 ? NaN : Math.fround(20 + rng.next() * 50);
    const z = 2 * ((util[i] === util[i] ? util[i] : 1) - 0.6) + (seg[i] === 1 ? 0.8 : 0) - 0.03 * ((age[i] === age[i] ? age[i] : 45) - 45);
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    w[i] = i % 17 === 0 ? 0 : 0.5 + rng.int(3);
  }
  const X = new Dataset([
    { name: 'utilization', kind: 'numeric', values: util },
    { name: 'segment', kind: 'categorical', values: seg, categories: SEGMENTS },
    { name: 'age', kind: 'numeric', values: age },
  ]);
  return { X, y, w };
}

/** Applicants to explain: ordinary rows, missing values, and labels the model never trained on. */
function applicants(): Dataset {
  return new Dataset([
    { name: 'utilization', kind: 'numeric', values: Float32Array.of(0.9, 0.1, NaN, 1.4, 0.5, NaN) },
    { name: 'segment', kind: 'categorical', values: Float32Array.of(0, 1, 2, NaN, 3, 4), categories: [...SEGMENTS, 'startup'] },
    { name: 'age', kind: 'numeric', values: Float32Array.of(25, 61, 40, NaN, 33, 70) },
  ]);
}

/** The model's raw score, the log-odds its PD is the sigmoid of. */
function logOdds(model: Classifier, X: Dataset): Float64Array {
  if (model instanceof LogisticRegression) return model.predictRaw(X);
  const svm = model as SVMClassifier;
  const { A, B } = svm.plattSigmoid;
  return svm.decisionFunction(X).map((f) => -(A * f + B));
}

/**
 * Interventional Shapley values by enumerating subsets: v(S) is the weighted
 * mean raw score over the background rows with the features in S taken from x.
 */
function bruteForce(model: Classifier, x: Dataset, bg: Dataset, w: Float64Array): { phi: Float64Array; bias: number } {
  const nf = bg.columns.length;
  const rows = bg.nRows;
  let total = 0;
  for (const v of w) total += v;
  const v = new Float64Array(1 << nf);
  for (let mask = 0; mask < 1 << nf; mask++) {
    const hybrid = new Dataset(bg.columns.map((c, f) => ({
      ...c,
      values: ((mask >> f) & 1) === 1 ? new Float32Array(rows).fill(x.columns[f].values[0]) : c.values,
    })), rows);
    const raw = logOdds(model, hybrid);
    let s = 0;
    for (let b = 0; b < rows; b++) s += w[b] * raw[b];
    v[mask] = s / total;
  }
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Float64Array(nf);
  for (let i = 0; i < nf; i++) {
    for (let mask = 0; mask < 1 << nf; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let f = 0; f < nf; f++) size += (mask >> f) & 1;
      phi[i] += (fact(size) * fact(nf - size - 1)) / fact(nf) * (v[mask | (1 << i)] - v[mask]);
    }
  }
  return { phi, bias: v[0] };
}

/** The applicants' rows in the training dictionary (so hybrids can mix them with training rows). */
function inTrainingDictionary(rows: Dataset): Dataset {
  return new Dataset(rows.columns.map((c) => (c.kind === 'categorical'
    ? { ...c, categories: SEGMENTS, values: c.values.map((v) => (v < SEGMENTS.length ? v : NaN)) }
    : c)), rows.nRows);
}

const { X, y, w } = trainingData(7);
const models: [string, Classifier][] = [
  ['logistic (median, indicators, standardized)', new LogisticRegression().fit(X, y, { sampleWeight: w })],
  ['logistic (mean, no indicators, raw units, L1)', new LogisticRegression({ impute: 'mean', missingIndicators: false, standardize: false, penalty: 'l1', C: 0.5 }).fit(X, y, { sampleWeight: w })],
  ['linear SVM (dual, hinge)', new SVMClassifier({ loss: 'hinge', calibrationFolds: 3, seed: 3 }).fit(X, y, { sampleWeight: w })],
  ['linear SVM (primal)', new SVMClassifier({ solver: 'primal', standardize: false }).fit(X, y, { sampleWeight: w })],
];

describe('linear SHAP', () => {
  for (const [name, model] of models) {
    it(`${name}: bias + Σ contributions = the model's log-odds on every row (1e-9)`, () => {
      for (const rows of [X, applicants()]) {
        const s = shapValues(model, rows);
        expect(s.method).toBe('linear SHAP');
        expect(s.link).toBe('logit');
        const raw = logOdds(model, rows);
        for (let r = 0; r < s.nRows; r++) {
          let sum = s.bias;
          for (let f = 0; f < 3; f++) sum += s.contributions[r * 3 + f];
          expect(Math.abs(sum - raw[r])).toBeLessThan(1e-9);
        }
      }
    });

    it(`${name}: equals brute-force interventional SHAP against the weighted training rows`, () => {
      const rows = inTrainingDictionary(applicants());
      const s = shapValues(model, rows);
      for (let r = 0; r < rows.nRows; r++) {
        const exact = bruteForce(model, rows.take([r]), X, w);
        expect(Math.abs(s.bias - exact.bias)).toBeLessThan(1e-9);
        for (let f = 0; f < 3; f++) expect(Math.abs(s.contributions[r * 3 + f] - exact.phi[f])).toBeLessThan(1e-9);
      }
    });
  }

  it('the expected value is the weighted mean training log-odds, and the training contributions average 0', () => {
    const [, model] = models[0];
    const s = shapValues(model, X);
    const raw = logOdds(model, X);
    let total = 0;
    let mean = 0;
    for (let i = 0; i < X.nRows; i++) {
      total += w[i];
      mean += w[i] * raw[i];
    }
    expect(s.bias).toBeCloseTo(mean / total, 10);
    for (let f = 0; f < 3; f++) {
      let m = 0;
      for (let i = 0; i < X.nRows; i++) m += w[i] * s.contributions[i * 3 + f];
      expect(Math.abs(m / total)).toBeLessThan(1e-9);
    }
  });

  it('reason codes are the top positive contributions; PDs are predictProba\'s', () => {
    for (const [, model] of models) {
      const rows = applicants();
      const s = shapValues(model, rows);
      const pd = model.predictProba(rows);
      const codes = reasonCodes(model, rows, { top: 2 });
      codes.forEach((a, r) => {
        expect(a.pd).toBe(pd[r]);
        const c = Array.from(s.contributions.subarray(r * 3, r * 3 + 3));
        const want = c.map((v, f) => ({ v, f })).filter((e) => e.v > 0).sort((p, q) => q.v - p.v || p.f - q.f).slice(0, 2);
        expect(a.reasons.map((q) => q.feature)).toEqual(want.map((e) => s.featureNames[e.f]));
        expect(a.reasons.map((q) => q.contribution)).toEqual(want.map((e) => e.v));
      });
      expect(codes[2].reasons.find((q) => q.feature === 'utilization')?.value ?? 'missing').toBe('missing');
    }
  });

  it('saves the training means in the model file; a file without them needs background rows', () => {
    for (const [, model] of models) {
      const json = model.toJSON();
      const again = loadModel(JSON.parse(JSON.stringify(json)));
      expect(Array.from(shapValues(again, X).contributions)).toEqual(Array.from(shapValues(model, X).contributions));

      // A file written before the means were stored: it loads and predicts, and explains given background rows.
      const old = JSON.parse(JSON.stringify(json));
      delete old.preprocess.outputMeans;
      const oldModel = loadModel(old);
      expect(Array.from(oldModel.predictProba(X))).toEqual(Array.from(model.predictProba(X)));
      const e = errorOf(() => shapValues(oldModel, X));
      expect(e.code).toBe('E_NOT_EXPLAINABLE');
      expect(e.message).toMatch(/background/);
      // Background rows of unit weight: the unweighted training means.
      const viaBackground = shapValues(oldModel, applicants(), { background: X });
      const unitWeights = new Float64Array(X.nRows).fill(1);
      const exact = bruteForce(model, inTrainingDictionary(applicants()).take([0]), X, unitWeights);
      expect(Math.abs(viaBackground.bias - exact.bias)).toBeLessThan(1e-9);
      for (let f = 0; f < 3; f++) expect(Math.abs(viaBackground.contributions[f] - exact.phi[f])).toBeLessThan(1e-9);

      const bad = JSON.parse(JSON.stringify(json));
      bad.preprocess.outputMeans.pop();
      expect(errorOf(() => loadModel(bad)).where.path).toBe('preprocess.outputMeans');
    }
  });

  it('models without trees or a linear score are refused with E_NOT_EXPLAINABLE naming what is supported', () => {
    const rbf = new SVMClassifier({ kernel: 'rbf', nComponents: 20, calibrationFolds: 2 }).fit(X, y);
    const mlp = new MLPClassifier({ hiddenLayerSizes: [4], maxEpochs: 5 }).fit(X, y);
    for (const [model, kind, why] of [[rbf, 'SVMClassifier', /not linear/], [mlp, 'MLPClassifier', /neither trees nor a linear score/]] as const) {
      const e = errorOf(() => shapValues(model, X));
      expect(e.code).toBe('E_NOT_EXPLAINABLE');
      expect(e.message).toContain(kind);
      expect(e.message).toMatch(/LogisticRegression/);
      expect(e.message).toMatch(/gradient boosting/);
      expect(e.message).toMatch(why);
      expect(errorOf(() => reasonCodes(model, X)).code).toBe('E_NOT_EXPLAINABLE');
    }
    expect(errorOf(() => shapValues(new LogisticRegression(), X)).code).toBe('E_NOT_FITTED');
    const gbdt = new GradientBoostingClassifier({ nEstimators: 3 }).fit(X, y);
    expect(errorOf(() => shapValues(gbdt, X, { background: X })).code).toBe('E_OPTION');
    expect(errorOf(() => shapValues(models[0][1], X, { background: X.take([]) })).code).toBe('E_EMPTY_DATA');
  });
});
