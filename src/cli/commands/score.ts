import { printModelNotices } from '../modelNotices.js';
import {
  openAtomicWriter, CreditkitError, canScoreInPool, scoreStream, scoreCsvFile, THREAD_RANGE, dataFormat, scoreChunks, scoringSchema,
  parquetScoreSink, csvScoreSink, DEFAULT_CHUNK_ROWS, type ScoreStreamResult, type Classifier, type AtomicWriter, type TextSink,
} from '../../core.js';
import {
  type CliIO, type Command, type CsvTextFlags, CSV_INPUT_FLAGS, csvTextFlags, csvInputHelp, integerFlag, requireString, valueFlags,
  SAFE_CSV_HELP, SAFE_CSV_OPTION, csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber, seconds } from '../format.js';
import { openInput } from '../openInput.js';
import { openDataChunks } from '../dataChunks.js';
import { isStandardStream, STANDARD_INPUT_NAME, standardInput, readModelInput } from '../standardInput.js';

export const scoreCommand: Command = {
  name: 'score',
  summary: 'write the probability of default of every row of a data file (CSV, Parquet, Arrow)',
  usage: 'creditkit score --model M --data F --out scores.csv [--id COL] [--threads N]',
  help: [
    '  --model M    a model written by "creditkit train"',
    '  --data F     rows to score, CSV, CSV.gz, Parquet or Arrow (by extension) with the model\'s feature',
    '               columns (others are ignored); - reads CSV from standard input',
    csvInputHelp(15),
    '  --out F      output: the id column (or "row", 1-based) and "pd"; CSV, or Parquet when F ends in .parquet;',
    '               - writes the CSV to standard output (not atomic; the summary then goes to stderr)',
    '  --id COL     copy this column into the output to identify rows',
    '  --threads N  score on N threads, each with its own wasm instance (default 1); on a CSV file each reads its own part of it',
    SAFE_CSV_HELP,
    '  --json       print the summary (rows, seconds, rows per second, output) as JSON instead of text',
    '  The file is read and scored in blocks of rows (a Parquet file one row group at a time:',
    '  any size, bounded memory); the output',
    '  is written to a temporary file and renamed into place when every row is scored.',
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('model', 'data', 'out', 'id', 'threads'),
    ...CSV_INPUT_FLAGS,
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'model', 'data'), outputs: fileArgs(v, 'out'), standardOutput: ['out'] }),
  async run(values, io) {
    const modelPath = requireString(values, 'model', 'score');
    const dataPath = requireString(values, 'data', 'score');
    const outPath = requireString(values, 'out', 'score');
    const idCol = typeof values.id === 'string' ? values.id : undefined;
    const threads = integerFlag(values, 'threads', THREAD_RANGE) ?? 1;
    const model = await readModelInput(modelPath, printModelNotices(io, modelPath));
    if (threads > 1 && !canScoreInPool(model)) {
      throw new CreditkitError('E_USAGE', '--threads is available for gradient-boosting models');
    }
    const progress = new RowProgress(io);
    const onProgress = (p: { rows: number; seconds: number }): void => progress.update(p.rows, p.seconds);
    let result: ScoreStreamResult;
    const toStdout = isStandardStream(outPath);
    const csvInput = isStandardStream(dataPath) || dataFormat(dataPath) === 'csv';
    if (toStdout && !csvInput) {
      // Parquet or Arrow in, CSV out on standard output: the same blocks as the file path.
      result = await scoreChunksToStdout(model, dataPath, progress, { threads, idColumn: idCol, csv: csvTextFlags(values), safeCsv: csvCellsFlag(values).safe, onProgress });
    } else if (csvInput && dataFormat(outPath) !== 'parquet') {
      const fromStdin = isStandardStream(dataPath);
      const input = fromStdin ? standardInput() : await openInput(dataPath);
      const options = {
        threads, idColumn: idCol, file: fromStdin ? STANDARD_INPUT_NAME : dataPath, ...csvTextFlags(values), safeCsv: csvCellsFlag(values).safe, onProgress,
      };
      // Read in 1 MiB pieces; rows are scored in blocks of 10,000 (DEFAULT_CHUNK_ROWS). On threads, a file's
      // threads read their own byte ranges of it (scoreCsvFile); standard input is cut here into blocks.
      const score = (out: TextSink, end?: boolean): Promise<ScoreStreamResult> => (fromStdin || threads === 1
        ? scoreStream(model, input, out, { ...options, end })
        : scoreCsvFile(model, dataPath, out, { ...options, end }));
      try {
        result = toStdout
          ? await toStandardOutput(progress, (stream) => score(stream, false))
          : await written(outPath, progress, (writer) => score(writer.stream));
      } finally {
        if (!fromStdin) input.destroy();
      }
    } else {
      result = await scoreFile(model, dataPath, outPath, progress, { threads, idColumn: idCol, csv: csvTextFlags(values), safeCsv: csvCellsFlag(values).safe, onProgress });
    }
    const { rows, seconds: secs } = result;
    if (values.json === true) {
      io.out(JSON.stringify({ rows, seconds: secs, rowsPerSecond: rows / Math.max(secs, 1e-9), output: toStdout ? null : outPath }));
      return;
    }
    const summary = `scored ${formatNumber(rows)} rows in ${seconds(secs * 1000)} (${formatNumber(Math.round(rows / Math.max(secs, 1e-9)))} rows/s), wrote ${toStdout ? 'standard output' : outPath}`;
    // With the scores on standard output, the summary goes to stderr so that the output stays pure CSV.
    if (toStdout) io.err(`${summary}\n`);
    else io.out(summary);
  },
};

