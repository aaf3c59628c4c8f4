import type { AsyncBuffer, FileMetaData, SchemaTree } from 'hyparquet';
import { CreditkitError } from '../errors.js';
import { importOptional } from '../optionalPackage.js';
import { Dataset, type Column } from '../data/dataset.js';
import { isDirectoryError, readFileError } from '../io/fileErrors.js';
import { categoricalColumn, float32Value, MS_PER_DAY, selectedNames, wantedKind, type TableReadOptions } from './columnValues.js';

/**
 * Parquet files → Datasets with hyparquet (pure JavaScript, imported only when
 * a Parquet file is read). Snappy, gzip, zstd, brotli and lz4 pages are
 * decoded (hyparquet-compressors). A file is read one row group at a time:
 * `readParquetFile` joins them, `readParquetChunks` yields one Dataset per
 * row group, holding only that group in memory.
 */

/** One row group's rows; `firstRow` is the 0-based index of its first row in the file. */
export interface TableChunk {
  dataset: Dataset;
  firstRow: number;
}

/** The whole file as one Dataset (categorical dictionaries span every row group). */
export async function readParquetFile(path: string, options: TableReadOptions = {}): Promise<Dataset> {
  return withParquet(path, options, async (reader) => {
    const parts = new Map<string, unknown[][]>(reader.names.map((n) => [n, []]));
    for (const range of reader.ranges) {
      for (const name of reader.names) parts.get(name)!.push(await reader.column(name, range));
    }
    const columns = reader.names.map((name) => reader.toColumn(name, parts.get(name)!.flat(), 0));
    return new Dataset(columns, reader.nRows);
  });
}

/**
 * The file's rows one row group at a time, in order (bounded memory for
 * scoring). Pass `categories` for every categorical column: otherwise each
 * group's dictionary is its own.
 */
export async function* readParquetChunks(path: string, options: TableReadOptions = {}): AsyncGenerator<TableChunk, void, undefined> {
  const opened = await openParquet(path, options);
  try {
    for (const range of opened.ranges) {
      const columns: Column[] = [];
      for (const name of opened.names) columns.push(opened.toColumn(name, await opened.column(name, range), range.rowStart));
      yield { dataset: new Dataset(columns, range.rowEnd - range.rowStart), firstRow: range.rowStart };
    }
  } finally {
    await opened.close();
  }
}

interface RowRange {
  rowStart: number;
  rowEnd: number;
}

interface ParquetReader {
  names: readonly string[];
  nRows: number;
  ranges: readonly RowRange[];
  column(name: string, range: RowRange): Promise<unknown[]>;
  toColumn(name: string, values: ArrayLike<unknown>, firstRow: number): Column;
  close(): Promise<void>;
}

async function withParquet<T>(path: string, options: TableReadOptions, use: (reader: ParquetReader) => Promise<T>): Promise<T> {
  const reader = await openParquet(path, options);
  try {
    return await use(reader);
  } finally {
    await reader.close();
  }
}

async function openParquet(path: string, options: TableReadOptions): Promise<ParquetReader> {
  const file = options.file ?? path;
  const { open } = await import('node:fs/promises');
  let handle: Awaited<ReturnType<typeof open>>;
  let size: number;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat().catch(async (e: unknown) => {
      await handle.close();
      throw e;
    });
    if (stat.isDirectory()) {
      await handle.close();
      throw isDirectoryError(path, 'file');
    }
    size = stat.size;
  } catch (e) {
    throw readFileError(e, path);
  }
  try {
    const { parquetMetadataAsync, parquetSchema, parquetScan } = await importOptional('hyparquet', () => import('hyparquet'));
    const { compressors } = await importOptional('hyparquet-compressors', () => import('hyparquet-compressors'));
    const buffer: AsyncBuffer = {
      byteLength: size,
      async slice(start: number, end = size): Promise<ArrayBuffer> {
        const bytes = new Uint8Array(Math.max(0, end - start));
        try {
          await handle.read(bytes, 0, bytes.length, start);
        } catch (e) {
          throw readFileError(e, path);
        }
        return bytes.buffer;
      },
    };
    const metadata = await damaged(file, () => parquetMetadataAsync(buffer));
    const fields = parquetSchema(metadata).children;
    const names = selectedNames(fields.map((f) => f.element.name), { ...options, file });
    const kinds = new Map(names.map((name) => [name, columnKind(fields.find((f) => f.element.name === name)!, { ...options, file })]));
    const scan = await damaged(file, () => parquetScan({ file: buffer, metadata, columns: [...names], compressors }));
    return {
      names,
      nRows: Number(metadata.num_rows),
      ranges: rowGroupRanges(metadata),
      async column(name, range) {
        const values = await damaged(file, () => scan.readColumn({ column: name, rowStart: range.rowStart, rowEnd: range.rowEnd }));
        return Array.isArray(values) ? values : Array.from(values as ArrayLike<unknown>);
      },
      toColumn(name, values, firstRow) {
        const kind = kinds.get(name)!;
        if (kind === 'categorical') return categoricalColumn(name, Array.from(values, textOf), options.categories?.[name]);
        const out = new Float32Array(values.length);
        for (let i = 0; i < values.length; i++) out[i] = float32Value(numberOf(values[i]), firstRow + i, name, file);
        return { name, kind, values: out };
      },
      close: () => handle.close(),
    };
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
}

/** One range per row group (an empty file has none). */
function rowGroupRanges(metadata: FileMetaData): RowRange[] {
  const ranges: RowRange[] = [];
  let start = 0;
  for (const g of metadata.row_groups) {
    const n = Number(g.num_rows);
    if (n > 0) ranges.push({ rowStart: start, rowEnd: start + n });
    start += n;
  }
  return ranges;
}

/** A column's kind from its Parquet type; nested, binary, time and timestamp columns are E_COLUMN_TYPE. */
function columnKind(field: SchemaTree, options: TableReadOptions): 'numeric' | 'categorical' {
  const e = field.element;
  const logical = e.logical_type?.type;
  const unsupported = (what: string): never => {
    throw new CreditkitError('E_COLUMN_TYPE', `Parquet ${what} columns are not read: cast it to a number, a string or a date`, { file: options.file, column: e.name });
  };
  if (field.children.length > 0) unsupported(logical ?? e.converted_type ?? 'nested');
  if (logical === 'TIMESTAMP' || logical === 'TIME' || e.type === 'INT96' || e.converted_type?.startsWith('TIMESTAMP') || e.converted_type?.startsWith('TIME_')) unsupported('time and timestamp');
  const text = logical === 'STRING' || logical === 'ENUM' || e.converted_type === 'UTF8' || e.converted_type === 'ENUM';
  if (e.type === 'BYTE_ARRAY' && !text) unsupported('binary');
  if (e.type === 'FIXED_LEN_BYTE_ARRAY' && logical !== 'DECIMAL' && logical !== 'FLOAT16' && e.converted_type !== 'DECIMAL') unsupported('fixed-length binary');
  return wantedKind(e.name, text, options);
}

/** A decoded Parquet value as a number: null → NaN, bigint rounded, boolean 0/1, a date in days since 1970-01-01. */
function numberOf(v: unknown): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime() / MS_PER_DAY;
  return NaN;
}

/** A decoded Parquet value as a category label (numbers as JavaScript prints them). */
function textOf(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** hyparquet's plain errors (bad magic, truncated file, unknown codec) as E_DATA_FORMAT naming the file. */
async function damaged<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof CreditkitError) throw e;
    throw new CreditkitError('E_DATA_FORMAT', `not a readable Parquet file (${(e as Error).message})`, { file });
  }
}
