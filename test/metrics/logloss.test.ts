import { describe, expect, it } from 'vitest';
import { logLoss } from '../../src/metrics/logloss.js';
import { errorOf } from '../errorOf.js';

describe('logLoss', () => {
  it('is ln 2 for coin-flip predictions', () => {
    expect(logLoss([0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
  });

  it('reproduces the scikit-learn documentation example (0.21616...)', () => {
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]): spam is the positive class.
    const expected = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4;
    expect(expected).toBeCloseTo(0.21616187468057912, 15);
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(expected, 15);
  });

  it('computes -[y ln p + (1 - y) ln(1 - p)] row by row', () => {
    expect(logLoss([1], [0.25])).toBeCloseTo(-Math.log(0.25), 15);
    expect(logLoss([0], [0.25])).toBeCloseTo(-Math.log(0.75), 15);
  });

  it('averages with sample weights (integer weights repeat rows)', () => {
    const y = [1, 0, 1];
    const p = [0.7, 0.4, 0.2];
    const w = [1, 3, 2];
    const rep = logLoss([1, 0, 0, 0, 1, 1], [0.7, 0.4, 0.4, 0.4, 0.2, 0.2]);
    expect(logLoss(y, p, w)).toBeCloseTo(rep, 14);
    expect(logLoss(y, p, [2, 2, 2])).toBeCloseTo(logLoss(y, p), 15);
  });

  it('clips probabilities to [1e-15, 1 - 1e-15]', () => {
    const worst = -Math.log(1e-15);
    expect(logLoss([1], [0])).toBeCloseTo(worst, 12);
    // p = 1 is clipped to 1 - 1e-15, whose complement in f64 is 1.11e-15 (as in scikit-learn).
    const worstUpper = -Math.log(1 - (1 - 1e-15));
    expect(worstUpper).toBeCloseTo(34.5396, 4);
    expect(logLoss([0], [1])).toBeCloseTo(worstUpper, 12);
    expect(logLoss([1, 0], [0, 1])).toBeCloseTo((worst + worstUpper) / 2, 12);
    expect(logLoss([0], [1 + 1e-9])).toBe(logLoss([0], [1]));
    // Beyond the clip, nothing changes.
    expect(logLoss([1], [1e-20])).toBe(logLoss([1], [0]));
    expect(Number.isFinite(logLoss([1], [0]))).toBe(true);
    // A certain and right prediction costs (almost) nothing.
    expect(logLoss([1, 0], [1, 0])).toBeLessThan(1e-14);
    expect(logLoss([1, 0], [1, 0])).toBeGreaterThanOrEqual(0);
  });

  it('validates its inputs like the other metrics', () => {
    expect(errorOf(() => logLoss([0, 1], [0.5])).code).toBe('E_SHAPE');
    expect(errorOf(() => logLoss([], [])).code).toBe('E_EMPTY_DATA');
    const label = errorOf(() => logLoss([0, 2], [0.5, 0.5]));
    expect(label.code).toBe('E_TARGET_INVALID');
    expect(label.where.row).toBe(1);
    const score = errorOf(() => logLoss([0, 1], [NaN, 0.5]));
    expect(score.code).toBe('E_NONFINITE');
    expect(score.where.row).toBe(0);
    expect(errorOf(() => logLoss([0, 1], [0.5, 0.5], [1, NaN])).code).toBe('E_NONFINITE');
  });
});