/** Writes `outPath` atomically with `write`: the file appears only when every row is scored. */
async function written(outPath: string, progress: RowProgress, write: (writer: AtomicWriter) => Promise<ScoreStreamResult>): Promise<ScoreStreamResult> {
  const writer = await openAtomicWriter(outPath);
  try {
    const result = await write(writer);
    await writer.commit();
    return result;
  } catch (e) {
    await writer.abort();
    throw e;
  } finally {
    progress.done();
  }
}

/**
 * Scores written to standard output as they are made: not atomic (a failure
 * leaves the lines written so far, and the error on stderr and in the exit
 * status), and standard output is left open for the process to close.
 */
async function toStandardOutput(progress: RowProgress, write: (stream: NodeJS.WritableStream) => Promise<ScoreStreamResult>): Promise<ScoreStreamResult> {
  try {
    return await write(process.stdout);
  } finally {
    progress.done();
  }
}

/** Parquet or Arrow blocks scored to CSV lines on standard output. */
async function scoreChunksToStdout(
  model: Classifier, dataPath: string, progress: RowProgress,
  options: { threads: number; idColumn?: string; csv: CsvTextFlags; safeCsv: boolean; onProgress(p: { rows: number; seconds: number }): void },
): Promise<ScoreStreamResult> {
  const input = await openDataChunks(dataPath, scoringSchema(model, options.idColumn), DEFAULT_CHUNK_ROWS, options.csv);
  try {
    return await toStandardOutput(progress, (stream) => scoreChunks(model, input.chunks, csvScoreSink(stream, { ...options, end: false }), options));
  } finally {
    input.close();
  }
}

/**
 * Scoring through blocks of any format (Parquet or Arrow input, or a Parquet
 * output): the same blocks, ids and PDs as the CSV path, so the same rows
 * give the same output whatever the input's format.
 */
async function scoreFile(
  model: Classifier, dataPath: string, outPath: string, progress: RowProgress,
  options: { threads: number; idColumn?: string; csv: CsvTextFlags; safeCsv: boolean; onProgress(p: { rows: number; seconds: number }): void },
): Promise<ScoreStreamResult> {
  const input = await openDataChunks(dataPath, scoringSchema(model, options.idColumn), DEFAULT_CHUNK_ROWS, options.csv);
  try {
    return await written(outPath, progress, async (writer) => {
      if (dataFormat(outPath) === 'parquet') {
        return scoreChunks(model, input.chunks, await parquetScoreSink(writer.stream, options.idColumn), options);
      }
      return scoreChunks(model, input.chunks, csvScoreSink(writer.stream, options), options);
    });
  } finally {
    input.close();
  }
}

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
