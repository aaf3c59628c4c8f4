import { describe, expect, it } from 'vitest';
import type { Column } from '../../src/data/dataset.js';
import { Random } from '../../src/random.js';
import { binFeature, type FeatureBinning, woeBinIndex } from '../../src/binning/woe.js';
import { binCodes } from '../../src/binning/binCodes.js';
import { init } from '../../src/wasm/load.js';

await init();

/** binCodes must agree with woeBinIndex on every value (none = bins.length). */
function agree(fb: FeatureBinning, col: Column): void {
  const codes = binCodes(fb, col);
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i];
    const k = woeBinIndex(fb, fb.kind === 'categorical' && !Number.isNaN(v) ? (col.categories?.[v] ?? null) : v);
    if (codes[i] !== (k < 0 ? fb.bins.length : k)) expect.fail(`row ${i} (${v}): code ${codes[i]}, woeBinIndex ${k}`);
  }
}

describe('binCodes', () => {
  it('agrees with woeBinIndex: fitted numeric binnings with special and missing values, on new values', () => {
    const rng = new Random(4);
    const n = 3000;
    const x = Float32Array.from({ length: n }, () => (rng.next() < 0.05 ? NaN : rng.next() < 0.05 ? -1 : Math.round(rng.next() * 500) / 7));
    const y = Float64Array.from(x, (v) => (rng.next() < 0.1 + (Number.isNaN(v) ? 0.3 : v / 200) ? 1 : 0));
    const fb = binFeature({ name: 'x', kind: 'numeric', values: x }, y, { specialValues: [-1], fineBins: 40, minBinShare: 0.01 });
    const fresh = Float32Array.from({ length: 2000 }, (_, i) => (i % 50 === 0 ? NaN : i % 45 === 0 ? -1 : (rng.next() - 0.2) * 100));
    // Every cut itself lands in the bin it starts.
    const cuts = Float32Array.from(fb.bins.filter((b) => b.lower !== null).map((b) => b.lower!));
    for (const values of [x, fresh, cuts]) agree(fb, { name: 'x', kind: 'numeric', values });
  });

  it('agrees on hand-made bins that leave gaps (no bin: the last code) and on categorical data with unseen levels', () => {
    const gappy: FeatureBinning = {
      feature: 'x', kind: 'numeric', iv: 0, strength: 'useless', direction: 'none', rank: 1,
      bins: [
        { lower: null, upper: 1, missing: false, count: 1, goods: 1, bads: 0, share: 0.5, badRate: 0, woe: 1, iv: 0 },
        { lower: 2, upper: null, missing: false, count: 1, goods: 0, bads: 1, share: 0.5, badRate: 1, woe: -1, iv: 0 },
      ],
    };
    agree(gappy, { name: 'x', kind: 'numeric', values: Float32Array.from([0, 1, 1.5, 2, 3, NaN]) });
    expect(Array.from(binCodes(gappy, { name: 'x', kind: 'numeric', values: Float32Array.from([0, 1.5, NaN]) }))).toEqual([0, 2, 2]);
    const labels = ['a', 'b', 'c', 'd'];
    const train: Column = { name: 'c', kind: 'categorical', values: Float32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, NaN]), categories: labels };
    const fb = binFeature(train, [0, 1, 0, 0, 1, 1, 0, 1, 0, 1], { minBinShare: 0, minCategoryShare: 0 });
    agree(fb, { name: 'c', kind: 'categorical', values: Float32Array.from([3, 0, 1, 2, NaN]), categories: labels });
  });
});
