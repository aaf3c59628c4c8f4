// TreeSHAP on the tree baselines: for every row of German credit the bias plus
// the contributions give back the model's own PD (decision tree, random
// forest: identity link) or its log-odds (AdaBoost: logit link).
import { describe, expect, it } from 'vitest';
import { AdaBoostClassifier, DecisionTreeClassifier, RandomForestClassifier, readCsvFile, reasonCodes, shapValues, splitTarget } from '../../src/index.js';
import type { Classifier } from '../../src/index.js';

const { X, y } = splitTarget(await readCsvFile('data/german-credit.csv.gz'), 'is_bad');

function maxSumError(model: Classifier, link: 'identity' | 'logit'): number {
  const shap = shapValues(model, X);
  expect(shap.link).toBe(link);
  const pd = model.predictProba(X);
  const nf = shap.featureNames.length;
  let worst = 0;
  for (let r = 0; r < shap.nRows; r++) {
    let raw = shap.bias;
    for (let f = 0; f < nf; f++) raw += shap.contributions[r * nf + f];
    const want = link === 'identity' ? pd[r] : Math.log(pd[r] / (1 - pd[r]));
    worst = Math.max(worst, Math.abs(raw - want));
  }
  return worst;
}

describe('TreeSHAP on the tree baselines (German credit, 1,000 rows)', () => {
  it('decision tree: bias + Σ contributions = PD on every row', () => {
    const model = new DecisionTreeClassifier({ maxDepth: 6, seed: 1 }).fit(X, y);
    expect(maxSumError(model, 'identity')).toBeLessThan(1e-9);
  });

  it('random forest: bias + Σ contributions = PD on every row', () => {
    const model = new RandomForestClassifier({ nEstimators: 30, maxDepth: 8, seed: 1 }).fit(X, y);
    expect(maxSumError(model, 'identity')).toBeLessThan(1e-9);
  });

  it('AdaBoost: bias + Σ contributions = log-odds of the PD on every row', () => {
    const model = new AdaBoostClassifier({ nEstimators: 40, seed: 1 }).fit(X, y);
    expect(maxSumError(model, 'logit')).toBeLessThan(1e-6);
  });

  it('reason codes of a forest name features that raise the PD', () => {
    const model = new RandomForestClassifier({ nEstimators: 20, maxDepth: 6, seed: 2 }).fit(X, y);
    const reasons = reasonCodes(model, X.take([0, 1, 2]), { top: 3 });
    expect(reasons).toHaveLength(3);
    for (const applicant of reasons) {
      expect(applicant.reasons.length).toBeGreaterThan(0);
      for (const reason of applicant.reasons) expect(reason.contribution).toBeGreaterThan(0);
    }
  });
});
