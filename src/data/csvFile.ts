import { CreditkitError } from '../errors.js';
import { readFileError } from '../io/fileErrors.js';
import { parseCsvJs, type CsvOptions } from './csv.js';
import type { Dataset } from './dataset.js';
import { parseCsvWasm, utf8BytesSource, utf8MarkLength, type CsvByteSource } from './csvWasmReader.js';
import { decodeText, textEncodingNamed, type TextEncoding } from '../io/textDecoding.js';

/** Options for reading a CSV file: parseCsv's, plus the bytes' encoding (see TextEncoding; default utf-8). */
export interface CsvFileOptions extends CsvOptions {
  encoding?: TextEncoding;
}

/**
 * Reading CSV files, plain or gzipped, in Node. Node modules are imported
 * inside the function so that importing this module in a browser still works.
 *
 * A plain file the wasm reader owns is read piece by piece straight into its
 * text buffer (one copy of the bytes, into a buffer that stays in cache, and
 * never the whole file in memory); anything else (gzip, another encoding,
 * text the JavaScript reader must read, a pipe) is read whole, as before.
 */
export async function readCsvFile(path: string, options: CsvFileOptions = {}): Promise<Dataset> {
  const fast = await readPlainCsvFile(path, options);
  if (fast !== undefined) return fast;
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw fileError(e, path);
  }
  if (isGzip(bytes)) {
    const { gunzip } = await import('node:zlib');
    const { promisify } = await import('node:util');
    try {
      bytes = await promisify(gunzip)(bytes);
    } catch (e) {
      throw gzipError(e, path);
    }
  }
  return parseCsvBytes(bytes, path, options);
}

/**
 * The wasm reader's Dataset of a plain (not gzipped) regular file, read
 * piece by piece; undefined when it does not own the file, which the caller
 * then reads another way. A file that cannot be opened is left to that read
 * too, so its error is the one it always was. `onProgress` is called after
 * each piece with the bytes and records read so far.
 * @internal
 */
export async function readPlainCsvFile(
  path: string, options: CsvFileOptions, onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void,
): Promise<Dataset | undefined> {
  try {
    if (!wasmReadsEncoding(options.encoding)) return undefined;
  } catch {
    return undefined; // an unknown encoding: the whole read reports it, after any error opening the file
  }
  const { openSync, fstatSync, readSync, closeSync } = await import('node:fs');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const length = stat.size;
    /** Bytes [pos, pos + n) into `into`; false when the file ended early (it changed while read). */
    const copy = (into: Uint8Array, pos: number, n: number): boolean => {
      for (let done = 0; done < n;) {
        let read: number;
        try {
          read = readSync(fd, into, done, n - done, pos + done);
        } catch (e) {
          throw fileError(e, path);
        }
        if (read === 0) return false;
        done += read;
      }
      return true;
    };
    const start = new Uint8Array(Math.min(3, length));
    if (!copy(start, 0, start.length) || isGzip(start)) return undefined;
    const { encoding, ...csv } = options;
    // UTF-8 (a byte-order mark left out, as the decoder skips it), or ASCII only.
    const utf8 = readsAsUtf8(encoding);
    const skip = utf8 ? utf8MarkLength(start) : 0;
    const source: CsvByteSource = {
      length: length - skip,
      copy: (into, pos, n) => copy(into, pos + skip, n),
      progress: onProgress && ((bytesRead, rows) => onProgress(skip + bytesRead, length, rows)),
      utf8,
    };
    return parseCsvWasm(source, { ...csv, file: options.file ?? path });
  } finally {
    closeSync(fd);
  }
}

/**
 * Decoded (strictly: bad bytes are E_ENCODING naming the line) and parsed.
 * ASCII bytes are the same text in every encoding but UTF-16, so the wasm
 * reader takes them as they are; UTF-8 text (utf-8 and auto) it reads whole,
 * checking that it is UTF-8; it leaves any other byte to the decoder.
 */
export function parseCsvBytes(bytes: Uint8Array, path: string, options: CsvFileOptions): Dataset {
  const file = options.file ?? path;
  const { encoding, ...csv } = options;
  if (wasmReadsEncoding(encoding)) {
    const ds = parseCsvWasm(readsAsUtf8(encoding) ? utf8BytesSource(bytes) : bytes, { ...csv, file });
    if (ds !== undefined) return ds;
  }
  return parseCsvJs(decodeText(bytes, encoding, file), { ...csv, file });
}

/** Whether the wasm reader may take bytes in this encoding as they are (see ASCII_SUPERSETS). */
function wasmReadsEncoding(encoding: TextEncoding | undefined): boolean {
  return ASCII_SUPERSETS.has(encoding === undefined ? 'utf-8' : textEncodingNamed(String(encoding)));
}

/** Whether bytes in this (ASCII-superset) encoding are UTF-8 text: utf-8 and auto without a UTF-16 mark. */
function readsAsUtf8(encoding: TextEncoding | undefined): boolean {
  const named = encoding === undefined ? 'utf-8' : textEncodingNamed(String(encoding));
  return named === 'utf-8' || named === 'auto';
}

/** The encodings in which an ASCII byte is its own character (and no mark is needed). */
const ASCII_SUPERSETS = new Set<TextEncoding | undefined>(['utf-8', 'auto', 'latin1', 'windows-1252']);

/** Gzip is recognised by its magic bytes, whatever the file is called. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** An operating-system error reading `path` as a coded error naming it (see `readFileError`). */
export function fileError(e: unknown, path: string): unknown {
  return readFileError(e, path);
}

export function gzipError(e: unknown, path: string): CreditkitError {
  return new CreditkitError('E_CSV_PARSE', `the file starts like gzip but does not decompress (${(e as Error).message})`, { file: path });
}
