import {
  structuralMask, structuralMaskOf, structuralMaskNaive, foreignMask, foreignMaskNaive, nulMask, nulMaskNaive, rareBytes, rareMask, rareMaskNaive, delimOrLf, hasNul,
} from './csvScan';
import { parseFastDecimal } from './csvNumber';
import { parseDecimalSimd } from './csvNumberSimd';

/**
 * Plain CSV records → columns, the fast path of the CSV reader
 * (src/data/csvWasmReader.ts). It takes text that starts where a record may
 * start and reads whole records: numeric cells straight into f32 columns,
 * the bounds of the other selected cells for the façade to read as text.
 * It owns only the plain case — ASCII (or, when the caller asks, any byte but
 * NUL: UTF-8 text the caller validates), quoted fields as the JavaScript tokenizer reads them
 * (a quote opens one only as a field's first byte, `""` inside is a quote, only a delimiter or a
 * line end may follow the closing quote), every record with the
 * header's field count — and answers CSV_FOREIGN at anything else, so the
 * JavaScript reader reads the input instead and reports what it must.
 *
 * Slots, per field of a record: ≥ 0 the numeric column it fills, SLOT_SKIP
 * not read, ≤ SLOT_CELL - k (k ≥ 0) its bounds go to cell column k.
 *
 * A numeric cell is trimmed of spaces and tabs: empty → NaN; a number on
 * Clinger's fast path → its f32; anything else → NaN and a flag (row, column,
 * start, end) that the façade resolves (NA words, long mantissas, or text,
 * which it hands to the JavaScript reader).
 *
 * Lines are counted as the JavaScript tokenizer counts them: LF, CRLF or a
 * lone CR ends a line; blank lines are skipped.
 */

export const CSV_OK = 0;
export const CSV_FOREIGN = 1;
export const SLOT_SKIP = -1;
export const SLOT_CELL = -2;
// state: i32 [CSV_STATE_COUNT]
export const CSV_STATE_LINE = 0; // IN the line at text[0]; OUT the line at text[consumed]
export const CSV_STATE_ROWS = 1; // OUT records read
export const CSV_STATE_CONSUMED = 2; // OUT bytes read: the end of the last record read (its line end not included)
export const CSV_STATE_FLAGS = 3; // OUT flagged cells
export const CSV_STATE_HIGH = 4; // IN 1: bytes ≥ 0x80 are text (UTF-8, checked by the caller); OUT 1: the text read had some
export const CSV_STATE_COUNT = 5;
export const CSV_FLAG_U32 = 4; // row, numeric column, start, end

const LF: u8 = 0x0a;
const CR: u8 = 0x0d;
const QUOTE: u8 = 0x22;
const SPACE: u8 = 0x20;
const TAB: u8 = 0x09;

/**
 * Reads records from text until its end, `maxRows` records, or until the flag
 * buffer could not take another record's. Without `last`, a record is read
 * only when its line end is in the text (the rest waits for more text).
 *
 * @param text    IN  u8 [len + 16]: the text, readable 16 bytes past its end
 * @param slots   IN  i32 [nCols]: what each field fills (see above)
 * @param values  OUT f32 [nNumeric × maxRows], column c's row r at c × maxRows + r
 * @param cells   OUT u32 [maxRows × nCell × 2]: row r's cell column k at (r × nCell + k) × 2: start, end (offsets + base)
 * @param lines   OUT u32 [maxRows]: the line on which each record starts
 * @param flags   OUT u32 [maxFlags × CSV_FLAG_U32]: row, numeric column, start + base, end + base
 * @param state   IN/OUT i32 [CSV_STATE_COUNT]
 * @returns CSV_OK or CSV_FOREIGN
 */
