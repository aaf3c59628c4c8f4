import { concatBytes } from './bytePieces.js';
import { PlainPieces, asciiText, byteIndex } from './plainCsvSplitter.js';
import type { PlainBlockScorer, TakeBytes } from './plainBlockScorer.js';
import { LF, CR } from '../io/csvBytes.js';

/**
 * One-thread CSV → CSV scoring without the block splitter: each input piece
 * is copied once, into the record session's text buffer behind the bytes of
 * the previous piece's unfinished record; the record kernel reads the
 * records, BlockForest scores them in wasm memory and their lines are written
 * there (PlainBlockScorer's direct methods).
 *
 * Output goes out in units of `chunkRows` rows, the blocks the splitters cut:
 * a unit's lines are given out once the first record of the next unit is read
 * (or the input ends), so the blank lines after a unit's last record are its
 * own, as a block's are. Quoted fields are the kernel's to read (a record ends
 * at an LF outside quotes; one whose quotes close in a later piece waits for
 * it), so the quotes of a bank export's text columns keep this path. When the
 * kernel refuses a piece (a NUL, a byte ≥ 0x80, a lone CR, a header line the
 * tokenizer does not read whole, a quote never closed, anything else not plain), a flagged cell cannot be resolved or
 * BlockForest refuses, the caller gets back where the usual path takes over:
 * the start of the current unit (its bytes from there, held here), or of the
 * input while the first unit is not out, so its lines and errors are the usual ones.
 */

/** Text bytes per kernel call at most: a piece small enough to stay in the core's cache between the copy and the kernel's read. */
const PIECE_BYTES = 1 << 18;

/** Where the usual path goes on: from the input's start (header null), or from a unit's first record. */
export interface DirectHandover {
  /** The bytes from there that were taken from the source (the rest is still in it). */
  bytes: Uint8Array;
  offset: number;
  line: number;
  header: string | null;
  rows: number;
}

/** The outcome: the rows written, and the handover when the usual path must go on. */
export interface DirectOutcome {
  rows: number;
  handover?: DirectHandover;
}

/**
 * Scores `source`'s pieces (gunzipped bytes) as far as they are plain and
 * owned; `emit` writes a unit's lines (in memory from `take`) and is awaited.
 * `turn` lets other work run between pieces.
 */
