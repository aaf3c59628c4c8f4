// binRows + predictProbaBinned on every tree model: bit-identical to
// predictProba on Give Me Some Credit (bundled), German credit (categorical
// columns), synthetic data with missing values and imported XGBoost models;
// and the errors a user can meet.
import { describe, expect, it } from 'vitest';
import {
  AdaBoostClassifier, BinnedRows, Dataset, DecisionTreeClassifier, GradientBoostingClassifier, importXGBoostJSON, loadModel,
  MAX_THRESHOLDS_PER_FEATURE, RandomForestClassifier, Tree,
} from '../../../src/index.js';
import { MISSING_BIN } from '../../../src/wasm/layout.js';
import { treeEnsembleOf } from '../../../src/explain/shapValues.js';
import type { Classifier } from '../../../src/models/classifier.js';
import { PackedForest } from '../../../src/models/predict/packedForest.js';
import { alignColumns } from '../../../src/models/schema.js';
import { Random } from '../../../src/random.js';
import { fixtureText, IMPORT_FIXTURES, readCases } from '../../interop/fixtures.js';
import { additive, bitMismatches, errorOf } from '../helpers.js';
import { german, gmsc } from '../treeData.js';

interface BinnedModel {
  predictProba(X: Dataset | number[][]): Float64Array;
  binRows(X: Dataset | number[][]): BinnedRows;
  predictProbaBinned(rows: BinnedRows): Float64Array;
  toJSON(): unknown;
}

/** Synthetic rows where every feature has ~15% missing values. */
function withMissing(n: number, seed: number): { X: Dataset; y: Float64Array } {
  const s = additive(n, seed, 5);
  const rng = new Random(seed + 1);
  for (const c of s.X.columns) for (let i = 0; i < n; i++) if (rng.next() < 0.15) c.values[i] = NaN;
  return { X: s.X, y: s.y };
}

/** PDs from the float kernels alone (no binning anywhere), composed as each model's predictProba does. */
function floatKernelPd(model: BinnedModel, X: Dataset | number[][]): Float64Array {
  const m = model as unknown as Classifier;
  const { trees, base, scale, link = 'logit' } = treeEnsembleOf(m);
  const { columns, nRows } = alignColumns(m.featureSpecs, X);
  const out = new PackedForest(trees, m.featureSpecs.length, 'complete').predict(columns, nRows, base, link === 'logit');
  if (link !== 'logit' && scale !== 1) for (let i = 0; i < nRows; i++) out[i] *= scale;
  return out;
}

function expectBinnedEqualsRaw(model: BinnedModel, X: Dataset): void {
  const rows = model.binRows(X);
  expect(rows.nRows).toBe(X.nRows);
  expect(bitMismatches(model.predictProbaBinned(rows), model.predictProba(X))).toBe(0);
  expect(bitMismatches(model.predictProbaBinned(rows), floatKernelPd(model, X))).toBe(0);
  // Saved and reloaded, the model bins the same way and scores the same rows the same.
  const again = loadModel(JSON.stringify(model.toJSON())) as unknown as BinnedModel;
  expect(again.binRows(X).digest).toBe(rows.digest);
  expect(bitMismatches(again.predictProbaBinned(rows), model.predictProba(X))).toBe(0);
}

const makers: Record<string, () => BinnedModel> = {
  gbdt: () => new GradientBoostingClassifier({ nEstimators: 40, maxDepth: 5, learningRate: 0.2, seed: 1 }),
  'gbdt, lossguide 24 leaves': () => new GradientBoostingClassifier({ nEstimators: 10, growPolicy: 'lossguide', maxDepth: 0, maxLeaves: 24, seed: 2 }),
  'decision tree (full depth)': () => new DecisionTreeClassifier({ seed: 3 }),
  'random forest': () => new RandomForestClassifier({ nEstimators: 15, maxDepth: 10, seed: 4 }),
  adaboost: () => new AdaBoostClassifier({ nEstimators: 25, seed: 5 }),
};

