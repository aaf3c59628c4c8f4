import { gunzipSync } from 'node:zlib';
import { CreditkitError, decodeText, parseCsv, readDataFile, type Dataset } from '../core.js';
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

type DataReadOptions = Parameters<typeof readDataFile>[1] & CsvTextFlags;

/**
 * `readDataFile`, except that `-` reads CSV (or CSV.gz) from standard input;
 * errors then name "standard input" where they would name the file.
 */
export async function readDataInput(path: string, options: DataReadOptions = {}): Promise<Dataset> {
  if (!isStandardStream(path)) return readDataFile(path, options);
  const pieces: Buffer[] = [];
  for await (const piece of standardInput()) pieces.push(piece as Buffer);
  let bytes: Uint8Array = Buffer.concat(pieces);
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
