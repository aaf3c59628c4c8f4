/**
 * A double's text as JavaScript's String(x) writes it (ECMA-262
 * Number::toString), byte for byte: the shortest decimal digits that read back
 * to x, the one closest to x when several do (ties to an even last digit), in
 * the fixed form for 1e-7 < |x| < 1e21 and the exponent form otherwise.
 *
 * The digits come from the Ryu method (Ulf Adams, PLDI 2018): with v = x's
 * value and [lower, upper] the interval of reals that round to x, it computes
 * vm, vr, vp = floor(lower, v, upper / 10^e10) exactly from one 64 × 128-bit
 * product with a power of five (assembly/shortestDoubleTables.ts), e10 chosen
 * so that they keep a digit more than a double needs, then drops decimal
 * digits while the interval still holds a number with one digit fewer. Whether the
 * dropped digits were all zeros is tracked only when a bound or v itself is an
 * exact multiple of 10^e10 — the rare case where a bound is a candidate (it
 * belongs to the interval when x's significand is even, as a correctly
 * rounding reader rounds a tie to even) or v's last dropped digit is an exact
 * tie.
 *
 * Kernels never allocate: the text goes to the caller's buffer, at most
 * SHORTEST_DOUBLE_MAX_BYTES bytes per value, and nothing is written past it.
 */
import { DIGIT_PAIRS, POW5, POW5_BITS, POW5_INV } from './shortestDoubleTables';

/** The longest text: "-0.0000012345678901234567" (the exponent form needs 24 at most). */
export const SHORTEST_DOUBLE_MAX_BYTES: i32 = 25;

const FRACTION_BITS: u64 = 52;
const FRACTION_MASK: u64 = (<u64>1 << FRACTION_BITS) - 1;
// x = significand × 2^(biased - 1075); the significand is scaled by 4 below (room for the interval's half-ulp bounds).
const EXPONENT_OFFSET: i32 = 1075 + 2;

const CHAR_0: u8 = 0x30;
const CHAR_MINUS: u8 = 0x2d;
const CHAR_PLUS: u8 = 0x2b;
const CHAR_DOT: u8 = 0x2e;
const CHAR_E: u8 = 0x65;
const CHAR_LF: u8 = 0x0a;

/** The shortest decimal found by `shortestDecimal`: digits × 10^exponent. */
let decimalDigits: u64 = 0;
let decimalExponent: i32 = 0;

/**
 * Writes String(x) at `out` (at most SHORTEST_DOUBLE_MAX_BYTES bytes) and
 * returns the address after its last byte.
 */
export function writeShortestDouble(x: f64, out: usize): usize {
  const bits = reinterpret<u64>(x);
  const fraction = bits & FRACTION_MASK;
  const biased = <i32>((bits >> FRACTION_BITS) & 0x7ff);
  if (biased == 0x7ff) {
    if (fraction != 0) return writeAscii3(out, 0x4e, 0x61, 0x4e); // NaN
    if (bits >> 63) store<u8>(out++, CHAR_MINUS);
    store<u64>(out, 0x74696e69666e49); // "Infinit" (little-endian), then "y"
    store<u8>(out, 0x79, 7);
    return out + 8;
  }
  if ((bits << 1) == 0) {
    store<u8>(out, CHAR_0); // 0 and -0
    return out + 1;
  }
  if (bits >> 63) store<u8>(out++, CHAR_MINUS);
  shortestDecimal(fraction, biased);
  return writeDecimal(decimalDigits, decimalExponent, out);
}

/**
 * String(values[i]) + "\n" for i < n, one after another from `out`; the bytes
 * written (at most n × (SHORTEST_DOUBLE_MAX_BYTES + 1)).
 * values: IN f64[n]; out: OUT u8[n × (SHORTEST_DOUBLE_MAX_BYTES + 1)]
 */
export function formatDoubleLines(values: usize, n: i32, out: usize): usize {
  let o = out;
  for (let i = 0; i < n; i++) {
    o = writeShortestDouble(load<f64>(values + (<usize>i << 3)), o);
    store<u8>(o++, CHAR_LF);
  }
  return o - out;
}

/**
 * Sets decimalDigits × 10^decimalExponent to the shortest decimal in the
 * rounding interval of the positive finite double with these fields, the
 * closest to it among the shortest.
 */
