import { printModelNotices } from '../modelNotices.js';
import { readModelFile, openAtomicWriter, CreditkitError, canScoreInPool, scoreStream, THREAD_RANGE } from '../../core.js';
import {
  type CliIO, type Command, ENCODING_FLAG, encodingFlag, encodingHelp, integerFlag, requireString, valueFlags,
  SAFE_CSV_HELP, SAFE_CSV_OPTION, csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber, seconds } from '../format.js';
import { openInput } from '../openInput.js';

export const scoreCommand: Command = {
  name: 'score',
  summary: 'write the probability of default of every row of a CSV file',
  usage: 'creditkit score --model M --data F --out scores.csv [--id COL] [--threads N]',
  help: [
    '  --model M    a model written by "creditkit train"',
    '  --data F     rows to score, CSV or CSV.gz with the model\'s feature columns (others are ignored)',
    encodingHelp(15),
    '  --out F      output CSV: the id column (or "row", 1-based) and "pd"',
    '  --id COL     copy this column into the output to identify rows',
    '  --threads N  score on N worker threads, each with its own wasm instance (default 1)',
    SAFE_CSV_HELP,
    '  The file is read and scored in blocks of rows (any size, bounded memory); the output',
    '  is written to a temporary file and renamed into place when every row is scored.',
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('model', 'data', 'out', 'id', 'threads'),
    ...ENCODING_FLAG,
  },
  files: (v) => ({ inputs: fileArgs(v, 'model', 'data'), outputs: fileArgs(v, 'out') }),
  async run(values, io) {
    const modelPath = requireString(values, 'model', 'score');
    const dataPath = requireString(values, 'data', 'score');
    const outPath = requireString(values, 'out', 'score');
    const idCol = typeof values.id === 'string' ? values.id : undefined;
    const threads = integerFlag(values, 'threads', THREAD_RANGE) ?? 1;
    const model = await readModelFile(modelPath, printModelNotices(io, modelPath));
    if (threads > 1 && !canScoreInPool(model)) {
      throw new CreditkitError('E_USAGE', '--threads is available for gradient-boosting models');
    }
    const input = await openInput(dataPath);
    const progress = new RowProgress(io);
    let result: { rows: number; seconds: number };
    try {
      const writer = await openAtomicWriter(outPath);
      try {
        // Read in 1 MiB pieces; rows are scored in blocks of 10,000 (DEFAULT_CHUNK_ROWS).
        result = await scoreStream(model, input, writer.stream, {
          threads, idColumn: idCol, file: dataPath, encoding: encodingFlag(values), safeCsv: csvCellsFlag(values).safe,
          onProgress: (p) => progress.update(p.rows, p.seconds),
        });
        await writer.commit();
      } catch (e) {
        await writer.abort();
        throw e;
      } finally {
        progress.done();
      }
    } finally {
      input.destroy();
    }
    const { rows, seconds: secs } = result;
    io.out(`scored ${formatNumber(rows)} rows in ${seconds(secs * 1000)} (${formatNumber(Math.round(rows / Math.max(secs, 1e-9)))} rows/s), wrote ${outPath}`);
  },
};

/** Rows done and rows/s on one line of stderr, only on a terminal. */
class RowProgress {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly io: CliIO) {}

  update(rows: number, secs: number): void {
    if (!this.io.isTTY) return;
    const now = performance.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.drawn = true;
    this.io.err(`\rscoring: ${formatNumber(rows)} rows, ${formatNumber(Math.round(rows / Math.max(secs, 1e-9)))} rows/s, ${secs.toFixed(1)}s\x1b[K`);
  }

  done(): void {
    if (this.drawn) this.io.err('\r\x1b[K');
  }
}
