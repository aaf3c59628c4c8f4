import { describe, expect, it } from 'vitest';
import { Dataset, GradientBoostingClassifier, Random } from '../../../src/index.js';

function data(): { X: Dataset; y: Float64Array } {
  const rng = new Random(3);
  const n = 3000;
  const x = Float32Array.from({ length: n }, () => rng.next());
  const z = Float32Array.from({ length: n }, () => rng.next());
  const y = Float64Array.from(x, (v, i) => (v + 0.3 * z[i] + 0.2 * rng.next() > 0.8 ? 1 : 0));
  return { X: new Dataset([{ name: 'x', kind: 'numeric', values: x }, { name: 'z', kind: 'numeric', values: z }]), y };
}

describe('fitStats', () => {
  it('reports per-stage times that add up to at most the total, and counts rounds and leaves', () => {
    const { X, y } = data();
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

  it('splits tree growth into its stages with the profile option, without changing the model', () => {
    const { X, y } = data();
    const plain = new GradientBoostingClassifier({ nEstimators: 15, maxDepth: 4 }).fit(X, y);
    expect(plain.fitStats!.growStages).toBeNull();
    for (const nthreads of [1, 2]) {
      const profiled = new GradientBoostingClassifier({ nEstimators: 15, maxDepth: 4 }).fit(X, y, { profile: true, nthreads });
      expect(JSON.stringify(profiled.toJSON())).toBe(JSON.stringify(plain.toJSON()));
      const g = profiled.fitStats!.growStages!;
      for (const k of ['histogram', 'split', 'partition', 'leaves'] as const) expect(g[k], k).toBeGreaterThan(0);
      // The timers run inside grow, which also copies each tree out.
      expect(g.histogram + g.split + g.partition + g.leaves).toBeLessThanOrEqual(profiled.fitStats!.grow + 1e-6);
      // A second fit starts its timers from zero.
      const again = new GradientBoostingClassifier({ nEstimators: 15, maxDepth: 4 }).fit(X, y, { profile: true, nthreads });
      expect(again.fitStats!.growStages!.split).toBeLessThanOrEqual(again.fitStats!.grow);
    }
  });

  it('reports each thread\'s times and its waits at the meetings of a multi-threaded fit', () => {
    const { X, y } = data();
    expect(new GradientBoostingClassifier({ nEstimators: 5 }).fit(X, y).fitStats!.threads).toBeNull();
    for (const profile of [false, true]) {
      const model = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 4 }).fit(X, y, { nthreads: 2, profile });
      const threads = model.fitStats!.threads!;
      expect(threads).toHaveLength(2);
      for (const [t, tt] of threads.entries()) {
        expect(tt.gradients, `thread ${t}`).toBeGreaterThan(0);
        expect(tt.grow, `thread ${t}`).toBeGreaterThan(0);
        // The threads meet at the start of every round, for the root's sums, and twice per split (histograms, splits).
        expect(tt.meetings, `thread ${t}`).toBeGreaterThan(2 * model.fitStats!.rounds);
        // All as often (a worker's last record is written before the last meeting, the calling thread's after).
        expect(Math.abs(tt.meetings - threads[0].meetings), `thread ${t}`).toBeLessThanOrEqual(1);
        expect(tt.wait, `thread ${t}`).toBeGreaterThanOrEqual(0);
        expect(tt.wait, `thread ${t}`).toBeLessThanOrEqual(model.fitStats!.total);
        const stages = tt.histogram + tt.split + tt.partition + tt.leaves;
        if (profile) {
          expect(stages, `thread ${t}`).toBeGreaterThan(0);
          expect(stages, `thread ${t}`).toBeLessThanOrEqual(tt.grow + 1e-6);
        } else {
          expect(stages, `thread ${t}`).toBe(0);
        }
      }
      expect(threads[0].gradients).toBe(model.fitStats!.gradients);
    }
  });
});
