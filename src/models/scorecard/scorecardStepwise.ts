import type { Dataset } from '../../data/dataset.js';
import { log } from '../../math/deterministic.js';
import { LogisticRegression, type LogisticOptions } from '../linear/logistic.js';

/** One step of the forward selection: the characteristic added and the model's BIC after it. */
export interface StepwiseStep {
  added: string;
  bic: number;
}

/**
 * Forward stepwise selection by BIC: start from the intercept alone, and at
 * each step add the WOE column whose logistic fit lowers
 * BIC = −2·(weighted log-likelihood) + (parameters)·ln(Σ weights) the most;
 * stop when no column lowers it. One fit per candidate and step.
 */
export function forwardStepwise(woe: Dataset, y: Float64Array, w: Float64Array, lr: Partial<LogisticOptions>): { selected: string[]; steps: StepwiseStep[] } {
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < y.length; i++) {
    sw += w[i];
    swy += w[i] * y[i];
  }
  const penaltyPerParameter = log(sw);
  const rate = swy / sw;
  let best = -2 * (swy * log(rate) + (sw - swy) * log(1 - rate)) + penaltyPerParameter;
  const selected: string[] = [];
  const steps: StepwiseStep[] = [];
  const remaining = [...woe.names];
  while (remaining.length > 0) {
    let pick = -1;
    let pickBic = best;
    remaining.forEach((name, k) => {
      const cols = [...selected, name];
      const X = woe.select(cols);
      const p = new LogisticRegression({ ...lr, missingIndicators: false }).fit(X, y, { sampleWeight: w }).predictProba(X);
      const bic = -2 * logLikelihood(p, y, w) + (cols.length + 1) * penaltyPerParameter;
      if (bic < pickBic) {
        pick = k;
        pickBic = bic;
      }
    });
    if (pick < 0) break;
    const [added] = remaining.splice(pick, 1);
    selected.push(added);
    steps.push({ added, bic: pickBic });
    best = pickBic;
  }
  return { selected, steps };
}

function logLikelihood(p: Float64Array, y: Float64Array, w: Float64Array): number {
  let ll = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i], 1e-15), 1 - 1e-15);
    ll += w[i] * (y[i] === 1 ? log(q) : log(1 - q));
  }
  return ll;
}
