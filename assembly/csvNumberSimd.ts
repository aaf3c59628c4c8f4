import { POW10, MAX_EXACT, eightDigits, nearFloat32Midpoint } from './csvNumber';

/**
 * A SIMD parser for the common shapes of a numeric cell, parseFastDecimal's twin on them:
 * an optional '-', then only digits (`7542`) or digits with one '.'
 * (`0.11557604372501373`), at most 18 digits. One or two 16-byte loads and
 * i8x16 compares find every byte that is not a digit. The digits m are then
 * converted without a loop over the bytes: a decimal of at most 16 bytes by
 * one swizzle (the point taken out, the digits right-aligned) and
 * sixteenDigits; a longer one whose point comes before its last 16 bytes by
 * sixteenDigits on those and its first digits as bytes; integers and other
 * decimals eight digits at a time (SWAR). The value is m × 10^-b, which
 * rounds to the float32 of the scalar parser's m / 10^b except near a float32
 * rounding boundary, where the scalar parser's division and boundary check are
 * taken: the two agree bit for bit on the float32. Any other cell ('+',
 * exponent, blanks, empty, > 18 digits, a lone '.') is NaN here, as is a value
 * the boundary check flags: the caller then reads the cell, trimmed, by
 * parseFastDecimal.
 */

/** 10^0 … 10^18, exact in a u64. */
const POW10_U64: StaticArray<u64> = [
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
  10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
  1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000,
];

/** 10^-0 … 10^-18, each the double nearest to it. */
const NEG_POW10: StaticArray<f64> = [
  1e-0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18,
];

/**
 * At most 18 digits: m < 10^18 < 2^63 converts to a double as a signed
 * integer (cheaper in wasm engines than the unsigned conversion). Cells with
 * 19 digits are rare (a double prints in at most 17) and go to the scalar path.
 */
const MAX_SIMD_DIGITS = 18;

/**
 * The number in bytes [p, e) as a double whose float32 is the cell's, or NaN
 * (see above). The 16 bytes at p must be readable, and the cell's last 16
 * bytes are read when it is longer (the CSV text is readable 16 bytes past
 * its end, and a cell ends before it).
 *
 * Data-dependent branches cost more here than arithmetic (the sign, the
 * number of digits and whether m passes 2^53 vary from cell to cell), so the
 * sign, the value 0 and the float32 boundary check are computed without them.
 */
// @ts-ignore: decorator
@inline
export function parseDecimalSimd(p: usize, e: usize): f64 {
  const negative = load<u8>(p) == 0x2d;
  const q = p + <usize>negative;
  const n = <i32>(e - q);
  // At most MAX_SIMD_DIGITS digits and a point, and at least one byte after a '-'.
  if (<u32>(n - 1) >= <u32>MAX_SIMD_DIGITS + 1) return NaN;
  const first = i8x16.sub(v128.load(q), i8x16.splat(0x30)); // the first 16 bytes' digit values
  let digitBits = i8x16.bitmask(i8x16.lt_u(first, i8x16.splat(10)));
  // A longer cell: its last 16 bytes too (all digits when the point is before them, as in 0.11557604372501373).
  let tail = i8x16.splat(0);
  if (n > 16) {
    tail = v128.load(q + <usize>(n - 16));
    digitBits |= digitMask(tail) << (n - 16);
  }
  const other = ~digitBits & ((1 << n) - 1);
  let m: u64;
  let b: i32 = 0; // digits after the point
  if (other == 0) {
    if (n > MAX_SIMD_DIGITS) return NaN;
    m = n == 1 ? <u64>(<u32>load<u8>(q) - 0x30) : digits(q, n);
  } else {
    const a = ctz(other); // digits before the point
    if ((other & (other - 1)) != 0 || load<u8>(q + <usize>a) != 0x2e || n == 1) return NaN;
    b = n - a - 1;
    if (n <= 16) {
      // The whole cell in its first 16 bytes: the n - 1 digits, the point taken out and right-aligned by one
      // swizzle (lane j takes digit j + n - 17, the byte after it from the point on; lanes before the first
      // digit take index < 0, which the swizzle reads as 0), converted at once.
      const k = i8x16.add(i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), i8x16.splat(<i8>(n - 17)));
      m = sixteenDigits(i8x16.swizzle(first, i8x16.sub(k, i8x16.ge_s(k, i8x16.splat(<i8>a)))));
    } else {
      // Mostly one digit before the point (0.1155…, -1.19…): a well-predicted branch saves a SWAR conversion.
      const int = a == 1 ? <u64>(<u32>load<u8>(q) - 0x30) : digits(q, a);
      if (b >= 16) {
        // The last 16 digits at once (SIMD), the 0 to 2 after the point before them as bytes.
        const bHead = b - 16;
        const d1 = <u64>(<u32>load<u8>(q + <usize>a + 1) - 0x30);
        const d2 = <u64>(<u32>load<u8>(q + <usize>a + 2) - 0x30);
        const head = int * unchecked(POW10_U64[bHead]) + select<u64>(d1 * 10 + d2, select<u64>(d1, 0, bHead == 1), bHead == 2);
        m = head * 10000000000000000 + sixteenDigits(i8x16.sub(tail, i8x16.splat(0x30)));
      } else {
        m = int * unchecked(POW10_U64[b]) + digits(q + <usize>a + 1, b);
      }
    }
  }
  // A multiplication by 10^-b is within 3 ulps of m / 10^b (m < 10^18 is within half an ulp of its double): it
  // rounds to the same float32 unless it lies near a float32 rounding boundary. There (rarely), the scalar
  // parser's division: m = 0 gives ±0.0; m ≤ 2^53 gives the exact quotient, never flagged.
  let v = <f64>(<i64>m) * unchecked(NEG_POW10[b]);
  if (nearFloat32Midpoint(v)) {
    v = <f64>(<i64>m) / unchecked(POW10[b]);
    if (m > MAX_EXACT && nearFloat32Midpoint(v)) return NaN;
  }
  return reinterpret<f64>(reinterpret<u64>(v) | (<u64>negative << 63));
}