export function csvReadRecords(
  text: usize, len: i32, last: bool, base: u32, delim: u8, nCols: i32, slots: usize, nCell: i32,
  maxRows: i32, values: usize, cells: usize, lines: usize, flags: usize, maxFlags: i32, state: usize, naive: bool,
): i32 {
  const delimV = i8x16.splat(delim);
  const line0 = load<i32>(state + (CSV_STATE_LINE << 2));
  const highAllowed = load<i32>(state + (CSV_STATE_HIGH << 2)) != 0;
  let sawHigh = false;
  let line = line0;
  let lastCR = false;
  let rows = 0;
  let nFlags = 0;
  let consumed = 0;
  let field = 0;
  let fieldStart = 0;
  const rowStride = <usize>maxRows << 2;
  let done = false;
  // A quoted field read ahead by scanQuoted: its text [quotedStart, quotedEnd), whether it holds
  // `""` escapes; the byte after its closing quote is at skipTo (the bytes before are not structural).
  let quoted = false;
  let quotedStart = 0;
  let quotedEnd = 0;
  let quotedEscape: u32 = 0;
  let skipTo = 0;
  // Line ends inside the quotes of the record being read, and the line at the end of the last record read.
  let recordExtraLines = 0;
  let endLine = line0;
  // Whole chunks are checked for foreign bytes together, at the end (any one sends the input to
  // the JavaScript reader, wherever it is); the last, partial chunk's blocks at once.
  let odd = i8x16.splat(0);
  const one = i8x16.splat(1);
  let checkedEnd = 0; // the whole chunks checked in odd are text[0, checkedEnd)
  // 64 bytes at a time: one mask of their structural bytes, walked bit by bit, and whether any of
  // them is a quote or a CR (most chunks have neither: their bits are delimiters and LFs only).
  for (let chunkAt = 0; chunkAt < len && !done; chunkAt += 64) {
    const p = text + <usize>chunkAt;
    let mask: u64;
    let rare: bool;
    if (len - chunkAt >= 64 && !naive) {
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const v2 = v128.load(p, 32);
      const v3 = v128.load(p, 48);
      const r0 = rareBytes(v0);
      const r1 = rareBytes(v1);
      const r2 = rareBytes(v2);
      const r3 = rareBytes(v3);
      mask = <u64>(<u32>i8x16.bitmask(v128.or(delimOrLf(v0, delimV), r0)) | (<u32>i8x16.bitmask(v128.or(delimOrLf(v1, delimV), r1)) << 16))
        | (<u64>(<u32>i8x16.bitmask(v128.or(delimOrLf(v2, delimV), r2)) | (<u32>i8x16.bitmask(v128.or(delimOrLf(v3, delimV), r3)) << 16)) << 32);
      rare = v128.any_true(v128.or(v128.or(r0, r1), v128.or(r2, r3)));
      // NUL or ≥ 0x80: below 1 as a signed byte.
      odd = v128.or(odd, v128.or(v128.or(i8x16.lt_s(v0, one), i8x16.lt_s(v1, one)), v128.or(i8x16.lt_s(v2, one), i8x16.lt_s(v3, one))));
      checkedEnd = chunkAt + 64;
    } else {
      mask = 0;
      let rareBits = 0;
      for (let blockAt = chunkAt; blockAt < len && blockAt < chunkAt + 64; blockAt += 16) {
        const b = text + <usize>blockAt;
        const valid = len - blockAt >= 16 ? 0xffff : (1 << (len - blockAt)) - 1;
        const odd = (naive ? foreignMaskNaive(b) : foreignMask(b)) & valid;
        if (odd != 0) {
          if (!highAllowed || ((naive ? nulMaskNaive(b) : nulMask(b)) & valid) != 0) return foreign(state, line, rows, consumed, nFlags);
          sawHigh = true;
        }
        mask |= <u64>((naive ? structuralMaskNaive(b, delim) : structuralMask(b, delimV)) & valid) << <u64>(blockAt - chunkAt);
        rareBits |= (naive ? rareMaskNaive(b) : rareMask(b)) & valid;
      }
      rare = rareBits != 0;
    }
    // Bytes inside a quoted field that ends in this chunk are not structural.
    if (skipTo > chunkAt) mask &= ~((<u64>1 << <u64>(skipTo - chunkAt)) - 1);
    if (!rare && !quoted && !lastCR) {
      // Delimiters and LFs only: no quote to open, no CR before an LF.
      while (mask != 0) {
        const at = chunkAt + <i32>ctz(mask);
        mask &= mask - 1;
        const isDelim = load<u8>(text + <usize>at) == delim;
        if (field == 0 && at == fieldStart && !isDelim) {
          line++; // a blank line
          fieldStart = at + 1;
          continue;
        }
        if (field >= nCols) return foreign(state, line, rows, consumed, nFlags);
        nFlags = readField(
          text, fieldStart, at, base, unchecked(load<i32>(slots + (<usize>field << 2))), nCell, rows, rowStride,
          values, cells, flags, nFlags, naive, 0,
        );
        field++;
        fieldStart = at + 1;
        if (isDelim) continue;
        if (field != nCols) return foreign(state, line, rows, consumed, nFlags);
        store<u32>(lines + (<usize>rows << 2), line);
        rows++;
        endLine = line + recordExtraLines;
        line = endLine + 1;
        recordExtraLines = 0;
        consumed = at;
        field = 0;
        if (rows == maxRows || nFlags + nCols > maxFlags) {
          done = true;
          break;
        }
      }
      continue;
    }
    while (mask != 0) {
      const at = chunkAt + <i32>ctz(mask);
      mask &= mask - 1;
      const c = load<u8>(text + <usize>at);
      if (c == QUOTE) {
        // A quote opens a quoted field only as its first byte; later in a field it is text.
        if (at != fieldStart || quoted) continue;
        const found = scanQuoted(text, at + 1, len, last, highAllowed, naive);
        if (found < 0) return foreign(state, line, rows, consumed, nFlags);
        if (quoteHigh) sawHigh = true;
        if (found == 0) {
          if (last) return foreign(state, line, rows, consumed, nFlags); // never closed: the JavaScript reader's error
          done = true; // the quotes close in text not given yet: this record waits for it
          break;
        }
        quoted = true;
        quotedStart = at + 1;
        quotedEnd = quoteEnd;
        quotedEscape = quoteEscaped ? ESCAPED : 0;
        recordExtraLines += quoteLines;
        lastCR = false;
        skipTo = quoteEnd + 1;
        if (skipTo < chunkAt + 64) {
          // The field closes in this chunk (short quoted fields, one after another): its mask goes on past the closing quote.
          mask &= ~((<u64>1 << <u64>(skipTo - chunkAt)) - 1);
          continue;
        }
        // Go on at the chunk of skipTo, its bits before skipTo cleared (bytes in between were checked by scanQuoted).
        chunkAt = (skipTo & ~63) - 64;
        break;
      }
      if (quoted && at != skipTo) return foreign(state, line, rows, consumed, nFlags); // text after a closing quote
      if (field == 0 && at == fieldStart && c != delim && !quoted) {
        // A line end where a record would start: a blank line, or the LF of a CRLF.
        if (c == CR || !lastCR) line++;
        lastCR = c == CR;
        fieldStart = at + 1;
        continue;
      }
      if (field >= nCols) return foreign(state, line, rows, consumed, nFlags);
      // One readField for both kinds of field (selects, not two inlined copies).
      nFlags = readField(
        text, select<i32>(quotedStart, fieldStart, quoted), select<i32>(quotedEnd, at, quoted), base,
        unchecked(load<i32>(slots + (<usize>field << 2))), nCell, rows, rowStride, values, cells, flags, nFlags, naive,
        select<u32>(quotedEscape, 0, quoted),
      );
      quoted = false;
      field++;
      fieldStart = at + 1;
      if (c == delim) continue;
      if (field != nCols) return foreign(state, line, rows, consumed, nFlags);
      store<u32>(lines + (<usize>rows << 2), line);
      rows++;
      endLine = line + recordExtraLines;
      line = endLine + 1;
      recordExtraLines = 0;
      lastCR = c == CR;
      consumed = at;
      field = 0;
      if (rows == maxRows || nFlags + nCols > maxFlags) {
        done = true;
        break;
      }
    }
  }
  if (v128.any_true(odd)) {
    if (!highAllowed || hasNul(text, checkedEnd)) return foreign(state, line, rows, consumed, nFlags);
    sawHigh = true;
  }
  if (!done && last && (field > 0 || fieldStart < len || quoted)) {
    // The last record, without a line end.
    if (field >= nCols || (quoted && skipTo != len)) return foreign(state, line, rows, consumed, nFlags);
    nFlags = readField(
      text, select<i32>(quotedStart, fieldStart, quoted), select<i32>(quotedEnd, len, quoted), base,
      load<i32>(slots + (<usize>field << 2)), nCell, rows, rowStride, values, cells, flags, nFlags, naive,
      select<u32>(quotedEscape, 0, quoted),
    );
    field++;
    if (field != nCols) return foreign(state, line, rows, consumed, nFlags);
    store<u32>(lines + (<usize>rows << 2), line);
    rows++;
    endLine = line + recordExtraLines;
    consumed = len;
  } else if (!done && last) {
    consumed = len;
  }
  // The line at `consumed`: a stop after a record leaves its line end unread, so its line is the one that record ends on.
  if (done || consumed < len) line = rows > 0 ? endLine : line0;
  store<i32>(state + (CSV_STATE_LINE << 2), line);
  store<i32>(state + (CSV_STATE_ROWS << 2), rows);
  store<i32>(state + (CSV_STATE_CONSUMED << 2), consumed);
  store<i32>(state + (CSV_STATE_FLAGS << 2), nFlags);
  store<i32>(state + (CSV_STATE_HIGH << 2), sawHigh ? 1 : 0);
  return CSV_OK;
}

