import type { Runtime } from './load.js';
import {
  CSV_FLAG_U32, CSV_FOREIGN, CSV_STATE_CONSUMED, CSV_STATE_COUNT, CSV_STATE_FLAGS, CSV_STATE_HIGH, CSV_STATE_LINE, CSV_STATE_ROWS, SLOT_CELL, SLOT_SKIP,
} from './layout.js';

export { SLOT_CELL, SLOT_SKIP };

/** What one call of the record kernel read (see `CsvRecordSession.read`). */
export interface CsvRecordStep {
  /** false: the text holds something the fast reader does not own (the JavaScript reader reads the input). */
  owned: boolean;
  rows: number;
  /** Bytes read: the end of the last record read, its line end not included. */
  consumed: number;
  /** The line at text[consumed]. */
  line: number;
  flags: number;
  /** Whether the text read had bytes ≥ 0x80 (only when they were allowed: `read`'s `utf8`). */
  sawHigh: boolean;
}

/**
 * The wasm side of the CSV fast reader (assembly/csvRecords.ts): buffers in
 * wasm memory for one piece of text and the columns of up to `maxRows`
 * records, allocated once and freed by `free`. Results are copied out by the
 * accessors, over fresh views, before the next call.
 * @internal
 */
export class CsvRecordSession {
  private readonly rt: Runtime;
  private textPtr = 0;
  private textCapacity = 0;
  private readonly slotsPtr: number;
  private readonly valuesPtr: number;
  private readonly cellsPtr: number;
  private readonly linesPtr: number;
  private readonly flagsPtr: number;
  private readonly statePtr: number;
  readonly maxFlags: number;

  /**
   * @param slots  per field of a record: the numeric column it fills (≥ 0), SLOT_SKIP, or SLOT_CELL - k for cell column k
   */
  constructor(rt: Runtime, private readonly delim: number, private readonly slots: Int32Array, nNumeric: number, private readonly nCell: number, readonly maxRows: number) {
    this.rt = rt;
    this.maxFlags = Math.max(4096, 4 * slots.length);
    const heap = rt.heap;
    const taken: number[] = [];
    try {
      const alloc = (bytes: number): number => {
        const p = heap.alloc(bytes);
        taken.push(p);
        return p;
      };
      this.slotsPtr = alloc(4 * slots.length);
      this.valuesPtr = alloc(4 * nNumeric * maxRows);
      this.cellsPtr = alloc(8 * nCell * maxRows);
      this.linesPtr = alloc(4 * maxRows);
      this.flagsPtr = alloc(4 * CSV_FLAG_U32 * this.maxFlags);
      this.statePtr = alloc(4 * CSV_STATE_COUNT);
    } catch (e) {
      for (const p of taken) heap.free(p);
      throw e;
    }
    heap.i32(this.slotsPtr, slots.length).set(slots);
  }

  /** The text buffer, for a piece of up to `length` bytes (16 readable bytes follow it). */
  textBuffer(length: number): Uint8Array {
    if (length > this.textCapacity) {
      this.rt.heap.free(this.textPtr);
      this.textPtr = 0;
      this.textPtr = this.rt.heap.alloc(length + 16);
      this.textCapacity = length;
    }
    return this.rt.heap.u8(this.textPtr, length + 16);
  }

  /** The text buffer for up to `length` bytes, its first `keep` bytes kept when it grows. */
  textBufferKeeping(length: number, keep: number): Uint8Array {
    if (length > this.textCapacity && keep > 0) {
      const kept = this.rt.heap.u8(this.textPtr, keep).slice();
      const text = this.textBuffer(Math.max(length, 2 * this.textCapacity));
      text.set(kept);
      return this.rt.heap.u8(this.textPtr, length + 16);
    }
    if (length > this.textCapacity) this.textBuffer(Math.max(length, 2 * this.textCapacity));
    return this.rt.heap.u8(this.textPtr, length + 16);
  }

  /**
   * Reads records from the first `length` bytes of the text buffer, whose
   * offset in the input is `base`. With `utf8`, bytes ≥ 0x80 are read as text
   * (the caller checks that what was read is UTF-8); without, they are foreign.
   */
  read(length: number, last: boolean, base: number, line: number, naive = false, utf8 = false): CsvRecordStep {
    const heap = this.rt.heap;
    const input = heap.i32(this.statePtr, CSV_STATE_COUNT);
    input[CSV_STATE_LINE] = line;
    input[CSV_STATE_HIGH] = utf8 ? 1 : 0;
    const status = this.rt.kernels.csvReadRecords(
      this.textPtr, length, last ? 1 : 0, base, this.delim, this.slots.length, this.slotsPtr, this.nCell,
      this.maxRows, this.valuesPtr, this.cellsPtr, this.linesPtr, this.flagsPtr, this.maxFlags, this.statePtr, naive ? 1 : 0,
    );
    const state = heap.i32(this.statePtr, CSV_STATE_COUNT);
    return {
      owned: status !== CSV_FOREIGN,
      rows: state[CSV_STATE_ROWS],
      consumed: state[CSV_STATE_CONSUMED],
      line: state[CSV_STATE_LINE],
      flags: state[CSV_STATE_FLAGS],
      sawHigh: state[CSV_STATE_HIGH] === 1,
    };
  }

  /** Numeric column c of the last read (a view: copy it before the next call). */
  values(c: number, rows: number): Float32Array {
    return this.rt.heap.f32(this.valuesPtr + 4 * c * this.maxRows, rows);
  }

  /** Where the text buffer starts in wasm memory (valid until `textBuffer` grows it). */
  textAddress(): number {
    return this.textPtr;
  }

  /** Where the cell bounds of the last read start in wasm memory (see `cells`). */
  cellsAddress(): number {
    return this.cellsPtr;
  }

  /** Where numeric column c of the last read starts in wasm memory (f32, `maxRows` apart), for kernels that read it in place. */
  valuesAddress(c: number): number {
    return this.valuesPtr + 4 * c * this.maxRows;
  }

  /** Cell bounds of the last read: row r's cell column k at (r × nCell + k) × 2 (start, end). */
  cells(rows: number): Uint32Array {
    return this.rt.heap.u32(this.cellsPtr, 2 * this.nCell * rows);
  }

  lines(rows: number): Uint32Array {
    return this.rt.heap.u32(this.linesPtr, rows);
  }

  /** Flagged cells of the last read: row, numeric column, start, end. */
  flags(n: number): Uint32Array {
    return this.rt.heap.u32(this.flagsPtr, CSV_FLAG_U32 * n);
  }

  free(): void {
    const heap = this.rt.heap;
    for (const p of [this.textPtr, this.slotsPtr, this.valuesPtr, this.cellsPtr, this.linesPtr, this.flagsPtr, this.statePtr]) heap.free(p);
    this.textPtr = 0;
    this.textCapacity = 0;
  }
}
