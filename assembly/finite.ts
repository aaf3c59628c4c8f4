/**
 * Index of the first ±Infinity among nRows f32 values, or -1 (NaN is a
 * missing value and allowed). Four values per f32x4: |v| == Infinity.
 *
 * @param values  IN  f32 [nRows]
 */
export function firstInfinite(values: usize, nRows: i32): i32 {
  const inf = f32x4.splat(Infinity);
  const n4 = nRows & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    if (v128.any_true(f32x4.eq(f32x4.abs(v128.load(values + (<usize>i << 2))), inf))) break;
  }
  for (; i < nRows; i++) if (Mathf.abs(load<f32>(values + (<usize>i << 2))) == Infinity) return i;
  return -1;
}

/** Scalar twin of firstInfinite, compared with it by test/models/binnedForest.test.ts. */
export function firstInfiniteNaive(values: usize, nRows: i32): i32 {
  for (let i = 0; i < nRows; i++) if (Mathf.abs(load<f32>(values + (<usize>i << 2))) == Infinity) return i;
  return -1;
}
