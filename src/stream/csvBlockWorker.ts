/**
 * A CSV block worker (a worker thread started by `CsvBlockPool`): it
 * instantiates its own copy of creditkit.wasm (own memory, own allocator) from
 * the compiled module it is sent, then parses the blocks it is given exactly as
 * the calling thread would (`parseCsvBlock`) and either sends back their
 * columns or, given a model, scores them and sends back their output lines.
 * A block that fails is answered `failed`: the calling thread reads it again
 * itself, which throws the error with its file, line and column.
 */
import { parentPort } from 'node:worker_threads';
import { initSync } from '../wasm/load.js';
import { loadModel } from '../models/registry.js';
import type { Classifier } from '../models/classifier.js';
import type { CsvOptions } from '../data/csv.js';
import { DEFAULT_CHUNK_ROWS, parseCsvBlock } from './csvChunks.js';
import { columnsOf, type ParsedColumns } from './parsedColumns.js';
import { PlainBlockScorer } from './plainBlockScorer.js';
import { receivedCsvOptions } from './receivedCsvOptions.js';
import type { CsvBlock } from './plainCsvSplitter.js';
import { scoreLines, scoringSchema } from './scoreStream.js';

export type { ParsedColumns };

export interface CsvBlockInit {
  type: 'init';
  module: WebAssembly.Module;
  /** How blocks are read (parse only); a scoring worker reads them with its model's schema. */
  csv: CsvOptions;
  /** Score the blocks with this model (its JSON), writing `id,pd` or `row,pd` lines. */
  score: { model: unknown; idColumn?: string; safeCsv: boolean } | null;
}

export interface CsvBlockTask {
  type: 'block';
  id: number;
  block: CsvBlock;
}

export type CsvBlockReply =
  | { type: 'ready' }
  | { type: 'parsed'; id: number; parsed: ParsedColumns; input: string | Uint8Array }
  /** The lines as text, or as bytes (a plain block scored by PlainBlockScorer). */
  | { type: 'scored'; id: number; lines: string | Uint8Array; rows: number; input: string | Uint8Array }
  /** The block's input comes back (it was moved to the worker) for the calling thread to read again. */
  | { type: 'failed'; id: number; message: string; input: string | Uint8Array };

let csv: CsvOptions = {};
let scorer: { model: Classifier; idColumn?: string; safeCsv: boolean; plain: PlainBlockScorer | null } | null = null;

function setUp(msg: CsvBlockInit): void {
  initSync(msg.module);
  if (msg.score === null) {
    csv = receivedCsvOptions(msg.csv);
    return;
  }
  const model = loadModel(msg.score.model);
  const schema = scoringSchema(model, msg.score.idColumn);
  csv = { ...msg.csv, ...schema };
  // Block sizes vary (the calling thread cuts them): the default is only the scorer's first capacity.
  const plain = PlainBlockScorer.create(model, csv, DEFAULT_CHUNK_ROWS, msg.score.idColumn, msg.score.safeCsv);
  scorer = { model, idColumn: msg.score.idColumn, safeCsv: msg.score.safeCsv, plain };
}

const port = parentPort;
if (port) {
  port.on('message', (msg: CsvBlockInit | CsvBlockTask) => {
    if (msg.type === 'init') {
      setUp(msg);
      port.postMessage({ type: 'ready' } satisfies CsvBlockReply);
      return;
    }
    // The block's bytes go back with every answer, for the calling thread to reuse (or to read again).
    const input = msg.block.input;
    const moved = typeof input === 'string' ? [] : [input.buffer as ArrayBuffer];
    try {
      const bytes = scorer?.plain?.score(msg.block);
      if (bytes !== undefined) {
        // A fresh buffer of the block's lines: moved, not copied.
        port.postMessage({ type: 'scored', id: msg.id, lines: bytes, rows: scorer!.plain!.rows, input } satisfies CsvBlockReply, [bytes.buffer as ArrayBuffer, ...moved]);
        return;
      }
      const ds = parseCsvBlock(msg.block, csv);
      if (scorer === null) {
        const parsed = columnsOf(ds);
        port.postMessage({ type: 'parsed', id: msg.id, parsed, input } satisfies CsvBlockReply, [...new Set(parsed.columns.map((c) => c.values.buffer as ArrayBuffer)), ...moved]);
        return;
      }
      const lines = scoreLines(scorer.model, ds, msg.block.firstRow, scorer.idColumn, scorer.safeCsv);
      port.postMessage({ type: 'scored', id: msg.id, lines, rows: ds.nRows, input } satisfies CsvBlockReply, moved);
    } catch (e) {
      port.postMessage({ type: 'failed', id: msg.id, message: String((e as Error)?.message ?? e), input } satisfies CsvBlockReply, moved);
    }
  });
}
