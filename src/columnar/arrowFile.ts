import { CreditkitError } from '../errors.js';
import type { Dataset } from '../data/dataset.js';
import type { TableChunk } from './parquetFile.js';
import { isDirectoryError, readFileError } from '../io/fileErrors.js';
import { datasetFromArrow } from './arrowDataset.js';
import { registerArrowCodecs } from './arrowCodecs.js';
import { importOptional } from '../optionalPackage.js';
import type { TableReadOptions } from './columnValues.js';

/**
 * Reads an Arrow IPC file (`.arrow`, `.feather` v2, or the IPC stream format)
 * with apache-arrow, imported only here: whole (`readArrowFile`) or one record
 * batch at a time (`readArrowChunks`). Buffers compressed with LZ4 frames or
 * Zstandard (Feather's default is LZ4) are decoded (arrowCodecs.ts).
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
  const arrow = await importOptional('apache-arrow', () => import('apache-arrow'));
  await registerArrowCodecs(arrow);
  const { tableFromIPC } = arrow;
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

/**
 * The file's rows one record batch at a time, in order (bounded memory for
 * scoring: an IPC file is read by random access, a stream front to back).
 * Pass `categories` for every categorical column: otherwise each batch's
 * dictionary is its own.
 */
export async function* readArrowChunks(path: string, options: TableReadOptions = {}): AsyncGenerator<TableChunk, void, undefined> {
  const file = options.file ?? path;
  const { open } = await import('node:fs/promises');
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      await handle.close();
      throw isDirectoryError(path, 'file');
    }
  } catch (e) {
    throw readFileError(e, path);
  }
  try {
    const arrow = await importOptional('apache-arrow', () => import('apache-arrow'));
    await registerArrowCodecs(arrow);
    const { RecordBatchReader, Table } = arrow;
    const unreadable = (e: unknown): CreditkitError =>
      e instanceof CreditkitError ? e : new CreditkitError('E_DATA_FORMAT', `not a readable Arrow IPC file (${(e as Error).message})`, { file });
    let reader: Awaited<ReturnType<typeof RecordBatchReader.from>>;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (e) {
      throw unreadable(e);
    }
    let firstRow = 0;
    const batches = reader[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await batches.next();
      } catch (e) {
        throw unreadable(e);
      }
      if (next.done) break;
      const table = new Table(next.value as ConstructorParameters<typeof Table>[0]);
      if (table.schema.fields.length === 0) throw unreadable(new Error('no schema'));
      const dataset = datasetFromArrow(table, { ...options, file });
      yield { dataset, firstRow };
      firstRow += dataset.nRows;
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}
