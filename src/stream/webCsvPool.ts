import { PendingReplies } from '../parallel/workerReplies.js';
import type { CsvOptions } from '../data/csv.js';
import type { BlockRunner } from './blocksInOrder.js';
import type { CsvBlock } from './plainCsvSplitter.js';
import type { WebCsvMessage, WebCsvReply } from './webCsvBlocks.js';

/** What a Web Worker made of a block: its columns, or `failed`. */
export type WebBlockOutcome = Extract<WebCsvReply, { type: 'parsed' | 'failed' }>;

/** The part of a Web Worker the pool uses (a test may give its own). */
export interface BlockWorker {
  postMessage(message: WebCsvMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WebCsvReply>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

/**
 * A module Web Worker on webCsvWorker.ts, written as bundlers (Vite, webpack,
 * esbuild) recognise a worker: they emit the module and its imports as a chunk.
 */
export function startWebCsvWorker(): BlockWorker {
  return new Worker(new URL('./webCsvWorker.js', import.meta.url), { type: 'module' }) as BlockWorker;
}

/** Whether this host starts module Web Workers (browsers, Deno; not Node). */
export function hasWebWorkers(): boolean {
  return typeof (globalThis as { Worker?: unknown }).Worker === 'function';
}

/**
 * Web Workers that parse CSV blocks (browsers, Deno), the web twin of
 * CsvBlockPool: blocks go to the worker with the fewest blocks in hand, their
 * bytes moved there and back; each answer resolves its own promise, so the
 * caller keeps input order by awaiting them in the order it sent the blocks.
 */
export class WebCsvPool implements BlockRunner<WebBlockOutcome> {
  private readonly replies = new PendingReplies<WebBlockOutcome>();
  private readonly load: number[];
  private closed = false;

  private constructor(private readonly workers: BlockWorker[]) {
    this.load = workers.map(() => 0);
    workers.forEach((w, k) => {
      w.addEventListener('message', ({ data }) => {
        if ((data.type === 'parsed' || data.type === 'failed') && this.replies.settle(data.id, { value: data })) this.load[k]--;
      });
      const fail = (): void => this.replies.failAll(new Error('a creditkit CSV worker failed'));
      w.addEventListener('error', fail);
      w.addEventListener('messageerror', fail);
    });
  }

  /** `threads` workers that instantiate `module` (the loaded creditkit.wasm) and read blocks with `csv`. */
  static async create(threads: number, module: WebAssembly.Module, csv: CsvOptions, start: () => BlockWorker = startWebCsvWorker): Promise<WebCsvPool> {
    const workers: BlockWorker[] = [];
    try {
      for (let k = 0; k < threads; k++) workers.push(start());
      await Promise.all(workers.map((w) => started(w, module, csv)));
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    return new WebCsvPool(workers);
  }

  /** Hands a block to the least busy worker. Its bytes are moved there, not copied. */
  run(block: CsvBlock): Promise<WebBlockOutcome> {
    if (this.closed) return Promise.reject(new Error('creditkit CSV worker pool closed'));
    let k = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[k]) k = i;
    const { id, reply } = this.replies.open();
    this.load[k]++;
    this.workers[k].postMessage({ type: 'block', id, block }, typeof block.input === 'string' ? [] : [block.input.buffer as ArrayBuffer]);
    return reply;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) w.terminate();
    this.replies.failAll(new Error('creditkit CSV worker pool closed'));
  }
}

/** Sends a worker its init message; resolves on its "ready", rejects if it cannot start. */
function started(w: BlockWorker, module: WebAssembly.Module, csv: CsvOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    w.addEventListener('message', ({ data }) => {
      if (data.type === 'ready') resolve();
      else if (data.type === 'broken') reject(new Error(`a creditkit CSV worker could not start: ${data.message}`));
    });
    w.addEventListener('error', (event) => reject(new Error(`a creditkit CSV worker could not start: ${(event as ErrorEvent).message ?? event.type}`)));
    w.addEventListener('messageerror', () => reject(new Error('a creditkit CSV worker could not read its init message')));
    w.postMessage({ type: 'init', module, csv }, []);
  });
}
