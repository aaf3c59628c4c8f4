import { gunzipSync } from 'node:zlib';
import {
  CreditkitError, decodeText, parseCsv, readDataFile, readModelText, readTextFile, type Classifier, type Dataset,
  type TextEncoding, type XGBoostImportOptions,
} from '../core.js';
import type { CsvTextFlags } from './args.js';

/** The file name that means standard input (for a flag that reads) or standard output (for one that writes). */
export const STANDARD_STREAM = '-';

/** How errors name standard input in place of a file. */
export const STANDARD_INPUT_NAME = 'standard input';

export function isStandardStream(path: string): boolean {
  return path === STANDARD_STREAM;
}

/** A data flag's value as a summary line names it: the path, or "standard input" for `-`. */
export function inputName(path: string): string {
  return isStandardStream(path) ? STANDARD_INPUT_NAME : path;
}

/** The readable end of standard input, for the one flag that reads it (a second reader would find it drained). */
export function standardInput(): NodeJS.ReadStream {
  if (stdinTaken) throw new CreditkitError('E_USAGE', 'standard input ("-") can be read by one flag only');
  stdinTaken = true;
  return process.stdin;
}
let stdinTaken = false;

/** Lets the next command run (in the same process, as tests do) read standard input again. */
export function resetStandardInput(): void {
  stdinTaken = false;
}

/** Every byte of standard input (for the one flag that reads it). */
async function standardInputBytes(): Promise<Uint8Array> {
  const pieces: Buffer[] = [];
  for await (const piece of standardInput()) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

/**
 * A text input named by a flag (a JSON config, a search space, a small CSV
 * table): the file, or standard input for `-`; decoded as `encoding` says
 * (default UTF-8, strictly). Errors name the file, or "standard input".
 */
export async function readTextInput(path: string, what: string, encoding?: TextEncoding): Promise<string> {
  if (isStandardStream(path)) return decodeText(await standardInputBytes(), encoding ?? 'utf-8', STANDARD_INPUT_NAME);
  return readTextFile(path, what, encoding);
}

/** A model file (creditkit or XGBoost JSON), or a model read from standard input for `-`. */
export async function readModelInput(path: string, options: Pick<XGBoostImportOptions, 'onNotice'> = {}): Promise<Classifier> {
  return readModelText(await readTextInput(path, 'model file'), inputName(path), options);
}

type DataReadOptions = Parameters<typeof readDataFile>[1] & CsvTextFlags;

/**
 * `readDataFile`, except that `-` reads CSV (or CSV.gz) from standard input;
 * errors then name "standard input" where they would name the file.
 */
export async function readDataInput(path: string, options: DataReadOptions = {}): Promise<Dataset> {
  if (!isStandardStream(path)) return readDataFile(path, options);
  let bytes = await standardInputBytes();
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new CreditkitError('E_CSV_PARSE', `the input starts like gzip but does not decompress (${(e as Error).message})`, { file: STANDARD_INPUT_NAME });
    }
  }
  const file = options.file ?? STANDARD_INPUT_NAME;
  return parseCsv(decodeText(bytes, options.encoding, file), { ...options, file });
}
