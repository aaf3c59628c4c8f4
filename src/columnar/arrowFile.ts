import { CreditkitError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import { isDirectoryError, readFileError } from '../io/fileErrors.js';
import { datasetFromArrow } from './arrowDataset.js';
import type { TableReadOptions } from './columnValues.js';

/**
 * Reads an Arrow IPC file (`.arrow`, `.feather` v2, or the IPC stream format)
 * whole with apache-arrow, imported only here. Record batches with compressed
 * buffers (Feather's lz4/zstd) are E_DATA_FORMAT: apache-arrow's JavaScript
 * reader does not decode them (write with `compression='uncompressed'`).
 */
export async function readArrowFile(path: string, options: TableReadOptions = {}): Promise<Dataset> {
  const file = options.file ?? path;
  const { readFile, stat } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    if ((await stat(path)).isDirectory()) throw isDirectoryError(path, 'file');
    bytes = await readFile(path);
  } catch (e) {
    throw readFileError(e, path);
  }
  const { tableFromIPC } = await import('apache-arrow');
  let table: ReturnType<typeof tableFromIPC>;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    throw new CreditkitError('E_DATA_FORMAT', `not a readable Arrow IPC file (${(e as Error).message})`, { file });
  }
  if (table.schema.fields.length === 0) {
    throw new CreditkitError('E_DATA_FORMAT', 'not a readable Arrow IPC file (no schema)', { file });
  }
  return datasetFromArrow(table, { ...options, file });
}
