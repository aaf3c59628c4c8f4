/**
 * A CSV cell's decimal number, as the float32 the JavaScript reader stores:
 * Math.fround(Number(text)), bit for bit.
 *
 * Clinger's fast path: when the significant digits m fit 2^53 and the power
 * of ten |k| ≤ 22, m and 10^k are exact doubles and one multiplication (or
 * division) is correctly rounded, so the double is Number(text)'s.
 *
 * Up to 19 digits (float32 values printed shortest as doubles have 17): m
 * rounds to a double, and the product is within 3 ulps of the true value x.
 * Its float32 rounding is then fround(Number(text)) unless x lies within those
 * ulps of a float32 rounding boundary (a midpoint between two float32s, which
 * is a double with its 29 low fraction bits 1 followed by zeros); then, and
 * outside float32's normal range, the cell goes to the JavaScript reader.
 *
 * Anything else (more digits, a larger exponent, text that is not strict
 * decimal syntax) is NaN: the caller leaves the cell to the JavaScript reader.
 */

// 10^0 … 10^22, every one exact in a double.
export const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

export const MAX_EXACT: u64 = 1 << 53;
export const MAX_DIGITS = 19; // u64 holds any 19 decimal digits

/** Where the last digitRun stopped. */
let runEnd: usize = 0;

/** m extended by the decimal digits from p on (eight at a time while they last); sets runEnd past them. */
// @ts-ignore: decorator
@inline
function digitRun(p: usize, e: usize, m: u64): u64 {
  while (p + 8 <= e && isEightDigits(load<u64>(p))) {
    m = m * 100000000 + eightDigits(load<u64>(p));
    p += 8;
  }
  while (p < e) {
    const d = <u32>load<u8>(p) - 0x30;
    if (d > 9) break;
    m = m * 10 + d;
    p++;
  }
  runEnd = p;
  return m;
}

/**
 * The number in bytes [p, e) — optional sign, digits with an optional point
 * (at least one digit), optional exponent with at least one digit — or NaN
 * outside the fast path. The bytes are trimmed already and non-empty. Not
 * inlined: it is the SIMD path's fallback at several places of the record loop.
 */
export function parseFastDecimal(p: usize, e: usize): f64 {
  let c = <u32>load<u8>(p);
  const negative = c == 0x2d;
  if (negative || c == 0x2b) p++;
  const intStart = p;
  let m = digitRun(p, e, 0);
  p = runEnd;
  let nDigits = <i32>(p - intStart);
  let k: i32 = 0;
  if (p < e && load<u8>(p) == 0x2e) {
    p++;
    const fracStart = p;
    m = digitRun(p, e, m);
    p = runEnd;
    k = -<i32>(p - fracStart);
    nDigits -= k;
  }
  if (nDigits == 0) return NaN;
  // More than 19 digits may have wrapped m (leading zeros included: such cells are rare).
  if (nDigits > MAX_DIGITS) return NaN;
  if (p < e) {
    c = <u32>load<u8>(p);
    if (c != 0x65 && c != 0x45) return NaN;
    p++;
    let expNegative = false;
    if (p < e) {
      c = <u32>load<u8>(p);
      if (c == 0x2d || c == 0x2b) {
        expNegative = c == 0x2d;
        p++;
      }
    }
    if (p == e) return NaN;
    let x: i32 = 0;
    while (p < e) {
      const d = <u32>load<u8>(p) - 0x30;
      if (d > 9) return NaN;
      if (x < 100000) x = x * 10 + <i32>d;
      p++;
    }
    k += expNegative ? -x : x;
  }
  if (m == 0) return negative ? -0.0 : 0.0;
  if (k < -22 || k > 22) return NaN;
  let v = <f64>m;
  v = k >= 0 ? v * unchecked(POW10[k]) : v / unchecked(POW10[-k]);
  if (m > MAX_EXACT && !float32Safe(v)) return NaN;
  return negative ? -v : v;
}

/** Whether the 8 bytes (little-endian) are all ASCII digits. */
// @ts-ignore: decorator
@inline
function isEightDigits(x: u64): bool {
  return ((x & 0xf0f0f0f0f0f0f0f0) | (((x + 0x0606060606060606) & 0xf0f0f0f0f0f0f0f0) >> 4)) == 0x3333333333333333;
}

/** The value of 8 ASCII digits (the first in the low byte), by three multiplications. */
// @ts-ignore: decorator
@inline
export function eightDigits(x: u64): u64 {
  x = ((x & 0x0f0f0f0f0f0f0f0f) * 2561) >> 8;
  x = ((x & 0x00ff00ff00ff00ff) * 6553601) >> 16;
  return ((x & 0x0000ffff0000ffff) * 42949672960001) >> 32;
}

/** Slack, in ulps of v, around a float32 rounding boundary (the error bound is 3). */
const BOUNDARY_SLACK: i64 = 8;
const LOW29: i64 = (1 << 29) - 1;
const HALF29: i64 = 1 << 28;

/** Whether a double v > 0 within 3 ulps of x rounds to x's float32 (see above). */
// @ts-ignore: decorator
@inline
export function float32Safe(v: f64): bool {
  if (!(v >= 2.3509887016445750e-38 && v <= 3.0e38)) return false; // 2^-125: below, float32 is subnormal
  return !nearFloat32Midpoint(v);
}

/** Whether the double v (in float32's normal range) lies within BOUNDARY_SLACK ulps of a midpoint between two float32s; branch-free. */
// @ts-ignore: decorator
@inline
export function nearFloat32Midpoint(v: f64): bool {
  const d = (reinterpret<i64>(v) & LOW29) - HALF29;
  return <u64>(d + BOUNDARY_SLACK) <= <u64>(2 * BOUNDARY_SLACK);
}
