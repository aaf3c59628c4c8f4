import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvFile, splitTarget, SVMClassifier } from '../../../src/index.js';

// scikit-learn 1.2.1 LinearSVC (LIBLINEAR) on the same preprocessing (test/fixtures/sklearn/generate-linear.py).
interface SvmCase { loss: 'hinge' | 'squared_hinge'; C: number; testDecision: number[] }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/sklearn/linear.json', import.meta.url), 'utf8')) as { svmCases: SvmCase[] };

describe('linear SVM against scikit-learn LinearSVC (LIBLINEAR dual coordinate descent)', () => {
  for (const c of fixture.svmCases) {
    it(`german, ${c.loss}, C ${c.C}: the same decision values on the test rows`, async () => {
      const ds = await readCsvFile(fileURLToPath(new URL('../../../data/german-credit.csv.gz', import.meta.url)));
      const { X, y } = splitTarget(ds, 'is_bad');
      const rows = [...Array(X.nRows).keys()];
      const train = rows.filter((i) => i % 5 !== 0);
      const test = rows.filter((i) => i % 5 === 0);
      const model = new SVMClassifier({ loss: c.loss, C: c.C, tol: 1e-6, maxIter: 100_000, calibrationFolds: 2 });
      model.fit(X.take(train), Float64Array.from(train, (i) => y[i]));
      const f = model.decisionFunction(X.take(test));
      let worst = 0;
      f.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - c.testDecision[i]));
      });
      expect(worst).toBeLessThan(1e-4); // measured: 2.9e-8 squared hinge, 4.1e-6 hinge
    });
    if (c.loss === 'squared_hinge') {
      it(`german, ${c.loss}, C ${c.C}: the primal Newton solver reaches the same optimum`, async () => {
        const ds = await readCsvFile(fileURLToPath(new URL('../../../data/german-credit.csv.gz', import.meta.url)));
        const { X, y } = splitTarget(ds, 'is_bad');
        const rows = [...Array(X.nRows).keys()];
        const train = rows.filter((i) => i % 5 !== 0);
        const test = rows.filter((i) => i % 5 === 0);
        const model = new SVMClassifier({ solver: 'primal', C: c.C, tol: 1e-10, calibrationFolds: 2 });
        model.fit(X.take(train), Float64Array.from(train, (i) => y[i]));
        const f = model.decisionFunction(X.take(test));
        let worst = 0;
        f.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(v - c.testDecision[i]));
        });
        expect(worst).toBeLessThan(1e-6);
      });
    }
  }
});
