import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, rocAuc } from '../../../src/index.js';
import { getRuntime } from '../../../src/wasm/load.js';
import { nonlinear, slice } from '../helpers.js';

const MiB = 1 << 20;
const { heap } = getRuntime(); // the main entry loaded the wasm on import

const data = nonlinear(6000, 3);
const train = slice(data, 0, 4000);
const valid = slice(data, 4000, 6000);
// Row and column sampling make every round write fresh views (rows, feature mask): a view kept
// across a memory growth would be detached and silently drop those writes.
const opts = { nEstimators: 8, maxDepth: 4, subsample: 0.8, colsampleByTree: 0.7, evalMetric: 'auc' as const, seed: 5 };

describe('wasm memory during fit', () => {
  it('is all returned: repeated fits, predictions and metrics do not grow memory', () => {
    const once = (): void => {
      const m = new GradientBoostingClassifier(opts).fit(train.X, train.y, { evalSet: { X: valid.X, y: valid.y } });
      rocAuc(valid.y, m.predictProba(valid.X));
      // Each model's scoring tables stay resident on purpose (up to RESIDENT_BUDGET_BYTES, src/wasm/residentCopies.ts):
      // dropped here, so that only what a fit and a prediction fail to return could grow memory.
      heap.residents.clear();
    };
    once();
    const size = heap.byteLength;
    for (let i = 0; i < 15; i++) once();
    expect(heap.byteLength).toBe(size);
  });

  it('may grow in the middle of fit (from onProgress) without changing the model', () => {
    const before = heap.byteLength;
    let sizeAtGrowth = 0;
    const grown = new GradientBoostingClassifier(opts).fit(train.X, train.y, {
      evalSet: { X: valid.X, y: valid.y },
      onProgress: ({ iteration }) => {
        if (iteration !== 3) return;
        // At least 256 MiB and more than all current memory, so the allocation must grow it.
        const { heap: h } = getRuntime();
        const bytes = Math.max(256 * MiB, h.byteLength + MiB);
        const p = h.alloc(bytes);
        h.u8(p + bytes - 16, 16).fill(0xab); // touch the far end
        h.free(p);
        sizeAtGrowth = h.byteLength;
      },
    });
    expect(sizeAtGrowth).toBeGreaterThanOrEqual(before + 256 * MiB);
    expect(heap.byteLength).toBe(sizeAtGrowth);
    expect(grown.nTrees).toBe(8);

    const plain = new GradientBoostingClassifier(opts).fit(train.X, train.y, { evalSet: { X: valid.X, y: valid.y } });
    expect(JSON.stringify(grown.toJSON())).toBe(JSON.stringify(plain.toJSON()));
    expect(grown.evalHistory).toEqual(plain.evalHistory);
    const a = grown.predictProba(valid.X);
    const b = plain.predictProba(valid.X);
    expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
  });
});
