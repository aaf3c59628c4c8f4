import { describe, expect, it } from 'vitest';
import '../../src/index.js'; // loads the wasm
import { brierScore } from '../../src/metrics/brier.js';
import { logLoss } from '../../src/metrics/logloss.js';
import { rocAuc } from '../../src/metrics/auc.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { IsotonicCalibrator, PlattCalibrator } from '../../src/scorecard/calibration.js';
import { additive, slice } from '../models/helpers.js';

describe('calibrating a deliberately miscalibrated GBDT', () => {
  // scalePosWeight 10 inflates every PD; calibration is fitted on one held-out
  // part and judged on another.
  const data = additive(9000, 31);
  const train = slice(data, 0, 4000);
  const calib = slice(data, 4000, 6500);
  const test = slice(data, 6500, 9000);
  const model = new GradientBoostingClassifier({ nEstimators: 60, maxDepth: 3, scalePosWeight: 10, seed: 3 }).fit(train.X, train.y);
  const pdCalib = model.predictProba(calib.X);
  const pdTest = model.predictProba(test.X);

  it('the raw model over-predicts defaults', () => {
    const meanPd = pdTest.reduce((s, v) => s + v, 0) / pdTest.length;
    const rate = test.y.reduce((s, v) => s + v, 0) / test.y.length;
    expect(meanPd).toBeGreaterThan(rate + 0.15);
  });

  for (const Cal of [PlattCalibrator, IsotonicCalibrator]) {
    it(`${Cal.name} lowers held-out log loss and Brier score and keeps the ranking`, () => {
      const cal = new Cal().fit(pdCalib, calib.y);
      const fixed = cal.transform(pdTest);
      expect(logLoss(test.y, fixed)).toBeLessThan(logLoss(test.y, pdTest) - 0.05);
      expect(brierScore(test.y, fixed)).toBeLessThan(brierScore(test.y, pdTest) - 0.02);
      // Monotone maps keep the order (isotonic may tie neighbours, costing a little AUC).
      expect(rocAuc(test.y, fixed)).toBeGreaterThan(rocAuc(test.y, pdTest) - 0.01);
      const meanPd = fixed.reduce((s, v) => s + v, 0) / fixed.length;
      const rate = test.y.reduce((s, v) => s + v, 0) / test.y.length;
      expect(Math.abs(meanPd - rate)).toBeLessThan(0.03);
    });
  }
});