/** Flag on a cell's or flagged cell's start offset: its quoted text holds `""` escapes (the tokenizer's ESCAPED). */
export const ESCAPED: u32 = 0x80000000;
/** The longest quoted field, in bytes here (the JavaScript tokenizer's MAX_QUOTED_FIELD counts characters: a longer one is its error). */
const MAX_QUOTED_FIELD = 1 << 20;

// What scanQuoted found: the closing quote's offset, line ends inside the quotes, `""` escapes, bytes ≥ 0x80.
let quoteEnd = 0;
let quoteLines = 0;
let quoteEscaped = false;
let quoteHigh = false;

/**
 * The quoted text that starts at s (just after the opening quote), as the
 * JavaScript tokenizer reads it: `""` is a quote in the text, a lone `"`
 * closes it; CR, LF and CRLF inside count as line ends, as the row lines
 * count them (a CR and an LF are one line end only side by side). Returns 1 with quoteEnd/quoteLines/quoteEscaped set, 0
 * when the text ends before the quotes close (or on a quote that the next
 * text may escape), -1 past MAX_QUOTED_FIELD bytes (the JavaScript reader's
 * error, or a field it reads that is long in bytes), a NUL, or a byte ≥ 0x80
 * when they are not allowed. Runs of 16 bytes with none of these (no quote,
 * CR, LF, NUL or byte ≥ 0x80) are skipped in one SIMD test (not with `naive`:
 * the scalar twin reads every byte).
 */
