import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { CsvTokenizer } from '../../src/data/csvTokenizer.js';
import type { Dataset } from '../../src/data/dataset.js';
import { CreditkitError } from '../../src/errors.js';
import { readCsvChunks, type CsvChunkOptions } from '../../src/stream/csvChunks.js';

/** Bytes in pieces of `size`, so that piece boundaries fall everywhere. */
function pieces(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

async function chunks(text: string, size: number, options: CsvChunkOptions): Promise<Dataset[]> {
  const out: Dataset[] = [];
  for await (const c of readCsvChunks(pieces(text, size), options)) out.push(c.dataset);
  return out;
}

/** The labels of a categorical column, block after block. */
const labels = (blocks: Dataset[], name: string): (string | undefined)[] =>
  blocks.flatMap((ds) => {
    const col = ds.column(name);
    return Array.from(col.values, (v) => (Number.isNaN(v) ? undefined : col.categories![v]));
  });

describe('readCsvChunks: the same records as parseCsv', () => {
  it('a quote inside an unquoted field is text, whatever the blocks and pieces (TV 12" screen)', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? `${i},TV 12" screen` : `${i},monitor ${i}`));
    const text = `id,desc\n${rows.join('\n')}\n`;
    const types = { id: 'categorical', desc: 'categorical' } as const;
    const whole = parseCsv(text, { types });
    for (const size of [1, 5, 64]) {
      const blocks = await chunks(text, size, { chunkRows: 3, types });
      expect(blocks.every((b) => b.nRows <= 3)).toBe(true);
      expect(labels(blocks, 'desc')).toEqual(labels([whole], 'desc'));
    }
  });

  it('accepts CR-only line ends (old Mac files) in both readers', async () => {
    const text = 'a,b\r1,2\r\r3,"x\ry"\r4,5';
    const types = { a: 'categorical', b: 'categorical' } as const;
    const whole = parseCsv(text, { types });
    expect(labels([whole], 'b')).toEqual(['2', 'x\ry', '5']);
    for (const size of [1, 3, 100]) {
      expect(labels(await chunks(text, size, { chunkRows: 2, types }), 'b')).toEqual(['2', 'x\ry', '5']);
    }
    const err = await chunks('a\r1\r"oops\r2\r', 2, { chunkRows: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CreditkitError);
    expect((err as CreditkitError).where.line).toBe(3);
  });

  it('stops at an unclosed quote after a bounded amount of input, naming the line where it opened', async () => {
    const row = '1,2,3,4,5,6,7,8,9,10\n';
    const text = 'a,b,c,d,e,f,g,h,i,j\n' + row.repeat(10) + '"stray,2,3,4,5,6,7,8,9,10\n' + row.repeat(400_000);
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += 65536) {
        pulled += Math.min(65536, bytes.length - i);
        yield bytes.subarray(i, i + 65536);
      }
    }
    const err = await (async () => {
      for await (const _ of readCsvChunks(source(), { chunkRows: 4 })) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CreditkitError);
    expect((err as CreditkitError).code).toBe('E_CSV_PARSE');
    expect((err as CreditkitError).where.line).toBe(12);
    expect(pulled).toBeLessThan(4 << 20); // of 8 MB: the block never grows past the bound
    // The whole-file parser says the same.
    let whole: unknown;
    try {
      parseCsv(text);
    } catch (e) {
      whole = e;
    }
    expect((whole as CreditkitError).code).toBe('E_CSV_PARSE');
    expect((whole as CreditkitError).where.line).toBe(12);
    expect((whole as CreditkitError).message).toBe((err as CreditkitError).message);
  });
});

describe('readCsvChunks: work linear in the input', () => {
  it('scans a 16 MB line arriving in 1 KB pieces once (it used to rescan the partial record on every piece)', async () => {
    // Before, this took minutes (81 s for 8 MB); now well under a second.
    const text = `id,note\n1,${'a'.repeat(16 << 20)}\n2,b\n`;
    const push = vi.spyOn(CsvTokenizer.prototype, 'push');
    try {
      const blocks = await chunks(text, 1024, { types: { note: 'categorical' } });
      expect(blocks.map((b) => b.nRows)).toEqual([2]);
      // Each character is tokenized twice: once by the splitter, once when its block is parsed
      // (the header a few times more: it is checked alone and heads the block).
      const scanned = push.mock.calls.reduce((n, [piece]) => n + piece.length, 0);
      expect(scanned).toBeLessThanOrEqual(2 * text.length + 3 * 'id,note\n'.length);
    } finally {
      push.mockRestore();
    }
  });

  it('streams a header of 200,000 columns (read by parseCsv code that was quadratic: 40,000 took 4 s)', async () => {
    const n = 200_000;
    const header = Array.from({ length: n }, (_, j) => `c${j}`).join(',');
    const text = `${header}\n${'1,'.repeat(n - 1)}1\n`;
        const blocks = await chunks(text, 65536, {});
    expect(blocks[0].nColumns).toBe(n);
    expect(blocks[0].column('c123456').values[0]).toBe(1);
  });
});

describe('an operating-system error while the input is read', () => {
  it('is E_FILE_READ naming the file, not an uncoded error', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('a,b\n1,2\n');
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', syscall: 'read', errno: -5 });
    }
    let error: unknown;
    try {
      for await (const _ of readCsvChunks(failing(), { file: 'disk.csv' })) void _;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CreditkitError);
    expect(error).toMatchObject({ code: 'E_FILE_READ', where: { file: 'disk.csv' } });
  });
});
