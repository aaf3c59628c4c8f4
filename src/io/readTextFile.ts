import { decodeText, type TextEncoding } from './textDecoding.js';
import { readFileError } from './fileErrors.js';

/**
 * A text file, decoded strictly as `encoding` says (UTF-8 by default) (bytes that are not UTF-8 are
 * E_ENCODING naming the file and line); a file the OS cannot read is a coded
 * error naming it (see `readFileError`).
 */
export async function readTextFile(path: string, what: string, encoding: TextEncoding = 'utf-8'): Promise<string> {
  // Imported on use: the main entry reaches this module and must load in browsers too.
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw readFileError(e, path, what);
  }
  return decodeText(bytes, encoding, path);
}
