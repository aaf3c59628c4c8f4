import { describe, expect, it } from 'vitest';
import { Dataset, GBDT_DEFAULTS, GradientBoostingClassifier } from '../../../src/index.js';
import type { GBDTOptions } from '../../../src/index.js';
import { additive, errorOf } from '../helpers.js';

const data = additive(500, 3, 3);
const cols = () => data.X.columns.map((c) => ({ ...c, values: c.values.slice() }));
const small = { nEstimators: 3 };

describe('fit rejects bad data', () => {
  it('Infinity in a feature: E_NONFINITE with the row and the column', () => {
    for (const bad of [Infinity, -Infinity]) {
      const c = cols();
      c[1].values[37] = bad;
      const e = errorOf(() => new GradientBoostingClassifier(small).fit(new Dataset(c), data.y));
      expect(e.code).toBe('E_NONFINITE');
      expect(e.where.row).toBe(37);
      expect(e.where.column).toBe('x1');
    }
    // plain rows name the column by its default name
    const rows = Array.from({ length: 20 }, (_, i) => [i, i % 3 === 0 ? Infinity : 1]);
    const e = errorOf(() => new GradientBoostingClassifier(small).fit(rows, rows.map((_, i) => i % 2)));
    expect(e.code).toBe('E_NONFINITE');
    expect(e.where).toEqual({ row: 0, column: 'f1' });
  });

  it('NaN (or any non 0/1) label: E_TARGET_INVALID with the row', () => {
    for (const bad of [NaN, 2, -1, 0.5]) {
      const y = data.y.slice();
      y[12] = bad;
      const e = errorOf(() => new GradientBoostingClassifier(small).fit(data.X, y));
      expect(e.code).toBe('E_TARGET_INVALID');
      expect(e.where.row).toBe(12);
    }
  });

  it('a single class: E_SINGLE_CLASS (also when weights zero out a class)', () => {
    expect(errorOf(() => new GradientBoostingClassifier(small).fit(data.X, new Float64Array(500))).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => new GradientBoostingClassifier(small).fit(data.X, new Float64Array(500).fill(1))).code).toBe('E_SINGLE_CLASS');
    const w = Float64Array.from(data.y, (y) => (y === 1 ? 0 : 1));
    expect(errorOf(() => new GradientBoostingClassifier(small).fit(data.X, data.y, { sampleWeight: w })).code).toBe('E_SINGLE_CLASS');
  });

  it('length mismatches: E_SHAPE', () => {
    expect(errorOf(() => new GradientBoostingClassifier(small).fit(data.X, data.y.subarray(1))).code).toBe('E_SHAPE');
    expect(errorOf(() => new GradientBoostingClassifier(small).fit(data.X, data.y, { sampleWeight: [1, 2] })).code).toBe('E_SHAPE');
    expect(errorOf(() => new GradientBoostingClassifier(small).fit(data.X, data.y, { evalSet: { X: data.X, y: data.y.subarray(5) } })).code).toBe('E_SHAPE');
    expect(errorOf(() => new GradientBoostingClassifier(small).fit([[1, 2], [3]], [0, 1])).code).toBe('E_SHAPE');
  });

  it('bad sample weights: E_NONFINITE with the row', () => {
    for (const bad of [NaN, -1, Infinity]) {
      const w = new Float64Array(500).fill(1);
      w[99] = bad;
      const e = errorOf(() => new GradientBoostingClassifier(small).fit(data.X, data.y, { sampleWeight: w }));
      expect(e.code).toBe('E_NONFINITE');
      expect(e.where.row).toBe(99);
    }
  });

  it('no rows or no columns: E_EMPTY_DATA', () => {
    expect(errorOf(() => new GradientBoostingClassifier(small).fit(new Dataset([]), [])).code).toBe('E_EMPTY_DATA');
    expect(errorOf(() => new GradientBoostingClassifier(small).fit(new Dataset([{ name: 'a', kind: 'numeric', values: new Float32Array(0) }]), [])).code).toBe('E_EMPTY_DATA');
  });

  it('an eval set lacking a feature: E_COLUMN_UNKNOWN naming it', () => {
    const e = errorOf(() => new GradientBoostingClassifier(small).fit(data.X, data.y, { evalSet: { X: data.X.drop(['x2']), y: data.y } }));
    expect(e.code).toBe('E_COLUMN_UNKNOWN');
    expect(e.message).toContain('x2');
  });

  it('a failed fit leaves the model unfitted and wasm memory usable', () => {
    const m = new GradientBoostingClassifier(small);
    errorOf(() => m.fit(data.X, data.y.subarray(1)));
    expect(m.isFitted).toBe(false);
    expect(m.fit(data.X, data.y).isFitted).toBe(true);
  });
});

