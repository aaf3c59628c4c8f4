import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, LogisticRegression, Random } from '../../src/index.js';
import { plainBlocksScored } from '../../src/stream/plainBlockScorer.js';
import type { ScoreStreamOptions } from '../../src/stream/scoreStream.js';
import { abcTrainingSet, errorShape, scoreInPieces, scoreInPiecesByJavaScript } from './streamRuns.js';
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

const train = abcTrainingSet(7);
const model = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 3 }).fit(train.data, train.y);
// Scored through predictProba on a Dataset (no binned path): the plain splitter's quoted byte blocks, read by PlainBlockScorer.
const logistic = new LogisticRegression().fit(train.data, train.y);

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
      const fast = await scoreInPieces(model, bytes, sizes, options);
      const slow = await scoreInPiecesByJavaScript(model, bytes, sizes, options);
      expect(fast.out, `csv ${k}`).toBe(slow.out);
      expect(errorShape(fast.error), `csv ${k}`).toEqual(errorShape(slow.error));
      expect(fast.rows, `csv ${k}`).toBe(slow.rows);
      if (fast.error !== undefined) errors++;
      if (csv.unterminated) unterminated++;
      if (k % 10 === 0) {
        // Two threads: the workers score the plain splitter's quoted byte blocks the same way.
        const threaded = await scoreInPieces(model, bytes, sizes, { ...options, threads: 2 });
        expect(threaded.out, `csv ${k}, 2 threads`).toBe(slow.out);
        expect(errorShape(threaded.error), `csv ${k}, 2 threads`).toEqual(errorShape(slow.error));
      }
      if (k % 5 === 1) {
        // A model without the binned path: quoted byte blocks read into a Dataset, ids gathered from them.
        const blocks = await scoreInPieces(logistic, bytes, sizes, options);
        const js = await scoreInPiecesByJavaScript(logistic, bytes, sizes, options);
        expect(blocks.out, `csv ${k}, logistic`).toBe(js.out);
        expect(errorShape(blocks.error), `csv ${k}, logistic`).toEqual(errorShape(js.error));
      }
    }
    // Both outcomes were met, quotes never closed among them, and most units were scored in wasm.
    expect(unterminated).toBeGreaterThan(3);
    expect(errors).toBeGreaterThan(unterminated);
    expect(errors).toBeLessThan(100);
    expect(plainBlocksScored.inWasm - before).toBeGreaterThan(150);
  }, 240_000);
});