describe('predictProbaBinned equals predictProba bit for bit', () => {
  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: Give Me Some Credit (missing incomes) and synthetic rows with 15% missing values`, async () => {
      const { Xtr, ytr, Xte } = await gmsc(6000);
      expectBinnedEqualsRaw((make() as unknown as { fit(X: Dataset, y: Float64Array): BinnedModel }).fit(Xtr, ytr), Xte);
      const train = withMissing(3000, 7);
      const test = withMissing(5000, 8);
      expectBinnedEqualsRaw((make() as unknown as { fit(X: Dataset, y: Float64Array): BinnedModel }).fit(train.X, train.y), test.X);
    });
  }

  it('German credit: categorical columns are recoded to the training dictionary before binning', async () => {
    const { Xtr, ytr, Xte } = await german();
    expect(Xte.columns.some((c) => c.kind === 'categorical')).toBe(true);
    const model = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 4, seed: 0 }).fit(Xtr, ytr);
    expectBinnedEqualsRaw(model, Xte);
    expect(bitMismatches(model.predictRawBinned(model.binRows(Xte)), model.predictRaw(Xte))).toBe(0);
  });

  for (const name of IMPORT_FIXTURES) {
    it(`imported XGBoost model (${name}): held-out rows, rows exactly at thresholds, an all-missing row`, () => {
      const model = importXGBoostJSON(fixtureText(`xgb-${name}.model.json`));
      const { rows } = readCases(`xgb-${name}.cases.json`);
      const binned = model.binRows(rows);
      expect(bitMismatches(model.predictProbaBinned(binned), model.predictProba(rows))).toBe(0);
      expect(bitMismatches(model.predictProbaBinned(binned), floatKernelPd(model, rows))).toBe(0);
      expect(bitMismatches(model.predictRawBinned(binned), model.predictRaw(rows))).toBe(0);
      const allMissing = rows[rows.length - 1];
      expect(allMissing.every((v) => Number.isNaN(v))).toBe(true);
      expect(Array.from(binned.bins.subarray((rows.length - 1) * binned.nFeatures))).toEqual(allMissing.map(() => MISSING_BIN));
    });
  }
});

describe('binned scoring errors', () => {
  it('rejects rows binned by another model, with another feature count, or not BinnedRows at all', async () => {
    const { Xtr, ytr, Xte } = await gmsc(3000);
    const a = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 3, seed: 0 }).fit(Xtr, ytr);
    const b = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 3, learningRate: 0.5, subsample: 0.5, seed: 9 }).fit(Xtr, ytr);
    const rowsA = a.binRows(Xte);
    expect(b.binRows(Xte).digest).not.toBe(rowsA.digest);
    const e = errorOf(() => b.predictProbaBinned(rowsA));
    expect(e.code).toBe('E_BINNED_MISMATCH');
    expect(e.message).toMatch(/binned for another model/);
    // Another model type with other thresholds is refused the same way.
    const tree = new DecisionTreeClassifier({ maxDepth: 3 }).fit(Xtr, ytr);
    expect(errorOf(() => tree.predictProbaBinned(rowsA)).code).toBe('E_BINNED_MISMATCH');
    const narrow = new BinnedRows(new Uint8Array(rowsA.nRows * 3), rowsA.nRows, 3, rowsA.digest);
    expect(errorOf(() => a.predictProbaBinned(narrow)).code).toBe('E_BINNED_MISMATCH');
    expect(errorOf(() => a.predictProbaBinned({ ...rowsA } as BinnedRows)).code).toBe('E_OPTION');
    // Stored bytes rebuilt into BinnedRows score as the original.
    const rebuilt = new BinnedRows(rowsA.bins.slice(), rowsA.nRows, rowsA.nFeatures, rowsA.digest);
    expect(bitMismatches(a.predictProbaBinned(rebuilt), a.predictProba(Xte))).toBe(0);
  });

  it('binRows checks the input as predictProba does: column count, unknown columns, Infinity; NaN is missing', () => {
    const { X, y } = withMissing(800, 3);
    const model = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 3, seed: 0 }).fit(X, y);
    expect(errorOf(() => model.binRows([[1, 2, 3]])).code).toBe('E_SHAPE');
    expect(errorOf(() => model.binRows(X.drop(['x2']))).code).toBe('E_COLUMN_UNKNOWN');
    const inf = errorOf(() => model.binRows([[0, 0, Infinity, 0, 0]]));
    expect(inf.code).toBe('E_NONFINITE');
    expect(inf.where.column).toBe('x2');
    expect(errorOf(() => model.binRows([[0, -Infinity, 0, 0, 0]])).code).toBe('E_NONFINITE');
    const missing = model.binRows([[NaN, 0, NaN, 0, 0]]);
    expect(missing.bins[0]).toBe(MISSING_BIN);
    expect(missing.bins[2]).toBe(MISSING_BIN);
    expect(model.predictProbaBinned(missing)[0]).toBe(model.predictProba([[NaN, 0, NaN, 0, 0]])[0]);
    expect(model.predictProbaBinned(model.binRows([])).length).toBe(0);
    expect(errorOf(() => new GradientBoostingClassifier().binRows(X)).code).toBe('E_NOT_FITTED');
    expect(errorOf(() => new RandomForestClassifier().binRows(X)).code).toBe('E_NOT_FITTED');
  });

  it('BinnedRows checks its shape', () => {
    expect(errorOf(() => new BinnedRows(new Uint8Array(10), 3, 3, 'abc')).code).toBe('E_SHAPE');
    expect(errorOf(() => new BinnedRows(new Uint8Array(9), 3, 0, 'abc')).code).toBe('E_OPTION');
    expect(errorOf(() => new BinnedRows(new Uint8Array(9), 3, 3, '')).code).toBe('E_OPTION');
    expect(errorOf(() => new BinnedRows([1, 2] as unknown as Uint8Array, 1, 2, 'abc')).code).toBe('E_OPTION');
  });

  it(`refuses a feature split at more than ${MAX_THRESHOLDS_PER_FEATURE} distinct thresholds (E_TOO_MANY_THRESHOLDS), naming it`, () => {
    // A chain of splits on feature "b": node i splits at i / 10 and sends the rest right.
    const chain = (n: number): Tree => Tree.fromLists({
      feature: Array.from({ length: n }, () => 1),
      threshold: Array.from({ length: n }, (_, i) => i / 10),
      defaultLeft: Array.from({ length: n }, () => 0),
      left: Array.from({ length: n }, (_, i) => ~i),
      right: Array.from({ length: n }, (_, i) => (i + 1 < n ? i + 1 : ~n)),
      gain: new Float64Array(n), cover: new Float64Array(n), value: new Float64Array(n),
      leafValue: Array.from({ length: n + 1 }, (_, i) => i / 1000), leafCover: new Float64Array(n + 1),
    });
    const features = [{ name: 'a', kind: 'numeric' as const }, { name: 'b', kind: 'numeric' as const }];
    const ok = GradientBoostingClassifier.fromTrees([chain(MAX_THRESHOLDS_PER_FEATURE)], features, 0);
    const rows = [[0, -1], [0, 0], [0, 12.35], [0, 25.3], [0, 100], [0, NaN]];
    expect(bitMismatches(ok.predictProbaBinned(ok.binRows(rows)), ok.predictProba(rows))).toBe(0);
    const tooMany = GradientBoostingClassifier.fromTrees([chain(MAX_THRESHOLDS_PER_FEATURE + 1)], features, 0);
    const e = errorOf(() => tooMany.binRows(rows));
    expect(e.code).toBe('E_TOO_MANY_THRESHOLDS');
    expect(e.where.column).toBe('b');
    expect(tooMany.predictProba(rows).length).toBe(rows.length);
  });
});
