// What every non-tree baseline (logistic, svm, mlp) promises, checked on each.
import { describe, expect, it } from 'vitest';
import { CreditkitError, Dataset, LogisticRegression, MLPClassifier, MODEL_KINDS, Random, SVMClassifier, createModel, loadModel, rocAuc } from '../../src/index.js';
import type { Classifier } from '../../src/index.js';
import { additive, bitMismatches, errorOf } from './helpers.js';

/** Additive data with missing values (more often for defaulters in x1) and a categorical column. */
function mixed(n: number, seed: number): { X: Dataset; y: Float64Array } {
  const base = additive(n, seed, 3);
  const rng = new Random(seed + 7);
  const y = base.y;
  const x1 = base.X.columns[1].values.map((v, i) => (rng.next() < (y[i] === 1 ? 0.3 : 0.05) ? NaN : v));
  const grade = Float32Array.from({ length: n }, (_, i) => (rng.next() < 0.05 ? NaN : Math.min(2, Math.floor(rng.next() * 2 + y[i] * rng.next() * 1.5))));
  return {
    X: new Dataset([
      base.X.columns[0], { ...base.X.columns[1], values: x1 }, base.X.columns[2],
      { name: 'grade', kind: 'categorical', values: grade, categories: ['A', 'B', 'C'] },
    ]),
    y,
  };
}

const train = mixed(1500, 1);
const test = mixed(600, 2);

const kinds: Array<{ name: string; make: (o?: Record<string, unknown>) => Classifier; cls: { fromJSON(j: unknown): Classifier } }> = [
  { name: 'LogisticRegression', make: (o) => new LogisticRegression(o), cls: LogisticRegression },
  { name: 'LogisticRegression', make: (o) => new LogisticRegression({ penalty: 'l1', C: 0.05, ...o }), cls: LogisticRegression },
  { name: 'SVMClassifier', make: (o) => new SVMClassifier(o), cls: SVMClassifier },
  { name: 'SVMClassifier', make: (o) => new SVMClassifier({ kernel: 'rbf', nComponents: 64, loss: 'hinge', ...o }), cls: SVMClassifier },
  { name: 'MLPClassifier', make: (o) => new MLPClassifier(o), cls: MLPClassifier },
  { name: 'MLPClassifier', make: (o) => new MLPClassifier({ hiddenLayerSizes: [16, 8], earlyStopping: false, maxEpochs: 30, ...o }), cls: MLPClassifier },
];

