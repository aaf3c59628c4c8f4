import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Random, parseCsv, parseCsvParallel } from '../../src/index.js';
import type { CsvOptions } from '../../src/data/csv.js';
import type { Dataset } from '../../src/data/dataset.js';
import { webCsvBlockReader, type WebCsvMessage, type WebCsvReply } from '../../src/stream/webCsvBlocks.js';
import type { BlockWorker } from '../../src/stream/webCsvPool.js';
import { asyncErrorOf, errorOf } from '../errorOf.js';
import { CSV_ERROR_CORPUS } from '../data/csvErrorCorpus.js';

/**
 * parseCsvParallel's block logic, in Node: Node has no Web Worker, so the
 * workers here answer in this thread with the worker's own message handler
 * (webCsvBlocks.ts), on messages that cross a structured clone with their
 * buffers moved, as postMessage moves them. The browser runs the real module
 * workers (test/web/parseCsvParallel.test.ts).
 */

/** A Web Worker stand-in: the worker's handler, answering on a later task. */
class InThreadWorker implements BlockWorker {
  static blocks = 0;
  /** Blocks answered with their columns (not `failed`). */
  static parsed = 0;
  private readonly target = new EventTarget();
  private readonly answer = webCsvBlockReader();

  postMessage(message: WebCsvMessage, transfer: Transferable[]): void {
    // The compiled module is shared as it is (Node cannot clone it); the rest is cloned, its buffers moved.
    const sent: WebCsvMessage = message.type === 'init' ? { ...message, csv: structuredClone(message.csv) } : structuredClone(message, { transfer: transfer as ArrayBuffer[] });
    setTimeout(() => {
      if (sent.type === 'block') InThreadWorker.blocks++;
      const { reply, transfer: back } = this.answer(sent);
      if (reply.type === 'parsed') InThreadWorker.parsed++;
      const data: WebCsvReply = structuredClone(reply, { transfer: back });
      this.target.dispatchEvent(new MessageEvent('message', { data }));
    }, 0);
  }

  addEventListener(type: string, listener: (event: never) => void): void {
    this.target.addEventListener(type, listener as EventListener);
  }

  terminate(): void {}
}

const onWorkers = { threads: 2, startWorker: () => new InThreadWorker() };

function datasetOf(ds: Dataset): unknown {
  return {
    nRows: ds.nRows,
    columns: ds.columns.map((c) => ({ name: c.name, kind: c.kind, bytes: Buffer.from(c.values.buffer, c.values.byteOffset, c.values.byteLength).toString('hex'), categories: c.categories })),
    lines: Array.from({ length: ds.nRows }, (_, r) => ds.origin!.line(r)),
    rows: Array.from({ length: ds.nRows }, (_, r) => ds.origin!.row(r)),
    file: ds.origin!.file,
  };
}

function described(e: unknown): unknown {
  const x = e as { code?: string; message?: string; where?: unknown };
  return { code: x.code, message: x.message, where: x.where };
}

/** parseCsv's dataset or error on the bytes' text. */
function expected(bytes: Uint8Array, options: CsvOptions): unknown {
  try {
    return datasetOf(parseCsv(new TextDecoder().decode(bytes), options));
  } catch (e) {
    return described(e);
  }
}

async function actual(input: Uint8Array | Blob | ReadableStream<Uint8Array>, options: Parameters<typeof parseCsvParallel>[1]): Promise<unknown> {
  try {
    return datasetOf(await parseCsvParallel(input, options));
  } catch (e) {
    return described(e);
  }
}

/** The bytes as a stream of pieces of random sizes. */
function streamOf(bytes: Uint8Array, rng: Random): ReadableStream<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + rng.int(rng.next() < 0.5 ? 16 : 4000);
    parts.push(bytes.slice(i, i + n));
    i += n;
  }
  return new ReadableStream({
    pull(controller) {
      const p = parts.shift();
      if (p === undefined) controller.close();
      else controller.enqueue(p);
    },
  });
}

const SHIPPED = ['data/german-credit.csv.gz', 'data/cumcm-rate-churn.csv', 'data/cumcm/a1_enterprises.csv.gz', 'data/give-me-some-credit.csv.gz'];