describe('predict', () => {
  const model = new GradientBoostingClassifier(small).fit(data.X, data.y);

  it('before fit: E_NOT_FITTED', () => {
    const m = new GradientBoostingClassifier();
    for (const f of [() => m.predictProba(data.X), () => m.predictRaw(data.X), () => m.toJSON(), () => m.featureImportance()]) {
      expect(errorOf(f).code).toBe('E_NOT_FITTED');
    }
  });

  it('on data lacking a feature: E_COLUMN_UNKNOWN naming it', () => {
    const e = errorOf(() => model.predictProba(data.X.drop(['x1'])));
    expect(e.code).toBe('E_COLUMN_UNKNOWN');
    expect(e.where.column).toBe('x1');
    expect(e.message).toContain('x1');
    expect(e.message).not.toContain('x0');
  });

  it('ignores extra columns and reorders by name', () => {
    const shuffled = new Dataset([...data.X.columns].reverse().concat([{ name: 'extra', kind: 'numeric', values: new Float32Array(500) }]));
    expect(Array.from(model.predictProba(shuffled))).toEqual(Array.from(model.predictProba(data.X)));
  });

  it('Infinity in a feature: E_NONFINITE with row and column', () => {
    const c = cols();
    c[2].values[4] = -Infinity;
    const e = errorOf(() => model.predictProba(new Dataset(c)));
    expect(e.code).toBe('E_NONFINITE');
    expect(e.where).toEqual({ row: 4, column: 'x2' });
  });

  it('rows of the wrong width: E_SHAPE', () => {
    expect(errorOf(() => model.predictProba([[1, 2]])).code).toBe('E_SHAPE');
  });

  it('zero rows give an empty result', () => {
    expect(model.predictProba(data.X.take([])).length).toBe(0);
  });
});

describe('options', () => {
  it('an unknown option: E_OPTION naming it', () => {
    const e = errorOf(() => new GradientBoostingClassifier({ nEstimator: 10 } as unknown as Partial<GBDTOptions>));
    expect(e.code).toBe('E_OPTION');
    expect(e.message).toContain('nEstimator');
  });

  const bad: Array<[keyof GBDTOptions, unknown]> = [
    ['nEstimators', 0], ['nEstimators', 2.5], ['nEstimators', NaN],
    ['learningRate', 0], ['learningRate', 1.5], ['learningRate', NaN],
    ['maxDepth', -1], ['maxDepth', 31], ['maxDepth', 0], ['maxDepth', 1.5],
    ['maxLeaves', 1], ['maxLeaves', -2],
    ['growPolicy', 'bestfirst'],
    ['lambda', -1], ['lambda', Infinity], ['alpha', -0.1], ['gamma', NaN], ['minChildWeight', -1],
    ['maxBins', 1], ['maxBins', 257], ['subsample', 0], ['subsample', 1.1], ['colsampleByTree', 0],
    ['scalePosWeight', 0], ['scalePosWeight', Infinity], ['baseScore', 0], ['baseScore', 1],
    ['earlyStoppingRounds', -1], ['earlyStoppingRounds', 0.5], ['evalMetric', 'accuracy'], ['seed', 0.5],
    ['monotoneConstraints', { x0: 2 }],
  ];
  it.each(bad)('%s = %j: E_OPTION', (key, value) => {
    const e = errorOf(() => new GradientBoostingClassifier({ [key]: value } as Partial<GBDTOptions>));
    expect(e.code).toBe('E_OPTION');
    if (key !== 'monotoneConstraints') expect(e.message).toContain(key);
  });

  it('accepts every default and the documented special cases', () => {
    expect(new GradientBoostingClassifier({ ...GBDT_DEFAULTS }).options).toEqual(GBDT_DEFAULTS);
    expect(new GradientBoostingClassifier({ growPolicy: 'lossguide' }).options.maxLeaves).toBe(31);
    expect(new GradientBoostingClassifier({ growPolicy: 'lossguide', maxLeaves: 8, maxDepth: 0 }).options.maxDepth).toBe(0);
    expect(new GradientBoostingClassifier({ baseScore: null, learningRate: 1 }).options.baseScore).toBeNull();
  });

  it('earlyStoppingRounds without an evalSet: E_OPTION', () => {
    expect(errorOf(() => new GradientBoostingClassifier({ ...small, earlyStoppingRounds: 5 }).fit(data.X, data.y)).code).toBe('E_OPTION');
  });

  it('a monotone constraint on an unknown column: E_COLUMN_UNKNOWN naming it; on a categorical one: E_OPTION', () => {
    const e = errorOf(() => new GradientBoostingClassifier({ ...small, monotoneConstraints: { nope: 1 } }).fit(data.X, data.y));
    expect(e.code).toBe('E_COLUMN_UNKNOWN');
    expect(e.where.column).toBe('nope');
    const X = new Dataset([...data.X.columns, { name: 'grade', kind: 'categorical', values: new Float32Array(500), categories: ['A'] }]);
    const e2 = errorOf(() => new GradientBoostingClassifier({ ...small, monotoneConstraints: { grade: -1 } }).fit(X, data.y));
    expect(e2.code).toBe('E_OPTION');
    expect(e2.where.column).toBe('grade');
  });

  it('evalMetric auc with a single-class eval set: E_SINGLE_CLASS', () => {
    const e = errorOf(() => new GradientBoostingClassifier({ ...small, evalMetric: 'auc' }).fit(data.X, data.y, { evalSet: { X: data.X, y: new Float64Array(500) } }));
    expect(e.code).toBe('E_SINGLE_CLASS');
  });
});
