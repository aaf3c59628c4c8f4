import { dataFormat, readCsvChunks, readTableChunks, type ColumnKind, type Dataset } from '../core.js';
import type { CsvTextFlags } from './args.js';
import { openInput } from './openInput.js';
import { isStandardStream, STANDARD_INPUT_NAME, standardInput } from './standardInput.js';

/** Blocks of at most `chunkRows` rows of a data file, and how to release the file. */
export interface DataChunks {
  chunks: AsyncIterable<{ dataset: Dataset; firstRow: number }>;
  close(): void;
}

/**
 * Opens a data file (`-`: CSV on standard input) for block-by-block reading with a model's schema: CSV in
 * blocks of `chunkRows` rows (read in 1 MiB pieces), Parquet one row group at
 * a time, Arrow one record batch at a time; those blocks are cut to `chunkRows` rows.
 */
export async function openDataChunks(
  path: string,
  schema: { types: Record<string, ColumnKind>; categories: Record<string, readonly string[]>; columns: string[] },
  chunkRows: number,
  csv: CsvTextFlags = {},
): Promise<DataChunks> {
  if (isStandardStream(path)) {
    const input = standardInput();
    return { chunks: readCsvChunks(input, { chunkRows, ...schema, file: STANDARD_INPUT_NAME, ...csv }), close: () => undefined };
  }
  if (dataFormat(path) === 'csv') {
    const input = await openInput(path);
    return { chunks: readCsvChunks(input, { chunkRows, ...schema, file: path, ...csv }), close: () => input.destroy() };
  }
  const tables = readTableChunks(path, { ...schema, file: path });
  return { chunks: cut(tables, chunkRows), close: () => void tables.return(undefined).catch(() => undefined) };
}

async function* cut(chunks: AsyncIterable<{ dataset: Dataset; firstRow: number }>, chunkRows: number): AsyncGenerator<{ dataset: Dataset; firstRow: number }> {
  for await (const { dataset, firstRow } of chunks) {
    if (dataset.nRows <= chunkRows) {
      yield { dataset, firstRow };
      continue;
    }
    for (let start = 0; start < dataset.nRows; start += chunkRows) {
      const rows = Array.from({ length: Math.min(chunkRows, dataset.nRows - start) }, (_, i) => start + i);
      yield { dataset: dataset.take(rows), firstRow: firstRow + start };
    }
  }
}
