import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, loadModel, rocAuc } from '../../../src/index.js';
import { additive, bitMismatches, errorOf, sigmoid, slice } from '../helpers.js';
import { Random } from '../../../src/random.js';

const logLossOf = (y: Float64Array, p: Float64Array): number => -y.reduce((s, v, i) => s + (v ? Math.log(p[i]) : Math.log(1 - p[i])), 0) / y.length;
const maxAbsDiff = (a: Float64Array, b: Float64Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

/** The additive problem with the sign of x1's effect flipped and x3's doubled: a drifted population. */
function drifted(n: number, seed: number): { X: Dataset; y: Float64Array } {
  const base = additive(n, seed);
  const rng = new Random(seed + 1);
  const x = base.X.columns.map((c) => c.values);
  const y = Float64Array.from({ length: n }, (_, i) => {
    const z = -0.5 + x[0][i] + 1.3 * x[1][i] + 1.6 * x[2][i] - 3.2 * x[3][i];
    return rng.next() < sigmoid(z) ? 1 : 0;
  });
  return { X: base.X, y };
}

describe('GradientBoostingClassifier warm start', () => {
  const data = additive(6000, 17);
  const train = slice(data, 0, 4000);
  const test = slice(data, 4000, 6000);
  const opts = { maxDepth: 3, learningRate: 0.1, seed: 2 };

  it('50 + 50 rounds on the same data give the 100-round model', () => {
    const full = new GradientBoostingClassifier({ ...opts, nEstimators: 100 }).fit(train.X, train.y);
    const first = new GradientBoostingClassifier({ ...opts, nEstimators: 50 }).fit(train.X, train.y);
    const both = new GradientBoostingClassifier({ ...opts, nEstimators: 50 }).fit(train.X, train.y, { initModel: first });
    expect(both.nTrees).toBe(100);
    expect(first.nTrees).toBe(50); // the old model is left as it was
    expect(both.baseScoreMargin).toBe(first.baseScoreMargin);
    expect(maxAbsDiff(both.predictProba(test.X), full.predictProba(test.X))).toBeLessThan(1e-6);
    const viaContinue = first.continueFit(train.X, train.y, { nEstimators: 50 });
    expect(bitMismatches(viaContinue.predictProba(test.X), both.predictProba(test.X))).toBe(0);
  });

  it('continuing on drifted data improves AUC on that population, starting from the old scores', () => {
    const old = new GradientBoostingClassifier({ ...opts, nEstimators: 100 }).fit(train.X, train.y);
    const shifted = drifted(6000, 99);
    const newTrain = { X: shifted.X.take(Array.from({ length: 3000 }, (_, i) => i)), y: shifted.y.slice(0, 3000) };
    const newTest = { X: shifted.X.take(Array.from({ length: 3000 }, (_, i) => 3000 + i)), y: shifted.y.slice(3000) };
    let firstEval = NaN;
    const updated = new GradientBoostingClassifier({ ...opts, nEstimators: 60 }).fit(newTrain.X, newTrain.y, {
      initModel: old,
      evalSet: newTest,
      onProgress: (p) => { if (p.iteration === 1) firstEval = p.evalScore!; },
    });
    expect(updated.nTrees).toBe(160);
    const oldAuc = rocAuc(newTest.y, old.predictProba(newTest.X));
    const newAuc = rocAuc(newTest.y, updated.predictProba(newTest.X));
    expect(newAuc).toBeGreaterThan(oldAuc + 0.05);
    // The eval history is numbered after the old trees; a near-zero step shows the
    // new rounds start from the old model's scores of the new rows (not from the base score).
    expect(updated.evalHistory[0].iteration).toBe(100);
    expect(firstEval).toBeLessThan(logLossOf(newTest.y, old.predictProba(newTest.X)));
    const still = new GradientBoostingClassifier({ ...opts, nEstimators: 1, learningRate: 1e-9 }).fit(newTrain.X, newTrain.y, { initModel: old, evalSet: newTest });
    expect(still.evalHistory[0].evalScore).toBeCloseTo(logLossOf(newTest.y, old.predictProba(newTest.X)), 7);
  });

  it('round-trips through JSON bit for bit, and continues a loaded model', () => {
    const first = new GradientBoostingClassifier({ ...opts, nEstimators: 20 }).fit(train.X, train.y);
    const loaded = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(first)));
    const a = new GradientBoostingClassifier({ ...opts, nEstimators: 20 }).fit(train.X, train.y, { initModel: first });
    const b = new GradientBoostingClassifier({ ...opts, nEstimators: 20 }).fit(train.X, train.y, { initModel: loaded });
    expect(bitMismatches(a.predictProba(test.X), b.predictProba(test.X))).toBe(0);
    const again = loadModel(JSON.stringify(a));
    expect(bitMismatches(again.predictProba(test.X), a.predictProba(test.X))).toBe(0);
    expect(JSON.stringify(again)).toBe(JSON.stringify(a));
  });

  it('keeps the early-stopping best round counted over all trees', () => {
    const first = new GradientBoostingClassifier({ ...opts, nEstimators: 30 }).fit(train.X, train.y);
    const m = new GradientBoostingClassifier({ ...opts, nEstimators: 200, learningRate: 0.3, earlyStoppingRounds: 5 })
      .fit(train.X, train.y, { initModel: first, evalSet: { X: test.X, y: test.y } });
    expect(m.bestIteration).toBeGreaterThanOrEqual(30);
    expect(m.nTrees).toBe(m.bestIteration + 1);
  });

  it('reads new data with the old schema: extra columns ignored, categories matched by label, missing columns rejected', () => {
    const rng = new Random(4);
    const n = 1500;
    const grade = Array.from({ length: n }, () => ['a', 'b', 'c'][rng.int(3)]);
    const x = Array.from({ length: n }, () => rng.next());
    const y = Float64Array.from(grade, (g, i) => (rng.next() < (g === 'c' ? 0.6 : 0.1) + 0.2 * x[i] ? 1 : 0));
    const gradeColumn = (dict: string[]) => ({ name: 'grade', kind: 'categorical' as const, categories: dict, values: Float32Array.from(grade, (g) => dict.indexOf(g)) });
    const xColumn = { name: 'x', kind: 'numeric' as const, values: Float32Array.from(x) };
    const old = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 2 }).fit(new Dataset([gradeColumn(['a', 'b', 'c']), xColumn]), y);
    // The same rows with the columns in another order, a new column, and a dictionary in another order.
    const flipped = new Dataset([{ name: 'extra', kind: 'numeric', values: Float32Array.from(x, (v) => 2 * v) }, xColumn, gradeColumn(['c', 'b', 'a'])]);
    const m = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 2 }).fit(flipped, y, { initModel: old });
    expect(m.featureNames).toEqual(['grade', 'x']);
    expect(m.featureSpecs[0].categories).toEqual(old.featureSpecs[0].categories);
    const original = new Dataset([gradeColumn(['a', 'b', 'c']), xColumn]);
    expect(bitMismatches(m.predictProba(flipped), m.predictProba(original))).toBe(0);
    expect(rocAuc(y, m.predictProba(flipped))).toBeGreaterThan(rocAuc(y, old.predictProba(flipped)) - 1e-9);
    const e = errorOf(() => new GradientBoostingClassifier({ nEstimators: 5 }).fit(Dataset.fromColumns({ x }), y, { initModel: old }));
    expect(e.code).toBe('E_COLUMN_UNKNOWN');
    expect(e.where.column).toBe('grade');
    expect(errorOf(() => new GradientBoostingClassifier().fit(train.X, train.y, { initModel: new GradientBoostingClassifier() })).code).toBe('E_NOT_FITTED');
  });
});
