import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseCsv, type CsvOptions } from './csv.js';
import { decodeUtf8, fileError, gzipError, isGzip } from './csvFile.js';
import type { Dataset } from './dataset.js';

/** The synchronous twin of `readCsvFile` (Node only). */
export function readCsvFileSync(path: string, options: CsvOptions = {}): Dataset {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw fileError(e, path);
  }
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw gzipError(e, path);
    }
  }
  return parseCsv(decodeUtf8(bytes), { ...options, file: options.file ?? path });
}
