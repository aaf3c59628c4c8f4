import { describe, expect, it } from 'vitest';
// The main entry loads the wasm (top-level await).
import '../../src/index.js';
import { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/random.js';
import { chooseSize, recursiveFeatureElimination, type RfePoint } from '../../src/selection/rfe.js';
import { errorOf } from '../errorOf.js';
import { normal, sigmoid } from '../models/helpers.js';
import { withToyModel } from './toyModel.js';

/** Three informative features (x0..x2) and five of pure noise (n0..n4). */
function data(n: number, seed: number): { X: Dataset; y: Float64Array } {
  const rng = new Random(seed);
  const cols: Record<string, Float32Array> = {};
  for (const name of ['n0', 'x0', 'n1', 'x1', 'n2', 'x2', 'n3', 'n4']) cols[name] = new Float32Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of Object.values(cols)) c[i] = normal(rng);
    y[i] = rng.next() < sigmoid(1.5 * cols.x0[i] - 1.5 * cols.x1[i] + 1.5 * cols.x2[i]) ? 1 : 0;
  }
  return { X: Dataset.fromColumns(cols), y };
}

const MODEL = { nEstimators: 20, maxDepth: 3 };

describe('recursive feature elimination with CV', () => {
  const d = data(1500, 1);

  it('keeps the informative features and reports the CV curve', () => {
    const r = recursiveFeatureElimination(d.X, d.y, { modelOptions: MODEL, folds: 3, seed: 2 });
    expect(r.importanceSource).toBe('model');
    expect(r.curve.map((p) => p.nFeatures)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    for (const p of r.curve) expect(p.foldScores).toHaveLength(3);
    expect(r.selected).toEqual(expect.arrayContaining(['x0', 'x1', 'x2']));
    expect(r.selected).toHaveLength(r.nSelected);
    const at = (k: number) => r.curve.find((p) => p.nFeatures === k)!.mean;
    expect(at(3)).toBeGreaterThan(at(2) + 0.03);
    // The best count's mean is the best on the curve.
    expect(at(r.nSelected)).toBe(Math.max(...r.curve.map((p) => p.mean)));
    // Ranks: 1 for the selected, then 2, 3, … back to the first feature dropped (step 1).
    const ranks = r.ranking.filter((f) => f.rank > 1).map((f) => f.rank).sort((a, b) => a - b);
    expect(ranks).toEqual(Array.from({ length: 8 - r.nSelected }, (_, i) => i + 2));
    expect(r.ranking.filter((f) => f.rank === 1).map((f) => f.feature)).toEqual(r.selected);
  });

  it('the one-sd rule picks no more features than the best; step and minFeatures shape the curve', () => {
    const r = recursiveFeatureElimination(d.X, d.y, { modelOptions: MODEL, folds: 3, seed: 2, rule: 'one-sd', step: 0.25, minFeatures: 2 });
    expect(r.curve.map((p) => p.nFeatures)).toEqual([8, 6, 4, 2]);
    expect(r.nSelected).toBeLessThanOrEqual(chooseSize(r.curve, 'auc', 'best'));
    expect(r.selected).toHaveLength(r.nSelected);
  });

  it('chooses the size from the curve', () => {
    const curve: RfePoint[] = [
      { nFeatures: 5, mean: 0.80, sd: 0.02, foldScores: [] },
      { nFeatures: 4, mean: 0.81, sd: 0.02, foldScores: [] },
      { nFeatures: 3, mean: 0.795, sd: 0.01, foldScores: [] },
      { nFeatures: 2, mean: 0.78, sd: 0.01, foldScores: [] },
    ];
    expect(chooseSize(curve, 'auc', 'best')).toBe(4);
    expect(chooseSize(curve, 'auc', 'one-sd')).toBe(3);
    const loss = curve.map((p) => ({ ...p, mean: 1 - p.mean }));
    expect(chooseSize(loss, 'logloss', 'best')).toBe(4);
    expect(chooseSize(loss, 'logloss', 'one-sd')).toBe(3);
  });

  it('uses permutation importance for a model without featureImportance', () => {
    const small = data(600, 3);
    const r = withToyModel(() => recursiveFeatureElimination(small.X, small.y, { model: 'toy', modelOptions: { epochs: 40 }, folds: 3, step: 2, seed: 1 }));
    expect(r.importanceSource).toBe('permutation');
    const rank = Object.fromEntries(r.ranking.map((f) => [f.feature, f.rank]));
    // The informative features outlast every noise feature.
    for (const x of ['x0', 'x1', 'x2']) for (const n of ['n0', 'n1', 'n2', 'n3', 'n4']) expect(rank[x]).toBeLessThanOrEqual(rank[n]);
    for (const x of ['x0', 'x1', 'x2']) expect(rank[x]).toBeLessThanOrEqual(2);
  });

  it('bad options', () => {
    const small = data(100, 4);
    expect(errorOf(() => recursiveFeatureElimination(small.X, small.y, { step: 0 })).code).toBe('E_OPTION');
    expect(errorOf(() => recursiveFeatureElimination(small.X, small.y, { step: 1.5 })).code).toBe('E_OPTION');
    expect(errorOf(() => recursiveFeatureElimination(small.X, small.y, { minFeatures: 9 })).code).toBe('E_OPTION');
    expect(errorOf(() => recursiveFeatureElimination(small.X, small.y, { rule: 'elbow' as never })).code).toBe('E_OPTION');
    expect(errorOf(() => recursiveFeatureElimination(small.X, small.y, { model: 'nope' })).code).toBe('E_OPTION');
    expect(errorOf(() => recursiveFeatureElimination(new Dataset([], 100), small.y)).code).toBe('E_EMPTY_DATA');
  });
});
