import { compareLabels } from '../data/csv.js';
import { Dataset, type Column } from '../data/dataset.js';
import { RowOrigin } from '../data/rowOrigin.js';

/** One column's blocks: their values, and for a categorical column each block's dictionary. */
interface ColumnParts {
  name: string;
  kind: 'numeric' | 'categorical' | 'missing';
  values: Float32Array[];
  /** Per block, the labels its codes index (null: a block with every cell missing). */
  dictionaries: (readonly string[] | null)[];
  /**
   * Once rows are reserved (see `reserve`): the column's values so far, written
   * into room for `capacity` rows as each block comes, instead of `values`
   * (not for a categorical column with per-block dictionaries).
   */
  written?: Float32Array;
  /** The first categorical block's dictionary (the dictionary of a column read with a given one). */
  categories?: readonly string[];
}

/**
 * Collects the Datasets of a CSV's row blocks, in input order, and joins them
 * into the Dataset a whole-input read gives (readCsvFileStreamed, parseCsvParallel). A column missing in every
 * cell of a block is read as numeric by that block and fits either kind.
 */
export class ColumnAssembler {
  private parts: ColumnParts[] = [];
  /** Each block's row origins, and whether all rows so far follow one another line by line. */
  private origins: { origin: RowOrigin; nRows: number }[] = [];
  private consecutive = true;
  nRows = 0;
  /** Rows the written columns have room for (0: blocks are kept and joined by `finish`). */
  private capacity = 0;

  /** `fixed`: the columns read with a given dictionary (their codes are the same in every block). */
  constructor(private readonly fixed: ReadonlySet<string>) {}

  /**
   * Room for about `rows` rows in all: from now on each block's values are
   * written into the final columns as it is added (one copy, made while other
   * threads still parse, and no join at the end), rather than kept until
   * `finish`. Too few rows cost a copy of the columns when they grow.
   */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = Math.max(rows, this.nRows);
    for (const p of this.parts) {
      if (p.written !== undefined) p.written = grown(p.written, this.nRows, this.capacity);
      else if (this.writes(p)) {
        p.written = grown(joinValues(p.values, this.nRows), this.nRows, this.capacity);
        p.values = [];
        p.dictionaries = [];
      }
    }
  }

  /** Whether the column's blocks are written as they come (the rows are reserved, and its codes need no recoding). */
  private writes(p: ColumnParts): boolean {
    return this.capacity > 0 && (p.kind !== 'categorical' || this.fixed.has(p.name));
  }

  /** Adds a block; false when its kinds disagree with the blocks before. */
  add(block: Dataset): boolean {
    if (this.parts.length === 0) {
      this.parts = block.columns.map((c) => ({ name: c.name, kind: 'missing', values: [], dictionaries: [] }));
      if (this.capacity > 0) for (const p of this.parts) p.written = new Float32Array(this.capacity);
    }
    if (this.nRows + block.nRows > this.capacity && this.capacity > 0) this.reserve(Math.ceil((this.nRows + block.nRows) * 1.25));
    for (let j = 0; j < block.nColumns; j++) {
      const c = block.columns[j];
      const p = this.parts[j];
      const kind = c.kind === 'numeric' && allMissing(c.values) ? 'missing' : c.kind;
      if (kind !== 'missing') {
        if (p.kind === 'missing') p.kind = kind;
        else if (p.kind !== kind) return false;
      }
      if (p.written !== undefined && !this.writes(p)) {
        // A column missing so far turned categorical with its own dictionaries: its rows so far are one block, all missing.
        p.values = [p.written.subarray(0, this.nRows)];
        p.dictionaries = [null];
        p.written = undefined;
      }
      if (c.kind === 'categorical' && p.categories === undefined) p.categories = c.categories!;
      if (p.written !== undefined) {
        p.written.set(c.values, this.nRows);
        continue;
      }
      p.values.push(c.values);
      p.dictionaries.push(c.kind === 'categorical' ? c.categories! : null);
    }
    const origin = block.origin!;
    const first = this.origins.length > 0 ? this.origins[0].origin.line(0) : origin.line(0);
    // Row lines only increase, so the block's follow on line by line when its first and last rows do.
    const n = block.nRows;
    if (this.consecutive && n > 0) this.consecutive = origin.line(0) === first + this.nRows && origin.line(n - 1) === first + this.nRows + n - 1;
    this.origins.push({ origin, nRows: block.nRows });
    this.nRows += block.nRows;
    return true;
  }

  /** The whole dataset; each column's blocks are released as soon as it is joined. */
  finish(file: string | undefined): Dataset {
    const n = this.nRows;
    const columns: Column[] = this.parts.map((p, j) => {
      const column: Column = p.written !== undefined
        ? p.kind === 'categorical' ? { name: p.name, kind: 'categorical', values: trimmed(p.written, n), categories: p.categories! } : { name: p.name, kind: 'numeric', values: trimmed(p.written, n) }
        : p.kind !== 'categorical'
        ? { name: p.name, kind: 'numeric', values: joinValues(p.values, n) }
        : this.fixed.has(p.name) ? { name: p.name, kind: 'categorical', values: joinValues(p.values, n), categories: p.dictionaries[0]! }
          : joinCategorical(p, n);
      this.parts[j] = { ...p, values: [], dictionaries: [] };
      return column;
    });
    return new Dataset(columns, n, new RowOrigin(file, this.rowLines()));
  }

  /** The first row's line when rows follow one another line by line, else every row's line. */
  private rowLines(): Uint32Array | number {
    if (this.consecutive) return this.origins.length > 0 ? this.origins[0].origin.line(0) : 2;
    const lines = new Uint32Array(this.nRows);
    let at = 0;
    for (const { origin, nRows } of this.origins) {
      for (let r = 0; r < nRows; r++) lines[at + r] = origin.line(r);
      at += nRows;
    }
    return lines;
  }
}

function allMissing(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) return false;
  return true;
}

/** `values`' first `n` rows in room for `capacity`. */
function grown(values: Float32Array, n: number, capacity: number): Float32Array {
  const out = new Float32Array(capacity);
  out.set(values.subarray(0, n));
  return out;
}

/**
 * The first `n` values, as a view when the room left over is small (its pages,
 * never written, take no memory), else copied out.
 */
function trimmed(values: Float32Array, n: number): Float32Array {
  if (values.length === n) return values;
  return values.length - n <= values.length >> 4 ? new Float32Array(values.buffer, 0, n) : values.slice(0, n);
}

function joinValues(blocks: readonly Float32Array[], n: number): Float32Array {
  if (blocks.length === 1) return blocks[0];
  const out = new Float32Array(n);
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** A categorical column's blocks recoded into one dictionary: their labels' union, sorted as parseCsv sorts a column's labels. */
function joinCategorical(p: ColumnParts, n: number): Column {
  const dictionaries = p.dictionaries.filter((d): d is readonly string[] => d !== null);
  const labels = [...new Set(dictionaries.flat())].sort(compareLabels);
  const code = new Map(labels.map((label, i) => [label, i]));
  const out = new Float32Array(n);
  let at = 0;
  p.values.forEach((values, b) => {
    const dictionary = p.dictionaries[b];
    const recode = dictionary === null ? null : Float32Array.from(dictionary, (label) => code.get(label)!);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[at + i] = recode === null || v !== v ? NaN : recode[v];
    }
    at += values.length;
  });
  return { name: p.name, kind: 'categorical', values: out, categories: labels };
}
