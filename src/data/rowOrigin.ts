import type { ErrorLocation } from '../errors.js';

/**
 * Where a dataset's rows were read from: the file, the input line of each
 * row and its index among the input's data rows. Problems found after parsing
 * (a bad target label, …) use it to name the same file and line a parse
 * error would, whether the rows came from a whole file or a streamed block.
 */
export class RowOrigin {
  /**
   * `lines` and `rows` are per-row arrays, or a number: the first row's, the
   * others following one by one (the common case, kept without an array).
   */
  constructor(
    readonly file: string | undefined,
    private readonly lines: Uint32Array | number,
    private readonly rows: Uint32Array | number = 0,
  ) {}

  /** The 1-based input line on which row r starts (the header is line 1). */
  line(r: number): number {
    return typeof this.lines === 'number' ? this.lines + r : this.lines[r];
  }

  /** The 0-based index of row r among the input's data rows. */
  row(r: number): number {
    return typeof this.rows === 'number' ? this.rows + r : this.rows[r];
  }

  where(r: number, column?: string): ErrorLocation {
    const at: ErrorLocation = this.file === undefined ? {} : { file: this.file };
    at.line = this.line(r);
    at.row = this.row(r);
    if (column !== undefined) at.column = column;
    return at;
  }

  /** The origin of the rows at `rows` (see Dataset.take). */
  take(rows: ArrayLike<number>): RowOrigin {
    return new RowOrigin(this.file, Uint32Array.from(rows, (r) => this.line(r)), Uint32Array.from(rows, (r) => this.row(r)));
  }
}