function shortestDecimal(fraction: u64, biased: i32): void {
  let m2: u64;
  let e2: i32;
  if (biased == 0) {
    m2 = fraction;
    e2 = 1 - EXPONENT_OFFSET;
  } else {
    m2 = fraction | (<u64>1 << FRACTION_BITS);
    e2 = biased - EXPONENT_OFFSET;
  }
  // A reader rounds a tie to the even significand, so the bounds belong to x's interval when m2 is even.
  const boundsIn = (m2 & 1) == 0;
  // v = mv × 2^e2; the bounds lie half an ulp away: the lower one a quarter ulp when the
  // significand is a power of two (the double below has the next lower exponent).
  const mv = m2 << 2;
  const lowerStep: u64 = fraction != 0 || biased <= 1 ? 2 : 1;
  const mp = mv + 2;
  const mm = mv - lowerStep;

  // vr, vp, vm = floor(mv, mp, mm × 2^e2 / 10^e10); e10 is chosen so that they keep ≥ 17 digits and fit 64 bits.
  let vr: u64;
  let vp: u64;
  let vm: u64;
  let e10: i32;
  let vrExact: bool; // mv × 2^e2 / 10^e10 is an integer
  let vmExact = false; // the lower bound is an integer (tracked only when it belongs to the interval)
  if (e2 >= 0) {
    const q = log10Pow2(e2) - <i32>(e2 > 3);
    e10 = q;
    // mv × 2^e2 / 10^q = mv × 2^(e2 - q) / 5^q ≈ mv × POW5_INV[q] / 2^shift
    const shift = -e2 + q + pow5Bits(q) - 1 + POW5_BITS;
    const entry = POW5_INV + (<usize>q << 4);
    vr = scaleInterval(m2, lowerStep, entry, shift);
    vp = scaledUpper;
    vm = scaledLower;
    // An integer exactly when 5^q divides the scaled significand.
    vrExact = dividesByPow5(mv, q);
    if (boundsIn) vmExact = dividesByPow5(mm, q);
    else vp -= <u64>dividesByPow5(mp, q); // the upper bound is excluded: the largest integer below it
  } else {
    const q = log10Pow5(-e2) - <i32>(-e2 > 1);
    e10 = q + e2;
    // mv × 2^e2 / 10^e10 = mv × 5^i / 2^q with i = -e2 - q ≈ mv × POW5[i] / 2^shift
    const i = -e2 - q;
    const shift = q - (pow5Bits(i) - POW5_BITS);
    const entry = POW5 + (<usize>i << 4);
    vr = scaleInterval(m2, lowerStep, entry, shift);
    vp = scaledUpper;
    vm = scaledLower;
    // An integer exactly when 2^q divides the scaled significand.
    vrExact = <i32>ctz(mv) >= q;
    if (boundsIn) vmExact = <i32>ctz(mm) >= q;
    else vp -= <u64>(<i32>ctz(mp) >= q);
  }

  // Drop digits while (vm, vp] holds a multiple of 10, i.e. a decimal with one digit fewer
  // (vm itself too when it is the exact lower bound and that belongs to the interval).
  let removed: i32 = 0;
  let output: u64;
  if (vmExact || vrExact) {
    let lastRemoved: u64 = 0;
    while (vp / 10 > vm / 10) {
      vmExact = vmExact && vm % 10 == 0;
      vrExact = vrExact && lastRemoved == 0;
      lastRemoved = vr % 10;
      vr /= 10;
      vp /= 10;
      vm /= 10;
      removed++;
    }
    if (vmExact) {
      // The exact lower bound is a candidate: keep dropping its trailing zeros.
      while (vm % 10 == 0) {
        vrExact = vrExact && lastRemoved == 0;
        lastRemoved = vr % 10;
        vr /= 10;
        vp /= 10;
        vm /= 10;
        removed++;
      }
    }
    // v exactly halfway between two candidates: round to the even one.
    if (vrExact && lastRemoved == 5 && (vr & 1) == 0) lastRemoved = 4;
    output = vr + <u64>((vr == vm && !vmExact) || lastRemoved >= 5);
  } else {
    // The common case: no bound is a candidate and v is never exactly halfway.
    let roundUp = false;
    // Two digits at a time first (fewer 64-bit divisions), then one.
    let vp100 = vp / 100;
    let vm100 = vm / 100;
    if (vp100 > vm100) {
      const vr100 = vr / 100;
      roundUp = vr - vr100 * 100 >= 50;
      vr = vr100;
      vp = vp100;
      vm = vm100;
      removed += 2;
    }
    for (;;) {
      const vp10 = vp / 10;
      const vm10 = vm / 10;
      if (vp10 <= vm10) break;
      const vr10 = vr / 10;
      roundUp = vr - vr10 * 10 >= 5;
      vr = vr10;
      vp = vp10;
      vm = vm10;
      removed++;
    }
    output = vr + <u64>(vr == vm || roundUp);
  }
  decimalDigits = output;
  decimalExponent = e10 + removed;
}

