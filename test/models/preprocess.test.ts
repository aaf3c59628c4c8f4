import { describe, expect, it } from 'vitest';
import { Dataset, LogisticRegression, PREPROCESS_DEFAULTS, Preprocessor } from '../../src/index.js';
import { errorOf } from './helpers.js';

/** A numeric column with missing values, a constant column and a categorical one. */
function table(): Dataset {
  return new Dataset([
    { name: 'income', kind: 'numeric', values: Float32Array.from([1, 2, NaN, 4, 10]) },
    { name: 'flat', kind: 'numeric', values: Float32Array.from([3, 3, 3, 3, 3]) },
    { name: 'city', kind: 'categorical', values: Float32Array.from([0, 1, 0, NaN, 0]), categories: ['Bern', 'Basel', 'Chur'] },
  ]);
}

describe('Preprocessor', () => {
  it('imputes the training median, standardizes, one-hot encodes seen labels and adds missing indicators', () => {
    const prep = Preprocessor.fit(table(), PREPROCESS_DEFAULTS);
    // 'Chur' never occurs in training: no column for it.
    expect(prep.outputNames).toEqual(['income', 'income=(missing)', 'flat', 'city=Bern', 'city=Basel', 'city=(missing)']);
    const M = prep.transform(table());
    const col = (j: number): number[] => Array.from({ length: M.nRows }, (_, i) => M.data[i * M.nCols + j]);
    // median of 1, 2, 4, 10 is 3; the imputed column 1, 2, 3, 4, 10 has mean 4 and population sd √10
    const sd = Math.sqrt(10);
    col(0).forEach((v, i) => expect(v).toBeCloseTo(([1, 2, 3, 4, 10][i] - 4) / sd, 12));
    expect(col(1)).toEqual([0, 0, 1, 0, 0]);
    expect(col(2)).toEqual([0, 0, 0, 0, 0]); // constant: centred, scale 1
    expect(col(3)).toEqual([1, 0, 1, 0, 1]);
    expect(col(4)).toEqual([0, 1, 0, 0, 0]);
    expect(col(5)).toEqual([0, 0, 0, 1, 0]);
  });

  it('honours impute: mean, missingIndicators: false and standardize: false', () => {
    const prep = Preprocessor.fit(table(), { impute: 'mean', missingIndicators: false, standardize: false });
    expect(prep.outputNames).toEqual(['income', 'flat', 'city=Bern', 'city=Basel']);
    const M = prep.transform(table());
    expect(Array.from({ length: 5 }, (_, i) => M.data[i * 4])).toEqual([1, 2, 4.25, 4, 10]);
  });

  it('maps unseen and missing labels to all zeros and matches columns by name', () => {
    const prep = Preprocessor.fit(table(), { ...PREPROCESS_DEFAULTS, missingIndicators: false });
    const other = new Dataset([
      { name: 'city', kind: 'categorical', values: Float32Array.from([0, 1, 2]), categories: ['Chur', 'Basel', 'Zug'] },
      { name: 'flat', kind: 'numeric', values: Float32Array.from([3, 3, 3]) },
      { name: 'income', kind: 'numeric', values: Float32Array.from([4, 4, 4]) },
    ]);
    const M = prep.transform(other);
    const onehot = (i: number): number[] => [M.data[i * 4 + 2], M.data[i * 4 + 3]];
    expect([onehot(0), onehot(1), onehot(2)]).toEqual([[0, 0], [0, 1], [0, 0]]);
    expect(errorOf(() => prep.transform(other.drop(['income']))).code).toBe('E_COLUMN_UNKNOWN');
  });

  it('restates linear coefficients in original units exactly', () => {
    const X = Dataset.fromColumns({ a: [1, 5, 2, 8, 3, 9, 4, 7], b: [100, 300, 250, 120, 80, 400, 90, 310] });
    const y = [0, 1, 0, 1, 0, 1, 1, 0];
    const model = new LogisticRegression({ C: 0.5 }).fit(X, y);
    const k = model.coefficients();
    const raw = model.predictRaw(X);
    for (let i = 0; i < X.nRows; i++) {
      const z = k.intercept.original + k.original[0] * X.columns[0].values[i] + k.original[1] * X.columns[1].values[i];
      expect(z).toBeCloseTo(raw[i], 10);
    }
  });

  it('round-trips through JSON and rejects a corrupted one with its path', () => {
    const prep = Preprocessor.fit(table(), PREPROCESS_DEFAULTS);
    const json = JSON.parse(JSON.stringify(prep.toJSON()));
    const back = Preprocessor.fromJSON(json, 'preprocess');
    expect(Array.from(back.transform(table()).data)).toEqual(Array.from(prep.transform(table()).data));
    const bad = (edit: (j: any) => void): string | undefined => {
      const j = JSON.parse(JSON.stringify(json));
      edit(j);
      const e = errorOf(() => Preprocessor.fromJSON(j, 'preprocess'));
      expect(e.code).toBe('E_MODEL_FORMAT');
      return e.where.path;
    };
    expect(bad((j) => { j.steps[0].scale = 0; })).toBe('preprocess.steps[0].scale');
    expect(bad((j) => { j.steps[0].fill = 'x'; })).toBe('preprocess.steps[0].fill');
    expect(bad((j) => { j.steps[2].codes = [0, 7]; })).toBe('preprocess.steps[2].codes[1]');
    expect(bad((j) => { j.steps.pop(); })).toBe('preprocess.steps');
    expect(bad((j) => { j.features[1].kind = 'text'; })).toBe('preprocess.features[1]');
  });
});
