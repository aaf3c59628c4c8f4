import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, Random, readCsvFile, rocAuc, splitTarget, stratifiedSplit } from '../../../src/index.js';

// Credit sense: more 90-day lates and more 30–59-day lates never lower the PD; more age never raises it.
const CONSTRAINTS = { NumberOfTimes90DaysLate: 1, 'NumberOfTime30-59DaysPastDueNotWorse': 1, age: -1 } as const;

describe('monotone constraints on Give Me Some Credit', async () => {
  const ds = await readCsvFile(fileURLToPath(new URL('../../../data/give-me-some-credit.csv.gz', import.meta.url)));
  const { X, y } = splitTarget(ds.drop(['Id']), 'SeriousDlqin2yrs');
  const { train, test } = stratifiedSplit(y, 0.8, 0);
  const trainX = X.take(train);
  const trainY = Float64Array.from(train, (i) => y[i]);
  const testX = X.take(test);
  const testY = Float64Array.from(test, (i) => y[i]);

  it('every constrained feature moves the PD one way only, for every row swept over its range', () => {
    const model = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6, monotoneConstraints: { ...CONSTRAINTS } }).fit(trainX, trainY);
    const rng = new Random(5);
    const rows = Array.from({ length: 300 }, () => rng.int(testX.nRows));
    const base = testX.take(rows);
    for (const [name, direction] of Object.entries(CONSTRAINTS)) {
      const col = trainX.column(name).values;
      const sorted = Float32Array.from(col.filter((v) => v === v)).sort();
      // 60 points over the range, quantiles plus the extremes.
      const grid = Array.from({ length: 60 }, (_, k) => sorted[Math.min(sorted.length - 1, Math.floor((k / 59) * (sorted.length - 1)))]);
      let previous: Float64Array | null = null;
      for (const value of grid) {
        const swept = new Dataset(base.columns.map((c) => (c.name === name ? { ...c, values: new Float32Array(base.nRows).fill(value) } : c)));
        const p = model.predictProba(swept);
        if (previous) {
          for (let i = 0; i < p.length; i++) {
            if (direction > 0) expect(p[i]).toBeGreaterThanOrEqual(previous[i]);
            else expect(p[i]).toBeLessThanOrEqual(previous[i]);
          }
        }
        previous = p;
      }
    }
    // The constraints cost little ranking power here (measured and printed for the modelling guide).
    const unconstrained = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6 }).fit(trainX, trainY);
    const aucWith = rocAuc(testY, model.predictProba(testX));
    const aucWithout = rocAuc(testY, unconstrained.predictProba(testX));
    console.info(`GMSC test AUC with monotone constraints ${aucWith.toFixed(4)}, without ${aucWithout.toFixed(4)}`);
    expect(aucWith).toBeGreaterThan(aucWithout - 0.01);
  });

  it('without constraints the same sweep finds a violation (the check can fail)', () => {
    const model = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6 }).fit(trainX, trainY);
    const rng = new Random(5);
    const base = testX.take(Array.from({ length: 300 }, () => rng.int(testX.nRows)));
    const sorted = Float32Array.from(trainX.column('age').values).sort();
    let violations = 0;
    let previous: Float64Array | null = null;
    for (let k = 0; k < 60; k++) {
      const value = sorted[Math.floor((k / 59) * (sorted.length - 1))];
      const p = model.predictProba(new Dataset(base.columns.map((c) => (c.name === 'age' ? { ...c, values: new Float32Array(base.nRows).fill(value) } : c))));
      if (previous) for (let i = 0; i < p.length; i++) if (p[i] > previous[i]) violations++;
      previous = p;
    }
    expect(violations).toBeGreaterThan(0);
  });
});
