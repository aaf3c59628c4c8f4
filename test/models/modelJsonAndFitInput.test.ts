// One envelope reader, one fit-input check, one not-fitted error and one
// "no limit" spelling, the same for every model kind.
import { describe, expect, it } from 'vitest';
import {
  AdaBoostClassifier, type Classifier, Dataset, DecisionTreeClassifier, GradientBoostingClassifier, LogisticRegression, MLPClassifier,
  RandomForestClassifier, SVMClassifier,
} from '../../src/index.js';
import { errorOf, nonlinear } from './helpers.js';

const d = nonlinear(200, 3);
const kinds: [string, () => Classifier, { fromJSON(json: unknown): Classifier }][] = [
  ['gbdt', () => new GradientBoostingClassifier({ nEstimators: 3 }), GradientBoostingClassifier],
  ['decision tree', () => new DecisionTreeClassifier({ maxDepth: 3 }), DecisionTreeClassifier],
  ['random forest', () => new RandomForestClassifier({ nEstimators: 3, maxDepth: 3 }), RandomForestClassifier],
  ['adaboost', () => new AdaBoostClassifier({ nEstimators: 3 }), AdaBoostClassifier],
  ['logistic', () => new LogisticRegression(), LogisticRegression],
  ['svm', () => new SVMClassifier(), SVMClassifier],
  ['mlp', () => new MLPClassifier({ maxEpochs: 3 }), MLPClassifier],
];

describe.each(kinds)('%s', (_, make, cls) => {
  it('reads its envelope as every model does: JSON text or object, then format, name and version', () => {
    const model = make().fit(d.X, d.y);
    const text = JSON.stringify(model.toJSON());
    expect(JSON.stringify(cls.fromJSON(text).toJSON())).toBe(text);
    expect(errorOf(() => cls.fromJSON('{')).reason).toMatch(/^not valid JSON/);
    const notObject = errorOf(() => cls.fromJSON([]));
    expect([notObject.code, notObject.message, notObject.where.path]).toEqual(['E_MODEL_FORMAT', 'a model must be a JSON object', undefined]);
    for (const [key, value] of [['format', 'x'], ['name', 'Other'], ['version', 99]] as const) {
      const e = errorOf(() => cls.fromJSON({ ...JSON.parse(text), [key]: value }));
      expect([e.code, e.where.path]).toEqual(['E_MODEL_FORMAT', key]);
    }
    const twice = [{ name: 'a', kind: 'numeric' }, { name: 'a', kind: 'numeric' }];
    const saved = JSON.parse(text);
    const withTwice = 'features' in saved ? { ...saved, features: twice } : { ...saved, preprocess: { ...saved.preprocess, features: twice } };
    const features = errorOf(() => cls.fromJSON(withTwice));
    expect([features.code, features.reason]).toEqual(['E_MODEL_FORMAT', 'duplicate feature "a"']);
  });

  it('checks its training input as every model does', () => {
    const bad = (f: () => unknown) => { const e = errorOf(f); return [e.code, e.reason, e.where.row]; };
    expect(bad(() => make().fit(d.X, d.y, { sampleWeight: [...Array(199).fill(1), NaN] })))
      .toEqual(['E_NONFINITE', 'sampleWeight must be finite and >= 0, got NaN', 199]);
    expect(bad(() => make().fit(d.X, d.y, { sampleWeight: [1, 2] }))).toEqual(['E_SHAPE', 'sampleWeight has 2 values for 200 rows', undefined]);
    expect(bad(() => make().fit(d.X, d.y, { sampleWeight: Array.from(d.y, (v) => v) })))
      .toEqual(['E_SINGLE_CLASS', 'sampleWeight leaves one class with zero total weight', undefined]);
    expect(bad(() => make().fit(Dataset.fromColumns({ x: [] }), []))).toEqual(['E_EMPTY_DATA', 'no rows to train on', undefined]);
    expect(bad(() => make().fit(d.X, d.y.subarray(1)))).toEqual(['E_SHAPE', '200 rows but 199 labels', undefined]);
  });

  it('says "not fitted" as every model does', () => {
    const e = errorOf(() => make().predictProba(d.X));
    expect([e.code, e.message]).toEqual(['E_NOT_FITTED', 'the model is not fitted: call fit() or load one with fromJSON()']);
  });
});

describe('"no limit" on tree size', () => {
  it('is null for every tree model; gradient boosting also reads its older spelling 0, and saves 0 as before', () => {
    const zero = new GradientBoostingClassifier({ nEstimators: 3, growPolicy: 'lossguide', maxLeaves: 8, maxDepth: 0 }).fit(d.X, d.y);
    const nul = new GradientBoostingClassifier({ nEstimators: 3, growPolicy: 'lossguide', maxLeaves: 8, maxDepth: null }).fit(d.X, d.y);
    expect(JSON.stringify(nul.toJSON())).toBe(JSON.stringify(zero.toJSON()));
    expect(JSON.stringify(new GradientBoostingClassifier({ maxLeaves: null }).options)).toBe(JSON.stringify(new GradientBoostingClassifier().options));
    const saved = zero.toJSON() as { options: Record<string, unknown> };
    const fromNull = GradientBoostingClassifier.fromJSON({ ...saved, options: { ...saved.options, maxDepth: null } });
    expect(fromNull.predictProba(d.X)).toEqual(zero.predictProba(d.X));
    expect(new DecisionTreeClassifier({ maxDepth: null, maxLeaves: null }).options).toMatchObject({ maxDepth: null, maxLeaves: null });
    expect(errorOf(() => new GradientBoostingClassifier({ maxDepth: null })).code).toBe('E_OPTION'); // depthwise growth needs a depth
  });
});