/**
 * The value of 16 decimal digits, one a lane (0 … 9, the first the most
 * significant): pairs, then groups of 4 and 8 by i16 multiplications and dot
 * products, the two groups of 8 joined in a u64.
 */
// @ts-ignore: decorator
@inline
export function sixteenDigits(d: v128): u64 {
  const pairs = i16x8.add(i16x8.mul(v128.and(d, i16x8.splat(0xff)), i16x8.splat(10)), i16x8.shr_u(d, 8));
  const fours = i32x4.dot_i16x8_s(pairs, i16x8(100, 1, 100, 1, 100, 1, 100, 1));
  const eights = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(fours, fours), i16x8(10000, 1, 10000, 1, 10000, 1, 10000, 1));
  return <u64>(<u32>i32x4.extract_lane(eights, 0)) * 100000000 + <u64>(<u32>i32x4.extract_lane(eights, 1));
}

/** Bit i set when byte i of v is an ASCII digit. */
// @ts-ignore: decorator
@inline
function digitMask(v: v128): i32 {
  return i8x16.bitmask(i8x16.lt_u(i8x16.sub(v, i8x16.splat(0x30)), i8x16.splat(10)));
}

/** The value of the n ≤ 18 ASCII digits at p (8 bytes are read at p even for fewer digits: the text is readable 16 bytes past its end). */
// @ts-ignore: decorator
@inline
function digits(p: usize, n: i32): u64 {
  if (n <= 8) return leadingDigits(p, n);
  if (n <= 16) return leadingDigits(p, n - 8) * 100000000 + eightDigits(load<u64>(p + <usize>(n - 8)));
  return (leadingDigits(p, n - 16) * 100000000 + eightDigits(load<u64>(p + <usize>(n - 16)))) * 100000000
    + eightDigits(load<u64>(p + <usize>(n - 8)));
}

/**
 * The value of the 0 ≤ n ≤ 8 digits at p: the bytes past them are shifted out,
 * zero bytes shifted in count as leading zeros (two shifts, so that n = 0
 * shifts every bit out). No shorter word for short runs: a branch on the
 * length would be mispredicted where lengths vary (integers 0 … 20000).
 */
// @ts-ignore: decorator
@inline
function leadingDigits(p: usize, n: i32): u64 {
  const half = <u64>(8 - n) << 2;
  return eightDigits((load<u64>(p) << half) << half);
}