function shipped(path: string): Uint8Array {
  const bytes = readFileSync(new URL(`../../${path}`, import.meta.url));
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

describe('parseCsvParallel on workers (in-thread stand-ins)', () => {
  it.each(SHIPPED)('%s: the Dataset parseCsv gives, bit for bit, from bytes, a Blob and a stream', async (path) => {
    const bytes = shipped(path);
    const want = expected(bytes, { file: path });
    const before = InThreadWorker.blocks;
    expect(await actual(bytes, { ...onWorkers, file: path, blockBytes: 50_000 })).toEqual(want);
    expect(await actual(new Blob([bytes as Uint8Array<ArrayBuffer>]), { ...onWorkers, file: path, blockBytes: 300_000 })).toEqual(want);
    expect(await actual(streamOf(bytes, new Random(7)), { ...onWorkers, file: path, threads: 3, blockBytes: 7_000 })).toEqual(want);
    // Plain files go to the workers, in several blocks; the others (quotes, non-ASCII) are read here as one.
    if (!/german|a1_enterprises/.test(path)) expect(InThreadWorker.blocks - before).toBeGreaterThan(2);
  });

  it.each(CSV_ERROR_CORPUS.filter(([, , o]) => o.lineOffset === undefined && o.rowOffset === undefined))(
    '%s: the same dataset or error (code, message, file, line, column)',
    async (_what, text, options) => {
      const bytes = new TextEncoder().encode(text);
      const want = expected(bytes, { ...options, file: 'in.csv' });
      for (const blockBytes of [1, 3, 8]) {
        expect(await actual(bytes, { ...options, ...onWorkers, file: 'in.csv', blockBytes })).toEqual(want);
      }
    },
  );

  it('gives random CSVs\' datasets and errors, however cut into blocks and pieces', async () => {
    const rng = new Random(2026);
    const before = InThreadWorker.parsed;
    const spoilers = ['"q,1"', 'é', 'x', '1,2,3,4', '', 'NA', '1e39', '\r'];
    for (let k = 0; k < 300; k++) {
      const eol = rng.next() < 0.3 ? '\r\n' : '\n';
      const lines = ['id,a,b,c'];
      const text = rng.next() < 0.3;
      for (let i = 0; i < rng.int(60); i++) {
        const cell = (): string => (rng.next() < 0.05 ? '' : String(Math.fround((rng.next() - 0.5) * 10 ** rng.int(6))));
        lines.push(`${text ? `r${i % 7}` : i},${cell()},${cell()},${cell()}`);
      }
      for (let b = rng.int(4); b > 0; b--) lines.splice(1 + rng.int(lines.length), 0, ''); // blank lines
      if (rng.next() < 0.5) {
        const at = 1 + rng.int(lines.length);
        lines[Math.min(at, lines.length - 1)] += spoilers[rng.int(spoilers.length)];
      }
      const bytes = new TextEncoder().encode(lines.join(eol) + (rng.next() < 0.8 ? eol : ''));
      const options = { file: 'r.csv', ...(rng.next() < 0.3 ? { types: { id: 'categorical' as const } } : {}) };
      const got = await actual(streamOf(bytes, rng), { ...options, ...onWorkers, blockBytes: 1 + rng.int(120) });
      expect(got, `case ${k}: ${JSON.stringify(new TextDecoder().decode(bytes).slice(0, 300))}`).toEqual(expected(bytes, options));
    }
    expect(InThreadWorker.parsed - before).toBeGreaterThan(200);
  });

  it('merges a categorical column\'s block dictionaries as one sorted dictionary, as parseCsv sorts it', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${['zeta', 'alpha', 'mid', 'b10', 'b9'][(i * 7) % 5].repeat(1 + (i % 3))},${i}`);
    const bytes = new TextEncoder().encode(`label,x\n${rows.join('\n')}\n`);
    const got = (await actual(bytes, { ...onWorkers, blockBytes: 200 })) as { columns: { kind: string }[] };
    expect(got.columns[0].kind).toBe('categorical');
    expect(got).toEqual(expected(bytes, {}));
  });

  it('counts lone CRs, CRLFs and blank lines as the readers count lines, in every block', async () => {
    const ends = ['\n', '\r\n', '\r', '\n\n', '\r\r\n', '\r\n\r\n'];
    const rows = Array.from({ length: 400 }, (_, i) => `${i},${(i * 0.37).toFixed(2)}${ends[(i * 5) % ends.length]}`);
    const bytes = new TextEncoder().encode(`id,x\n${rows.join('')}`);
    const before = InThreadWorker.parsed;
    for (const blockBytes of [1, 17, 250]) expect(await actual(bytes, { ...onWorkers, file: 'cr.csv', blockBytes })).toEqual(expected(bytes, { file: 'cr.csv' }));
    expect(InThreadWorker.parsed - before).toBeGreaterThan(30);
  });

  it('takes blocks with quoted fields on one line, and numbers the lines after a quoted field that holds a line end or a lone CR', async () => {
    const ends = ['"x\ny"', '"x\ry"', '"x\r\ny"', '"a, ""b"""', 'plain'];
    for (const [k, end] of ends.entries()) {
      const rows = Array.from({ length: 300 }, (_, i) => `r${i},${i % 7},${i % 11 === 0 ? end : `"t${i}"`}`);
      const bytes = new TextEncoder().encode(`id,x,note\n${rows.join('\n')}\n`);
      const before = InThreadWorker.parsed;
      for (const blockBytes of [1, 40, 333]) expect(await actual(bytes, { ...onWorkers, file: 'q.csv', blockBytes }), `${k} ${blockBytes}`).toEqual(expected(bytes, { file: 'q.csv' }));
      // Quoted fields on one line are read on the workers; one that holds a line end sends the input to this thread.
      if (k >= 3) expect(InThreadWorker.parsed - before).toBeGreaterThan(30);
    }
  });

  it('with one thread, or without a Worker global (Node), reads in this thread', async () => {
    const bytes = shipped('data/cumcm-rate-churn.csv');
    const before = InThreadWorker.blocks;
    expect(await actual(bytes, { threads: 1, startWorker: onWorkers.startWorker, blockBytes: 30 })).toEqual(expected(bytes, {}));
    expect(await actual(bytes, { threads: 4, blockBytes: 30 })).toEqual(expected(bytes, {}));
    expect(InThreadWorker.blocks).toBe(before);
  });

  it('rejects thread and block-size counts out of range with E_OPTION, naming the option', async () => {
    const bytes = new TextEncoder().encode('a\n1\n');
    expect(await asyncErrorOf(() => parseCsvParallel(bytes, { threads: 0 }))).toMatchObject({ code: 'E_OPTION', message: expect.stringContaining('threads') });
    expect(await asyncErrorOf(() => parseCsvParallel(bytes, { blockBytes: 0 }))).toMatchObject({ code: 'E_OPTION', message: expect.stringContaining('blockBytes') });
    expect(errorOf(() => parseCsv(''))).toMatchObject({ code: 'E_CSV_EMPTY' });
  });

  it('passes a read error of the stream on, rather than reading again', async () => {
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('a,b\n1,2\n'));
        controller.error(new Error('the network went away'));
      },
    });
    await expect(parseCsvParallel(failing, onWorkers)).rejects.toThrow('the network went away');
  });
});
