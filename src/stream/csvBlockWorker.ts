/**
 * A CSV block worker (a worker thread started by `CsvBlockPool`): it
 * instantiates its own copy of creditkit.wasm (own memory, own allocator) from
 * the compiled module it is sent, then parses the blocks it is given exactly as
 * the calling thread would (`parseCsvBlock`) and either sends back their
 * columns or, given a model, scores them and sends back their output lines.
 * Given a file and a model, it reads byte ranges of it (csvFileRanges.ts)
 * itself and scores them: no byte of them passes through the calling thread
 * (csvRangeWorker.ts reads ranges to parse them).
 * A block or range that fails is answered `failed`: the calling thread reads
 * it again itself, which throws the error with its file, line and column.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { initSync } from '../wasm/load.js';
import { GradientBoostingClassifier } from '../models/gbdt/gbdt.js';
import type { CsvOptions } from '../data/csv.js';
import { parseCsvBlock } from './csvChunks.js';
import { BlockLinesScorer } from './blockLinesScorer.js';
import { fileAt, readRange, rangeBlock, type CsvFileHead, type FileAtOffsets } from './csvFileRanges.js';
import { RangeStarts, type RangeStartsMemory } from './rangeStarts.js';
import { columnsOf, type ParsedColumns } from './parsedColumns.js';
import { receivedCsvOptions } from './receivedCsvOptions.js';
import type { CsvBlock } from './plainCsvSplitter.js';
import { scoringSchema } from './scoreStream.js';

export type { ParsedColumns };

export interface CsvBlockInit {
  type: 'init';
  module: WebAssembly.Module;
  /** How blocks are read (parse only); a scoring worker reads them with its model's schema. */
  csv: CsvOptions;
  /**
   * Score the blocks with this model (its JSON: gradient boosting, the one kind scored on threads, so the
   * worker loads no other model's modules), writing `id,pd` or `row,pd` lines.
   */
  score: { model: unknown; idColumn?: string; safeCsv: boolean } | null;
  /** The file whose ranges `range` tasks name. */
  file?: CsvFileRanges;
}

/** A file read in ranges: its path, its header line, the range size, and where the rows before each range are published. */
export interface CsvFileRanges {
  path: string;
  /** The file's size when the calling thread opened it (the ranges cover that much). */
  size: number;
  head: CsvFileHead;
  rangeBytes: number;
  starts: RangeStartsMemory;
}

export interface CsvBlockTask {
  type: 'block';
  id: number;
  block: CsvBlock;
}

/** Score range `k` of the file; `needsStart`: its lines number the rows, so wait for the rows before it. */
export interface CsvRangeTask {
  type: 'range';
  id: number;
  k: number;
  needsStart: boolean;
}

export type CsvBlockReply =
  | { type: 'ready' }
  | { type: 'parsed'; id: number; parsed: ParsedColumns; input: string | Uint8Array }
  /** The lines as text, or as bytes (always bytes for a range). `input`: the block's, moved back (none for a range). */
  | { type: 'scored'; id: number; lines: string | Uint8Array; rows: number; input: string | Uint8Array }
  /** The block's input comes back (it was moved to the worker) for the calling thread to read again. */
  | { type: 'failed'; id: number; message: string; input: string | Uint8Array }
  /** A range read and found plain, before it is scored: its rows and line ends (the calling thread adds them up). */
  | { type: 'counted'; id: number; k: number; rows: number; lineEnds: number; start: number }
  /** A range that is not plain bytes (the calling thread reads the file from its start on as text). */
  | { type: 'notPlain'; id: number; input: string | Uint8Array }
  /** A range given up before it was scored (the calling thread stopped reading ranges). */
  | { type: 'dropped'; id: number; input: string | Uint8Array };

let csv: CsvOptions = {};
let scorer: BlockLinesScorer | null = null;
let ranges: { file: FileAtOffsets; fd: number; spec: CsvFileRanges; starts: RangeStarts; reader: { buffer: Uint8Array; scratch: Uint8Array } } | null = null;

