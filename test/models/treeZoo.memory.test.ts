import { describe, expect, it } from 'vitest';
import { AdaBoostClassifier, type Classifier, DecisionTreeClassifier, RandomForestClassifier } from '../../src/index.js';
import { getRuntime } from '../../src/wasm/load.js';
import { nonlinear, slice } from './helpers.js';

const MiB = 1 << 20;
const { heap } = getRuntime(); // the main entry loaded the wasm on import
const train = slice(nonlinear(4000, 8), 0, 4000);

// Bootstrap weights, node feature draws and AdaBoost weights are written into
// wasm memory every round: a view kept across a memory growth would drop them.
const makers: [string, () => Classifier][] = [
  ['random forest', () => new RandomForestClassifier({ nEstimators: 8, maxDepth: 6, oobScore: true, seed: 3 })],
  ['AdaBoost', () => new AdaBoostClassifier({ nEstimators: 8, maxDepth: 2 })],
];

describe('wasm memory while the tree baselines fit', () => {
  it('is all returned: repeated fits and predictions do not grow memory', () => {
    const once = (): void => {
      for (const [, make] of makers) make().fit(train.X, train.y).predictProba(train.X);
      new DecisionTreeClassifier({ ccpAlpha: 0.001 }).fit(train.X, train.y).predictProba(train.X);
    };
    once();
    const size = heap.byteLength;
    for (let i = 0; i < 10; i++) once();
    expect(heap.byteLength).toBe(size);
  });

  for (const [name, make] of makers) {
    it(`${name}: memory may grow in the middle of fit (from onProgress) without changing the model`, () => {
      let grownAt = 0;
      const grown = make().fit(train.X, train.y, {
        onProgress: ({ iteration }) => {
          if (iteration !== 3) return;
          const { heap: h } = getRuntime();
          const bytes = Math.max(256 * MiB, h.byteLength + MiB);
          const before = h.byteLength;
          const p = h.alloc(bytes);
          h.u8(p + bytes - 16, 16).fill(0xab);
          h.free(p);
          grownAt = h.byteLength - before;
        },
      });
      expect(grownAt).toBeGreaterThan(0);
      const plain = make().fit(train.X, train.y);
      expect(JSON.stringify(grown.toJSON())).toBe(JSON.stringify(plain.toJSON()));
      if (grown instanceof RandomForestClassifier && plain instanceof RandomForestClassifier) {
        expect(grown.oobScore_!.auc).toBe(plain.oobScore_!.auc);
      }
    });
  }
});
