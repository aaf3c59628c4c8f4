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

/** plainBytes' answer: a quote, a NUL or a byte ≥ 0x80. */
export const PLAIN_FOREIGN: i32 = 1;
/** plainBytes' answer: a CR followed by a byte other than LF (a CR at the end is not judged). */
export const PLAIN_LONE_CR: i32 = 2;

/**
 * What keeps a piece of CSV from being plain for the plain splitter (see
 * src/stream/plainCsvSplitter.ts): PLAIN_FOREIGN | PLAIN_LONE_CR bits, 0 when
 * the piece is plain. One pass, for the piece lineEnds then reads from cache.
 *
 * @param text  IN  u8 [len], 16 readable bytes after it
 */
export function plainBytes(text: usize, len: i32): i32 {
  const quote = i8x16.splat(0x22);
  const zero = i8x16.splat(0);
  const cr = i8x16.splat(0x0d);
  const lf = i8x16.splat(0x0a);
  let foreign = 0;
  let loneCr = 0;
  for (let i = 0; i < len; i += 16) {
    const p = text + <usize>i;
    const v = v128.load(p);
    // The next byte of each: a CR must be followed by an LF.
    const next = v128.load(p, 1);
    let f = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, zero)), v)) ;
    let c = i8x16.bitmask(v128.andnot(i8x16.eq(v, cr), i8x16.eq(next, lf)));
    if (len - i < 16) f &= (1 << (len - i)) - 1;
    // A CR at the last byte is judged with the next piece.
    if (len - 1 - i < 16) c &= (1 << (len - 1 - i)) - 1;
    foreign |= f;
    loneCr |= c;
  }
  return (foreign != 0 ? PLAIN_FOREIGN : 0) | (loneCr != 0 ? PLAIN_LONE_CR : 0);
}

/** Scalar twin of plainBytes. */
export function plainBytesNaive(text: usize, len: i32): i32 {
  let out = 0;
  for (let i = 0; i < len; i++) {
    const c = load<u8>(text + <usize>i);
    if (c == 0x22 || c == 0 || c >= 0x80) out |= PLAIN_FOREIGN;
    if (c == 0x0d && i + 1 < len && load<u8>(text + <usize>i + 1) != 0x0a) out |= PLAIN_LONE_CR;
  }
  return out;
}
