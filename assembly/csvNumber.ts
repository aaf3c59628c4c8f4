/**
 * A CSV cell's decimal number by Clinger's fast path: when the significant
 * digits m fit 2^53 and the power of ten |k| ≤ 22, m and 10^k are exact
 * doubles and one multiplication (or division) is correctly rounded, so the
 * result is the double JavaScript's Number(text) gives. Anything else (more
 * than 2^53 in the digits, a larger exponent, text that is not strict decimal
 * syntax) is NaN: the caller leaves the cell to the JavaScript reader.
 */

// 10^0 … 10^22, every one exact in a double.
const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

const MAX_EXACT: u64 = 1 << 53;
const MAX_DIGITS = 19; // u64 holds any 19 decimal digits

/**
 * The number in bytes [p, e) — optional sign, digits with an optional point
 * (at least one digit), optional exponent with at least one digit — or NaN
 * outside the fast path. The bytes are trimmed already and non-empty.
 */
// @ts-ignore: decorator
@inline
export function parseFastDecimal(p: usize, e: usize): f64 {
  let c = <u32>load<u8>(p);
  const negative = c == 0x2d;
  if (negative || c == 0x2b) p++;
  let m: u64 = 0;
  let nSignificant = 0;
  let nDigits = 0;
  let k: i32 = 0;
  while (p < e) {
    const d = <u32>load<u8>(p) - 0x30;
    if (d > 9) break;
    if (m != 0 || d != 0) {
      if (++nSignificant > MAX_DIGITS) return NaN;
      m = m * 10 + d;
    }
    nDigits++;
    p++;
  }
  if (p < e && load<u8>(p) == 0x2e) {
    p++;
    while (p < e) {
      const d = <u32>load<u8>(p) - 0x30;
      if (d > 9) break;
      if (m != 0 || d != 0) {
        if (++nSignificant > MAX_DIGITS) return NaN;
        m = m * 10 + d;
      }
      k--;
      nDigits++;
      p++;
    }
  }
  if (nDigits == 0) return NaN;
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
  if (m > MAX_EXACT || k < -22 || k > 22) return NaN;
  let v = <f64>m;
  v = k >= 0 ? v * unchecked(POW10[k]) : v / unchecked(POW10[-k]);
  return negative ? -v : v;
}
