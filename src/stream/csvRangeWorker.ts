/**
 * A worker that reads byte ranges of a plain CSV file and parses them (started
 * by `CsvBlockPool` for readCsvFileOnThreads): the parsing half of
 * csvBlockWorker.ts alone, so a worker loads the CSV reader's modules only
 * (no model, no scorer) and starts sooner. Replies are csvBlockWorker's: a
 * range is `counted` (once parsed: its rows and line ends) then `parsed` (its
 * columns moved, not copied), or `notPlain`, or `failed` (the calling thread
 * reads the file whole for the error).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { initSync } from '../wasm/load.js';
import type { CsvOptions } from '../data/csv.js';
import { fileAt, readRange, type FileAtOffsets } from './csvFileRanges.js';
import type { CsvBlockInit, CsvBlockReply, CsvFileRanges, CsvRangeTask } from './csvBlockWorker.js';
import { parseCsvRange } from './parseCsvRange.js';
import { receivedCsvOptions } from './receivedCsvOptions.js';

let csv: CsvOptions = {};
let ranges: { file: FileAtOffsets; fd: number; spec: CsvFileRanges; reader: { buffer: Uint8Array; scratch: Uint8Array } } | null = null;

function setUp(msg: CsvBlockInit): void {
  initSync(msg.module);
  csv = receivedCsvOptions(msg.csv);
  const fd = openSync(msg.file!.path, 'r');
  ranges = { fd, file: fileAt(readSync, fd, msg.file!.size), spec: msg.file!, reader: { buffer: new Uint8Array(0), scratch: new Uint8Array(1 << 16) } };
}

function parseRangeTask(port: NonNullable<typeof parentPort>, task: CsvRangeTask): void {
  const r = ranges!;
  const none = '';
  // Not counted as read: the rows and line ends come from the parse (the calling thread needs them with the columns only).
  const range = readRange(r.file, task.k, r.spec.rangeBytes, r.spec.head, r.reader, false);
  if (range === null) {
    port.postMessage({ type: 'notPlain', id: task.id, input: none } satisfies CsvBlockReply);
    return;
  }
  const { parsed, rows, lineEnds } = parseCsvRange(range, csv);
  port.postMessage({ type: 'counted', id: task.id, k: task.k, rows, lineEnds, start: range.start } satisfies CsvBlockReply);
  port.postMessage({ type: 'parsed', id: task.id, parsed, input: none } satisfies CsvBlockReply, [...new Set(parsed.columns.map((c) => c.values.buffer as ArrayBuffer))]);
}

const port = parentPort;
if (port) {
  port.on('message', (msg: CsvBlockInit | CsvRangeTask) => {
    if (msg.type === 'init') {
      setUp(msg);
      port.postMessage({ type: 'ready' } satisfies CsvBlockReply);
      return;
    }
    try {
      parseRangeTask(port, msg);
    } catch (e) {
      port.postMessage({ type: 'failed', id: msg.id, message: String((e as Error)?.message ?? e), input: '' } satisfies CsvBlockReply);
    }
  });
  port.on('close', () => {
    if (ranges !== null) closeSync(ranges.fd);
  });
}
