import { MISSING_BIN } from './common';
import { blockAt } from './binningTable';

/**
 * binColumnToBlocks (binningTable.ts) for a feature with few cuts (FEW_CUTS or fewer in
 * lookupBinning.ts): each value's bin counted directly, the value compared
 * with every cut in SIMD (no table, no scalar step). Same bins, plus-one
 * copies and ±Infinity report as binColumnToBlocks.
 *
 * @param cuts    IN  f32 [nCuts], increasing
 * @param blocks  OUT u8 [ceil(nRows / 64) * 128 * nFeatures]
 */
export function binColumnToBlocksByCuts(values: usize, nRows: i32, cuts: usize, nCuts: i32, blocks: usize, nFeatures: i32, column: i32): i32 {
  const zeroF = f32x4.splat(0);
  const one = i8x16.splat(1);
  const inf = f32x4.splat(Infinity);
  let hiA = zeroF, hiB = zeroF, loA = zeroF, loB = zeroF;
  const end = cuts + (<usize>nCuts << 2);
  const groupBytes = <usize>nFeatures << 7;
  let i = 0;
  for (; i + 16 <= nRows; i += 16) {
    const v = values + (<usize>i << 2);
    const v0 = v128.load(v), v1 = v128.load(v, 16), v2 = v128.load(v, 32), v3 = v128.load(v, 48);
    hiA = f32x4.pmax(hiA, v0);
    loA = f32x4.pmin(loA, v0);
    hiB = f32x4.pmax(hiB, v1);
    loB = f32x4.pmin(loB, v1);
    hiA = f32x4.pmax(hiA, v2);
    loA = f32x4.pmin(loA, v2);
    hiB = f32x4.pmax(hiB, v3);
    loB = f32x4.pmin(loB, v3);
    // The cuts <= v, or -1 (MISSING_BIN once narrowed) for NaN, which compares false with every cut.
    let e0 = f32x4.ne(v0, v0), e1 = f32x4.ne(v1, v1), e2 = f32x4.ne(v2, v2), e3 = f32x4.ne(v3, v3);
    for (let c = cuts; c < end; c += 4) {
      const cut = v128.load32_splat(c);
      e0 = i32x4.sub(e0, f32x4.le(cut, v0));
      e1 = i32x4.sub(e1, f32x4.le(cut, v1));
      e2 = i32x4.sub(e2, f32x4.le(cut, v2));
      e3 = i32x4.sub(e3, f32x4.le(cut, v3));
    }
    const b = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(e0, e1), i16x8.narrow_i32x4_s(e2, e3));
    const at = blocks + <usize>(i >>> 6) * groupBytes + (<usize>column << 6) + <usize>(i & 63);
    v128.store(at, b);
    v128.store(at + (<usize>nFeatures << 6), i8x16.add(b, one));
  }
  let infinite = v128.or(v128.or(f32x4.eq(hiA, inf), f32x4.eq(hiB, inf)), v128.or(f32x4.eq(loA, f32x4.neg(inf)), f32x4.eq(loB, f32x4.neg(inf))));
  for (; i < nRows; i++) {
    const v = load<f32>(values + (<usize>i << 2));
    infinite = v128.or(infinite, f32x4.eq(f32x4.splat(abs(v)), inf));
    let bin = 0;
    for (let c = cuts; c < end; c += 4) bin += <i32>(load<f32>(c) <= v);
    bin = select<i32>(bin, MISSING_BIN, v == v);
    const at = blockAt(blocks, nFeatures, column, i);
    store<u8>(at, <u8>bin);
    store<u8>(at + (<usize>nFeatures << 6), <u8>(bin + 1));
  }
  if (!v128.any_true(infinite)) return -1;
  let k = 0;
  while (abs(load<f32>(values + (<usize>k << 2))) != Infinity) k++;
  return k;
}