function scanQuoted(text: usize, s: i32, len: i32, last: bool, highAllowed: bool, naive: bool): i32 {
  quoteHigh = false;
  let lines = 0;
  let lastCR = false; // the byte before s is the opening quote
  let escaped = false;
  let i = s;
  for (;;) {
    if (i - s > MAX_QUOTED_FIELD) return -1;
    if (!naive && i + 16 <= len) {
      const v = v128.load(text + <usize>i);
      // Quote, CR, LF, and NUL or ≥ 0x80 (below 1 as a signed byte).
      const special = v128.or(v128.or(i8x16.eq(v, i8x16.splat(QUOTE)), i8x16.eq(v, i8x16.splat(CR))), v128.or(i8x16.eq(v, i8x16.splat(LF)), i8x16.lt_s(v, i8x16.splat(1))));
      const m = i8x16.bitmask(special);
      if (m == 0) {
        i += 16;
        lastCR = false;
        continue;
      }
      const skip = <i32>ctz(m);
      if (skip > 0) {
        i += skip;
        lastCR = false;
        if (i - s > MAX_QUOTED_FIELD) return -1;
      }
    }
    if (i >= len) return 0;
    const c = load<u8>(text + <usize>i);
    if (c == QUOTE) {
      if (i + 1 >= len && !last) return 0;
      if (i + 1 < len && load<u8>(text + <usize>i + 1) == QUOTE) {
        escaped = true;
        lastCR = false;
        i += 2;
        continue;
      }
      quoteEnd = i;
      quoteLines = lines;
      quoteEscaped = escaped;
      return 1;
    }
    if (c == CR || (c == LF && !lastCR)) lines++;
    // The caller's block scan skips these bytes: NUL and (unless allowed) bytes ≥ 0x80 are checked here.
    if (c == 0) return -1;
    if (c >= 0x80) {
      if (!highAllowed) return -1;
      quoteHigh = true;
    }
    lastCR = c == CR;
    i++;
  }
  return -1; // not reached
}

