import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { rocAuc } from '../../src/metrics/auc.js';
import { rocCurve, trapezoidArea } from '../../src/metrics/roc.js';
import { Random } from '../../src/random.js';
import { init } from '../../src/wasm/load.js';

await init();

// Reference values from scikit-learn 1.2.1:
//   roc_curve(y, s, sample_weight=w, drop_intermediate=False), roc_auc_score(y, s, sample_weight=w).
// scikit-learn 1.2 puts max(s) + 1 as the first threshold; 1.3+ (and creditkit) put +Infinity.
const Y = [0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1];
const S = [0.5, 0.6, 0.6, 0.6, 0.3, 0.4, 0.3, 0.8, 0.8, 0.8, 0.9, 0.5, 0.3, 0.8, 0.1, 0.4, 0.1, 0.6, 0.3, 0.5];
const W = [0.53, 1.55, 0.91, 1.14, 0.04, 1.24, 1.22, 1.23, 1.89, 1.36, 0.72, 0.87, 1.4, 0.12, 1.33, 1.34, 0.42, 0.26, 0.63, 0.73];

function closeTo(actual: ArrayLike<number>, expected: readonly number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, k) => {
    if (e === Infinity) expect(actual[k]).toBe(Infinity);
    else expect(actual[k]).toBeCloseTo(e, digits);
  });
}

describe('rocCurve', () => {
  it('matches the scikit-learn documentation example', () => {
    // roc_curve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], pos_label=2)
    const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    closeTo(fpr, [0, 0, 0.5, 0.5, 1]);
    closeTo(tpr, [0, 0.5, 0.5, 1, 1]);
    closeTo(thresholds, [Infinity, 0.8, 0.4, 0.35, 0.1]);
  });

  it('makes one point per tie group (scikit-learn, unweighted and weighted)', () => {
    const th = [Infinity, 0.9, 0.8, 0.6, 0.5, 0.4, 0.3, 0.1];
    const a = rocCurve(Y, S);
    closeTo(a.fpr, [0, 0, 0, 0.2222222222222222, 0.4444444444444444, 0.5555555555555556, 0.7777777777777778, 1]);
    closeTo(a.tpr, [0, 0.09090909090909091, 0.45454545454545453, 0.6363636363636364, 0.7272727272727273, 0.8181818181818182, 1, 1]);
    closeTo(a.thresholds, th);
    const b = rocCurve(Y, S, W);
    closeTo(b.fpr, [0, 0, 0, 0.17676767676767677, 0.35353535353535354, 0.5227272727272727, 0.7790404040404041, 1]);
    closeTo(b.tpr, [0, 0.0653950953678474, 0.483197093551317, 0.706630336058129, 0.7729336966394187, 0.885558583106267, 1, 1]);
    closeTo(b.thresholds, th);
    expect(trapezoidArea(a.fpr, a.tpr)).toBeCloseTo(0.7828282828282829, 12);
    expect(trapezoidArea(b.fpr, b.tpr)).toBeCloseTo(0.8388391177900715, 12);
  });

  it('has a trapezoid area equal to rocAuc on random tied data', () => {
    const rng = new Random(7);
    for (let rep = 0; rep < 5; rep++) {
      const n = 2000;
      const y = new Float64Array(n);
      const s = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        y[i] = rng.next() < 0.2 ? 1 : 0;
        s[i] = Math.round((rng.next() + 0.4 * y[i]) * 30) / 30;
      }
      const c = rocCurve(y, s);
      expect(trapezoidArea(c.fpr, c.tpr)).toBeCloseTo(rocAuc(y, s), 10);
      // Monotone, ends at (1, 1), strictly decreasing thresholds.
      for (let k = 1; k < c.fpr.length; k++) {
        expect(c.fpr[k]).toBeGreaterThanOrEqual(c.fpr[k - 1]);
        expect(c.tpr[k]).toBeGreaterThanOrEqual(c.tpr[k - 1]);
        expect(c.thresholds[k]).toBeLessThan(c.thresholds[k - 1]);
      }
      expect(c.fpr[c.fpr.length - 1]).toBe(1);
      expect(c.tpr[c.tpr.length - 1]).toBe(1);
    }
  });

  it('rejects a single class and bad input with a CreditkitError', () => {
    expect(() => rocCurve([0, 0, 0], [0.1, 0.2, 0.3])).toThrow(CreditkitError);
    expect(() => rocCurve([1, 1], [0.1, 0.2])).toThrow(/both classes/);
    expect(() => rocCurve([0, 1], [0.1])).toThrow(CreditkitError);
    expect(() => rocCurve([0, 1], [0.1, NaN])).toThrow(CreditkitError);
    expect(() => rocCurve([0, 2], [0.1, 0.2])).toThrow(CreditkitError);
  });
});
