import { describe, expect, it } from 'vitest';
import { gradientScale } from '../../src/models/gbdt/trainingThreads.js';
import { Random } from '../../src/random.js';
import { getRuntime, init } from '../../src/wasm/load.js';

await init();
const { kernels, heap } = getRuntime();

/** logisticGradHess (naive = 0) or its scalar twin (naive = 1): the interleaved (g, h) pairs. */
function gradHess(naive: number, scores: Float64Array, labels: Float64Array, weights: Float64Array | null, scale: number): Float64Array {
  const n = scores.length;
  return heap.scoped((scope) => {
    const out = scope.alloc(n * 16 + 16);
    const w = weights ? scope.copyIn(weights) : 0;
    const f = naive ? kernels.logisticGradHessNaive : kernels.logisticGradHess;
    f(scope.copyIn(scores), scope.copyIn(labels), w, n, scale, out);
    return heap.f64(out, 2 * n).slice();
  });
}

describe('logisticGradHess and its scalar twin logisticGradHessNaive', () => {
  it('give the same gradients and hessians, bit for bit, two rows per f64x2 or one (odd counts, extreme scores, weights of 0)', () => {
    const rng = new Random(31);
    const extremes = [0, -0, 1e-300, -1e-300, 36, -36, 40, -40, 745, -745, 800, -800, Infinity, -Infinity];
    for (let t = 0; t < 60; t++) {
      const n = 1 + rng.int(300);
      const scores = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? extremes[rng.int(extremes.length)] : rng.next() * 16 - 8));
      const labels = Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
      const weights = t % 2 === 0 ? null : Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? 0 : rng.next() * 3));
      const scale = gradientScale(weights ? weights.reduce((a, b) => a + b, 0) || 1 : n);
      const fast = gradHess(0, scores, labels, weights, scale);
      const naive = gradHess(1, scores, labels, weights, scale);
      for (let i = 0; i < 2 * n; i++) {
        expect(Object.is(fast[i], naive[i]), `row ${i >> 1} ${i % 2 ? 'h' : 'g'}: ${fast[i]} vs naive ${naive[i]} (score ${scores[i >> 1]})`).toBe(true);
      }
    }
  });
});