function foreign(state: usize, line: i32, rows: i32, consumed: i32, nFlags: i32): i32 {
  store<i32>(state + (CSV_STATE_LINE << 2), line);
  store<i32>(state + (CSV_STATE_ROWS << 2), rows);
  store<i32>(state + (CSV_STATE_CONSUMED << 2), consumed);
  store<i32>(state + (CSV_STATE_FLAGS << 2), nFlags);
  return CSV_FOREIGN;
}

/**
 * One field [s, e) of row `row` into its slot; returns the flag count. `naive`: the scalar number
 * parser only. `escape`: ESCAPED for quoted text with `""` escapes, set on its start offset (a
 * number with an escape is no number: it is flagged).
 */
// @ts-ignore: decorator
@inline
function readField(
  text: usize, s: i32, e: i32, base: u32, slot: i32, nCell: i32, row: i32, rowStride: usize,
  values: usize, cells: usize, flags: usize, nFlags: i32, naive: bool, escape: u32,
): i32 {
  if (slot == SLOT_SKIP) return nFlags;
  if (slot <= SLOT_CELL) {
    const at = cells + ((<usize>row * <usize>nCell + <usize>(SLOT_CELL - slot)) << 3);
    store<u32>(at, (<u32>s + base) | escape);
    store<u32>(at, <u32>e + base, 4);
    return nFlags;
  }
  const out = values + <usize>slot * rowStride + (<usize>row << 2);
  // The common cell first, untrimmed: a NaN sends blanks, an empty cell and anything flagged to readOtherNumber.
  const v = naive ? parseFastDecimal(text + <usize>s, text + <usize>e) : parseDecimalSimd(text + <usize>s, text + <usize>e);
  if (v == v) {
    store<f32>(out, <f32>v);
    return nFlags;
  }
  return readOtherNumber(text, s, e, base, slot, row, out, flags, nFlags, escape);
}

/**
 * A numeric cell the first parse did not take: trimmed of spaces and tabs,
 * empty → NaN; else parseFastDecimal's value, and a flag when that is NaN.
 */
function readOtherNumber(text: usize, s: i32, e: i32, base: u32, slot: i32, row: i32, out: usize, flags: usize, nFlags: i32, escape: u32): i32 {
  while (s < e && isBlank(load<u8>(text + <usize>s))) s++;
  while (e > s && isBlank(load<u8>(text + <usize>e - 1))) e--;
  if (s == e) {
    store<f32>(out, NaN);
    return nFlags;
  }
  const v = parseFastDecimal(text + <usize>s, text + <usize>e);
  store<f32>(out, <f32>v);
  if (v != v) {
    const f = flags + (<usize>nFlags << 4);
    store<u32>(f, row);
    store<u32>(f, slot, 4);
    store<u32>(f, (<u32>s + base) | escape, 8);
    store<u32>(f, <u32>e + base, 12);
    return nFlags + 1;
  }
  return nFlags;
}

// @ts-ignore: decorator
@inline
function isBlank(c: u8): bool {
  return c == SPACE || c == TAB;
}
