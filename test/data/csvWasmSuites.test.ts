import { afterAll, expect } from 'vitest';
import '../../src/index.js';
import { csvReaderUsed } from '../../src/data/csvWasmReader.js';

/**
 * The CSV reader's own suites (values, types, every error with its line and
 * column; streaming blocks; the structural differential fuzz) run again here
 * with creditkit.wasm loaded, so parseCsv, readCsvFile and readCsvChunks take
 * the wasm reader wherever it owns the input: their expectations, written
 * for the JavaScript reader, must hold unchanged.
 */
await import('./csv.test.js');
await import('../stream/csvChunks.test.js');
await import('../stream/csvDifferential.test.js');

afterAll(() => {
  // The suites did reach the wasm reader (and the JavaScript one for what it hands over).
  expect(csvReaderUsed.wasm).toBeGreaterThan(20);
  expect(csvReaderUsed.js).toBeGreaterThan(20);
});
