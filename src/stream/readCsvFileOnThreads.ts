import type { CsvFileOptions } from '../data/csvFile.js';
import type { Dataset } from '../data/dataset.js';
import { ColumnAssembler } from './columnAssembler.js';
import { CsvBlockPool, type BlockOutcome, type RangeCount } from './csvBlockPool.js';
import { plainBytesAreText } from './csvChunks.js';
import { fileAt, nominalStart, rangeCount, readCsvFileHead, readRange } from './csvFileRanges.js';
import { datasetOfColumns, type ParsedColumns } from './parsedColumns.js';
import { parseCsvRange } from './parseCsvRange.js';
import { RangeStarts } from './rangeStarts.js';
import { rangesInOrder } from './rangesInOrder.js';

/**
 * Bytes per range, about. On 2 threads, 1M rows × 30 (309 MiB) took 1.35–1.36 CPU s in all in ranges of
 * 4 MiB, 1.40–1.46 in 2 MiB, 1.48–1.51 in 1 MiB and 1.32–1.40 in 8 MiB (2026-12-07, the built package,
 * machine shared, load ~8; bench/RESULTS.md §45).
 */
const PARSE_RANGE_BYTES = 4 << 20;

/** Files read by their ranges to the end (for the tests that check the path is taken). @internal */
export const filesReadInRanges = { count: 0 };

/**
 * A plain CSV file read into one Dataset on N threads — this one and N − 1
 * workers (csvRangeWorker.ts: the CSV reader's modules only) — that each read
 * byte ranges of the file themselves and parse them (csvFileRanges.ts,
 * parseCsvRange.ts): no byte of the input passes between threads, and no pass
 * over a range's lines precedes its parse (its rows and line ends come from
 * its parsed rows). Each range's columns are moved to this thread, which
 * writes them in file order into the final columns as they come
 * (ColumnAssembler, room reserved from the first range's rows per byte), so
 * nothing is left to join at the end, and shifts each range's row lines by
 * the line ends before it. The answer is the whole-file reader's (see
 * readCsvFileStreamed), or:
 *
 * - `not-plain`: the file's start or one of its ranges is not plain bytes
 *   (a byte ≥ 0x80, a NUL, a lone CR, a quoted field over two lines; gzip) — the caller reads it as
 *   a stream;
 * - `whole`: a range failed (a bad cell, …), the ranges inferred different
 *   kinds for a column, or the file has no data row — the caller reads the
 *   file whole, which gives the whole-file answer and errors by construction.
 */
export async function readCsvFileOnThreads(
  path: string,
  options: CsvFileOptions,
  threads: number,
  onRange?: (bytesRead: number, totalBytes: number, rows: number) => void,
  rangeBytes = PARSE_RANGE_BYTES,
): Promise<Dataset | 'not-plain' | 'whole'> {
  const { encoding, ...csv } = options;
  const fs = await import('node:fs');
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return 'whole'; // the whole-file reader names the error
  }
  try {
    const size = fs.fstatSync(fd).size;
    const file = fileAt(fs.readSync, fd, size);
    let plain: boolean;
    try {
      plain = plainBytesAreText({ encoding, delimiter: csv.delimiter });
    } catch {
      return 'whole'; // a bad option: the whole-file reader names the error and the file
    }
    const head = plain ? readCsvFileHead(file) : null;
    if (head === null) return 'not-plain';
    const nRanges = rangeCount(rangeBytes, head, size);
    // Rows and line ends of each range, as each thread counts it when read.
    const counts = new Map<number, { rows: number; lineEnds: number }>();
    const reader = { buffer: new Uint8Array(0), scratch: new Uint8Array(1 << 16) };
    type Outcome = { parsed: ParsedColumns } | 'not-plain' | 'failed';
    const parseHere = (k: number): Outcome => {
      const range = readRange(file, k, rangeBytes, head, reader, false);
      if (range === null) return 'not-plain';
      try {
        // Parsed as if it started on line 2 after no row, as the workers parse theirs.
        const { parsed, rows, lineEnds } = parseCsvRange(range, csv);
        counts.set(k, { rows, lineEnds });
        return { parsed };
      } catch {
        return 'failed';
      }
    };
    const parsedThere = (o: BlockOutcome): Outcome => (o.type === 'parsed' ? { parsed: o.parsed } : o.type === 'notPlain' ? 'not-plain' : 'failed');
    const starts = new RangeStarts(); // unused by parsing workers, which need no range's start
    let pool: CsvBlockPool | undefined;
    const starting = CsvBlockPool.create(threads - 1, csv, null, { path, size, head, rangeBytes, starts: starts.memory }, true).then((p) => {
      pool = p;
      p.onCounted = (c: RangeCount) => void counts.set(c.k, { rows: c.rows, lineEnds: c.lineEnds });
      return p;
    });
    starting.catch(() => undefined); // awaited below
    const assembler = new ColumnAssembler(new Set(Object.keys(csv.categories ?? {})));
    let lineEnds = 1; // the header's
    let k = 0;
    let reserved = false;
    try {
      for await (const outcome of rangesInOrder(nRanges, threads, starting, parseHere, (p, j) => p.runRange(j, false).then(parsedThere, (): Outcome => 'failed'))) {
        if (outcome === 'not-plain' || outcome === 'failed') return outcome === 'failed' ? 'whole' : 'not-plain';
        const count = counts.get(k)!;
        counts.delete(k);
        if (outcome.parsed.nRows > 0 && !assembler.add(datasetOfColumns(outcome.parsed, assembler.nRows, csv.file, lineEnds - 1))) return 'whole';
        lineEnds += count.lineEnds;
        k++;
        const bytesRead = nominalStart(k, rangeBytes, head, size);
        // From the first rows on, each range's columns are written into the final ones as it comes (room for the rows the file's size suggests).
        if (!reserved && assembler.nRows > 0) {
          assembler.reserve(Math.ceil(assembler.nRows * ((size - head.dataStart) / Math.max(1, bytesRead - head.dataStart)) * 1.03) + 64);
          reserved = true;
        }
        onRange?.(bytesRead, size, assembler.nRows);
      }
    } finally {
      await starting.catch(() => undefined);
      await pool?.close();
    }
    if (assembler.nRows === 0) return 'whole';
    filesReadInRanges.count++;
    return assembler.finish(csv.file);
  } finally {
    fs.closeSync(fd);
  }
}