/**
 * digits × 10^exponent (digits > 0, no trailing zero) as Number::toString
 * lays it out; the address after the text.
 */
function writeDecimal(digits: u64, exponent: i32, out: usize): usize {
  const k = decimalLength(digits);
  const n = k + exponent; // the decimal point's place: value = 0.d1…dk × 10^n
  if (k <= n && n <= 21) {
    // An integer: the digits, then n - k zeros.
    writeDigits(digits, k, out);
    out += k;
    for (let z = k; z < n; z++) store<u8>(out++, CHAR_0);
    return out;
  }
  if (0 < n && n <= 21) {
    // d1…dn.dn+1…dk: write the digits one byte on, then move the first n back over the point.
    writeDigits(digits, k, out + 1);
    memory.copy(out, out + 1, n);
    store<u8>(out + n, CHAR_DOT);
    return out + 1 + k;
  }
  if (-6 < n && n <= 0) {
    // 0.00…0d1…dk with -n zeros after the point.
    store<u16>(out, (<u16>CHAR_DOT << 8) | CHAR_0);
    out += 2;
    for (let z = n; z < 0; z++) store<u8>(out++, CHAR_0);
    writeDigits(digits, k, out);
    return out + k;
  }
  // d1[.d2…dk]e±(n - 1)
  writeDigits(digits, k, out + 1);
  store<u8>(out, load<u8>(out + 1));
  if (k > 1) {
    store<u8>(out + 1, CHAR_DOT);
    out += k + 1;
  } else {
    out += 1;
  }
  store<u8>(out++, CHAR_E);
  let e = n - 1;
  if (e < 0) {
    store<u8>(out++, CHAR_MINUS);
    e = -e;
  } else {
    store<u8>(out++, CHAR_PLUS);
  }
  const eLength: i32 = e >= 100 ? 3 : e >= 10 ? 2 : 1;
  writeSmall(<u32>e, out + eLength);
  return out + eLength;
}

/** The k decimal digits of v (10^(k-1) ≤ v < 10^k, k ≤ 17) at p, writing nothing past them. */
function writeDigits(v: u64, k: i32, p: usize): void {
  if (k <= 8) {
    writeSmall(<u32>v, p + k);
    return;
  }
  if (k == 17) {
    const top = v / 10_000_000_000_000_000;
    store<u8>(p++, CHAR_0 + <u8>top);
    v -= top * 10_000_000_000_000_000;
    k = 16;
  }
  // The first k - 8 digits, then the last eight: the first store's 16 - k bytes past its
  // digits are written over by the second.
  const high = <u32>(v / 100_000_000);
  const low = <u32>(v - <u64>high * 100_000_000);
  store<u64>(p, eightDigits(high) >> (<u64>(16 - k) << 3));
  store<u64>(p + k - 8, eightDigits(low));
}

/**
 * The eight ASCII digits of v < 10^8 (leading zeros included) in one u64, the
 * first digit in the lowest byte: v split into two 4-digit lanes of 32 bits,
 * each into two 2-digit lanes of 16 bits, each into two bytes, every lane
 * divided at once by a multiply and a shift (exact for these ranges).
 */
// @ts-ignore: decorator
@inline
function eightDigits(v: u32): u64 {
  const high = v / 10000;
  let x = <u64>high | (<u64>(v - high * 10000) << 32);
  const hundreds = ((x * 10486) >> 20) & 0x0000007f0000007f; // floor(lane / 100) for lanes < 10^4
  x = hundreds | ((x - hundreds * 100) << 16);
  const tens = ((x * 103) >> 10) & 0x000f000f000f000f; // floor(lane / 10) for lanes < 100
  x = tens | ((x - tens * 10) << 8);
  return x | 0x3030303030303030;
}

/** The decimal digits of v (v > 0) ending just before `end`, no leading zero. */
function writeSmall(v: u32, end: usize): void {
  let p = end;
  while (v >= 100) {
    const pair = v % 100;
    v /= 100;
    p -= 2;
    store<u16>(p, load<u16>(DIGIT_PAIRS + (<usize>pair << 1)));
  }
  if (v >= 10) {
    store<u16>(p - 2, load<u16>(DIGIT_PAIRS + (<usize>v << 1)));
  } else {
    store<u8>(p - 1, CHAR_0 + <u8>v);
  }
}

