import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { Random } from '../../src/index.js';
import type { Dataset } from '../../src/data/dataset.js';
import { readCsvBlocks, readCsvChunks, setPlainCsvSplitter } from '../../src/stream/csvChunks.js';
import { quotedCsv } from './quotedCsv.js';
import { described } from './randomCsv.js';

/**
 * The plain byte splitter follows quoted fields (a record ends at an LF
 * outside quotes) and cuts the blocks the text splitter cuts: on random CSVs
 * with quoted fields (see quotedCsv.ts) in random pieces down to a byte (so
 * quotes, escapes and CRLFs cross piece ends at every offset), the same blocks
 * (text, first row, first line) and datasets, and the same errors (code,
 * message, file, line, column) as the text splitter alone.
 */

function piecesOf(bytes: Uint8Array, rng: Random): Readable {
  const tiny = rng.next() < 0.3;
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + rng.int(tiny ? 6 : rng.next() < 0.5 ? 300 : 70_000);
    parts.push(Buffer.from(bytes.subarray(i, i + n)));
    i += n;
  }
  return Readable.from(parts, { objectMode: false });
}

type Outcome = { items: unknown[]; error?: unknown; bytesBlocks: number };

async function blocksOutcome(bytes: Uint8Array, seed: number, chunkRows: number): Promise<Outcome> {
  const items: unknown[] = [];
  let bytesBlocks = 0;
  try {
    for await (const b of readCsvBlocks(piecesOf(bytes, new Random(seed)), { file: 'in.csv', chunkRows })) {
      if (typeof b.input !== 'string') bytesBlocks++;
      const text = typeof b.input === 'string' ? b.input : new TextDecoder().decode(b.input);
      items.push({ text, firstRow: b.firstRow, firstLine: b.firstLine, lineOffset: b.lineOffset });
    }
    return { items, bytesBlocks };
  } catch (e) {
    return { items, error: described(e), bytesBlocks };
  }
}

function datasetOf(ds: Dataset): unknown {
  return {
    columns: ds.columns.map((c) => ({ name: c.name, kind: c.kind, values: Array.from(c.values, (v) => (v === v ? v : null)), categories: c.categories })),
    lines: Array.from({ length: ds.nRows }, (_, r) => ds.origin!.line(r)),
  };
}

async function chunksOutcome(bytes: Uint8Array, seed: number, chunkRows: number): Promise<Outcome> {
  const items: unknown[] = [];
  try {
    for await (const c of readCsvChunks(piecesOf(bytes, new Random(seed)), { file: 'in.csv', chunkRows })) items.push({ firstRow: c.firstRow, firstLine: c.firstLine, ...(datasetOf(c.dataset) as object) });
    return { items, bytesBlocks: 0 };
  } catch (e) {
    return { items, error: described(e), bytesBlocks: 0 };
  }
}

async function textSplitterOnly<T>(f: () => Promise<T>): Promise<T> {
  const was = setPlainCsvSplitter(false);
  try {
    return await f();
  } finally {
    setPlainCsvSplitter(was);
  }
}

describe('the plain byte splitter on quoted fields', () => {
  it('cuts the text splitter\'s blocks and meets its errors on 300 quoted CSVs in random pieces', async () => {
    const rng = new Random(29);
    let bytesBlocks = 0;
    let errors = 0;
    for (let k = 0; k < 300; k++) {
      const bytes = new TextEncoder().encode(quotedCsv(rng, 600).text);
      const chunkRows = 1 + rng.int(rng.next() < 0.5 ? 5 : 200);
      const seed = rng.int(1e9);
      const plain = await blocksOutcome(bytes, seed, chunkRows);
      const text = await textSplitterOnly(() => blocksOutcome(bytes, seed, chunkRows));
      expect(plain.items, `case ${k}`).toEqual(text.items);
      expect(plain.error, `case ${k}`).toEqual(text.error);
      expect(text.bytesBlocks).toBe(0);
      bytesBlocks += plain.bytesBlocks;
      if (plain.error !== undefined) errors++;
      if (k % 5 === 0) {
        // The datasets too (the wasm reader reads the byte blocks' quoted fields).
        const plainChunks = await chunksOutcome(bytes, seed, chunkRows);
        expect(plainChunks, `case ${k}, chunks`).toEqual(await textSplitterOnly(() => chunksOutcome(bytes, seed, chunkRows)));
      }
    }
    // Most blocks were cut as bytes; some inputs ended in an error.
    expect(bytesBlocks).toBeGreaterThan(1000);
    expect(errors).toBeGreaterThan(10);
  });
});
