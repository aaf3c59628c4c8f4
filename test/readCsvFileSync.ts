import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type CsvFileOptions, fileError, gzipError, isGzip, parseCsvBytes } from '../src/data/csvFile.js';
import type { Dataset } from '../src/data/dataset.js';

/** The synchronous twin of `readCsvFile` (Node only), for tests: the library reads files asynchronously. */
export function readCsvFileSync(path: string, options: CsvFileOptions = {}): Dataset {
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
  return parseCsvBytes(bytes, path, options);
}
