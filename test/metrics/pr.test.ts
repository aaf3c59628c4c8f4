import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { averagePrecision, precisionRecallCurve } from '../../src/metrics/pr.js';
import { evaluateBinary } from '../../src/metrics/summary.js';
import { init } from '../../src/wasm/load.js';

await init();

// Reference values from scikit-learn 1.2.1: precision_recall_curve, average_precision_score
// (the same tied, weighted data as roc.test.ts).
const Y = [0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1];
const S = [0.5, 0.6, 0.6, 0.6, 0.3, 0.4, 0.3, 0.8, 0.8, 0.8, 0.9, 0.5, 0.3, 0.8, 0.1, 0.4, 0.1, 0.6, 0.3, 0.5];
const W = [0.53, 1.55, 0.91, 1.14, 0.04, 1.24, 1.22, 1.23, 1.89, 1.36, 0.72, 0.87, 1.4, 0.12, 1.33, 1.34, 0.42, 0.26, 0.63, 0.73];

function closeTo(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, k) => expect(actual[k]).toBeCloseTo(e, 12));
}

describe('precisionRecallCurve', () => {
  it('matches the scikit-learn documentation example', () => {
    const c = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    closeTo(c.precision, [0.5, 2 / 3, 0.5, 1, 1]);
    closeTo(c.recall, [1, 1, 0.5, 0.5, 0]);
    closeTo(c.thresholds, [0.1, 0.35, 0.4, 0.8]);
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333333333, 12);
  });

  it('matches scikit-learn with ties, unweighted and weighted', () => {
    const th = [0.1, 0.3, 0.4, 0.5, 0.6, 0.8, 0.9];
    const a = precisionRecallCurve(Y, S);
    closeTo(a.precision, [0.55, 0.6111111111111112, 0.6428571428571429, 0.6666666666666666, 0.7777777777777778, 1, 1, 1]);
    closeTo(a.recall, [1, 1, 0.8181818181818182, 0.7272727272727273, 0.6363636363636364, 0.45454545454545453, 0.09090909090909091, 0]);
    closeTo(a.thresholds, th);
    expect(averagePrecision(Y, S)).toBeCloseTo(0.8261183261183261, 12);
    const b = precisionRecallCurve(Y, S, W);
    closeTo(b.precision, [0.5816164817749604, 0.6408614668218859, 0.7019438444924406, 0.7524314765694077, 0.8474945533769064, 1, 1, 1]);
    closeTo(b.recall, [1, 1, 0.885558583106267, 0.7729336966394187, 0.706630336058129, 0.483197093551317, 0.0653950953678474, 0]);
    closeTo(b.thresholds, th);
    expect(averagePrecision(Y, S, W)).toBeCloseTo(0.8748417252106322, 12);
  });

  it('is 1 for a perfect ranking and the default rate for constant scores', () => {
    expect(averagePrecision([0, 0, 1, 1, 0], [0.1, 0.2, 0.9, 0.8, 0.3])).toBe(1);
    expect(averagePrecision([0, 0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.4, 15);
  });

  it('works without negatives, and rejects labels without a positive', () => {
    const c = precisionRecallCurve([1, 1], [0.2, 0.7]);
    closeTo(c.precision, [1, 1, 1]);
    closeTo(c.recall, [1, 0.5, 0]);
    expect(() => precisionRecallCurve([0, 0], [0.2, 0.7])).toThrow(CreditkitError);
    expect(() => averagePrecision([0, 1], [0.2, Infinity])).toThrow(CreditkitError);
  });
});

describe('evaluateBinary', () => {
  it('reports average precision and the confusion at the KS-optimal threshold', () => {
    const m = evaluateBinary(Y, S, 0.5);
    expect(m.averagePrecision).toBeCloseTo(0.8261183261183261, 12);
    // The KS gap max |TPR − FPR| is reached at score 0.8: TPR 5/11, FPR 0.
    expect(m.ks).toBeCloseTo(5 / 11, 12);
    expect(m.atKs).toMatchObject({ threshold: 0.8, tp: 5, fp: 0, tn: 9, fn: 6 });
    expect(m.atKs.precision).toBe(1);
    expect(m.atKs.recall).toBeCloseTo(5 / 11, 12);
    expect(m.atKs.f1).toBeCloseTo((2 * 5) / (2 * 5 + 0 + 6), 12);
    expect(m.atThreshold).toMatchObject({ threshold: 0.5, tp: 8, fp: 4, tn: 5, fn: 3 });
    expect(m.atThreshold.accuracy).toBeCloseTo(13 / 20, 12);
  });
});
