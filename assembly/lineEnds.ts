/**
 * The offsets of the LF bytes of a text, in order: for the plain CSV
 * splitter (src/stream/plainCsvSplitter.ts), which cuts blocks of records
 * at line ends and, one search call per line, spent more time calling than
 * searching.
 *
 * @param text  IN  u8 [len], 16 readable bytes after it
 * @param out   OUT u32 [maxOut]
 * @returns how many LFs were written (at most maxOut: the caller searches
 *          again from after the last one when it is maxOut)
 */
export function lineEnds(text: usize, len: i32, out: usize, maxOut: i32): i32 {
  const lf = i8x16.splat(0x0a);
  let n = 0;
  for (let i = 0; i < len; i += 16) {
    let mask = i8x16.bitmask(i8x16.eq(v128.load(text + <usize>i), lf));
    // Bytes past the end are not the text's.
    if (len - i < 16) mask &= (1 << (len - i)) - 1;
    while (mask != 0) {
      if (n == maxOut) return n;
      store<u32>(out + (<usize>n << 2), i + ctz(mask));
      n++;
      mask &= mask - 1;
    }
  }
  return n;
}

/** Scalar twin of lineEnds. */
export function lineEndsNaive(text: usize, len: i32, out: usize, maxOut: i32): i32 {
  let n = 0;
  for (let i = 0; i < len; i++) {
    if (load<u8>(text + <usize>i) != 0x0a) continue;
    if (n == maxOut) return n;
    store<u32>(out + (<usize>n << 2), i);
    n++;
  }
  return n;
}
