import type { CsvOptions } from '../data/csv.js';
import type { Classifier } from '../models/classifier.js';
import { DEFAULT_CHUNK_ROWS, parseCsvBlock } from './csvChunks.js';
import { PlainBlockScorer } from './plainBlockScorer.js';
import type { CsvBlock } from './plainCsvSplitter.js';
import { scoreLines } from './scoreStream.js';

/**
 * A block's output lines (`id,pd` or `row,pd`) as bytes, as one-thread
 * `scoreStream` writes them: plain blocks straight from their bytes
 * (PlainBlockScorer), the others parsed by parseCsvBlock and written by
 * `scoreLines`, whose errors (file, line, column) are then the one-thread
 * path's. Used by the threads that score blocks or file ranges: the worker
 * threads and, for file ranges, the calling thread.
 */
export class BlockLinesScorer {
  private readonly plain: PlainBlockScorer | null;
  private readonly encoder = new TextEncoder();

  /** `csv`: the model's scoring schema with the text options (see `scoringSchema`). */
  constructor(private readonly model: Classifier, private readonly csv: CsvOptions, private readonly idColumn: string | undefined, private readonly safe: boolean) {
    // Block sizes vary: the default is only the scorer's first capacity.
    this.plain = PlainBlockScorer.create(model, csv, DEFAULT_CHUNK_ROWS, idColumn, safe);
  }

  /** The block's lines (a fresh buffer, which may be moved to another thread) and rows; throws the block's error. */
  score(block: CsvBlock): { lines: Uint8Array; rows: number } {
    const steps = this.scoreSteps(block);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** `score` in steps: a plain block yields after each piece scored (see PlainBlockScorer.scoreSteps), for the caller to let reads run. */
  *scoreSteps(block: CsvBlock): Generator<void, { lines: Uint8Array; rows: number }, void> {
    const bytes = this.plain === null ? undefined : yield* this.plain.scoreSteps(block);
    if (bytes !== undefined) return { lines: bytes, rows: this.plain!.rows };
    const ds = parseCsvBlock(block, this.csv);
    return { lines: this.encoder.encode(scoreLines(this.model, ds, block.firstRow, this.idColumn, this.safe)), rows: ds.nRows };
  }

  free(): void {
    this.plain?.free();
  }
}