describe('the non-tree baselines', () => {
  for (const [k, kind] of kinds.entries()) {
    describe(`${kind.name} #${k}`, () => {
      const model = kind.make().fit(train.X, train.y);
      const p = model.predictProba(test.X);

      it('learns from data with missing values and a categorical column', () => {
        expect(p.every((v) => v > 0 && v < 1)).toBe(true);
        expect(rocAuc(test.y, p)).toBeGreaterThan(0.75);
      });

      it('round-trips through JSON with bit-identical predictions, also through loadModel', () => {
        const text = JSON.stringify(model.toJSON());
        const json = JSON.parse(text);
        expect(json).toMatchObject({ format: 'creditkit-model', name: kind.name, version: 1 });
        const back = kind.cls.fromJSON(json);
        expect(bitMismatches(back.predictProba(test.X), p)).toBe(0);
        expect(JSON.stringify(back.toJSON())).toBe(text);
        const loaded = loadModel(text);
        expect(loaded).toBeInstanceOf(model.constructor);
        expect(bitMismatches(loaded.predictProba(test.X), p)).toBe(0);
        expect(loaded.featureSpecs).toEqual(model.featureSpecs);
      });

      it('is deterministic: the same data and options give the same model JSON', () => {
        expect(JSON.stringify(kind.make().fit(train.X, train.y).toJSON())).toBe(JSON.stringify(model.toJSON()));
      });

      it('treats integer sample weights like repeated rows', () => {
        // Weight 2 on the first 200 rows against those rows appearing twice; the MLP and
        // SVM see rows in another order, so only the linear model is compared exactly.
        const w = Float64Array.from({ length: train.y.length }, (_, i) => (i < 200 ? 2 : 1));
        const weighted = kind.make().fit(train.X, train.y, { sampleWeight: w });
        const rows = [...Array(train.y.length).keys(), ...Array(200).keys()];
        if (model instanceof LogisticRegression) {
          const dup = kind.make().fit(train.X.take(rows), rows.map((i) => train.y[i]));
          const a = weighted.predictProba(test.X);
          const b = dup.predictProba(test.X);
          a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-9));
        } else {
          expect(bitMismatches(weighted.predictProba(test.X), p)).toBeGreaterThan(0);
        }
        const zero = Float64Array.from(train.y, (v) => (v === 1 ? 0 : 1));
        expect(errorOf(() => kind.make().fit(train.X, train.y, { sampleWeight: zero })).code).toBe('E_SINGLE_CLASS');
        expect(errorOf(() => kind.make().fit(train.X, train.y, { sampleWeight: [1, 2] })).code).toBe('E_SHAPE');
        expect(errorOf(() => kind.make().fit(train.X, train.y, { sampleWeight: Float64Array.from(train.y, () => NaN) })).code).toBe('E_NONFINITE');
      });

      it('rejects bad input with CreditkitError codes', () => {
        expect(errorOf(() => kind.make().predictProba(test.X)).code).toBe('E_NOT_FITTED');
        expect(errorOf(() => kind.make().toJSON()).code).toBe('E_NOT_FITTED');
        expect(errorOf(() => kind.make().fit(train.X, new Float64Array(train.y.length))).code).toBe('E_SINGLE_CLASS');
        expect(errorOf(() => kind.make().fit(train.X, train.y.slice(1))).code).toBe('E_SHAPE');
        expect(errorOf(() => kind.make().fit(train.X, Float64Array.from(train.y, (v, i) => (i === 3 ? 2 : v)))).code).toBe('E_TARGET_INVALID');
        const inf = new Dataset([{ name: 'a', kind: 'numeric', values: Float32Array.from([1, Infinity, 2, 3]) }]);
        expect(errorOf(() => kind.make().fit(inf, [0, 1, 0, 1])).code).toBe('E_NONFINITE');
        expect(errorOf(() => model.predictProba(test.X.drop(['x0']))).code).toBe('E_COLUMN_UNKNOWN');
        expect(errorOf(() => kind.make({ nonsense: 1 })).code).toBe('E_OPTION');
        expect(errorOf(() => kind.make({ impute: 'mode' })).code).toBe('E_OPTION');
      });

      it('validates a saved model fully (E_MODEL_FORMAT with the JSON path)', () => {
        const json = model.toJSON();
        const broken = (edit: (j: any) => void): CreditkitError => {
          const j = JSON.parse(JSON.stringify(json));
          edit(j);
          return errorOf(() => loadModel(j));
        };
        const arrays = Object.entries(json).filter(([, v]) => Array.isArray(v)).map(([key]) => key);
        for (const key of arrays) {
          const e = broken((j) => { j[key].pop(); });
          expect(e.code).toBe('E_MODEL_FORMAT');
          expect(e.where.path).toBe(key);
        }
        expect(broken((j) => { j.version = 99; }).where.path).toBe('version');
        expect(broken((j) => { j.options.C = -1; j.options.alpha = -1; }).where.path).toBe('options');
        expect(broken((j) => { delete j.preprocess; }).where.path).toBe('preprocess');
        expect(broken((j) => { j.preprocess.steps[0].center = null; }).where.path).toBe('preprocess.steps[0].center');
      });
    });
  }

  it('are in the model factory with documented descriptions', () => {
    for (const name of ['logistic', 'svm', 'mlp']) {
      expect(MODEL_KINDS[name].description.length).toBeGreaterThan(10);
      expect(createModel(name).featureSpecs).toEqual([]); // built, not yet fitted
    }
    expect(createModel('svm', { seed: 3 })).toBeInstanceOf(SVMClassifier);
    expect(createModel('mlp', { seed: 3 })).toBeInstanceOf(MLPClassifier);
    expect(createModel('logistic', { penalty: 'l1' })).toBeInstanceOf(LogisticRegression);
    expect(errorOf(() => createModel('svm', { kernel: 'poly' })).code).toBe('E_OPTION');
  });
});
