// Reason codes on a hand-made model whose SHAP values are known exactly:
// four stumps over a numeric, a categorical, a second numeric and an age
// feature (mean of each stump 0 or -0.5, so φ = leaf − mean).
import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, Tree, loadModel } from '../../src/index.js';
import type { Classifier } from '../../src/index.js';
import { float32Text } from '../../src/data/float32Text.js';
import { reasonCodes, valueText } from '../../src/explain/reasonCodes.js';
import { shapImportance } from '../../src/explain/shapImportance.js';
import { shapValues } from '../../src/explain/shapValues.js';
import { errorOf } from '../errorOf.js';

function stump(feature: number, threshold: number, defaultLeft: number, leaves: [number, number], covers: [number, number]): Tree {
  return new Tree({
    feature: Int32Array.of(feature), threshold: Float32Array.of(threshold), defaultLeft: Uint8Array.of(defaultLeft),
    left: Int32Array.of(~0), right: Int32Array.of(~1), gain: Float64Array.of(1), cover: Float64Array.of(covers[0] + covers[1]),
    value: Float64Array.of(0), leafValue: Float64Array.from(leaves), leafCover: Float64Array.from(covers),
  });
}

const SEGMENTS = ['retail', 'sme', 'corporate'];
const model = GradientBoostingClassifier.fromTrees(
  [
    stump(0, 0.5, 0, [-1, 1], [3, 1]), //        utilization: φ = -0.5 below 0.5, +1.5 from 0.5 or missing
    stump(1, 0.5, 1, [0.6, -0.2], [1, 3]), //    segment: φ = +0.6 for retail or missing, -0.2 otherwise
    stump(2, 0.1, 0, [-0.3, 0.3], [1, 1]), //    dti: φ = -0.3 below 0.1, +0.3 from 0.1 or missing
    stump(3, 30, 1, [0.6, -0.6], [1, 1]), //     age: φ = +0.6 below 30, -0.6 from 30
  ],
  [
    { name: 'utilization', kind: 'numeric' },
    { name: 'segment', kind: 'categorical', categories: SEGMENTS },
    { name: 'dti', kind: 'numeric' },
    { name: 'age', kind: 'numeric' },
  ],
  -2,
);

