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

  /** `fixed`: the columns read with a given dictionary (their codes are the same in every block). */
  constructor(private readonly fixed: ReadonlySet<string>) {}

  /** Adds a block; false when its kinds disagree with the blocks before. */
  add(block: Dataset): boolean {
    if (this.parts.length === 0) {
      this.parts = block.columns.map((c) => ({ name: c.name, kind: 'missing', values: [], dictionaries: [] }));
    }
    for (let j = 0; j < block.nColumns; j++) {
      const c = block.columns[j];
      const p = this.parts[j];
      const kind = c.kind === 'numeric' && allMissing(c.values) ? 'missing' : c.kind;
      if (kind !== 'missing') {
        if (p.kind === 'missing') p.kind = kind;
        else if (p.kind !== kind) return false;
      }
      p.values.push(c.values);
      p.dictionaries.push(c.kind === 'categorical' ? c.categories! : null);
    }
    const origin = block.origin!;
    const first = this.origins.length > 0 ? this.origins[0].origin.line(0) : origin.line(0);
    for (let r = 0; r < block.nRows && this.consecutive; r++) this.consecutive = origin.line(r) === first + this.nRows + r;
    this.origins.push({ origin, nRows: block.nRows });
    this.nRows += block.nRows;
    return true;
  }

  /** The whole dataset; each column's blocks are released as soon as it is joined. */
  finish(file: string | undefined): Dataset {
    const n = this.nRows;
    const columns: Column[] = this.parts.map((p, j) => {
      const column: Column = p.kind !== 'categorical'
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
