import { isDirectoryError, readFileError } from '../io/fileErrors.js';
import type { Classifier } from '../models/classifier.js';
import { scoreCsvFileOnThreads } from './scoreCsvFileOnThreads.js';
import { checkedScoringThreads, csvLinesSink, scoreReadable, type ScoreStreamOptions, type ScoreStreamResult, type TextSink } from './scoreStream.js';

export interface ScoreCsvFileOptions extends ScoreStreamOptions {
  /** Bytes per range on threads (default 4 MiB), for the tests that cut small files into many ranges. @internal */
  rangeBytes?: number;
}

/**
 * `scoreStream` of a CSV or CSV.gz file named by its path (Node, Deno): the
 * same lines in the same order, the same errors. With `threads` N > 1 and a
 * plain file (not gzipped, ASCII, quoted fields each on one line), N threads — this one and N − 1
 * workers — each read byte ranges of the file themselves, so reading scales
 * with the threads as scoring does (see scoreCsvFileOnThreads.ts); other
 * files are read as a stream and scored on N workers, as `scoreStream` does.
 * A missing file is E_FILE_NOT_FOUND, a folder E_FILE_IS_DIRECTORY.
 */
export async function scoreCsvFile(
  model: Classifier,
  path: string,
  output: TextSink,
  options: ScoreCsvFileOptions = {},
): Promise<ScoreStreamResult> {
  return scoreFileOfStream(model, path, output, { ...options, file: options.file ?? path });
}

/**
 * `scoreCsvFile`, errors naming `options.file` only (a `scoreStream` input
 * that is a file's read stream names what a stream would). @internal
 */
export async function scoreFileOfStream(
  model: Classifier,
  path: string,
  output: TextSink,
  options: ScoreCsvFileOptions = {},
): Promise<ScoreStreamResult> {
  const threads = checkedScoringThreads(model, options);
  const fs = await import('node:fs');
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    throw readFileError(e, path);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw isDirectoryError(path, 'file');
    if (threads > 1) {
      const done = await scoreCsvFileOnThreads(model, fs, path, fd, stat.size, csvLinesSink(output, options), { ...options, threads });
      if (done !== null) return done;
    }
    // Gzip, a start that is not plain, …: the file as a stream, cut into blocks here.
    const input = fs.createReadStream(path, { highWaterMark: 1 << 20 });
    try {
      return await scoreReadable(model, input, output, options, threads);
    } finally {
      input.destroy();
    }
  } finally {
    fs.closeSync(fd);
  }
}
