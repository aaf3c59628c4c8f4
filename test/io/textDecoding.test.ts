import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csvFile.js';
import { readCsvFileSync } from '../readCsvFileSync.js';
import { decodeText, firstInvalidUtf8, TextStreamDecoder, type TextEncoding } from '../../src/io/textDecoding.js';
import { CreditkitError } from '../../src/errors.js';
import { readTextFile } from '../../src/io/readTextFile.js';
import { Random } from '../../src/random.js';
import { readCsvChunks } from '../../src/stream/csvChunks.js';
import { asyncErrorOf, errorOf } from '../errorOf.js';

const dir = mkdtempSync(join(tmpdir(), 'creditkit-enc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Latin-1 bytes of a string whose characters are all below U+0100. */
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf16le = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string): Uint8Array => utf16le(s).map((_, i, a) => a[i ^ 1]);
const bom16le = Uint8Array.of(0xff, 0xfe);
const bom16be = Uint8Array.of(0xfe, 0xff);
const join2 = (a: Uint8Array, b: Uint8Array): Uint8Array => new Uint8Array([...a, ...b]);

/** Bytes in pieces of the given sizes (cycled), as a stream. */
function pieces(bytes: Uint8Array, sizes: number[]): Readable {
  const parts: Buffer[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    parts.push(Buffer.from(bytes.subarray(i, i + n)));
    i += n;
  }
  return Readable.from(parts, { objectMode: false });
}

async function streamed(bytes: Uint8Array, sizes: number[], options: { encoding?: TextEncoding; file?: string; chunkRows?: number } = {}): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for await (const chunk of readCsvChunks(pieces(bytes, sizes), { types: { city: 'categorical' }, ...options })) {
    const col = chunk.dataset.column('city');
    const labels = out.get('city') ?? [];
    for (const c of col.values) labels.push(col.categories![c]);
    out.set('city', labels);
  }
  return out;
}

const cafes = 'city,y\nCafé,0\nCafè,1\nCafé,1\n';

