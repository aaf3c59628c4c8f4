import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { CreditkitError, Dataset, GradientBoostingClassifier, Random, parseCsv } from '../../src/index.js';
import { readCsvChunks } from '../../src/stream/csvChunks.js';
import { scoreStream } from '../../src/stream/scoreStream.js';
import { cli, tempDir } from '../cli/helpers.js';

/** Splits bytes into pieces of `size` so chunk boundaries fall everywhere. */
function pieces(text: string | Uint8Array, size: number): Readable {
  const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

function collect(): { sink: Writable; text(): string } {
  const parts: Buffer[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { parts.push(Buffer.from(chunk)); cb(); } });
  return { sink, text: () => Buffer.concat(parts).toString('utf8') };
}

/** A CSV with an id, a numeric feature with missing values, a categorical one, and quoted multi-line notes. */
function makeCsv(n: number, seed: number, eol = '\n'): { text: string; y: Float64Array } {
  const rng = new Random(seed);
  const lines = ['id,x,grade,note'];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = rng.next() < 0.05 ? '' : (rng.next() * 4 - 2).toFixed(3);
    const grade = ['A', 'B', 'C'][Math.floor(rng.next() * 3)];
    const note = i % 5 === 0 ? `"line one${eol}line ""two"", ${i}"` : `plain ${i}`;
    y[i] = rng.next() < 1 / (1 + Math.exp(-(x === '' ? 1 : Number(x)) * 2 + (grade === 'A' ? 1 : 0))) ? 1 : 0;
    lines.push(`id-${i},${x},${grade},${note}`);
  }
  return { text: lines.join(eol) + eol, y };
}

const train = makeCsv(2000, 1);
const trainDs = parseCsv(train.text, { columns: ['x', 'grade'] });
const model = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 4 }).fit(trainDs, train.y);
const test = makeCsv(503, 2);

function expectedOutput(text: string, idColumn?: string): string {
  const ds = parseCsv(text, { types: { x: 'numeric', grade: 'categorical', id: 'categorical' }, categories: { grade: model.featureSpecs[1].categories! } });
  const pd = model.predictProba(ds);
  const idCol = ds.column('id');
  const lines = [`${idColumn ?? 'row'},pd`];
  for (let i = 0; i < pd.length; i++) lines.push(`${idColumn ? idCol.categories![idCol.values[i]] : i + 1},${pd[i]}`);
  return lines.join('\n') + '\n';
}

describe('readCsvChunks', () => {
  it('cuts blocks of whole records, quoted newlines crossing piece boundaries, with CRLF and a BOM', async () => {
    for (const eol of ['\n', '\r\n']) {
      const { text } = makeCsv(101, 3, eol);
      const whole = parseCsv(text, { types: { grade: 'categorical' } });
      for (const size of [1, 3, 64]) {
        const seen: number[] = [];
        let rows = 0;
        for await (const c of readCsvChunks(pieces('\ufeff' + text, size), { chunkRows: 7, types: { grade: 'categorical' }, categories: { grade: ['A', 'B', 'C'] } })) {
          expect(c.firstRow).toBe(rows);
          seen.push(c.dataset.nRows);
          const note = c.dataset.column('note');
          for (let i = 0; i < c.dataset.nRows; i++) {
            const r = rows + i;
            expect(note.categories![note.values[i]]).toBe(whole.column('note').categories![whole.column('note').values[r]]);
          }
          rows += c.dataset.nRows;
        }
        expect(rows).toBe(101);
        expect(seen.slice(0, -1).every((n) => n === 7)).toBe(true);
      }
    }
  });

  it('reads gzip input (detected by magic bytes) and web ReadableStreams', async () => {
    const gz = gzipSync(Buffer.from(test.text));
    let rows = 0;
    for await (const c of readCsvChunks(pieces(gz, 100), { chunkRows: 50 })) rows += c.dataset.nRows;
    expect(rows).toBe(503);
    rows = 0;
    for await (const c of readCsvChunks(Readable.toWeb(pieces(gz, 100)) as ReadableStream<Uint8Array>, { chunkRows: 50 })) rows += c.dataset.nRows;
    expect(rows).toBe(503);
  });

  it('reports the line of the whole input in errors of later blocks', async () => {
    const lines = test.text.split('\n');
    // Line numbers: the header is line 1; every 5th row has a two-line note.
    const lineIndex = 400;
    const target = Number(/^id-(\d+),/.exec(lines[lineIndex])![1]); // its data row index
    lines[lineIndex] = lines[lineIndex].replace(/^(id-\d+),[^,]*,/, '$1,oops,');
    const bad = lines.join('\n');
    const expectedLine = lineOf(bad, ',oops,');
    let err: unknown;
    try {
      for await (const _ of readCsvChunks(pieces(bad, 333), { chunkRows: 7, types: { x: 'numeric' } })) void _;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CreditkitError);
    const ce = err as CreditkitError;
    expect(ce.code).toBe('E_CSV_NOT_NUMERIC');
    expect(ce.where.line).toBe(expectedLine);
    expect(ce.where.column).toBe('x');
    expect(ce.where.row).toBe(target);
    // The same as the whole-text parser says.
    try { parseCsv(bad, { types: { x: 'numeric' } }); } catch (e) { expect((e as CreditkitError).where).toEqual(ce.where); }
  });
});

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('scoreStream', () => {
  for (const threads of [1, 2]) {
    it(`writes the in-memory scores in input order with ${threads} thread(s), chunkRows 7`, async () => {
      for (const idColumn of [undefined, 'id']) {
        const out = collect();
        const progress: number[] = [];
        const r = await scoreStream(model, pieces(test.text, 257), out.sink, { threads, idColumn, chunkRows: 7, onProgress: (p) => progress.push(p.rows) });
        expect(r.rows).toBe(503);
        expect(out.text()).toBe(expectedOutput(test.text, idColumn));
        expect(progress.at(-1)).toBe(503);
        expect(progress).toEqual([...progress].sort((a, b) => a - b));
      }
    });
  }

  it('works with web streams (gzip input, WritableStream output)', async () => {
    const gz = gzipSync(Buffer.from(test.text));
    const input = new Blob([gz]).stream();
    const parts: Uint8Array[] = [];
    const output = new WritableStream<Uint8Array>({ write(c) { parts.push(c); } });
    const r = await scoreStream(model, input, output, { threads: 2, chunkRows: 64 });
    expect(r.rows).toBe(503);
    expect(Buffer.concat(parts).toString('utf8')).toBe(expectedOutput(test.text));
  });

  it('rejects a missing column with E_COLUMN_UNKNOWN naming it', async () => {
    const out = collect();
    await expect(scoreStream(model, pieces('id,x\n1,2\n', 4), out.sink)).rejects.toMatchObject({ code: 'E_COLUMN_UNKNOWN', where: { column: 'grade' } });
  });
});