/** The number of decimal digits of v (1 ≤ v < 10^17). */
function decimalLength(v: u64): i32 {
  if (v >= 10_000_000_000_000_000) return 17;
  if (v >= 1_000_000_000_000_000) return 16;
  if (v >= 100_000_000_000_000) return 15;
  if (v >= 10_000_000_000_000) return 14;
  if (v >= 1_000_000_000_000) return 13;
  if (v >= 100_000_000_000) return 12;
  if (v >= 10_000_000_000) return 11;
  if (v >= 1_000_000_000) return 10;
  let n: i32 = 1;
  let w = <u32>v;
  while (w >= 10) {
    w /= 10;
    n++;
  }
  return n;
}

function writeAscii3(out: usize, a: u8, b: u8, c: u8): usize {
  store<u8>(out, a);
  store<u8>(out, b, 1);
  store<u8>(out, c, 2);
  return out + 3;
}

/** vp and vm of the last `scaleInterval`. */
let scaledUpper: u64 = 0;
let scaledLower: u64 = 0;

/**
 * floor(mv × T / 2^shift) for mv = 4 × m2, and (in scaledUpper, scaledLower)
 * the same for mv + 2 and mv - lowerStep, from one product m2 × T: T is the
 * 128-bit table entry at `entry` (low word first), m2 < 2^53, 64 < shift < 128;
 * the quotients fit 64 bits for every entry and shift the caller uses
 * (scripts/shortest-double-tables.ts checks the shifts).
 */
// @ts-ignore: decorator
@inline
function scaleInterval(m2: u64, lowerStep: u64, entry: usize, shift: i32): u64 {
  const tLow = load<u64>(entry);
  const tHigh = load<u64>(entry, 8);
  // P = m2 × T (< 2^179) in 64-bit words p2:p1:p0.
  const p0 = m2 * tLow;
  const lowHigh = mulHigh(m2, tLow);
  const p1 = lowHigh + m2 * tHigh;
  const p2 = mulHigh(m2, tHigh) + <u64>(p1 < lowHigh);
  // X = 4P = mv × T.
  const x0 = p0 << 2;
  const x1 = (p1 << 2) | (p0 >> 62);
  const x2 = (p2 << 2) | (p1 >> 62);
  // mp × T = X + 2T.
  const u0 = tLow << 1;
  const u1 = (tHigh << 1) | (tLow >> 63);
  const a0 = x0 + u0;
  const carry0 = <u64>(a0 < x0);
  const a1Sum = x1 + u1;
  const a1 = a1Sum + carry0;
  const a2 = x2 + <u64>(a1Sum < x1) + <u64>(a1 < a1Sum);
  // mm × T = X - lowerStep × T.
  const d0 = lowerStep == 2 ? u0 : tLow;
  const d1 = lowerStep == 2 ? u1 : tHigh;
  const borrow0 = <u64>(x0 < d0);
  const b1Difference = x1 - d1;
  const b1 = b1Difference - borrow0;
  const b2 = x2 - <u64>(x1 < d1) - <u64>(b1Difference < borrow0);
  const s = <u64>(shift - 64);
  const r = 64 - s;
  scaledUpper = (a2 << r) | (a1 >> s);
  scaledLower = (b2 << r) | (b1 >> s);
  return (x2 << r) | (x1 >> s);
}

/** The high word of the 128-bit product a × b, from four 32 × 32 → 64 products. */
// @ts-ignore: decorator
@inline
function mulHigh(a: u64, b: u64): u64 {
  const aLow = a & 0xffffffff;
  const aHigh = a >> 32;
  const bLow = b & 0xffffffff;
  const bHigh = b >> 32;
  const ll = aLow * bLow;
  const lh = aLow * bHigh;
  const hl = aHigh * bLow;
  const hh = aHigh * bHigh;
  const middle = (ll >> 32) + (lh & 0xffffffff) + (hl & 0xffffffff);
  return hh + (lh >> 32) + (hl >> 32) + (middle >> 32);
}

/** Whether 5^q divides v (v > 0). */
function dividesByPow5(v: u64, q: i32): bool {
  for (let i = 0; i < q; i++) {
    const w = v / 5;
    if (w * 5 != v) return false;
    v = w;
  }
  return true;
}

/** floor(e × log10(2)) for 0 ≤ e ≤ 1650. */
// @ts-ignore: decorator
@inline
function log10Pow2(e: i32): i32 {
  return (e * 78913) >>> 18;
}

/** floor(e × log10(5)) for 0 ≤ e ≤ 2620. */
// @ts-ignore: decorator
@inline
function log10Pow5(e: i32): i32 {
  return (e * 732923) >>> 20;
}

/** The bit length of 5^e: ceil(e × log2(5)) for e ≥ 1, 1 for e = 0 (0 ≤ e ≤ 1000). */
// @ts-ignore: decorator
@inline
function pow5Bits(e: i32): i32 {
  return ((e * 1217359) >>> 19) + 1;
}
