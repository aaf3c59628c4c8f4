/**
 * Whether CSV bytes read from a record's start (outside quotes) keep every
 * quoted field on one line: no LF inside quotes, and the bytes end outside
 * quotes. Each quote byte toggles inside/outside (an escaped "" toggles twice),
 * so this is the parity of the quotes before each LF. A file cut into byte
 * ranges at LFs (src/stream/csvFileRanges.ts) may then cut at any LF: when each
 * range, read from its start, passes, every range starts outside quotes.
 *
 * Sixteen bytes at a time: the quotes' bitmask turned into "inside" bits by a
 * prefix XOR, ANDed with the LFs' bitmask. Returns 1 or 0.
 *
 * @param bytes IN u8 [n]
 */

const QUOTE: u8 = 0x22;
const LF: u8 = 0x0a;

export function quotesCloseOnEachLine(bytes: usize, n: i32): i32 {
  const quote = i8x16.splat(QUOTE);
  const lf = i8x16.splat(LF);
  let inside: u32 = 0; // 0xffff while inside quotes at the start of the 16 bytes
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(bytes + <usize>i);
    const q = <u32>i8x16.bitmask(i8x16.eq(v, quote));
    const l = <u32>i8x16.bitmask(i8x16.eq(v, lf));
    if ((q | inside) == 0) continue; // no quote and outside: any LF is fine
    // Bit k of x: the parity of the quotes at bits 0..k.
    let x = q;
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x = (x ^ inside) & 0xffff;
    if ((x & l) != 0) return 0;
    inside = (x >> 15) != 0 ? 0xffff : 0;
  }
  let open = inside != 0;
  for (; i < n; i++) {
    const c = load<u8>(bytes + <usize>i);
    if (c == QUOTE) open = !open;
    else if (c == LF && open) return 0;
  }
  return open ? 0 : 1;
}

/** Scalar twin of quotesCloseOnEachLine, compared with it by test/assembly/quotedLines.test.ts. */
export function quotesCloseOnEachLineNaive(bytes: usize, n: i32): i32 {
  let open = false;
  for (let i = 0; i < n; i++) {
    const c = load<u8>(bytes + <usize>i);
    if (c == QUOTE) open = !open;
    else if (c == LF && open) return 0;
  }
  return open ? 0 : 1;
}
