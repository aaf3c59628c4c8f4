// The sum check on real data: for every row of the 30,000-row Give Me Some
// Credit test set, bias + Σ contributions equals the model's raw score
// (log-odds) to 1e-6.
import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, readCsvFile, splitTarget, stratifiedSplit } from '../../src/index.js';
import { shapValues } from '../../src/explain/shapValues.js';

const GMSC = new URL('../../data/give-me-some-credit.csv.gz', import.meta.url).pathname;

describe('TreeSHAP on Give Me Some Credit', () => {
  it('bias + Σ contributions = predictRaw on every row of the 30k test set', async () => {
    const ds = await readCsvFile(GMSC);
    const { X, y } = splitTarget(ds.drop(['Id']), 'SeriousDlqin2yrs');
    const { train, test } = stratifiedSplit(y, 0.8, 42);
    expect(test.length).toBe(30000);
    // Smaller than the demo model (SHAP costs leaves × depth² per tree and row), same data.
    const model = new GradientBoostingClassifier({ nEstimators: 40, maxDepth: 4, seed: 1 });
    model.fit(X.take(train), Float64Array.from(train, (i) => y[i]));
    const Xt = X.take(test);
    const shap = shapValues(model, Xt);
    const raw = model.predictRaw(Xt);
    const nf = shap.featureNames.length;
    expect(nf).toBe(10);
    let worst = 0;
    let rowsWithMissing = 0;
    const income = Xt.column('MonthlyIncome').values;
    for (let r = 0; r < shap.nRows; r++) {
      let s = shap.bias;
      for (let f = 0; f < nf; f++) s += shap.contributions[r * nf + f];
      worst = Math.max(worst, Math.abs(s - raw[r]));
      if (Number.isNaN(income[r])) rowsWithMissing++;
    }
    expect(shap.nRows).toBe(30000);
    expect(rowsWithMissing).toBeGreaterThan(1000);
    expect(worst).toBeLessThan(1e-6);
    // Every feature the model splits on moves some row.
    const used = new Set(model.getTrees().flatMap((t) => Array.from(t.feature)));
    for (const f of used) expect(shap.contributions.some((_, k) => k % nf === f && _ !== 0)).toBe(true);
  }, 120_000);
});
