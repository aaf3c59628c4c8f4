import { describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { CreditkitError, GradientBoostingClassifier, LogisticRegression, Random, parseCsv } from '../../src/index.js';
import type { Classifier } from '../../src/models/classifier.js';
import { setCsvWasmReader } from '../../src/data/csvWasmReader.js';
import { plainBlocksScored } from '../../src/stream/plainBlockScorer.js';
import { scoreStream, type ScoreStreamOptions } from '../../src/stream/scoreStream.js';
import { quotedCsv } from './quotedCsv.js';

/**
 * One-thread scoreStream of input with quoted fields (RFC 4180: a bank export
 * that quotes its text columns, or every field) read straight into the record
 * kernel, against the JavaScript path (setCsvWasmReader(false)): the same
 * bytes and errors (code, message, line and column) with quoted ids, text and
 * numbers holding delimiters, LF and CRLF line ends, `""` escapes, quotes in
 * the middle of a field, blank and missing cells, UTF-8, a quoted header, text
 * after a closing quote and quotes never closed at the end — in pieces of random
 * sizes, down to a byte, so that quotes and escapes cross piece ends at every offset.
 */

const trainRng = new Random(7);
const trainLines = ['a,b,c'];
const trainY: number[] = [];
for (let i = 0; i < 500; i++) {
  const a = trainRng.next() * 4 - 2;
  trainLines.push(`${a},${Math.floor(trainRng.next() * 50)},${trainRng.next()}`);
  trainY.push(trainRng.next() < 1 / (1 + Math.exp(-a)) ? 1 : 0);
}
const model = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 3 }).fit(parseCsv(trainLines.join('\n')), Float64Array.from(trainY));
// Scored through predictProba on a Dataset (no binned path): the plain splitter's quoted byte blocks, read by PlainBlockScorer.
const logistic = new LogisticRegression().fit(parseCsv(trainLines.join('\n')), Float64Array.from(trainY));

async function run(bytes: Buffer, sizes: number[], options: ScoreStreamOptions, scorer: Classifier = model): Promise<{ out: string; error?: unknown; rows?: number }> {
  const parts: Buffer[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    parts.push(bytes.subarray(i, i + n));
    i += n;
  }
  const out: Buffer[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { out.push(Buffer.from(chunk)); cb(); } });
  try {
    const r = await scoreStream(scorer, Readable.from(parts, { objectMode: false }), sink, options);
    return { out: Buffer.concat(out).toString('latin1'), rows: r.rows };
  } catch (error) {
    return { out: Buffer.concat(out).toString('latin1'), error };
  }
}

function errorShape(e: unknown): unknown {
  return e instanceof CreditkitError ? { code: e.code, message: e.message, where: e.where } : String(e);
}

describe('scoreStream of quoted fields, pieces read straight into the record kernel', () => {
  it('writes the bytes and throws the errors of the JavaScript path on 150 quoted CSVs in random pieces (every 10th on 2 threads, every 5th with a model scored on a Dataset too)', async () => {
    const rng = new Random(41);
    const before = plainBlocksScored.inWasm;
    let errors = 0;
    let unterminated = 0;
    for (let k = 0; k < 150; k++) {
      const csv = quotedCsv(rng);
      const bytes = Buffer.from(csv.text, 'utf8');
      const tiny = rng.next() < 0.3;
      const sizes = Array.from({ length: 5 }, () => (tiny ? 1 + Math.floor(rng.next() * 7) : rng.next() < 0.5 ? 1 + Math.floor(rng.next() * 400) : 1 + Math.floor(rng.next() * 300_000)));
      const options: ScoreStreamOptions = { chunkRows: 1 + Math.floor(rng.next() * 500), idColumn: rng.next() < 0.8 ? 'id' : undefined, safeCsv: rng.next() < 0.5, file: 'in.csv' };
      const fast = await run(bytes, sizes, options);
      const was = setCsvWasmReader(false);
      let slow: Awaited<ReturnType<typeof run>>;
      try {
        slow = await run(bytes, sizes, options);
      } finally {
        setCsvWasmReader(was);
      }
      expect(fast.out, `csv ${k}`).toBe(slow.out);
      expect(errorShape(fast.error), `csv ${k}`).toEqual(errorShape(slow.error));
      expect(fast.rows, `csv ${k}`).toBe(slow.rows);
      if (fast.error !== undefined) errors++;
      if (csv.unterminated) unterminated++;
      if (k % 10 === 0) {
        // Two threads: the workers score the plain splitter's quoted byte blocks the same way.
        const threaded = await run(bytes, sizes, { ...options, threads: 2 });
        expect(threaded.out, `csv ${k}, 2 threads`).toBe(slow.out);
        expect(errorShape(threaded.error), `csv ${k}, 2 threads`).toEqual(errorShape(slow.error));
      }
      if (k % 5 === 1) {
        // A model without the binned path: quoted byte blocks read into a Dataset, ids gathered from them.
        const blocks = await run(bytes, sizes, options, logistic);
        const was2 = setCsvWasmReader(false);
        try {
          const js = await run(bytes, sizes, options, logistic);
          expect(blocks.out, `csv ${k}, logistic`).toBe(js.out);
          expect(errorShape(blocks.error), `csv ${k}, logistic`).toEqual(errorShape(js.error));
        } finally {
          setCsvWasmReader(was2);
        }
      }
    }
    // Both outcomes were met, quotes never closed among them, and most units were scored in wasm.
    expect(unterminated).toBeGreaterThan(3);
    expect(errors).toBeGreaterThan(unterminated);
    expect(errors).toBeLessThan(100);
    expect(plainBlocksScored.inWasm - before).toBeGreaterThan(150);
  }, 240_000);
});
