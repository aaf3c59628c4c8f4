import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { CSV_ERROR_CORPUS } from './csvErrorCorpus.js';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import '../../src/index.js';
import { parseCsv, parseCsvJs, type CsvOptions } from '../../src/data/csv.js';
import { MAX_QUOTED_FIELD } from '../../src/data/csvTokenizer.js';
import { parseCsvBytes, readCsvFile } from '../../src/data/csvFile.js';
import { csvReaderUsed, parseCsvWasm, setCsvWasmReader, utf8BytesSource } from '../../src/data/csvWasmReader.js';
import type { Dataset } from '../../src/data/dataset.js';
import { CreditkitError } from '../../src/errors.js';
import { decodeText } from '../../src/io/textDecoding.js';
import { Random } from '../../src/random.js';
import { pick, splitBytes } from '../csvFuzz.js';
import { readCsvChunks } from '../../src/stream/csvChunks.js';
import { concatBytes } from '../../src/stream/bytePieces.js';

/**
 * The wasm CSV reader (src/data/csvWasmReader.ts, assembly/csvRecords.ts)
 * against the JavaScript reader it stands in for: the same Dataset bit for
 * bit (values as float32 bits, kinds, dictionaries, row lines), or the same
 * error (code, message, file, line, row, column) — on the shipped datasets,
 * an error corpus, number spellings and random CSVs, whole and streamed.
 */

type Outcome =
  | { names: string[]; kinds: string[]; categories: (readonly string[] | undefined)[]; bits: (number[] | string)[]; lines: number[] | string }
  | { error: { code: string; message: string; where: unknown } };

/** Small arrays as they are (readable diffs), large ones by a digest of their bytes (fast to compare). */
function shown(a: Uint32Array): number[] | string {
  if (a.length <= 2000) return Array.from(a);
  return `${a.length} values, sha256 ${createHash('sha256').update(a).digest('hex')}`;
}

function outcome(read: () => Dataset): Outcome {
  try {
    const ds = read();
    return {
      names: ds.names,
      kinds: ds.columns.map((c) => c.kind),
      categories: ds.columns.map((c) => c.categories),
      bits: ds.columns.map((c) => shown(new Uint32Array(c.values.buffer, c.values.byteOffset, c.values.length))),
      lines: shown(Uint32Array.from({ length: ds.nRows }, (_, r) => ds.origin!.line(r))),
    };
  } catch (e) {
    if (!(e instanceof CreditkitError)) throw e;
    return { error: { code: e.code, message: e.message, where: e.where } };
  }
}

/** Runs `read` and says which reader read the input. */
function usingWasm(read: () => unknown): boolean {
  const before = csvReaderUsed.wasm;
  try {
    read();
  } catch {
    // The outcome is compared elsewhere.
  }
  return csvReaderUsed.wasm > before;
}

const ROOT = join(import.meta.dirname, '..', '..');

function csvFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.csv(\.gz)?$/.test(f))
    .map((f) => join(dir, f))
    .sort();
}

describe('wasm CSV reader: the shipped datasets', () => {
  const files = [...csvFiles('data'), ...csvFiles('test/fixtures')];

  it('finds the shipped CSVs', () => {
    expect(files).toContain(join('data', 'give-me-some-credit.csv.gz'));
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s: the same Dataset as the JavaScript reader, bit for bit', (path) => {
    let bytes: Uint8Array = readFileSync(join(ROOT, path));
    if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
    const expected = outcome(() => parseCsvJs(decodeText(bytes, 'utf-8', path), { file: path }));
    expect(outcome(() => parseCsvBytes(bytes, path, {}))).toEqual(expected);
    expect(outcome(() => parseCsv(decodeText(bytes, 'utf-8', path), { file: path }))).toEqual(expected);
  });

  it('reads the plain numeric datasets with the wasm reader (not by falling back)', () => {
    const bytes = gunzipSync(readFileSync(join(ROOT, 'data', 'give-me-some-credit.csv.gz')));
    expect(usingWasm(() => parseCsvBytes(bytes, 'gmsc.csv', {}))).toBe(true);
  });

  it('reads a dataset with text columns in wasm too, inferring their kinds as parseCsv does', () => {
    const bytes = gunzipSync(readFileSync(join(ROOT, 'data', 'german-credit.csv.gz')));
    const ds = parseCsvBytes(bytes, 'german.csv', {});
    expect(ds.columns.some((c) => c.kind === 'categorical')).toBe(true);
    expect(usingWasm(() => parseCsvBytes(bytes, 'german.csv', {}))).toBe(true);
  });

  it('reads a column whose text comes only after many pieces again as cells: the kind and the error parseCsv gives', () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => `${i % 97},${(i * 0.37).toFixed(3)}`);
    const late = [...rows, 'text,1.5', 'more text,2.5'];
    for (const lines of [late, [...rows.slice(0, 10), ...Array.from({ length: 30 }, (_, i) => `w${i % 3},${i}`)]]) {
      const text = `code,amount\n${lines.join('\n')}\n`;
      const expected = outcome(() => parseCsvJs(text, { file: 'late.csv' }));
      expect(outcome(() => parseCsv(text, { file: 'late.csv' }))).toEqual(expected);
    }
    // Mostly numbers with two words late: E_CSV_NOT_NUMERIC at their line, from the JavaScript reader.
    expect(outcome(() => parseCsv(`code,amount\n${late.join('\n')}\n`, { file: 'late.csv' }))).toMatchObject({ error: { code: 'E_CSV_NOT_NUMERIC', where: { line: 120_002 } } });
    // Mostly words: a categorical column, read in wasm.
    const words = `code,amount\n${Array.from({ length: 50_000 }, (_, i) => `${i < 40_000 ? i % 7 : `w${i % 5}`},${i}`).join('\n')}\n`;
    expect(usingWasm(() => parseCsv(words))).toBe(true);
  });
});

