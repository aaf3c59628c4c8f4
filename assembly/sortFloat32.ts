/** Scratch bytes sortFloat32 needs for n values. */
export function sortFloat32ScratchBytes(n: i32): i32 {
  return n * 4 + 4 * 256 * 4;
}

/**
 * Sorts n finite f32 values ascending, in place: an LSD radix sort on the
 * order-preserving u32 image of their bits, four 8-bit digits, all four digit
 * counts taken in one pass, and a pass skipped when every value has the same
 * digit there. -0 sorts just before +0, as in TypedArray.prototype.sort.
 * (The quantile cut points of BinMapper.fit sort every training column: on
 * small data this sort was a large part of the fit's fixed cost.)
 *
 * @param values   IN/OUT f32 [n], no NaN
 * @param scratch  scratch sortFloat32ScratchBytes(n) bytes
 */
export function sortFloat32(values: usize, n: i32, scratch: usize): void {
  if (n < 2) return;
  const nn = <usize>n;
  const counts = scratch + (nn << 2);
  memory.fill(counts, 0, 4 * 256 * 4);
  // To keys: flip all bits of negatives, the sign bit of the rest.
  for (let i: usize = 0; i < nn; i++) {
    const bits = load<u32>(values + (i << 2));
    const key = bits ^ (<u32>(<i32>bits >> 31) | 0x80000000);
    store<u32>(values + (i << 2), key);
    for (let d: usize = 0; d < 4; d++) {
      const c = counts + (d << 10) + (<usize>((key >> (<u32>d << 3)) & 0xff) << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  let src = values;
  let dst = scratch;
  for (let d: usize = 0; d < 4; d++) {
    const digitCounts = counts + (d << 10);
    const shift = <u32>d << 3;
    const firstDigit = <usize>((load<u32>(src) >> shift) & 0xff);
    if (<usize>load<u32>(digitCounts + (firstDigit << 2)) == nn) continue;
    let sum: u32 = 0;
    for (let k: usize = 0; k < 256; k++) {
      const c = load<u32>(digitCounts + (k << 2));
      store<u32>(digitCounts + (k << 2), sum);
      sum += c;
    }
    for (let i: usize = 0; i < nn; i++) {
      const key = load<u32>(src + (i << 2));
      const c = digitCounts + (<usize>((key >> shift) & 0xff) << 2);
      const pos = <usize>load<u32>(c);
      store<u32>(c, <u32>pos + 1);
      store<u32>(dst + (pos << 2), key);
    }
    const t = src; src = dst; dst = t;
  }
  // Back to f32 bits, into `values`.
  for (let i: usize = 0; i < nn; i++) {
    const key = load<u32>(src + (i << 2));
    store<u32>(values + (i << 2), key ^ (<u32>(~(<i32>key) >> 31) | 0x80000000));
  }
}
