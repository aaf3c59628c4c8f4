import { readFile } from 'node:fs/promises';
import { decodeText } from '../data/textDecoding.js';
import { CreditkitError } from '../errors.js';

/**
 * A UTF-8 text file, decoded strictly (bytes that are not UTF-8 are
 * E_ENCODING naming the file and line); a missing one is E_FILE_NOT_FOUND
 * "no such <what>" naming the file.
 */
export async function readTextFile(path: string, what: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CreditkitError('E_FILE_NOT_FOUND', `no such ${what}`, { file: path });
    throw e;
  }
  return decodeText(bytes, 'utf-8', path);
}
