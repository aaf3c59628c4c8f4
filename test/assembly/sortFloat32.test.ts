import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { getRuntime, init } from '../../src/wasm/load.js';

await init();
const { kernels, heap } = getRuntime();

/** sortFloat32 in wasm on a copy of `values`, copied out. */
function wasmSort(values: Float32Array): Float32Array {
  return heap.scoped((scope) => {
    const buf = scope.alloc(Math.max(1, values.length) * 4);
    heap.f32(buf, values.length).set(values);
    const scratch = scope.alloc(kernels.sortFloat32ScratchBytes(values.length));
    kernels.sortFloat32(buf, values.length, scratch);
    return heap.f32(buf, values.length).slice();
  });
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

describe('sortFloat32 (radix sort of finite f32 values)', () => {
  it('sorts like TypedArray.prototype.sort, bit for bit (signed zeros, subnormals, extremes, ties)', () => {
    const rng = new Random(9);
    const special = [0, -0, 1e-45, -1e-45, 1.1754943508222875e-38, -3.4028234663852886e38, 3.4028234663852886e38, 1, -1];
    for (const n of [0, 1, 2, 3, 17, 256, 1000, 20_000]) {
      for (const kind of ['wide', 'ties', 'negative', 'special']) {
        const values = Float32Array.from({ length: n }, () => {
          if (kind === 'ties') return rng.int(7) - 3;
          if (kind === 'negative') return -rng.next() * 1e3;
          if (kind === 'special') return special[rng.int(special.length)];
          return (rng.next() - 0.5) * 10 ** (rng.int(20) - 10);
        });
        const expected = values.slice().sort();
        expect(sameBits(wasmSort(values), expected), `${kind}, n = ${n}`).toBe(true);
      }
    }
  });

  it('handles a column where every value has the same high bytes (passes skipped) and all-equal values', () => {
    const near = Float32Array.from({ length: 500 }, (_, i) => 1 + ((i * 7919) % 500) * 2 ** -23);
    expect(sameBits(wasmSort(near), near.slice().sort())).toBe(true);
    const equal = new Float32Array(300).fill(2.5);
    expect(sameBits(wasmSort(equal), equal)).toBe(true);
  });
});
