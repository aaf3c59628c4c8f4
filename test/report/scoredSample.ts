import { Random } from '../../src/random.js';

/**
 * A seeded sample of n rows: 0/1 labels with about 30% defaults, and a score
 * per row from `score(u, y)` with u uniform in [0, 1), so scores rank
 * defaulters higher as far as `score` lets them.
 */
export function scoredSample(n: number, seed: number, score: (u: number, y: number) => number): { y: Float64Array; s: Float64Array } {
  const rng = new Random(seed);
  const y = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.3 ? 1 : 0;
    s[i] = score(rng.next(), y[i]);
  }
  return { y, s };
}
