import { writeShortestDouble } from './shortestDouble';

// The output lines of CSV → CSV scoring (src/stream/plainBlockScorer.ts),
// written where the rows were read and scored, in wasm memory.

const COMMA: u8 = 0x2c;
const LF: u8 = 0x0a;
const CR: u8 = 0x0d;
const QUOTE: u8 = 0x22;
/** Flag on a cell's start offset: its quoted text holds `""` escapes (the record kernel's ESCAPED). */
const ESCAPED: u32 = 0x80000000;
const CHAR_0: u8 = 0x30;

/** Where writeScoreLines stopped: the row whose id it left to the caller, or n. */
let stoppedAt: i32 = 0;

/** The row writeScoreLines stopped at (its return value is the output's end). */
export function scoreLinesStop(): i32 {
  return stoppedAt;
}

/**
 * Writes rows from..n-1 as `id,pd\n`, the id's bytes as read with blanks
 * (space, tab) trimmed, or, with no id column (`cells` 0), as
 * `row,pd\n` with row = firstRow + r + 1; pd is String(pd[r])'s text. It
 * stops before a row whose id may not be written as it is — one as short as
 * a missing-value word (`maxMissing` bytes or fewer), with `safe` one starting
 * with = + - @ tab or CR, with `quotable` one holding a byte csvField quotes
 * on (comma, quote, CR, LF: set when the delimiter is another than the comma
 * or the input may hold quoted fields), a quoted one with `""` escapes — for
 * the caller to write that row's line (it calls again from the next row).
 *
 * @param pd     IN  f64 [n]
 * @param cells  IN  u32 [2n]: row r's id cell is bytes [cells[2r] & ~ESCAPED, cells[2r+1]) of the input (a quoted
 *               cell's text inside its quotes); 0: no id column
 * @param text   IN  the input's bytes from offset `base` on (the cells' offsets are the input's)
 * @param out    OUT at most (n - from) × (SHORTEST_DOUBLE_MAX_BYTES + 18) bytes plus the ids' bytes
 *               (a row number has at most 16 digits: firstRow + n < 2^53)
 * @returns the end of what was written; scoreLinesStop() gives the row it stopped at (n: all written)
 */
export function writeScoreLines(
  pd: usize, n: i32, cells: usize, text: usize, base: u32, firstRow: f64, from: i32, out: usize,
  maxMissing: i32, safe: i32, quotable: i32,
): usize {
  let o = out;
  const number = <u64>firstRow + 1;
  for (let r = from; r < n; r++) {
    if (cells != 0) {
      const start = load<u32>(cells + (<usize>r << 3));
      let s = text + <usize>((start & ~ESCAPED) - base);
      let e = text + <usize>(load<u32>(cells + (<usize>r << 3), 4) - base);
      while (s < e && isBlank(load<u8>(s))) s++;
      while (e > s && isBlank(load<u8>(e - 1))) e--;
      if ((start & ESCAPED) != 0 || needsText(s, e, maxMissing, safe, quotable)) {
        stoppedAt = r;
        return o;
      }
      memory.copy(o, s, e - s);
      o += e - s;
    } else {
      o = writeInteger(number + <u64>r, o);
    }
    store<u8>(o++, COMMA);
    o = writeShortestDouble(load<f64>(pd + (<usize>r << 3)), o);
    store<u8>(o++, LF);
  }
  stoppedAt = n;
  return o;
}

// @ts-ignore: decorator
@inline
function isBlank(c: u8): bool {
  return c == 0x20 || c == 0x09;
}

/** The id in bytes [s, e) is one the caller writes (csvField's rules, missing words). */
// @ts-ignore: decorator
@inline
function needsText(s: usize, e: usize, maxMissing: i32, safe: i32, quotable: i32): bool {
  if (<i32>(e - s) <= maxMissing) return true;
  if (safe) {
    const c = load<u8>(s);
    // = + - @ tab CR
    if (c == 0x3d || c == 0x2b || c == 0x2d || c == 0x40 || c == 0x09 || c == 0x0d) return true;
  }
  if (quotable) {
    for (let p = s; p < e; p++) {
      const c = load<u8>(p);
      if (c == COMMA || c == QUOTE || c == LF || c == CR) return true;
    }
  }
  return false;
}

/** The decimal digits of v at `o`; the end. */
function writeInteger(v: u64, o: usize): usize {
  let digits = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  let p = o + <usize>digits;
  do {
    store<u8>(--p, CHAR_0 + <u8>(v % 10));
    v /= 10;
  } while (v != 0);
  return o + <usize>digits;
}
