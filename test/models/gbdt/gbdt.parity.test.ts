import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { GradientBoostingClassifier, logLoss, readCsvFile, rocAuc, splitTarget, stratifiedSplit } from '../../../src/index.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/xgboost-gmsc-parity.json', import.meta.url), 'utf8'));

describe('parity with XGBoost 1.7.4 on Give Me Some Credit', () => {
  for (const quantizedGradients of [false, true]) {
    it(`reaches XGBoost's test AUC within 0.003 at the same settings and split${quantizedGradients ? ', with quantized gradients' : ''}`, async () => {
      const ds = await readCsvFile(fileURLToPath(new URL('../../../data/give-me-some-credit.csv.gz', import.meta.url)));
      const { X, y } = splitTarget(ds.drop(['Id']), 'SeriousDlqin2yrs');
      const { train, test } = stratifiedSplit(y, fixture.split.trainRatio, fixture.split.seed);
      expect(train.length).toBe(fixture.nTrain);
      expect(test.length).toBe(fixture.nTest);
      const { nEstimators, maxDepth, learningRate, lambda, maxBins } = fixture.settings;
      const model = new GradientBoostingClassifier({ nEstimators, maxDepth, learningRate, lambda, maxBins, ...(quantizedGradients ? { quantizedGradients } : {}) });
      model.fit(X.take(train), Float64Array.from(train, (i) => y[i]));
      const yTest = Float64Array.from(test, (i) => y[i]);
      const p = model.predictProba(X.take(test));
      expect(Math.abs(rocAuc(yTest, p) - fixture.testAuc)).toBeLessThanOrEqual(0.003);
      expect(Math.abs(logLoss(yTest, p) - fixture.testLogLoss)).toBeLessThanOrEqual(0.003);
    });
  }
});
