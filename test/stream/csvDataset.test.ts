import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile, type CsvFileOptions } from '../../src/data/csvFile.js';
import type { Dataset } from '../../src/data/dataset.js';
import { CreditkitError } from '../../src/errors.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { splitTarget } from '../../src/data/target.js';
import { Random } from '../../src/random.js';
import { assembleChunks, readCsvFileStreamed, type CsvReadProgress } from '../../src/stream/csvDataset.js';
import { createReadStream } from 'node:fs';
import { readDataFile } from '../../src/columnar/dataFile.js';
import { csvReaderUsed } from '../../src/data/csvWasmReader.js';
import '../../src/index.js';

const DIR = mkdtempSync(join(tmpdir(), 'ck-csvdataset-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(DIR, name);
  writeFileSync(path, content);
  return path;
}

/** Same columns (names, kinds, dictionaries, float32 bits), rows and row lines. */
function expectSameDataset(a: Dataset, b: Dataset): void {
  expect(a.nRows).toBe(b.nRows);
  expect(a.names).toEqual(b.names);
  a.columns.forEach((c, j) => {
    const d = b.columns[j];
    expect(c.kind, c.name).toBe(d.kind);
    expect(c.categories, c.name).toEqual(d.categories);
    expect(Buffer.from(c.values.buffer, c.values.byteOffset, c.values.byteLength).equals(Buffer.from(d.values.buffer, d.values.byteOffset, d.values.byteLength)), c.name).toBe(true);
  });
  for (let r = 0; r < a.nRows; r++) {
    if (a.origin!.line(r) !== b.origin!.line(r) || a.origin!.row(r) !== b.origin!.row(r)) {
      expect({ r, line: a.origin!.line(r), row: a.origin!.row(r) }).toEqual({ r, line: b.origin!.line(r), row: b.origin!.row(r) });
    }
  }
  expect(a.origin!.file).toBe(b.origin!.file);
}

/** What `read` gives: its dataset, or its error's code, message and location. */
async function outcome(read: () => Promise<Dataset>): Promise<{ ds?: Dataset; error?: { code: string; message: string; where: unknown } }> {
  try {
    return { ds: await read() };
  } catch (e) {
    if (!(e instanceof CreditkitError)) throw e;
    return { error: { code: e.code, message: e.message, where: e.where } };
  }
}

/** Checks readCsvFileStreamed against readCsvFile; true when the blocks alone gave the dataset (no whole-file fallback). */
async function expectSameAsWholeFile(path: string, options: CsvFileOptions, chunkRows: number): Promise<boolean> {
  const whole = await outcome(() => readCsvFile(path, options));
  const streamed = await outcome(() => readCsvFileStreamed(path, { ...options, chunkRows }));
  let fromBlocks: Dataset | undefined;
  try {
    fromBlocks = await assembleChunks(createReadStream(path), { ...options, file: path, chunkRows });
  } catch {
    fromBlocks = undefined;
  }
  // Whatever the blocks assemble must be the whole file's dataset.
  if (fromBlocks) expectSameDataset(fromBlocks, whole.ds!);
  if (whole.error || streamed.error) {
    expect(streamed.error).toEqual(whole.error);
    return false;
  }
  expectSameDataset(streamed.ds!, whole.ds!);
  return fromBlocks !== undefined;
}

const GERMAN = 'data/german-credit.csv.gz';
const GMSC = 'data/give-me-some-credit.csv.gz';

describe('readCsvFileStreamed: the whole-file dataset, one block of text at a time', () => {
  it('gives the same dataset as readCsvFile on the shipped datasets (gzip, categorical columns, NA cells), for any block size', async () => {
    const plainGerman = file('german.csv', gunzipSync(readFileSync(GERMAN)));
    for (const path of [GERMAN, plainGerman, 'data/cumcm-rate-churn.csv', 'data/cumcm/a1_enterprises.csv.gz', 'data/cumcm/a2_enterprises.csv.gz']) {
      for (const chunkRows of [1, 7, 100, 65_536]) await expectSameAsWholeFile(path, {}, chunkRows);
    }
    await expectSameAsWholeFile(GMSC, {}, 9_973);
    // These came from the blocks themselves, not from the whole-file fallback.
    const blocks = await assembleChunks(createReadStream(GERMAN), { file: GERMAN, chunkRows: 7 });
    expectSameDataset(blocks!, await readCsvFile(GERMAN));
    // Column options: forced kinds, a fixed dictionary, a column subset.
    await expectSameAsWholeFile(GERMAN, { types: { duration_months: 'categorical' }, categories: { purpose: ['A43', 'A40', 'A49'] }, columns: ['purpose', 'duration_months', 'is_bad'] }, 13);
  });

  it('trains the same model, bit for bit, as the whole-file read (gzip and categorical features)', async () => {
    const fit = (ds: Dataset): string => {
      const { X, y } = splitTarget(ds, 'is_bad');
      return JSON.stringify(new GradientBoostingClassifier({ nEstimators: 15, maxDepth: 4 }).fit(X, y).toJSON());
    };
    const whole = await readCsvFile(GERMAN);
    const streamed = await readCsvFileStreamed(GERMAN, { chunkRows: 64 });
    expect(streamed.columns.some((c) => c.kind === 'categorical')).toBe(true);
    expect(fit(streamed)).toBe(fit(whole));
    // readDataFile, which the CLI uses, reads CSV this way.
    expect(fit(await readDataFile(GERMAN))).toBe(fit(whole));
  });

  it('reports progress after each block: bytes of the file read, rows parsed', async () => {
    const seen: CsvReadProgress[] = [];
    const ds = await readCsvFileStreamed(GMSC, { chunkRows: 20_000, onProgress: (p) => seen.push({ ...p }) });
    const size = readFileSync(GMSC).length;
    expect(seen.length).toBe(Math.ceil(ds.nRows / 20_000));
    expect(seen.every((p) => p.totalBytes === size)).toBe(true);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i].bytesRead).toBeGreaterThanOrEqual(seen[i - 1].bytesRead);
      expect(seen[i].rows).toBe(Math.min(ds.nRows, (i + 1) * 20_000));
    }
    expect(seen.at(-1)!.bytesRead).toBe(size);
    // An error thrown by the callback is the caller's: it stops the read, not a silent whole-file re-read.
    const stop = new Error('stop reading');
    await expect(readCsvFileStreamed(GERMAN, { chunkRows: 100, onProgress: () => { throw stop; } })).rejects.toBe(stop);
  });

  it('reads a plain file on one thread piece by piece in wasm, with progress after each piece', async () => {
    const plainGmsc = file('gmsc.csv', gunzipSync(readFileSync(GMSC)));
    const size = readFileSync(plainGmsc).length;
    const seen: CsvReadProgress[] = [];
    const before = csvReaderUsed.wasm;
    const ds = await readCsvFileStreamed(plainGmsc, { onProgress: (p) => seen.push({ ...p }) });
    // One wasm read of the whole file (the block path would parse block after block).
    expect(csvReaderUsed.wasm).toBe(before + 1);
    expectSameDataset(ds, (await outcome(() => readCsvFile(plainGmsc))).ds!);
    expect(seen.length).toBeGreaterThanOrEqual(Math.floor(size / 2 ** 20));
    expect(seen.every((p) => p.totalBytes === size)).toBe(true);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i].bytesRead).toBeGreaterThan(seen[i - 1].bytesRead);
      expect(seen[i].rows).toBeGreaterThan(seen[i - 1].rows);
    }
    expect(seen.at(-1)).toEqual({ bytesRead: size, totalBytes: size, rows: ds.nRows });
    const stop = new Error('stop reading');
    await expect(readCsvFileStreamed(plainGmsc, { onProgress: () => { throw stop; } })).rejects.toBe(stop);
  });

  it('reads a column whose kind only the whole file decides as the whole file does (numbers in early blocks, text later)', async () => {
    const rows = ['id,x,y'];
    for (let i = 0; i < 40; i++) rows.push(`${i},${i < 5 ? i : `t${i % 3}`},${i % 2}`);
    const path = file('late-text.csv', rows.join('\n') + '\n');
    const streamed = await readCsvFileStreamed(path, { chunkRows: 5 });
    expect(streamed.column('x').kind).toBe('categorical');
    // The blocks disagree (numeric, then categorical): the whole file decides.
    expect(await assembleChunks(createReadStream(path), { file: path, chunkRows: 5 })).toBeUndefined();
    await expectSameAsWholeFile(path, {}, 5);
    // All missing in the first blocks, text later: no disagreement, still the same.
    const sparse = ['a,b', ...Array.from({ length: 30 }, (_, i) => `${i},${i < 12 ? '' : `c${i % 4}`}`)];
    const sparsePath = file('sparse.csv', sparse.join('\r\n'));
    expect(await assembleChunks(createReadStream(sparsePath), { file: sparsePath, chunkRows: 4 })).toBeDefined();
    await expectSameAsWholeFile(sparsePath, {}, 4);
  });

  it('gives the whole-file error, with its file, line and column', async () => {
    const bad = ['a,b'];
    for (let i = 0; i < 50; i++) bad.push(`${i},${i === 37 ? 'oops' : i}`);
    const notNumeric = file('not-numeric.csv', bad.join('\n'));
    const e = await outcome(() => readCsvFileStreamed(notNumeric, { chunkRows: 8 }));
    expect(e.error).toMatchObject({ code: 'E_CSV_NOT_NUMERIC', where: { file: notNumeric, line: 39, column: 'b' } });
    await expectSameAsWholeFile(notNumeric, {}, 8);
    // A column error in an early block and a ragged row later: the whole file reports the ragged row.
    const both = [...bad.slice(0, 45), '1,2,3', ...bad.slice(45)];
    await expectSameAsWholeFile(file('both.csv', both.join('\n')), {}, 8);
    await expectSameAsWholeFile(file('empty.csv', ''), {}, 8);
    await expectSameAsWholeFile(file('header-only.csv.gz', gzipSync('a,b\n')), {}, 8);
    await expectSameAsWholeFile(file('bad-gzip.csv', Buffer.from([0x1f, 0x8b, 1, 2, 3])), {}, 8);
    await expectSameAsWholeFile(file('latin1.csv', Buffer.from('a,b\n1,caf\xe9\n', 'latin1')), {}, 1);
    await expectSameAsWholeFile(join(DIR, 'no-such-file.csv'), {}, 8);
  });

  it('matches the whole-file read on random CSVs cut into random blocks', async () => {
    const rng = new Random(18);
    let fromBlocks = 0;
    const cells = ['', 'NA', '0', '1', '-2.5', '3e2', '1.0', 'x', 'y', 'zz', ' 7 ', '"q,1"', 'inf', '1e39'];
    for (let k = 0; k < 150; k++) {
      const nCols = 1 + rng.int(4);
      const styles = Array.from({ length: nCols }, () => rng.int(4)); // 0 numbers, 1 text, 2 mixed, 3 sparse
      const lines = [Array.from({ length: nCols }, (_, j) => `c${j}`).join(',')];
      const nRows = 1 + rng.int(40);
      for (let i = 0; i < nRows; i++) {
        lines.push(styles.map((s) => {
          if (s === 0) return rng.next() < 0.1 ? '' : String(rng.int(1000) / 8);
          if (s === 1) return ['a', 'b', 'c', ''][rng.int(4)];
          if (s === 3) return rng.next() < 0.9 ? '' : cells[rng.int(cells.length)];
          return cells[rng.int(cells.length)];
        }).join(','));
        if (rng.next() < 0.05) lines.push('');
      }
      const text = lines.join(rng.next() < 0.5 ? '\n' : '\r\n');
      const path = file(`random-${k}.csv${k % 3 === 0 ? '.gz' : ''}`, k % 3 === 0 ? gzipSync(text) : text);
      if (await expectSameAsWholeFile(path, {}, 1 + rng.int(9))) fromBlocks++;
    }
    // Most cases exercise the assembled blocks, not the fallback.
    expect(fromBlocks).toBeGreaterThan(50);
  });
});
