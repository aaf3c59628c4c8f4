import { CreditkitError } from '../errors.js';
import type { CsvFileOptions } from '../data/csvFile.js';
import { readCsvFileStreamed, type StreamedCsvOptions } from '../stream/csvDataset.js';
import type { Dataset } from '../data/dataset.js';
import { readArrowChunks, readArrowFile } from './arrowFile.js';
import { readParquetChunks, readParquetFile } from './parquetFile.js';

/**
 * The one function that reads a dataset file for the CLI commands: CSV (plain
 * or gzipped), Parquet or Arrow IPC, chosen by the file's extension.
 */

export type DataFormat = 'csv' | 'parquet' | 'arrow';

/** `.parquet`/`.parq`/`.pq` → parquet, `.arrow`/`.arrows`/`.feather`/`.ipc` → arrow, anything else → csv. */
export function dataFormat(path: string): DataFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'parquet' || ext === 'parq' || ext === 'pq') return 'parquet';
  if (ext === 'arrow' || ext === 'arrows' || ext === 'feather' || ext === 'ipc') return 'arrow';
  return 'csv';
}

/**
 * Reads a CSV, Parquet or Arrow file into a Dataset with the same column
 * options (`types`, `categories`, `columns`, `file`); the text options
 * (`encoding`, `delimiter`, `naValues`), `chunkRows` and `onProgress` apply to
 * CSV only, which is read block by block (see readCsvFileStreamed).
 */
export async function readDataFile(path: string, options: StreamedCsvOptions = {}): Promise<Dataset> {
  const format = dataFormat(path);
  if (format === 'csv') return readCsvFileStreamed(path, options);
  const table = { types: options.types, categories: options.categories, columns: options.columns, file: options.file };
  return format === 'parquet' ? readParquetFile(path, table) : readArrowFile(path, table);
}

/**
 * A columnar file's rows in blocks for scoring: Parquet one row group at a
 * time, Arrow one record batch at a time (bounded memory).
 */
export async function* readTableChunks(path: string, options: CsvFileOptions = {}): AsyncGenerator<{ dataset: Dataset; firstRow: number }, void, undefined> {
  const table = { types: options.types, categories: options.categories, columns: options.columns, file: options.file };
  const format = dataFormat(path);
  if (format === 'csv') throw new CreditkitError('E_OPTION', 'readTableChunks reads Parquet or Arrow files; read CSV with readCsvChunks', { file: options.file ?? path });
  if (format === 'parquet') yield* readParquetChunks(path, table);
  else yield* readArrowChunks(path, table);
}
