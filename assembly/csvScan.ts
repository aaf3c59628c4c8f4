/**
 * The structural bytes of 16 bytes of CSV text: delimiter, quote, CR, LF —
 * i8x16.eq against each, one bitmask (bit i: byte i). Also whether any of
 * them is a byte the fast reader does not take: non-ASCII (≥ 0x80) or NUL.
 */

const QUOTE: u8 = 0x22;
const LF: u8 = 0x0a;
const CR: u8 = 0x0d;

/** Bits of the structural bytes among the 16 at p (all 16 must be readable). */
// @ts-ignore: decorator
@inline
export function structuralMask(p: usize, delim: v128): i32 {
  return structuralMaskOf(v128.load(p), delim);
}

/** Bits of the structural bytes among the 16 bytes of v. */
// @ts-ignore: decorator
@inline
export function structuralMaskOf(v: v128, delim: v128): i32 {
  const hits = v128.or(
    v128.or(i8x16.eq(v, delim), i8x16.eq(v, i8x16.splat(QUOTE))),
    v128.or(i8x16.eq(v, i8x16.splat(LF)), i8x16.eq(v, i8x16.splat(CR))),
  );
  return i8x16.bitmask(hits);
}

/** Bits of the bytes ≥ 0x80 or = 0 among the 16 at p. */
// @ts-ignore: decorator
@inline
export function foreignMask(p: usize): i32 {
  const v = v128.load(p);
  return i8x16.bitmask(v) | i8x16.bitmask(i8x16.eq(v, i8x16.splat(0)));
}

/** Scalar twin of structuralMask. */
export function structuralMaskNaive(p: usize, delim: u8): i32 {
  let m = 0;
  for (let i = 0; i < 16; i++) {
    const c = load<u8>(p + i);
    if (c == delim || c == QUOTE || c == LF || c == CR) m |= 1 << i;
  }
  return m;
}

/** Scalar twin of foreignMask. */
export function foreignMaskNaive(p: usize): i32 {
  let m = 0;
  for (let i = 0; i < 16; i++) {
    const c = load<u8>(p + i);
    if (c >= 0x80 || c == 0) m |= 1 << i;
  }
  return m;
}

/** Bits of the NUL bytes among the 16 at p. */
// @ts-ignore: decorator
@inline
export function nulMask(p: usize): i32 {
  return i8x16.bitmask(i8x16.eq(v128.load(p), i8x16.splat(0)));
}

/** Scalar twin of nulMask. */
export function nulMaskNaive(p: usize): i32 {
  let m = 0;
  for (let i = 0; i < 16; i++) if (load<u8>(p + i) == 0) m |= 1 << i;
  return m;
}

/** Lanes of v that are a quote or a CR: the structural bytes that need more than a delimiter or an LF does. */
// @ts-ignore: decorator
@inline
export function rareBytes(v: v128): v128 {
  return v128.or(i8x16.eq(v, i8x16.splat(QUOTE)), i8x16.eq(v, i8x16.splat(CR)));
}

/** Bits of the quotes and CRs among the 16 at p. */
// @ts-ignore: decorator
@inline
export function rareMask(p: usize): i32 {
  return i8x16.bitmask(rareBytes(v128.load(p)));
}

/** Scalar twin of rareMask. */
export function rareMaskNaive(p: usize): i32 {
  let m = 0;
  for (let i = 0; i < 16; i++) {
    const c = load<u8>(p + i);
    if (c == QUOTE || c == CR) m |= 1 << i;
  }
  return m;
}

/** Lanes of v that are the delimiter or an LF. */
// @ts-ignore: decorator
@inline
export function delimOrLf(v: v128, delim: v128): v128 {
  return v128.or(i8x16.eq(v, delim), i8x16.eq(v, i8x16.splat(LF)));
}

/** Whether the n bytes at p (n a multiple of 16) hold a NUL. */
export function hasNul(p: usize, n: i32): bool {
  let zero = i8x16.splat(0);
  for (let i = 0; i < n; i += 16) zero = v128.or(zero, i8x16.eq(v128.load(p + <usize>i), i8x16.splat(0)));
  return v128.any_true(zero);
}
