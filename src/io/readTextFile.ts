import { readFile } from 'node:fs/promises';
import { readFileError } from './fileErrors.js';

/** A UTF-8 text file; a missing one is E_FILE_NOT_FOUND "no such <what>" naming the file (see `readFileError`). */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw readFileError(e, path, what);
  }
}