function setUp(msg: CsvBlockInit): void {
  initSync(msg.module);
  if (msg.score === null) {
    csv = receivedCsvOptions(msg.csv);
  } else {
    const model = GradientBoostingClassifier.fromJSON(msg.score.model);
    csv = { ...msg.csv, ...scoringSchema(model, msg.score.idColumn) };
    scorer = new BlockLinesScorer(model, csv, msg.score.idColumn, msg.score.safeCsv);
  }
  if (msg.file !== undefined) {
    const fd = openSync(msg.file.path, 'r');
    ranges = {
      fd,
      file: fileAt(readSync, fd, msg.file.size),
      spec: msg.file,
      starts: new RangeStarts(msg.file.starts),
      reader: { buffer: new Uint8Array(0), scratch: new Uint8Array(1 << 16) },
    };
  }
}

/** Reads range k, counts it, then scores it (its lines sent back); ranges read to be parsed go to csvRangeWorker.ts. */
function readRangeTask(port: NonNullable<typeof parentPort>, task: CsvRangeTask): void {
  const r = ranges!;
  const none = '';
  const range = readRange(r.file, task.k, r.spec.rangeBytes, r.spec.head, r.reader);
  if (range === null) {
    port.postMessage({ type: 'notPlain', id: task.id, input: none } satisfies CsvBlockReply);
    return;
  }
  port.postMessage({ type: 'counted', id: task.id, k: task.k, rows: range.rows, lineEnds: range.lineEnds, start: range.start } satisfies CsvBlockReply);
  // The rows before the range, once every range before it is counted; only the row numbers need them (and errors, read again there).
  const before = task.needsStart ? r.starts.wait(task.k) : { rows: 0, lineEnds: 1 };
  if (before === null) {
    port.postMessage({ type: 'dropped', id: task.id, input: none } satisfies CsvBlockReply);
    return;
  }
  if (range.rows === 0) {
    port.postMessage({ type: 'scored', id: task.id, lines: new Uint8Array(0), rows: 0, input: none } satisfies CsvBlockReply);
    return;
  }
  const { lines, rows } = scorer!.score(rangeBlock(range, before.rows, before.lineEnds));
  port.postMessage({ type: 'scored', id: task.id, lines, rows, input: none } satisfies CsvBlockReply, [lines.buffer as ArrayBuffer]);
}

const port = parentPort;
if (port) {
  port.on('message', (msg: CsvBlockInit | CsvBlockTask | CsvRangeTask) => {
    if (msg.type === 'init') {
      setUp(msg);
      port.postMessage({ type: 'ready' } satisfies CsvBlockReply);
      return;
    }
    if (msg.type === 'range') {
      try {
        readRangeTask(port, msg);
      } catch (e) {
        port.postMessage({ type: 'failed', id: msg.id, message: String((e as Error)?.message ?? e), input: '' } satisfies CsvBlockReply);
      }
      return;
    }
    // The block's bytes go back with every answer, for the calling thread to reuse (or to read again).
    const input = msg.block.input;
    const moved = typeof input === 'string' ? [] : [input.buffer as ArrayBuffer];
    try {
      if (scorer === null) {
        const parsed = columnsOf(parseCsvBlock(msg.block, csv));
        port.postMessage({ type: 'parsed', id: msg.id, parsed, input } satisfies CsvBlockReply, [...new Set(parsed.columns.map((c) => c.values.buffer as ArrayBuffer)), ...moved]);
        return;
      }
      // A fresh buffer of the block's lines: moved, not copied.
      const { lines, rows } = scorer.score(msg.block);
      port.postMessage({ type: 'scored', id: msg.id, lines, rows, input } satisfies CsvBlockReply, [lines.buffer as ArrayBuffer, ...moved]);
    } catch (e) {
      port.postMessage({ type: 'failed', id: msg.id, message: String((e as Error)?.message ?? e), input } satisfies CsvBlockReply, moved);
    }
  });
  port.on('close', () => {
    if (ranges !== null) closeSync(ranges.fd);
  });
}