describe('wasm CSV reader: errors are the JavaScript reader\'s', () => {
  const corpus = CSV_ERROR_CORPUS;
  it.each(corpus)('%s', (_what, text, options) => {
    const expected = outcome(() => parseCsvJs(text, options));
    expect(outcome(() => parseCsv(text, options))).toEqual(expected);
    const bytes = new TextEncoder().encode(text);
    const fromBytes = outcome(() => parseCsvBytes(bytes, 'corpus.csv', { ...options, file: options.file ?? 'corpus.csv' }));
    expect(fromBytes).toEqual(outcome(() => parseCsvJs(decodeText(bytes, 'utf-8', options.file ?? 'corpus.csv'), { ...options, file: options.file ?? 'corpus.csv' })));
  });
});

/** Number spellings at and beyond the edges of the fast path. */
const SPELLINGS = [
  '0', '-0', '+0', '0.0', '-0.0e5', '00012', '1', '-1', '+7', '.5', '5.', '-.5e+3', '1e-7', '1E7', '1e+07', '3.14159',
  '0.1', '0.2', '0.30000000000000004', '123456789012345678', '12345678901234567890', '9007199254740993', '9007199254740992',
  '1e22', '1e23', '1e-22', '1e-23', '4.9e-324', '1.4e-45', '7.006492321624085e-46', '1.17549435e-38', '3.4028234663852886e38',
  '3.4028235e38', '3.40282356e38', '0.000000000000000000000000001', '1000000000000000000000000', '2.5', '-2.5e-3', '1e0',
  '0e999', '0.5e-400', ' 12 ', '\t-3.5\t', '1e', '1e+', '.', '-', '+', 'e5', '1.2.3', '1e5.5', '0x10', '1_000', 'NA', 'NaN', 'nan', 'null',
];

