import { initSync } from '../wasm/load.js';
import { parseCsvJs, type CsvOptions } from '../data/csv.js';
import { parseCsvWasm } from '../data/csvWasmReader.js';
import { plainBlockLines } from './lineBlocks.js';
import { columnsOf, type ParsedColumns } from './parsedColumns.js';
import { asciiText, type CsvBlock } from './plainCsvSplitter.js';
import { receivedCsvOptions } from './receivedCsvOptions.js';

/**
 * What a CSV block Web Worker (webCsvWorker.ts, started by WebCsvPool) is sent
 * and answers, and how it answers: it instantiates its own copy of
 * creditkit.wasm (own memory, own allocator) from the compiled module it is
 * sent, then parses each block (bytes cut by LineBlocks) with the readers
 * `parseCsvBlock` uses, checks that it is plain and counts its line ends
 * (`plainBlockLines`), and sends back its columns. A block that
 * fails or is not plain is answered `failed`: the caller then reads the whole
 * input itself, which throws the error with its file, line and column.
 *
 * Kept apart from the worker's global scope so that a Node test can drive it.
 */

export type WebCsvMessage =
  | { type: 'init'; module: WebAssembly.Module; csv: CsvOptions }
  | { type: 'block'; id: number; block: CsvBlock };

export type WebCsvReply =
  | { type: 'ready' }
  /** The worker could not start (its message names why); the caller reads the input itself. */
  | { type: 'broken'; message: string }
  /** `lineEnds`: the line ends in the block after its header line. */
  | { type: 'parsed'; id: number; parsed: ParsedColumns; lineEnds: number; input: string | Uint8Array }
  /** The block's input comes back (it was moved to the worker) with the error's message. */
  | { type: 'failed'; id: number; message: string; input: string | Uint8Array };

/** A worker's answers: the reply to each message, with the buffers it moves back. */
export function webCsvBlockReader(): (msg: WebCsvMessage) => { reply: WebCsvReply; transfer: ArrayBuffer[] } {
  let csv: CsvOptions = {};
  return (msg) => {
    if (msg.type === 'init') {
      try {
        initSync(msg.module);
      } catch (e) {
        return { reply: { type: 'broken', message: messageOf(e) }, transfer: [] };
      }
      csv = receivedCsvOptions(msg.csv);
      return { reply: { type: 'ready' }, transfer: [] };
    }
    // The block's bytes go back with every answer, for the caller to reuse.
    const input = msg.block.input;
    const moved = typeof input === 'string' ? [] : [input.buffer as ArrayBuffer];
    try {
      if (typeof input === 'string') throw new Error('a block of text, not bytes');
      // parseCsvBlock's readers, the wasm one first: when it takes the block, its bytes are plain already.
      const options = { ...csv, lineOffset: msg.block.lineOffset, rowOffset: msg.block.firstRow };
      const wasm = parseCsvWasm(input, options);
      const ds = wasm ?? parseCsvJs(asciiText(input), options);
      const lineEnds = plainBlockLines(input, input.indexOf(0x0a), ds.origin!.line(ds.nRows - 1), wasm !== undefined);
      if (lineEnds === null) throw new Error('not plain CSV');
      const parsed = columnsOf(ds);
      const values = new Set(parsed.columns.map((c) => c.values.buffer as ArrayBuffer));
      return { reply: { type: 'parsed', id: msg.id, parsed, lineEnds, input }, transfer: [...values, ...moved] };
    } catch (e) {
      return { reply: { type: 'failed', id: msg.id, message: messageOf(e), input }, transfer: moved };
    }
  };
}

function messageOf(e: unknown): string {
  return String((e as Error)?.message ?? e);
}