describe('creditkit score (streaming)', () => {
  it('writes the same bytes as the in-memory path, and no file on a parse error far into the input', async () => {
    const tmp = tempDir();
    try {
      const big = makeCsv(120_000, 5);
      const data = tmp.file('big.csv', big.text);
      const m = tmp.file('m.json', JSON.stringify(model.toJSON()));
      const out = tmp.file('s.csv');
      for (const threads of ['1', '2']) {
        const r = await cli('score', '--model', m, '--data', data, '--out', out, '--id', 'id', '--threads', threads);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/scored 120,000 rows .* rows\/s/);
        expect(readFileSync(out, 'utf8')).toBe(expectedOutput(big.text, 'id'));
      }
      // A bad cell in the third block.
      const lines = big.text.split('\n');
      lines[110_001] = lines[110_001].replace(/^(id-\d+),[^,]*,/, '$1,1.2.3,');
      const badText = lines.join('\n');
      const bad = tmp.file('bad.csv.gz');
      writeFileSync(bad, gzipSync(Buffer.from(badText)));
      const out2 = tmp.file('s2.csv');
      const r = await cli('score', '--model', m, '--data', bad, '--out', out2, '--threads', '2');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/E_CSV_NOT_NUMERIC/);
      expect(r.err).toContain(`line ${lineOf(badText, ',1.2.3,')}`);
      expect(r.err).toMatch(/column "x"/);
      expect(existsSync(out2)).toBe(false);
      expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('ids above 2^24 (float32 rounds 100000001 to 100000000)', () => {
  const rng = new Random(11);
  const rows = Array.from({ length: 300 }, (_, i) => {
    const x = rng.next();
    return `${100_000_001 + i},${x.toFixed(4)},${rng.next() < x * 0.6 ? 1 : 0}`;
  });
  const text = ['loan_id,x,bad', ...rows].join('\n') + '\n';

  it('train leaves the id-named column out of the features, and score writes each id as spelled', async () => {
    const tmp = tempDir();
    try {
      const data = tmp.file('d.csv', text);
      const m = tmp.file('m.json');
      const trained = await cli('train', '--data', data, '--target', 'bad', '--out', m);
      expect(trained.code).toBe(0);
      expect(JSON.parse(readFileSync(m, 'utf8')).features.map((f: { name: string }) => f.name)).toEqual(['x']);
      const out = tmp.file('s.csv');
      expect((await cli('score', '--model', m, '--data', data, '--out', out, '--id', 'loan_id')).code).toBe(0);
      expect(readFileSync(out, 'utf8').split('\n').slice(1, 4).map((l) => l.split(',')[0])).toEqual(['100000001', '100000002', '100000003']);
    } finally {
      tmp.cleanup();
    }
  });

  it('an id the model reads as a numeric feature is E_COLUMN_TYPE naming the column and row, and no output is left', async () => {
    const tmp = tempDir();
    try {
      const data = tmp.file('d.csv', text);
      const m = tmp.file('m.json');
      // --keep-id keeps it as a feature: the model then reads loan_id as float32.
      expect((await cli('train', '--data', data, '--target', 'bad', '--out', m, '--keep-id')).code).toBe(0);
      const out = tmp.file('s.csv');
      const r = await cli('score', '--model', m, '--data', data, '--out', out, '--id', 'loan_id');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/E_COLUMN_TYPE/);
      expect(r.err).toMatch(/id column "loan_id".*data row 1\b/);
      expect(existsSync(out)).toBe(false);
    } finally {
      tmp.cleanup();
    }
  });
});

void Dataset;