export async function scoreDirectPieces(
  plain: PlainBlockScorer,
  source: AsyncIterator<Uint8Array>,
  chunkRows: number,
  take: () => Promise<TakeBytes>,
  emit: (lines: Uint8Array, rows: number) => Promise<void>,
  turn: () => Promise<void> | void,
): Promise<DirectOutcome> {
  // Pieces held from `heldStart` on (the current unit's start, or the input's), for a handover.
  const held: Uint8Array[] = [];
  let heldStart = 0;
  let heldEnd = 0;
  let headerText: string | null = null;
  /** Where the current unit starts: its first record's offset and line, and its first row. */
  let unitOffset = 0;
  let unitLine = 1;
  let unitRow = 0;
  let unitRows = 0;
  let written = 0;
  /** The text buffer's [0, used) are the input from `base` on, starting line `line`. */
  let used = 0;
  let base = 0;
  let line = 1;
  let outEnd = 0;

  const handover = (): DirectOutcome => {
    const all = concatBytes(held);
    const from = headerText === null ? 0 : unitOffset - heldStart;
    return {
      rows: written,
      handover: headerText === null
        ? { bytes: all, offset: 0, line: 1, header: null, rows: 0 }
        : { bytes: all.subarray(from), offset: unitOffset, line: unitLine, header: headerText, rows: unitRow },
    };
  };

  /** Drops the held pieces that end before the current unit's start. */
  const dropHeld = (): void => {
    while (held.length > 0 && heldStart + held[0].length <= unitOffset) {
      heldStart += held[0].length;
      held.shift();
    }
  };

  /** Reads, scores and writes the records in the text buffer; false when not owned. */
  const readText = async (last: boolean): Promise<boolean> => {
    for (;;) {
      const step = plain.directRead(used, last, line);
      if (!step.owned) return false;
      if (step.rows === 0) return true;
      if (!plain.directScore(step, used)) return false;
      // The row at which the next unit starts within this read (rows ≤ chunkRows: at most one).
      const split = unitRows + step.rows > chunkRows ? chunkRows - unitRows : -1;
      if (split >= 0) {
        const recordLine = plain.directLines(step.rows)[split];
        const at = lineStart(plain.directText(used, used), used, line, recordLine);
        outEnd = plain.directWrite(outEnd, used, 0, split, unitRow + unitRows);
        await nextUnit(at, recordLine);
        unitRows = step.rows - split;
        outEnd = plain.directWrite(0, used, split, step.rows, unitRow - split);
      } else {
        outEnd = plain.directWrite(outEnd, used, 0, step.rows, unitRow + unitRows);
        unitRows += step.rows;
      }
      const text = plain.directText(used, used);
      text.copyWithin(0, step.consumed, used);
      base += step.consumed;
      used -= step.consumed;
      line = step.line;
      if (used === 0) return true;
    }
  };

  /** The full unit's lines given out; the next unit starts at text offset `at`, on line `recordLine`. */
  const nextUnit = async (at: number, recordLine: number): Promise<void> => {
    const lines = plain.directTake(outEnd, await take());
    await emit(lines, chunkRows);
    written += chunkRows;
    unitRow += chunkRows;
    unitOffset = base + at;
    unitLine = recordLine;
    unitRows = 0;
    outEnd = 0;
    if (headerText === null) headerText = pendingHeader;
    dropHeld();
  };

  /**
   * A full unit given out as soon as the next record starts in the text held (as
   * the splitters cut a block), so that a handover at a later piece finds the
   * same blocks out as theirs.
   */
  const cutAtRecordStart = async (): Promise<void> => {
    if (unitRows !== chunkRows) return;
    const text = plain.directText(used, used);
    let i = 0;
    while (i < used && (text[i] === LF || text[i] === CR)) i++;
    if (i < used) await nextUnit(i, lineAt(text, i, line));
  };

  /** The end of the input: the last records read and the last unit written, or the handover. */
  const finish = async (): Promise<DirectOutcome> => {
    if (pendingHeader === null || !plainCheck.complete || !(await readText(true)) || written + unitRows === 0) return handover();
    if (unitRows > 0) {
      const lines = plain.directTake(outEnd, await take());
      await emit(lines, unitRows);
      written += unitRows;
    }
    return { rows: written };
  };

  const plainCheck = new PlainPieces(true);
  // The header line: plain bytes up to the first LF.
  let pendingHeader: string | null = null;
  let headerBytes: Uint8Array = new Uint8Array(0);
  for (;;) {
    const r = await source.next();
    if (r.done) return finish();
    const piece = r.value;
    held.push(piece);
    heldEnd += piece.length;
    if (!plainCheck.plain(piece)) return handover();
    if (plainCheck.sawQuote) plain.directQuotes();
    if (pendingHeader === null) {
      const lf = byteIndex(piece, LF, 0);
      headerBytes = concatBytes([headerBytes, lf < 0 ? piece : piece.subarray(0, lf)]);
      if (lf < 0) continue;
      let header = headerBytes;
      if (header.length > 0 && header[header.length - 1] === CR) header = header.subarray(0, header.length - 1);
      // A quoted header (an export that quotes every field) is read by the CSV tokenizer (readCsvHeader, in
      // beginDirect): a first LF inside its quotes leaves a quote open there, an error that hands over.
      if (header.length === 0 || byteIndex(header, CR, 0) >= 0 || !plain.beginDirect(header)) return handover();
      if (plainCheck.sawQuote) plain.directQuotes();
      pendingHeader = asciiText(header);
      base = heldEnd - piece.length + lf + 1;
      line = 2;
      unitOffset = base;
      unitLine = 2;
      if (!(await addPiece(piece.subarray(lf + 1)))) return handover();
    } else if (!(await addPiece(piece))) return handover();
    await cutAtRecordStart();
    await turn();
  }

  /** Appends a piece (in parts of at most PIECE_BYTES) and reads what it completes; false when not owned. */
  async function addPiece(piece: Uint8Array): Promise<boolean> {
    for (let p = 0; p < piece.length; ) {
      const n = Math.min(PIECE_BYTES, piece.length - p);
      plain.directText(used + n, used).set(piece.subarray(p, p + n), used);
      used += n;
      p += n;
      if (!(await readText(false))) return false;
    }
    return true;
  }
}

/** The line of text[i], text[0] being on line `line` (LF and CRLF end a line). */
function lineAt(text: Uint8Array, i: number, line: number): number {
  for (let j = byteIndex(text.subarray(0, i), LF, 0); j >= 0; j = byteIndex(text.subarray(0, i), LF, j + 1)) line++;
  return line;
}

/**
 * The offset in `text` (whose first byte is on line `line`) of the start of
 * line `target`: plain pieces end their lines with LF or CRLF, so each LF ends one.
 */
function lineStart(text: Uint8Array, used: number, line: number, target: number): number {
  const bytes = text.subarray(0, used);
  let i = 0;
  for (; line < target; line++) {
    const lf = byteIndex(bytes, LF, i);
    if (lf < 0) return used;
    i = lf + 1;
  }
  return i;
}
