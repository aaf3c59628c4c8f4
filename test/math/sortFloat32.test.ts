import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { sortedFinite, sortFloat32InPlace } from '../../src/math/sortFloat32.js';
import { init } from '../../src/wasm/load.js';

await init();

describe('sortedFinite / sortFloat32InPlace', () => {
  it('equal TypedArray.prototype.sort, without NaN and with a filter', () => {
    const rng = new Random(12);
    const v = Float32Array.from({ length: 5000 }, (_, i) => (i % 13 === 0 ? NaN : i % 7 === 0 ? -0 : (rng.next() - 0.5) * 10 ** rng.int(8)));
    const expected = v.filter((x) => !Number.isNaN(x)).sort();
    expect(sortedFinite(v)).toEqual(expected);
    expect(sortedFinite(v, (x) => x > 0)).toEqual(expected.filter((x) => x > 0));
    const sub = Float32Array.from([3, -1, 2, 0, 5]).subarray(1, 4);
    expect(Array.from(sortFloat32InPlace(sub))).toEqual([-1, 0, 2]);
    expect(sortedFinite(Float32Array.from([NaN, 1]))).toEqual(Float32Array.from([1]));
  });
});
