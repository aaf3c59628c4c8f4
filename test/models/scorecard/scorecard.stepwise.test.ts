import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/data/dataset.js';
import { LogisticRegression } from '../../../src/models/linear/logistic.js';
import { loadModel } from '../../../src/models/registry.js';
import { ScorecardModel } from '../../../src/models/scorecard/scorecard.js';
import { forwardStepwise } from '../../../src/models/scorecard/scorecardStepwise.js';
import { Random } from '../../../src/random.js';
import { init } from '../../../src/wasm/load.js';
import { errorOf } from '../../errorOf.js';

await init();

/** Two informative characteristics (a, b) and two of pure noise. */
function data(n: number, seed: number): { X: Dataset; y: number[] } {
  const rng = new Random(seed);
  const cols = { a: new Float32Array(n), b: new Float32Array(n), noise1: new Float32Array(n), noise2: new Float32Array(n) };
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    cols.a[i] = Math.floor(rng.next() * 8);
    cols.b[i] = Math.floor(rng.next() * 5);
    cols.noise1[i] = Math.floor(rng.next() * 6);
    cols.noise2[i] = Math.floor(rng.next() * 4);
    y.push(rng.next() < 1 / (1 + Math.exp(2.5 - 0.4 * cols.a[i] - 0.5 * cols.b[i] + 1.2)) ? 1 : 0);
  }
  return { X: Dataset.fromColumns(cols), y };
}

/** BIC of a logistic fit on the named WOE columns, computed here from the PDs. */
function bic(woe: Dataset, names: string[], y: Float64Array): number {
  const n = y.length;
  let ll: number;
  if (names.length === 0) {
    const r = y.reduce((s, v) => s + v, 0) / n;
    ll = y.reduce((s, v) => s + (v === 1 ? Math.log(r) : Math.log(1 - r)), 0);
  } else {
    const X = woe.select(names);
    const p = new LogisticRegression({ missingIndicators: false }).fit(X, y).predictProba(X);
    ll = 0;
    for (let i = 0; i < n; i++) ll += y[i] === 1 ? Math.log(p[i]) : Math.log(1 - p[i]);
  }
  return -2 * ll + (names.length + 1) * Math.log(n);
}

describe('scorecard forward stepwise selection (BIC)', () => {
  const { X, y } = data(3000, 4);
  const yy = Float64Array.from(y);

  it('keeps the informative characteristics, leaves the noise out and says so', () => {
    const m = new ScorecardModel({ minIv: 0, selection: 'forward' }).fit(X, y);
    expect(m.featureSpecs.map((s) => s.name).sort()).toEqual(['a', 'b']);
    expect(m.rejected.filter((r) => r.reason === 'stepwise').map((r) => r.feature).sort()).toEqual(['noise1', 'noise2']);
    const back = loadModel(JSON.stringify(m)) as ScorecardModel;
    expect(back.rejected).toEqual(m.rejected);
    // Without selection every characteristic stays.
    expect(new ScorecardModel({ minIv: 0 }).fit(X, y).featureSpecs.length).toBe(4);
  });

  it('stops at a set no single addition improves, each step lowering the BIC', () => {
    // The WOE columns the scorecard regresses on, read back from a model that keeps all four.
    const all = new ScorecardModel({ minIv: 0 }).fit(X, y);
    const chars = all.scorecardCharacteristics();
    const pts = all.points(X);
    const woe = new Dataset(chars.map((c, j) => ({
      name: c.feature, kind: 'numeric' as const, values: Float32Array.from({ length: X.nRows }, (_, i) => c.attributes[pts.attributes[i * 4 + j]].woe),
    })));
    const { selected, steps } = forwardStepwise(woe, yy, new Float64Array(yy.length).fill(1), {});
    expect(selected.sort()).toEqual(['a', 'b']);
    let previous = bic(woe, [], yy);
    for (let k = 0; k < steps.length; k++) {
      const here = bic(woe, steps.slice(0, k + 1).map((s) => s.added), yy);
      expect(steps[k].bic).toBeCloseTo(here, 6);
      expect(here).toBeLessThan(previous);
      previous = here;
    }
    for (const extra of ['noise1', 'noise2']) expect(bic(woe, [...selected, extra], yy)).toBeGreaterThanOrEqual(previous);
  });

  it('is E_NO_CHARACTERISTIC when nothing lowers the BIC, and the option is checked', () => {
    const rng = new Random(1);
    const noise = Dataset.fromColumns({ u: Array.from({ length: 400 }, () => Math.floor(rng.next() * 3)) });
    const yn = Array.from({ length: 400 }, () => (rng.next() < 0.3 ? 1 : 0));
    expect(errorOf(() => new ScorecardModel({ minIv: 0, selection: 'forward' }).fit(noise, yn)).code).toBe('E_NO_CHARACTERISTIC');
    expect(errorOf(() => new ScorecardModel({ selection: 'backward' })).code).toBe('E_OPTION');
  });
});