const data = new Dataset([
  { name: 'applicant', kind: 'numeric', values: Float32Array.of(101, 102, 103, 104) },
  { name: 'utilization', kind: 'numeric', values: Float32Array.of(0.9, 0.1, 0.2, NaN) },
  { name: 'segment', kind: 'categorical', values: Float32Array.of(0, 1, 2, NaN), categories: SEGMENTS },
  { name: 'dti', kind: 'numeric', values: Float32Array.of(0.25, NaN, 0.05, 0.1) },
  { name: 'age', kind: 'numeric', values: Float32Array.of(25, 40, 50, 30) },
]);

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('reason codes', () => {
  it('SHAP values of the hand-made model are the known ones', () => {
    const s = shapValues(model, data);
    expect(s.featureNames).toEqual(['utilization', 'segment', 'dti', 'age']);
    expect(s.bias).toBeCloseTo(-2.5, 12);
    const want = [
      [1.5, 0.6, 0.3, 0.6],
      [-0.5, -0.2, 0.3, -0.6],
      [-0.5, -0.2, -0.3, -0.6],
      [1.5, 0.6, 0.3, -0.6],
    ];
    want.forEach((row, r) => row.forEach((v, f) => expect(s.contributions[r * 4 + f]).toBeCloseTo(v, 12)));
  });

  it('the top k positive contributions, largest first, ties in feature order, with the values as text', () => {
    const rc = reasonCodes(model, data, { top: 3 });
    expect(rc.map((a) => a.reasons.map((r) => [r.feature, r.value]))).toEqual([
      [['utilization', '0.9'], ['segment', 'retail'], ['age', '25']],
      [['dti', 'missing']],
      [],
      [['utilization', 'missing'], ['segment', 'missing'], ['dti', '0.1']],
    ]);
    expect(rc[0].reasons.map((r) => r.contribution)).toEqual([expect.closeTo(1.5, 12), expect.closeTo(0.6, 12), expect.closeTo(0.6, 12)]);
  });

  it('PD is predictProba (bit for bit); pdImpact is the PD minus the PD without the contribution', () => {
    const rc = reasonCodes(model, data);
    const pd = model.predictProba(data);
    const raw = model.predictRaw(data);
    rc.forEach((a, r) => {
      expect(a.pd).toBe(pd[r]);
      expect(a.raw).toBeCloseTo(raw[r], 12);
      for (const reason of a.reasons) {
        expect(reason.contribution).toBeGreaterThan(0);
        expect(reason.pdImpact).toBeCloseTo(pd[r] - sigmoid(raw[r] - reason.contribution), 12);
        expect(reason.pdImpact).toBeGreaterThan(0);
      }
    });
    expect(rc[0].reasons).toHaveLength(4); // default top 4
  });

  it('a saved and reloaded model explains bit-identically', () => {
    const again = loadModel(JSON.stringify(model)) as GradientBoostingClassifier;
    expect(Array.from(shapValues(again, data).contributions)).toEqual(Array.from(shapValues(model, data).contributions));
  });

  it('value text: the shortest decimal of the float32, category labels, "missing"', () => {
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(1234.5678))).toBe('1234.5677');
    expect(float32Text(Math.fround(-3e-7))).toBe('-3e-7');
    expect(float32Text(42)).toBe('42');
    for (const v of [Math.fround(Math.PI), Math.fround(1 / 3), Math.fround(6.02e23)]) expect(Math.fround(Number(float32Text(v)))).toBe(v);
    expect(valueText(2, { name: 's', kind: 'categorical', categories: SEGMENTS })).toBe('corporate');
    expect(valueText(NaN, { name: 'x', kind: 'numeric' })).toBe('missing');
  });

  it('global importance: mean |SHAP| per feature, largest first', () => {
    const imp = shapImportance(shapValues(model, data));
    expect(imp.map((g) => g.feature)).toEqual(['utilization', 'age', 'segment', 'dti']);
    expect(imp[0].meanAbs).toBeCloseTo(1, 12);
    expect(imp[0].mean).toBeCloseTo(0.5, 12);
  });

  it('bad options and models are CreditkitErrors', () => {
    expect(errorOf(() => reasonCodes(model, data, { top: 0 })).code).toBe('E_OPTION');
    expect(errorOf(() => reasonCodes(model, data, { top: 1.5 })).code).toBe('E_OPTION');
    expect(errorOf(() => shapValues(new GradientBoostingClassifier(), data)).code).toBe('E_NOT_FITTED');
    expect(errorOf(() => shapValues(model, data.drop(['dti']))).code).toBe('E_COLUMN_UNKNOWN');
    expect(errorOf(() => shapValues(model, [[1, 0, Infinity, 3]])).code).toBe('E_NONFINITE');
    expect(errorOf(() => shapValues(model, [[1, 2]])).code).toBe('E_SHAPE');
    const notATree = { featureSpecs: [], fit() { return this; }, predictProba: () => new Float64Array(0), toJSON: () => ({}) } as unknown as Classifier;
    expect(errorOf(() => shapValues(notATree, data)).code).toBe('E_NOT_EXPLAINABLE');
  });

  it('a tree model that is not a GBDT plugs in through treeEnsemble() (averaging forest, PD scale)', () => {
    const trees = [stump(0, 0.5, 0, [0.1, 0.5], [3, 1]), stump(0, 0.7, 0, [0.2, 0.6], [1, 1])];
    const forest = {
      featureSpecs: [{ name: 'utilization', kind: 'numeric' as const }],
      treeEnsemble: () => ({ trees, base: 0, scale: 0.5, link: 'identity' as const }),
      fit() { return this; },
      predictProba: () => Float64Array.of(0.55),
      toJSON: () => ({}),
    } as unknown as Classifier;
    const s = shapValues(forest, [[0.9]]);
    expect(s.link).toBe('identity');
    expect(s.bias).toBeCloseTo(0.5 * (0.2 + 0.4), 12);
    expect(s.bias + s.contributions[0]).toBeCloseTo(0.55, 12);
    const [a] = reasonCodes(forest, [[0.9]]);
    expect(a.reasons[0].pdImpact).toBeCloseTo(s.contributions[0], 12);
  });
});
