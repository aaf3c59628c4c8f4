import { POW10, MAX_EXACT, MAX_DIGITS, eightDigits, float32Safe, parseFastDecimal } from './csvNumber';

/**
 * parseFastDecimal with a SIMD path for the common shapes of a numeric cell:
 * only digits (`7542`), or digits with one '.' (`0.11557604372501373`), at
 * most 19 digits. One or two 16-byte loads and i8x16 compares find every byte
 * that is not a digit; when the only one is a '.', the digits on either side
 * are converted eight at a time (SWAR, without a loop over the bytes) and
 * joined as m = int × 10^b + frac. The value is then the scalar parser's, by
 * the same division and the same float32 boundary check, so the two agree bit
 * for bit. Any other cell (sign, exponent, blanks inside, > 19 digits, a lone
 * '.') goes to parseFastDecimal.
 */

/** 10^0 … 10^19, exact in a u64. */
const POW10_U64: StaticArray<u64> = [
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
  10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
  1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000,
  10000000000000000000,
];

/** A cell this long holds at most 19 digits and a point. */
const MAX_PLAIN_BYTES = MAX_DIGITS + 1;

/**
 * The number in bytes [p, e), trimmed and non-empty, as parseFastDecimal
 * answers it. The 16 bytes at p must be readable, and those at p + 16 when
 * the cell is longer than 16 bytes (the CSV text is readable 16 bytes past
 * its end, and a cell ends before it).
 */
// @ts-ignore: decorator
@inline
export function parseDecimalSimd(p: usize, e: usize): f64 {
  const n = <i32>(e - p);
  if (n > MAX_PLAIN_BYTES) return parseFastDecimal(p, e);
  let digitBits = digitMask(v128.load(p));
  if (n > 16) digitBits |= digitMask(v128.load(p, 16)) << 16;
  const other = ~digitBits & ((1 << n) - 1);
  let m: u64;
  let b: i32 = 0; // digits after the point
  if (other == 0) {
    if (n > MAX_DIGITS) return parseFastDecimal(p, e);
    m = digits(p, n);
  } else {
    const a = ctz(other); // digits before the point
    if ((other & (other - 1)) != 0 || load<u8>(p + <usize>a) != 0x2e || n == 1) return parseFastDecimal(p, e);
    b = n - a - 1;
    m = digits(p, a) * unchecked(POW10_U64[b]) + digits(p + <usize>a + 1, b);
  }
  if (m == 0) return 0.0;
  const v = <f64>m / unchecked(POW10[b]);
  if (m > MAX_EXACT && !float32Safe(v)) return NaN;
  return v;
}

/** Bit i set when byte i of v is an ASCII digit. */
// @ts-ignore: decorator
@inline
function digitMask(v: v128): i32 {
  return i8x16.bitmask(i8x16.lt_u(i8x16.sub(v, i8x16.splat(0x30)), i8x16.splat(10)));
}

/** The value of the n ≤ 19 ASCII digits at p (the 8 bytes past each eight read are readable). */
// @ts-ignore: decorator
@inline
function digits(p: usize, n: i32): u64 {
  if (n <= 8) return n == 0 ? 0 : leadingDigits(p, n);
  if (n <= 16) return leadingDigits(p, n - 8) * 100000000 + eightDigits(load<u64>(p + <usize>(n - 8)));
  return (leadingDigits(p, n - 16) * 100000000 + eightDigits(load<u64>(p + <usize>(n - 16)))) * 100000000
    + eightDigits(load<u64>(p + <usize>(n - 8)));
}

/** The value of the 1 ≤ n ≤ 8 digits at p: the bytes past them are shifted out, zero bytes shifted in count as leading zeros. */
// @ts-ignore: decorator
@inline
function leadingDigits(p: usize, n: i32): u64 {
  return eightDigits(load<u64>(p) << (<u64>(8 - n) << 3));
}