describe('CSV bytes are decoded strictly (E_ENCODING naming the line)', () => {
  it('a Windows-1252 export read as UTF-8 is an error at the first bad byte, not merged categories', async () => {
    const path = file('cp1252.csv', latin1(cafes));
    const e = await asyncErrorOf(() => readCsvFile(path));
    expect(e.code).toBe('E_ENCODING');
    expect(e.where).toEqual({ file: path, line: 2 });
    expect(e.message).toContain('byte offset 10');
    expect(e.message).toContain('character 4 of the line');
    expect(e.message).toContain('--encoding windows-1252');
    expect(errorOf(() => readCsvFileSync(path)).where).toEqual({ file: path, line: 2 });
    // gzipped alike
    const gz = file('cp1252.csv.gz', gzipSync(latin1(cafes)));
    expect((await asyncErrorOf(() => readCsvFile(gz))).where).toEqual({ file: gz, line: 2 });
  });

  it('reads it with encoding windows-1252 or latin1: two categories', async () => {
    const path = file('cp1252b.csv', latin1(cafes));
    for (const encoding of ['windows-1252', 'latin1', 'cp1252', 'iso-8859-1'] as TextEncoding[]) {
      expect((await readCsvFile(path, { encoding })).column('city').categories).toEqual(['Cafè', 'Café']);
    }
    expect(readCsvFileSync(path, { encoding: 'windows-1252' }).column('city').categories).toEqual(['Cafè', 'Café']);
  });

  it('latin1 is ISO-8859-1 (byte n is U+00nn); windows-1252 is the WHATWG table', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const l1 = decodeText(all, 'latin1');
    expect(Array.from(l1, (c) => c.charCodeAt(0))).toEqual(Array.from(all));
    const w = decodeText(all, 'windows-1252');
    expect(w.length).toBe(256);
    expect(w[0x80]).toBe('€');
    expect(w[0x8a]).toBe('Š');
    expect(w[0x93] + w[0x94]).toBe('“”');
    expect(w[0x9f]).toBe('Ÿ');
    for (const b of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) expect(w.charCodeAt(b)).toBe(b);
    expect(w.slice(0xa0)).toBe(l1.slice(0xa0));
    expect(w.slice(0, 0x80)).toBe(l1.slice(0, 0x80));
  });

  it('a UTF-8 byte-order mark is skipped; a UTF-16 one read as UTF-8 says which encoding to use', async () => {
    const withBom = file('bom8.csv', join2(Uint8Array.of(0xef, 0xbb, 0xbf), new TextEncoder().encode(cafes)));
    expect((await readCsvFile(withBom)).names).toEqual(['city', 'y']);

    const le = file('le.csv', join2(bom16le, utf16le(cafes)));
    const e = await asyncErrorOf(() => readCsvFile(le));
    expect(e.code).toBe('E_ENCODING');
    expect(e.where).toEqual({ file: le, line: 1 });
    expect(e.message).toContain('--encoding utf-16');
    for (const encoding of ['utf-16', 'utf-16le', 'auto'] as TextEncoding[]) {
      expect((await readCsvFile(le, { encoding })).column('city').categories).toEqual(['Cafè', 'Café']);
    }
    expect((await asyncErrorOf(() => readCsvFile(le, { encoding: 'utf-16be' }))).code).toBe('E_ENCODING');

    const be = file('be.csv', join2(bom16be, utf16be(cafes)));
    for (const encoding of ['utf-16', 'utf-16be', 'auto'] as TextEncoding[]) {
      expect((await readCsvFile(be, { encoding })).column('city').categories).toEqual(['Cafè', 'Café']);
    }
    // Without a mark: utf-16le/be read it, utf-16 needs the mark, utf-8 sees NULs.
    const bare = file('bare.csv', utf16le(cafes));
    expect((await readCsvFile(bare, { encoding: 'utf-16le' })).nRows).toBe(3);
    expect((await asyncErrorOf(() => readCsvFile(bare, { encoding: 'utf-16' }))).message).toContain('utf-16le or utf-16be');
    const nul = await asyncErrorOf(() => readCsvFile(bare));
    expect(nul.code).toBe('E_ENCODING');
    expect(nul.message).toContain('utf-16le');
  });

  it('UTF-16: a lone surrogate is an error naming its line', () => {
    const bytes = join2(bom16le, utf16le('city,y\nA,0\nB\ud800,1\n'));
    const e = errorOf(() => decodeText(bytes, 'utf-16', 'x.csv'));
    expect(e.code).toBe('E_ENCODING');
    expect(e.where).toEqual({ file: 'x.csv', line: 3 });
    expect(e.message).toContain('character 2 of the line');
  });

  it('an empty input is empty text in every encoding (so the CSV reader reports E_CSV_EMPTY)', async () => {
    for (const encoding of ['utf-8', 'utf-16', 'utf-16be', 'latin1', 'auto'] as TextEncoding[]) expect(decodeText(new Uint8Array(0), encoding)).toBe('');
    expect((await asyncErrorOf(() => readCsvFile(file('empty.csv', ''), { encoding: 'utf-16' }))).code).toBe('E_CSV_EMPTY');
  });

  it('an unknown encoding is E_OPTION', async () => {
    const path = file('ok.csv', cafes);
    expect((await asyncErrorOf(() => readCsvFile(path, { encoding: 'ebcdic' as TextEncoding }))).code).toBe('E_OPTION');
  });

  it('an input cut inside a character says so', () => {
    const e = errorOf(() => decodeText(new TextEncoder().encode('a\nb\nCaf\u00e9').subarray(0, -1), 'utf-8', 'cut.csv'));
    expect(e.where).toEqual({ file: 'cut.csv', line: 3 });
    expect(e.message).toContain('ends inside a UTF-8 character');
  });
});

