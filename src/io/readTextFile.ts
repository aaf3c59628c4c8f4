import { readFile } from 'node:fs/promises';
import { CreditkitError } from '../errors.js';

/** A UTF-8 text file; a missing one is E_FILE_NOT_FOUND "no such <what>" naming the file. */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CreditkitError('E_FILE_NOT_FOUND', `no such ${what}`, { file: path });
    throw e;
  }
}