describe('wasm CSV reader: numbers', () => {
  it.each(SPELLINGS)('%j: the JavaScript reader\'s float32 (or its error)', (s) => {
    const text = `x,y\n${s},1\n2,${s}\n`;
    expect(outcome(() => parseCsv(text))).toEqual(outcome(() => parseCsvJs(text)));
  });

  it('reads 20,000 random numbers exactly as Math.fround(Number(text))', () => {
    const rng = new Random(99);
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = rng.next();
      const x = (rng.next() - 0.5) * 10 ** (rng.int(40) - 20);
      if (r < 0.3) texts.push(String(Math.fround(x)));
      else if (r < 0.6) texts.push(String(x));
      else if (r < 0.8) texts.push(x.toExponential(rng.int(20)));
      else texts.push(x.toFixed(rng.int(12)));
    }
    const ds = parseCsv(`x\n${texts.join('\n')}\n`);
    const values = ds.column('x').values;
    for (let i = 0; i < texts.length; i++) {
      if (!Object.is(values[i], Math.fround(Number(texts[i])))) throw new Error(`${texts[i]} → ${values[i]}, not ${Math.fround(Number(texts[i]))}`);
    }
    expect(usingWasm(() => parseCsv(`x\n${texts.join('\n')}\n`))).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Differential fuzzing: random numeric and mixed CSVs

const NUMBERS = ['0', '-0', '1', '.5', '5.', '-2.25', '1e-7', '3E+5', '123456789012345678', '9.999999e22', '1e-30', '42', '007', '0.1'];
const ODD = ['', '', 'NA', 'null', ' 3 ', '\t4', 'abc', 'inf', '1e39', 'é', '"q"', '"a,b"', '"x\ny"', 'x"y', '\u0000'];

function randomNumber(rng: Random): string {
  if (rng.next() < 0.5) return pick(rng, NUMBERS);
  const x = (rng.next() - 0.5) * 10 ** (rng.int(12) - 4);
  return rng.next() < 0.5 ? String(Math.fround(x)) : x.toPrecision(1 + rng.int(17));
}

/** A CSV of mostly numbers, with now and then something the fast path must hand over. */
function randomCsv(rng: Random): { text: string; options: CsvOptions } {
  const delimiter = pick(rng, [',', ',', ';', '\t']);
  const eols = ['\n', '\r\n', '\r'];
  const eolMode = rng.int(4);
  const eol = (): string => (eolMode < 3 ? eols[eolMode] : pick(rng, eols));
  const nCols = 1 + rng.int(6);
  const names = Array.from({ length: nCols }, (_, j) => `c${j}`);
  const oddRate = pick(rng, [0, 0, 0.01, 0.05, 0.2]);
  const textCol = rng.next() < 0.2 ? rng.int(nCols) : -1;
  let text = names.join(delimiter) + eol();
  const nRows = 1 + rng.int(60);
  for (let i = 0; i < nRows; i++) {
    const fields = names.map((_, j) => (j === textCol ? pick(rng, ['a', 'b', 'c d', '']) : rng.next() < oddRate ? pick(rng, ODD) : randomNumber(rng)));
    if (rng.next() < 0.01) fields.pop();
    text += fields.join(delimiter);
    if (rng.next() < 0.05) text += eol();
    text += eol();
  }
  if (rng.next() < 0.3) text = text.slice(0, -1);
  const options: CsvOptions = { delimiter, file: 'fuzz.csv' };
  if (textCol >= 0 && rng.next() < 0.7) options.types = { [names[textCol]]: 'categorical' };
  if (rng.next() < 0.2) options.columns = names.filter(() => rng.next() < 0.7);
  if (options.columns?.length === 0) delete options.columns;
  return { text, options };
}

/** The blocks of readCsvChunks, each as its outcome, then the error that ended the stream (if any). */
async function streamed(pieces: Uint8Array[], options: CsvOptions, chunkRows: number): Promise<Outcome[]> {
  const blocks: Outcome[] = [];
  try {
    async function* source(): AsyncGenerator<Uint8Array> {
      yield* pieces;
    }
    for await (const c of readCsvChunks(source(), { ...options, chunkRows })) blocks.push(outcome(() => c.dataset));
  } catch (e) {
    if (!(e instanceof CreditkitError)) throw e;
    blocks.push({ error: { code: e.code, message: e.message, where: e.where } });
  }
  return blocks;
}

/**
 * The SIMD scan and its scalar twin agree: each answers undefined for the same inputs, and the
 * same Dataset otherwise. Returns whether the fast path read the input.
 */
function scansAgree(text: string, options: CsvOptions, label: string): boolean {
  const simd = parseCsvWasm(text, options, false);
  const naive = parseCsvWasm(text, options, true);
  expect(naive === undefined, label).toBe(simd === undefined);
  if (simd === undefined) return false;
  expect(outcome(() => naive!), label).toEqual(outcome(() => simd));
  return true;
}

describe('wasm CSV reader: differential fuzzing', () => {
  it('gives the JavaScript reader\'s outcome on 3,000 random CSVs, whole, from bytes and with the scalar scan', () => {
    const rng = new Random(7031);
    let wasm = 0;
    for (let k = 0; k < 3000; k++) {
      const { text, options } = randomCsv(rng);
      const expected = outcome(() => parseCsvJs(text, options));
      const label = `case ${k}: ${JSON.stringify(text)} ${JSON.stringify(options)}`;
      expect(outcome(() => parseCsv(text, options)), label).toEqual(expected);
      const bytes = new TextEncoder().encode(text);
      expect(outcome(() => parseCsvBytes(bytes, 'fuzz.csv', options)), label).toEqual(outcome(() => parseCsvJs(decodeText(bytes, 'utf-8', 'fuzz.csv'), options)));
      if (scansAgree(text, options, label)) wasm++;
    }
    // Most inputs are plain: the fast path reads them, the rest go to the JavaScript reader.
    expect(wasm).toBeGreaterThan(1000);
    expect(wasm).toBeLessThan(2900);
  });

  it('streams 600 random CSVs in random byte pieces and blocks as the JavaScript reader does, and as the whole file when it reads', async () => {
    const rng = new Random(4417);
    let compared = 0;
    for (let k = 0; k < 600; k++) {
      const { text, options } = randomCsv(rng);
      const bytes = new TextEncoder().encode(text);
      const chunkRows = 1 + rng.int(20);
      const pieces = splitBytes(rng, bytes);
      const label = `case ${k}: ${JSON.stringify(text)} ${JSON.stringify(options)} in blocks of ${chunkRows}`;
      const got = await streamed(pieces, options, chunkRows);
      setCsvWasmReader(false);
      let expected: Outcome[];
      try {
        expected = await streamed(pieces, options, chunkRows);
      } finally {
        setCsvWasmReader(true);
      }
      expect(got, label).toEqual(expected);
      // Where the whole file reads with numeric columns only, the blocks' values are its values.
      const whole = outcome(() => parseCsv(text, options));
      if ('error' in whole || got.some((b) => 'error' in b) || whole.kinds.some((kind) => kind !== 'numeric')) continue;
      const blocks = got as Exclude<Outcome, { error: unknown }>[];
      if (blocks.some((b) => b.kinds.some((kind) => kind !== 'numeric'))) continue;
      expect(blocks.flatMap((b) => b.lines as number[]), label).toEqual(whole.lines);
      whole.names.forEach((_, j) => expect(blocks.flatMap((b) => b.bits[j] as number[]), label).toEqual(whole.bits[j]));
      compared++;
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('streams 1,500 mostly plain random CSVs (the splitter\'s LF search) to the whole file\'s cells or its first error', async () => {
    const rng = new Random(8123);
    let errors = 0;
    for (let k = 0; k < 1500; k++) {
      const { text, options } = randomCsv(rng);
      const header = text.split(/\r\n|\r|\n/)[0].split(options.delimiter!);
      // Every column as text: blocks and the whole file are then comparable cell by cell, errors included.
      const asText: CsvOptions = { delimiter: options.delimiter, file: 'fuzz.csv', types: Object.fromEntries(header.map((n) => [n, 'categorical' as const])) };
      // Row by row, each row's labels in column order.
      const cells = (blocks: Dataset[]): (string | null)[] =>
        blocks.flatMap((ds) => Array.from({ length: ds.nRows }, (_, r) => ds.columns.map((c) => (Number.isNaN(c.values[r]) ? null : c.categories![c.values[r]]))).flat());
      const fail = (e: unknown): { error: unknown } => {
        if (!(e instanceof CreditkitError)) throw e;
        return { error: { code: e.code, message: e.message, where: e.where } };
      };
      const bytes = new TextEncoder().encode(text);
      let expected: { cells: (string | null)[] } | { error: unknown };
      try {
        expected = { cells: cells([parseCsvJs(decodeText(bytes, 'utf-8'), asText)]) };
      } catch (e) {
        expected = fail(e);
        errors++;
      }
      let got: { cells: (string | null)[] } | { error: unknown };
      const blocks: Dataset[] = [];
      try {
        async function* source(): AsyncGenerator<Uint8Array> {
          yield* splitBytes(rng, bytes);
        }
        for await (const c of readCsvChunks(source(), { ...asText, chunkRows: 1 + rng.int(8) })) blocks.push(c.dataset);
        got = { cells: cells(blocks) };
      } catch (e) {
        got = fail(e);
      }
      expect(got, `case ${k}: ${JSON.stringify(text)}`).toEqual(expected);
    }
    expect(errors).toBeGreaterThan(20);
  });

  it('reads long inputs across many kernel calls (pieces and row blocks), with flags in every call', () => {
    const rng = new Random(5);
    const rows: string[] = [];
    for (let i = 0; i < 60_000; i++) rows.push(`${randomNumber(rng)},${i % 7 === 0 ? 'NA' : randomNumber(rng)},${i % 1000 === 0 ? '12345678901234567890' : i}`);
    const text = `a,b,c\r\n${rows.join('\r\n')}\r\n`;
    expect(usingWasm(() => parseCsv(text))).toBe(true);
    expect(outcome(() => parseCsv(text))).toEqual(outcome(() => parseCsvJs(text)));
  });
});

// ---------------------------------------------------------------------------
// readCsvFile: a plain file read piece by piece straight into the wasm reader

async function outcomeOf(read: () => Promise<Dataset>): Promise<Outcome> {
  let ds: Dataset;
  try {
    ds = await read();
  } catch (e) {
    if (!(e instanceof CreditkitError)) throw e;
    return { error: { code: e.code, message: e.message, where: e.where } };
  }
  return outcome(() => ds);
}

describe('readCsvFile: files read piece by piece', () => {
  const dir = mkdtempSync(join(tmpdir(), 'creditkit-pieces-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  /** `bytes` written to a fresh file: readCsvFile's outcome, and the JavaScript reader's on the same bytes. */
  async function both(bytes: Uint8Array, options: CsvOptions = {}): Promise<[Outcome, Outcome]> {
    const path = join(dir, `f${n++}.csv`);
    writeFileSync(path, bytes);
    return [await outcomeOf(() => readCsvFile(path, options)), outcome(() => parseCsvJs(decodeText(bytes, 'utf-8', path), { ...options, file: path }))];
  }

  it.each([...csvFiles('data'), ...csvFiles('test/fixtures')])('%s: the JavaScript reader\'s Dataset', async (path) => {
    let bytes: Uint8Array = readFileSync(join(ROOT, path));
    if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
    const [got, expected] = await both(bytes);
    expect(got).toEqual(expected);
  });

  it.each(CSV_ERROR_CORPUS)('%s: the same error or Dataset', async (_what, text, options) => {
    const [got, expected] = await both(new TextEncoder().encode(text), { ...options, file: undefined });
    expect(got).toEqual(expected);
  });

  it('gives the JavaScript reader\'s outcome on 400 random CSVs', async () => {
    const rng = new Random(6173);
    for (let k = 0; k < 400; k++) {
      const { text, options } = randomCsv(rng);
      const [got, expected] = await both(new TextEncoder().encode(text), { ...options, file: undefined });
      expect(got, `case ${k}: ${JSON.stringify(text)}`).toEqual(expected);
    }
  });

  it('reads a file of many pieces in wasm: text cells, missing words and long numbers across piece ends, a record longer than a piece', async () => {
    const rng = new Random(17);
    const rows: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      const label = i === 20_000 ? 'x'.repeat(1_500_000) : `grade-${rng.int(40)}${'abc'.slice(0, rng.int(4))}`;
      rows.push(`${randomNumber(rng)},${label},${i % 9 === 0 ? 'NA' : randomNumber(rng)},${i % 997 === 0 ? '12345678901234567890' : i}`);
    }
    const bytes = new TextEncoder().encode(`a,grade,b,c\n${rows.join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(2.5 * 2 ** 20);
    const before = csvReaderUsed.wasm;
    const [got, expected] = await both(bytes, { types: { grade: 'categorical' } });
    expect(csvReaderUsed.wasm).toBe(before + 1);
    expect(got).toEqual(expected);
    expect('error' in got).toBe(false);
  });

  it('reports a missing file and a directory as before, and reads gzip and pipes whole', async () => {
    const missing = join(dir, 'no-such.csv');
    expect(await outcomeOf(() => readCsvFile(missing))).toMatchObject({ error: { code: 'E_FILE_NOT_FOUND' } });
    expect(await outcomeOf(() => readCsvFile(dir))).toMatchObject({ error: { code: 'E_FILE_IS_DIRECTORY', where: { file: dir } } });
    const gz = join(dir, 'g.csv.gz');
    writeFileSync(gz, gzipSync('a,b\n1,2\n3,4\n'));
    expect(await outcomeOf(() => readCsvFile(gz))).toEqual(outcome(() => parseCsvJs('a,b\n1,2\n3,4\n', { file: gz })));
  });
});

// ---------------------------------------------------------------------------
// UTF-8 text: non-ASCII labels and names, a byte-order mark, bytes that are not UTF-8

describe('wasm CSV reader: UTF-8 input', () => {
  const LABELS = ['Café', 'Cafè', 'Müller', 'Ørsted', '北京', 'São Paulo', 'a😀b', 'plain', '', 'NA', 'ß'];
  const NAMES = ['région', 'größe', 'x', '金额', 'y😀'];
  const BAD = [[0xff], [0xc3], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]];
  const encoder = new TextEncoder();

  /** A CSV of numbers and labels, UTF-8, now and then with a mark, a bad byte, a NUL or a quote. */
  function randomUtf8Csv(rng: Random): Uint8Array {
    const nCols = 2 + rng.int(3);
    const names = Array.from({ length: nCols }, (_, j) => `${pick(rng, NAMES)}${j}`);
    const lines = [names.join(',')];
    const nRows = 1 + rng.int(40);
    for (let i = 0; i < nRows; i++) lines.push(names.map((_, j) => (j === 0 ? randomNumber(rng) : pick(rng, LABELS))).join(','));
    const parts: Uint8Array[] = [];
    if (rng.next() < 0.3) parts.push(new Uint8Array([0xef, 0xbb, 0xbf]));
    let text = lines.join(pick(rng, ['\n', '\r\n'])) + (rng.next() < 0.5 ? '\n' : '');
    if (rng.next() < 0.05) text = text.replace('plain', '"plain"');
    if (rng.next() < 0.03) text = text.replace('plain', 'pl\u0000ain');
    const bytes = encoder.encode(text);
    if (rng.next() < 0.15) {
      // A byte sequence that is not UTF-8, somewhere after the header.
      const at = bytes.indexOf(0x0a) + 1 + rng.int(Math.max(1, bytes.length - bytes.indexOf(0x0a) - 1));
      parts.push(bytes.subarray(0, at), new Uint8Array(pick(rng, BAD)), bytes.subarray(at));
    } else {
      parts.push(bytes);
    }
    return concatBytes(parts);
  }

  it('gives the JavaScript reader\'s outcome on 1,500 random UTF-8 CSVs in every ASCII-compatible encoding, mostly in wasm', () => {
    const rng = new Random(2718);
    const before = csvReaderUsed.wasm;
    for (let k = 0; k < 1500; k++) {
      const bytes = randomUtf8Csv(rng);
      const encoding = pick(rng, [undefined, 'utf-8', 'auto', 'latin1', 'windows-1252'] as const);
      // Label columns declared categorical (the fast path infers no kinds: text in an undeclared column is the JavaScript reader's).
      const header = new TextDecoder().decode(bytes).split(/\r?\n/)[0].split(',');
      const options: CsvOptions = rng.next() < 0.2 ? { file: 'u.csv' } : { file: 'u.csv', types: Object.fromEntries(header.slice(1).map((n) => [n, 'categorical' as const])) };
      const expected = outcome(() => parseCsvJs(decodeText(bytes, encoding, 'u.csv'), options));
      expect(outcome(() => parseCsvBytes(bytes, 'u.csv', { ...options, encoding })), `case ${k}: ${Buffer.from(bytes).toString('hex')} ${encoding}`).toEqual(expected);
    }
    // utf-8, auto and the default read valid UTF-8 with declared label columns in wasm:
    // 3 of 5 encodings × 4 of 5 declared × 0.85 without a bad byte ≈ 0.4 of the cases.
    expect(csvReaderUsed.wasm - before).toBeGreaterThan(450);
  });

  it('parseCsv of text beyond ASCII gives the JavaScript reader\'s outcome on 1,500 random CSVs, read in wasm unless a lone surrogate or a leading mark is in it', () => {
    const rng = new Random(1414);
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    let inWasm = 0;
    let expectedInWasm = 0;
    for (let k = 0; k < 1500; k++) {
      let text: string;
      try {
        text = strict.decode(randomUtf8Csv(rng));
      } catch {
        continue; // a bad byte: no text to give
      }
      if (rng.next() < 0.1) text = text.replace(/[ée]/, pick(rng, ['\uD800', '\uDFFF', '\uDBFF\uDBFF']));
      const header = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
      const options: CsvOptions = rng.next() < 0.2 ? { file: 'u.csv' } : { file: 'u.csv', types: Object.fromEntries(header.slice(1).map((n) => [n, 'categorical' as const])) };
      const expected = outcome(() => parseCsvJs(text, options));
      expect(outcome(() => parseCsv(text, options)), `case ${k}: ${JSON.stringify(text)}`).toEqual(expected);
      const wasm = usingWasm(() => parseCsvWasm(text, options));
      if (wasm) inWasm++;
      // The cases the wasm path must take: valid, beyond ASCII, no lone surrogate, no mark, no NUL, declared labels.
      if (!('error' in expected) && options.types !== undefined && /[^\x00-\x7f]/.test(text) && (text as string & { isWellFormed(): boolean }).isWellFormed() && !text.startsWith('\uFEFF') && !text.includes('\u0000') && !text.includes('"')) {
        expectedInWasm++;
        expect(wasm, `case ${k} is read in wasm`).toBe(true);
      }
    }
    expect(expectedInWasm).toBeGreaterThan(500);
    expect(inWasm).toBeGreaterThanOrEqual(expectedInWasm);
  });

  it('keeps a U+FEFF that starts the first text cell (a mark in the middle of a file is text), from a string and from UTF-8 bytes', () => {
    for (const text of ['id,a\n\uFEFFr6,1\nr7,2\n', 'a,id\n1,\uFEFF\n2,x\n', 'id,a\n\uFEFF\uFEFFq,1\n']) {
      const options: CsvOptions = { types: { id: 'categorical' } };
      const expected = outcome(() => parseCsvJs(text, options));
      expect(usingWasm(() => parseCsvWasm(text, options)), JSON.stringify(text)).toBe(true);
      expect(outcome(() => parseCsv(text, options)), JSON.stringify(text)).toEqual(expected);
      expect(outcome(() => parseCsvWasm(utf8BytesSource(new TextEncoder().encode(text)), options)!), JSON.stringify(text)).toEqual(expected);
    }
  });

  it('reads a file of many pieces with labels of 2-, 3- and 4-byte characters across piece ends, and its byte-order mark, in wasm', async () => {
    const rng = new Random(99);
    const rows: string[] = [];
    for (let i = 0; i < 60_000; i++) rows.push(`${randomNumber(rng)},${pick(rng, LABELS)}${pick(rng, LABELS)},${i}`);
    const text = `montant,ville 🏦,n\n${rows.join('\n')}\n`;
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(text)]);
    expect(bytes.length).toBeGreaterThan(2 ** 20);
    const dir = mkdtempSync(join(tmpdir(), 'creditkit-utf8-'));
    try {
      const path = join(dir, 'u.csv');
      writeFileSync(path, bytes);
      const options: CsvOptions = { types: { 'ville 🏦': 'categorical' } };
      const expected = outcome(() => parseCsvJs(text, { ...options, file: path }));
      const before = csvReaderUsed.wasm;
      expect(await outcomeOf(() => readCsvFile(path, options))).toEqual(expected);
      expect(outcome(() => parseCsvBytes(bytes, path, options))).toEqual(expected);
      expect(csvReaderUsed.wasm).toBe(before + 2);
      expect((expected as { names: string[] }).names).toEqual(['montant', 'ville 🏦', 'n']);
      // Read as latin1 the same bytes are other text: the JavaScript reader's answer (its error for the mark).
      expect(await outcomeOf(() => readCsvFile(path, { ...options, encoding: 'latin1' }))).toEqual(outcome(() => parseCsvJs(decodeText(bytes, 'latin1', path), { ...options, file: path })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------
// Quoted fields (RFC 4180) read in wasm

describe('wasm CSV reader: quoted fields', () => {
  const CASES: [string, string, CsvOptions][] = [
    ['delimiters and line ends inside quotes', 'id,name,x\n1,"Smith, John",2\n2,"two\nlines",3\n3,"cr\r\nlf",4\n4,"lone\rcr",5\n', { types: { name: 'categorical' } }],
    ['escaped quotes and empty quotes', 'id,name,x\n1,"say ""hi""",2\n2,"",3\n3,"""",4\n4," padded ",5\n', { types: { name: 'categorical' } }],
    ['quoted numbers', 'a,b\n"1","2.5"\n" 3 ","-4e2"\n"",5\n', {}],
    ['an escape in a numeric column: text, kinds inferred', 'a,b\n1,"x""y"\n2,"z"\n3,"w"\n', {}],
    ['an escape in a column typed numeric: the error', 'a,b\n1,"2"""\n', { types: { b: 'numeric' } }],
    ['a quote later in a field is text', 'a,b\n1,TV 12" screen\n2,x"y"z\n', { types: { b: 'categorical' } }],
    ['text after a closing quote', 'a,b\n1,"2"x\n', {}],
    ['an unterminated quote', 'a,b\n1,2\n"3,4\n', {}],
    ['a quoted last field without a line end', 'a,b\n1,"x\ny"', { types: { b: 'categorical' } }],
    ['a closing quote as the last byte', 'a,b\n1,""', {}],
    ['quotes opening records after CR line ends', 'a\r"\n"\r"x"\r', { types: { a: 'categorical' } }],
    ['a quoted field as a whole record', 'a\n"1"\n"2"\n', {}],
    ['a quoted header', '"a","b"\n1,2\n', {}],
    ['a quoted header with escapes and a delimiter inside', '"a ""x""","b,c"\r\n1,2\r\n', {}],
    ['a line end inside a quoted name (read by the JavaScript reader)', '"a\nx","b"\n1,2\n', {}],
    ['a CR inside a quoted name (read by the JavaScript reader)', '"a\rx","b"\n1,2\n', {}],
  ];
  it.each(CASES)('%s: the JavaScript reader\'s outcome (rows, lines, errors)', (_what, text, options) => {
    const expected = outcome(() => parseCsvJs(text, { ...options, file: 'q.csv' }));
    expect(outcome(() => parseCsv(text, { ...options, file: 'q.csv' }))).toEqual(expected);
    const bytes = new TextEncoder().encode(text);
    expect(outcome(() => parseCsvBytes(bytes, 'q.csv', options))).toEqual(expected);
    const naive = parseCsvWasm(text, { ...options, file: 'q.csv' }, true);
    if (naive !== undefined) expect(outcome(() => naive)).toEqual(expected);
  });

  it('gives the JavaScript reader\'s outcome on 2,000 random CSVs with quoted fields (escapes, delimiters and line ends inside, broken quotes), SIMD and scalar scan', () => {
    const rng = new Random(1618);
    const pieces = ['a', 'b c', ',', ';', '\t', '\n', '\r', '\r\n', '""', ' ', '1', '-2.5', 'é'];
    let wasm = 0;
    for (let k = 0; k < 2000; k++) {
      const delimiter = pick(rng, [',', ';', '\t']);
      const eol = pick(rng, ['\n', '\r\n', '\r']);
      const nCols = 1 + rng.int(4);
      const names = Array.from({ length: nCols }, (_, j) => `c${j}`);
      const cell = (): string => {
        const r = rng.next();
        if (r < 0.35) return randomNumber(rng);
        const inner = Array.from({ length: rng.int(5) }, () => pick(rng, pieces)).join('');
        if (r < 0.9) return `"${inner}"`;
        if (r < 0.94) return `"${inner}"x`; // text after the closing quote
        if (r < 0.97) return `x"${inner}`; // a quote later in a field: text
        return pick(rng, ['', 'NA', ' 7 ']);
      };
      let text = names.join(delimiter) + eol;
      const nRows = 1 + rng.int(12);
      for (let i = 0; i < nRows; i++) text += names.map(cell).join(delimiter) + (i < nRows - 1 || rng.next() < 0.7 ? eol : '');
      if (rng.next() < 0.03) text += '"open';
      const options: CsvOptions = { delimiter, file: 'q.csv' };
      if (rng.next() < 0.6) options.types = Object.fromEntries(names.slice(1).map((n) => [n, 'categorical' as const]));
      const label = `case ${k}: ${JSON.stringify(text)} ${JSON.stringify(options)}`;
      const expected = outcome(() => parseCsvJs(text, options));
      expect(outcome(() => parseCsv(text, options)), label).toEqual(expected);
      if (scansAgree(text, options, label)) wasm++;
    }
    // About a quarter are read in wasm: one broken quote among the ~25 cells, or an é in a text input, hands the rest over.
    expect(wasm).toBeGreaterThan(300);
  });

  it('skips runs of 16 plain bytes inside quotes as the scalar scan reads them byte by byte: long quoted fields with escapes, line ends, UTF-8 and a NUL at every offset', () => {
    const rng = new Random(2718);
    const specials = ['""', '\n', '\r\n', '\r', ',', '\u00e9', '\u0000', '\ud83c\udfe6'];
    let wasm = 0;
    for (let k = 0; k < 600; k++) {
      const field = (): string => {
        // Plain runs of 0 to 40 bytes between specials, so that each lands at every offset of a 16-byte load.
        const parts: string[] = [];
        const n = rng.int(4);
        for (let j = 0; j <= n; j++) {
          parts.push('x'.repeat(rng.int(41)));
          if (j < n && rng.next() < 0.7) parts.push(pick(rng, rng.next() < 0.05 ? specials : specials.slice(0, 6)));
        }
        return `"${parts.join('')}"`;
      };
      const nRows = 1 + rng.int(6);
      let text = 'a,b,c\n';
      for (let i = 0; i < nRows; i++) text += `${field()},${randomNumber(rng)},${field()}\n`;
      const options: CsvOptions = { file: 'q.csv', types: { a: 'categorical', c: 'categorical' } };
      const label = `case ${k}: ${JSON.stringify(text)}`;
      expect(outcome(() => parseCsv(text, options)), label).toEqual(outcome(() => parseCsvJs(text, options)));
      if (scansAgree(text, options, label)) wasm++;
    }
    expect(wasm).toBeGreaterThan(400);
  });

  it('gives the scalar scan\'s and the JavaScript reader\'s outcome for quoted fields around MAX_QUOTED_FIELD bytes', () => {
    for (const length of [MAX_QUOTED_FIELD - 17, MAX_QUOTED_FIELD - 1, MAX_QUOTED_FIELD, MAX_QUOTED_FIELD + 1, MAX_QUOTED_FIELD + 9, MAX_QUOTED_FIELD + 16]) {
      const text = `a,b\n"${'y'.repeat(length)}",1\n`;
      const options: CsvOptions = { file: 'q.csv', types: { a: 'categorical' } };
      const label = `a quoted field of ${length} bytes`;
      expect(outcome(() => parseCsv(text, options)), label).toEqual(outcome(() => parseCsvJs(text, options)));
      scansAgree(text, options, label);
    }
  });

  it('reads the valid ones in wasm', () => {
    for (const [what, text, options] of CASES.filter(([w]) => !/after a closing|unterminated|typed numeric|inside a quoted name/.test(w))) {
      expect(usingWasm(() => parseCsv(text, options)), what).toBe(true);
    }
  });

  it('reads a file of many pieces whose quoted fields (escapes, line ends) cross piece ends, as the JavaScript reader does', async () => {
    const rng = new Random(314);
    const labels = ['"Smith, John"', '"a ""b"" c"', '"two\nlines"', '"crlf\r\ninside"', 'plain', '""', '"Müller, Ø"'];
    const rows: string[] = [];
    for (let i = 0; i < 80_000; i++) rows.push(`${randomNumber(rng)},${pick(rng, labels)},"${i}"`);
    const text = `x,label,n\r\n${rows.join('\r\n')}\r\n`;
    const options: CsvOptions = { types: { label: 'categorical' } };
    const dir = mkdtempSync(join(tmpdir(), 'creditkit-quotes-'));
    try {
      const path = join(dir, 'q.csv');
      writeFileSync(path, text);
      expect(statSync(path).size).toBeGreaterThan(2 ** 21);
      const js = parseCsvJs(text, { ...options, file: path });
      const expected = outcome(() => js);
      const before = csvReaderUsed.wasm;
      expect(await outcomeOf(() => readCsvFile(path, options))).toEqual(expected);
      expect(csvReaderUsed.wasm).toBe(before + 1);
      // Records on several lines: the last row starts well past line nRows + 1, so the lines compared are not a run.
      expect(js.origin!.line(js.nRows - 1)).toBeGreaterThan(js.nRows + 1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