describe('streamed decoding', () => {
  const text = 'city,y\n' + Array.from({ length: 60 }, (_, i) => `${['Café', 'Cafè', 'Zürich', '東京', '🏦 bank'][i % 5]},${i % 2}\n`).join('');
  const utf8 = new TextEncoder().encode(text);
  const expected = text.trim().split('\n').slice(1).map((l) => l.split(',')[0]);

  it('gives the same text whatever the byte pieces (UTF-8, UTF-16, windows-1252)', async () => {
    const rng = new Random(7);
    const encoded: [TextEncoding, Uint8Array][] = [
      ['utf-8', utf8],
      ['utf-16', join2(bom16le, utf16le(text))],
      ['utf-16be', utf16be(text)],
    ];
    for (const [encoding, bytes] of encoded) {
      for (let trial = 0; trial < 8; trial++) {
        const sizes = Array.from({ length: 5 }, () => 1 + rng.int(trial < 4 ? 4 : 64));
        expect((await streamed(bytes, sizes, { encoding, chunkRows: 7 })).get('city')).toEqual(expected);
      }
    }
    const w = 'city,y\nCafé,0\n€uro,1\n';
    expect((await streamed(latin1(w.replace('€', '\x80')), [1, 2], { encoding: 'windows-1252' })).get('city')).toEqual(['Café', '€uro']);
  });

  it('names the input line of a bad byte in a late piece', async () => {
    // A stray Latin-1 byte on line 50, well past the first blocks and pieces.
    const lines = text.split('\n');
    const bad = new Uint8Array([...new TextEncoder().encode(lines.slice(0, 49).join('\n') + '\nab'), 0xe9, ...new TextEncoder().encode('c,1\n')]);
    for (const sizes of [[1], [3, 5], [1000]]) {
      const e = await asyncErrorOf(() => streamed(bad, sizes, { file: 'in.csv', chunkRows: 4 }));
      expect(e.code).toBe('E_ENCODING');
      expect(e.where).toEqual({ file: 'in.csv', line: 50 });
      expect(e.message).toContain('character 3 of the line');
    }
  });

  it('the streaming decoder reports a UTF-16 mark on a utf-8 read, even in 1-byte pieces', () => {
    const d = new TextStreamDecoder('utf-8', 'p.csv');
    expect(d.decode(Uint8Array.of(0xff))).toBe('');
    expect(errorOf(() => d.decode(Uint8Array.of(0xfe, 0x61, 0x00))).code).toBe('E_ENCODING');
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with a fatal TextDecoder on random bytes (seeded)', () => {
    const rng = new Random(3);
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    // Bytes biased towards the interesting ranges: ASCII, continuation, lead bytes.
    const pick = [0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let t = 0; t < 3000; t++) {
      const bytes = Uint8Array.from({ length: 1 + rng.int(8) }, () => pick[rng.int(pick.length)]);
      const bad = firstInvalidUtf8(bytes);
      let ok = true;
      try {
        fatal.decode(bytes);
      } catch {
        ok = false;
      }
      expect(bad === bytes.length).toBe(ok);
      if (!ok) expect(() => fatal.decode(bytes.subarray(0, bad))).not.toThrow();
    }
  });
});

describe('model and other text files', () => {
  it('readTextFile decodes strictly, naming the file', async () => {
    const path = file('model.json', latin1('{"name":"Café"}'));
    const e = await asyncErrorOf(() => readTextFile(path, 'model file'));
    expect(e.code).toBe('E_ENCODING');
    expect(e.where).toEqual({ file: path, line: 1 });
  });
});

describe('line numbers with CR and CRLF line ends (the tokenizer counts them the same way)', () => {
  const bad = (prefix: string): Uint8Array => new Uint8Array([...new TextEncoder().encode(prefix), 0xe9, 0x0a]);

  it('a lone CR ends a line for the decoder too', () => {
    expect(errorOf(() => decodeText(bad('a,b\r1,2\r3,'), 'utf-8', 'cr.csv')).where).toMatchObject({ file: 'cr.csv', line: 3 });
  });

  it('a CRLF cut between two pieces counts once', () => {
    const decoder = new TextStreamDecoder('utf-8', 'split.csv');
    decoder.decode(new TextEncoder().encode('a,b\r'));
    decoder.decode(new TextEncoder().encode('\n1,2\r\n'));
    expect(errorOf(() => decoder.decode(bad('3,'))).where).toMatchObject({ file: 'split.csv', line: 3 });
  });
});
