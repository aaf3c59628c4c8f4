import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, Random } from '../../src/index.js';

describe('fitStats', () => {
  it('reports per-stage times that add up to at most the total, and counts rounds and leaves', () => {
    const rng = new Random(3);
    const n = 3000;
    const x = Float32Array.from({ length: n }, () => rng.next());
    const z = Float32Array.from({ length: n }, () => rng.next());
    const y = Float64Array.from(x, (v, i) => (v + 0.3 * z[i] + 0.2 * rng.next() > 0.8 ? 1 : 0));
    const X = new Dataset([{ name: 'x', kind: 'numeric', values: x }, { name: 'z', kind: 'numeric', values: z }]);
    const model = new GradientBoostingClassifier({ nEstimators: 12, maxDepth: 3 });
    expect(model.fitStats).toBeNull();
    model.fit(X, y, { evalSet: { X, y } });
    const s = model.fitStats!;
    expect(s.rounds).toBe(12);
    expect(s.leaves).toBe(model.getTrees().reduce((acc, t) => acc + t.nLeaves, 0));
    for (const k of ['binning', 'gradients', 'grow', 'traversal', 'evaluation'] as const) expect(s[k]).toBeGreaterThanOrEqual(0);
    expect(s.binning + s.gradients + s.grow + s.traversal + s.evaluation).toBeLessThanOrEqual(s.total + 1e-6);
    expect(s.grow).toBeGreaterThan(0);
  });
});
