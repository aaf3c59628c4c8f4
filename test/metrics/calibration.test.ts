import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { calibrationTable } from '../../src/metrics/calibration.js';

// Reference values from scikit-learn 1.2.1: calibration_curve(y, p, n_bins, strategy) → (prob_true, prob_pred).
const Y = [1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1];
const P = [0.0, 1.0, 0.5, 0.2, 0.096, 0.976, 0.469, 0.977, 0.605, 0.739, 0.039, 0.283, 0.12, 0.296, 0.119, 0.318, 0.414, 0.064, 0.692, 0.567, 0.265, 0.523, 0.094, 0.576, 0.929, 0.319, 0.667, 0.132, 0.716, 0.289];

const SKLEARN: Array<[strategy: 'uniform' | 'quantile', bins: number, probTrue: number[], probPred: number[]]> = [
  ['uniform', 5, [0.5555555555555556, 0.3333333333333333, 0.5, 0.8, 0.5], [0.09600000000000002, 0.295, 0.5081666666666667, 0.6838, 0.9704999999999999]],
  ['uniform', 4, [0.5555555555555556, 0.3333333333333333, 0.75, 0.5], [0.09600000000000002, 0.3503333333333334, 0.635625, 0.9704999999999999]],
  ['quantile', 5, [0.5, 0.6666666666666666, 0.16666666666666666, 0.8333333333333334, 0.5], [0.06866666666666667, 0.21483333333333332, 0.38599999999999995, 0.605, 0.8895]],
  ['quantile', 4, [0.5, 0.42857142857142855, 0.5714285714285714, 0.625], [0.083, 0.2814285714285714, 0.522, 0.837]],
];

describe('calibrationTable', () => {
  it.each(SKLEARN)('matches scikit-learn calibration_curve (%s, %i bins)', (strategy, bins, probTrue, probPred) => {
    const rows = calibrationTable(Y, P, { bins, strategy });
    expect(rows.map((r) => r.observedRate)).toHaveLength(probTrue.length);
    rows.forEach((r, k) => {
      expect(r.observedRate).toBeCloseTo(probTrue[k], 12);
      expect(r.meanPredicted).toBeCloseTo(probPred[k], 12);
      expect(r.positives).toBe(Math.round(r.observedRate * r.count));
      expect(r.lower).toBeLessThanOrEqual(r.meanPredicted);
      expect(r.upper).toBeGreaterThanOrEqual(r.meanPredicted);
    });
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(Y.length);
  });

  it('computes a hand-checked uniform table, inner edges falling in the lower bin', () => {
    const rows = calibrationTable([0, 1, 0, 1, 1, 0], [0.1, 0.5, 0.5, 0.6, 0.9, 1], { bins: 2 });
    expect(rows).toEqual([
      { lower: 0, upper: 0.5, count: 3, positives: 1, meanPredicted: (0.1 + 0.5 + 0.5) / 3, observedRate: 1 / 3 },
      { lower: 0.5, upper: 1, count: 3, positives: 2, meanPredicted: (0.6 + 0.9 + 1) / 3, observedRate: 2 / 3 },
    ]);
  });

  it('leaves out empty bins and uses quantile edges for any scores', () => {
    const rows = calibrationTable([0, 1, 0, 1], [0.05, 0.05, 0.95, 0.95], { bins: 10 });
    expect(rows.map((r) => [r.lower, r.upper, r.count])).toEqual([[0, 0.1, 2], [0.9, 1, 2]]);
    const q = calibrationTable([0, 1, 0, 1], [-3, -1, 2, 8], { bins: 2, strategy: 'quantile' });
    expect(q.map((r) => [r.lower, r.upper, r.count])).toEqual([[-3, 0.5, 2], [0.5, 8, 2]]);
  });

  it('defaults to 10 uniform bins and rejects bad options', () => {
    expect(calibrationTable([0, 1], [0.01, 0.99]).map((r) => r.upper)).toEqual([0.1, 1]);
    expect(() => calibrationTable([0, 1], [0.2, 1.5])).toThrow(/quantile/);
    expect(() => calibrationTable([0, 1], [0.2, 0.5], { bins: 0 })).toThrow(CreditkitError);
    expect(() => calibrationTable([0, 1], [0.2, 0.5], { strategy: 'kmeans' as 'uniform' })).toThrow(CreditkitError);
  });
});
