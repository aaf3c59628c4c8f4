// creditkit's main entry without loading the wasm ('creditkit/core'): for hosts
// that supply the binary themselves (bundlers, workers, edge functions). Call
// `initSync(bytes or module)` or `await init(source)` before using a model. The
// main entry 'creditkit' (index.ts) is this plus an automatic `await init()`.
//
// The exports are those of portable.ts (what runs in any host, shared with
// 'creditkit/web') plus, under the same stage names, the functions that read or
// write files, stream from Node streams or start worker threads. The lending
// optimizer, the reports (the only entry that loads Vega) and the CUMCM SME study
// have their own subpath entries: 'creditkit/lending' (src/lending/index.ts),
// 'creditkit/report' (src/report/index.ts), 'creditkit/sme' (src/sme/index.ts).
// No export shows a wasm pointer, the heap or the raw kernels.

export * from './portable.js';

// ── Runtime: loading the wasm, errors, seeded randomness ────────────────────
export { init } from './wasm/load.js';

// ── Data: tables, CSV, targets, splits, binning, files ──────────────────────
export { readCsvFile } from './data/csvFile.js';
export type { CsvFileOptions } from './data/csvFile.js';
export { readCsvChunks, DEFAULT_CHUNK_ROWS, CHUNK_ROWS_RANGE } from './stream/csvChunks.js';
export type { ByteSource, CsvChunk, CsvChunkOptions } from './stream/csvChunks.js';
export { readCsvFileStreamed, DATASET_CHUNK_ROWS } from './stream/csvDataset.js';
export type { CsvReadProgress, StreamedCsvOptions } from './stream/csvDataset.js';
export { writeFileAtomic, openAtomicWriter } from './io/atomicWrite.js';
export type { AtomicWriter } from './io/atomicWrite.js';
export { removeTempFilesOnSignals } from './io/liveTempFiles.js';
export { readTextFile } from './io/readTextFile.js';
export { readFileError, writeFileError, isDirectoryError, osErrorReason } from './io/fileErrors.js';
// Arrow and Parquet files (apache-arrow and hyparquet are imported only when a file is read or written)
export { readArrowFile, readArrowChunks } from './columnar/arrowFile.js';
export { readParquetFile, readParquetChunks } from './columnar/parquetFile.js';
export type { TableChunk } from './columnar/parquetFile.js';
export { readDataFile, readTableChunks, dataFormat } from './columnar/dataFile.js';
export type { DataFormat } from './columnar/dataFile.js';
export { parquetScoreSink } from './columnar/parquetScores.js';

// ── Models: the classifiers, their options, model files, scoring ────────────
export { readModelFile, saveModelFile } from './interop/modelFile.js';
// streaming a large CSV through a model
export { scoreStream, scoreChunks, scoringSchema, csvScoreSink, idLabels } from './stream/scoreStream.js';
export type { ScoreStreamOptions, ScoreStreamProgress, ScoreStreamResult, TextSink, ScoreChunk, ScoredBlock, ScoreSink } from './stream/scoreStream.js';
export type { NodeWritableLike } from './stream/scoreStream.js';
export { scoreCsvFile } from './stream/scoreCsvFile.js';
export type { ScoreCsvFileOptions } from './stream/scoreCsvFile.js';
