import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, LogisticRegression, Random, parseCsv } from '../../src/index.js';
import type { Classifier } from '../../src/models/classifier.js';
import { plainBlocksScored } from '../../src/stream/plainBlockScorer.js';
import type { ScoreStreamOptions } from '../../src/stream/scoreStream.js';
import { errorShape, scoreInPieces, scoreInPiecesByJavaScript, type StreamRun } from './streamRuns.js';

/**
 * PlainBlockScorer (one-thread scoreStream of plain blocks straight from their
 * bytes) against the path it shortcuts, the JavaScript reader and `scoreLines`
 * (setCsvWasmReader(false) turns both off): the same bytes out and the same
 * errors, on random CSVs with awkward ids, missing words, numbers off the
 * kernel's fast path, blank lines, CRLF, bad cells and inputs that stop being plain.
 */

/** scoreStream of `text` (latin1) in pieces of `pieceSize` bytes, with the wasm paths or (`byJavaScript`) without. */
function run(text: string, pieceSize: number, options: ScoreStreamOptions, scorer: Classifier = model, byJavaScript = false): Promise<StreamRun> {
  return (byJavaScript ? scoreInPiecesByJavaScript : scoreInPieces)(scorer, Buffer.from(text, 'latin1'), [pieceSize], options);
}

const trainRng = new Random(3);
const trainLines = ['a,b,c'];
const trainY: number[] = [];
for (let i = 0; i < 600; i++) {
  const a = trainRng.next() * 4 - 2;
  const b = Math.floor(trainRng.next() * 50);
  trainLines.push(`${a},${b},${trainRng.next()}`);
  trainY.push(trainRng.next() < 1 / (1 + Math.exp(-a - b / 25 + 1)) ? 1 : 0);
}
const model = new GradientBoostingClassifier({ nEstimators: 15, maxDepth: 3 }).fit(parseCsv(trainLines.join('\n')), Float64Array.from(trainY));

const ID_CELLS = ['A1', ' B 2 ', 'NA', '', 'null', '=cmd', '-5', '+x', '@me', '\tT', 'x;y', 'x,y', 'long-id-number-000123', '  NaN  '];
const NUMBER_CELLS = ['0.5', '-1.25', ' 3 ', '', 'NA', 'N/A', '7e1', '-0', '1.0000000000000000000001', '123456789012345678901', '0.30000001192092896', '1e-30', '12', '+4.5', '.5', '5.'];

function randomCsv(rng: Random, delimiter: string): string {
  const d = delimiter;
  const eol = rng.next() < 0.3 ? '\r\n' : '\n';
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const order = rng.next() < 0.5 ? ['id', 'a', 'b', 'c', 'other'] : ['c', 'other', 'a', 'id', 'b'];
  const lines = [order.join(d)];
  const n = 1 + Math.floor(rng.next() * 60);
  for (let i = 0; i < n; i++) {
    if (rng.next() < 0.05) lines.push('');
    const cells = order.map((name) => {
      if (name === 'id') return rng.next() < 0.5 ? `id${i}` : pick(ID_CELLS).replaceAll(d === ',' ? ',' : '\u0000', d === ',' ? ';' : ',');
      if (name === 'other') return `o${i}`;
      return rng.next() < 0.6 ? String(Math.fround(rng.next() * 4 - 2)) : pick(NUMBER_CELLS);
    });
    const u = rng.next();
    if (u < 0.01) cells[1] = 'oops'; // not a number
    else if (u < 0.02) cells.pop(); // a field short
    else if (u < 0.03) cells[0] = '"q"'; // a quote: the input stops being plain
    else if (u < 0.04) cells[0] = 'caf\u00e9'; // not ASCII
    else if (u < 0.045) cells[1] = '1e39'; // beyond float32
    lines.push(cells.join(d));
  }
  return lines.join(eol) + (rng.next() < 0.8 ? eol : '');
}

describe('PlainBlockScorer', () => {
  it('writes the bytes and throws the errors of the JavaScript path on 600 random CSVs (every 40th on 2 threads too)', async () => {
    const rng = new Random(11);
    const before = plainBlocksScored.count;
    let errors = 0;
    for (let k = 0; k < 600; k++) {
      const delimiter = rng.next() < 0.8 ? ',' : ';';
      const text = randomCsv(rng, delimiter);
      const options: ScoreStreamOptions = {
        delimiter,
        chunkRows: 1 + Math.floor(rng.next() * 20),
        idColumn: rng.next() < 0.8 ? 'id' : undefined,
        safeCsv: rng.next() < 0.5,
        file: 'in.csv',
      };
      const pieceSize = 1 + Math.floor(rng.next() * 300);
      const fast = await run(text, pieceSize, options);
      const slow = await run(text, pieceSize, options, model, true);
      expect(fast.out, `csv ${k}`).toBe(slow.out);
      expect(errorShape(fast.error), `csv ${k}`).toEqual(errorShape(slow.error));
      expect(fast.rows).toBe(slow.rows);
      if (fast.error !== undefined) errors++;
      if (k % 40 === 0) {
        // Two threads: the workers score plain blocks the same way.
        const threaded = await run(text, pieceSize, { ...options, threads: 2 });
        expect(threaded.out, `csv ${k}, 2 threads`).toBe(slow.out);
        expect(errorShape(threaded.error), `csv ${k}, 2 threads`).toEqual(errorShape(slow.error));
      }
    }
    // Both outcomes were met, and the plain path scored most blocks.
    expect(errors).toBeGreaterThan(20);
    expect(errors).toBeLessThan(500);
    expect(plainBlocksScored.count - before).toBeGreaterThan(1000);
  });

  it('reads a record longer than its 256 KiB pieces (an unread column of 600 KB cells)', async () => {
    const long = 'x'.repeat(600_000);
    const lines = ['id,a,big,b,c'];
    for (let i = 0; i < 30; i++) lines.push(`r${i},${i / 7},${i % 4 === 0 ? long : 'y'},${i % 9},0.5`);
    const text = lines.join('\n') + '\n';
    const before = plainBlocksScored.count;
    const fast = await run(text, 100_000, { idColumn: 'id', chunkRows: 8 });
    expect(plainBlocksScored.count - before).toBe(4);
    expect(fast.out).toBe((await run(text, 100_000, { idColumn: 'id', chunkRows: 8 }, model, true)).out);
  });

  it('gives a block of many rows in several kernel calls the same lines (more rows than one call reads, many flagged cells)', async () => {
    const lines = ['id,a,b,c'];
    for (let i = 0; i < 40_000; i++) lines.push(`r${i},${i % 7 === 0 ? 'NA' : (i % 1000) / 7},${i % 3 === 0 ? '1.00000000000000000000001' : i % 50},${i % 11 === 0 ? '' : 0.25}`);
    const text = lines.join('\n') + '\n';
    const before = plainBlocksScored.count;
    const fast = await run(text, 65_536, { idColumn: 'id', chunkRows: 40_000 });
    expect(plainBlocksScored.count - before).toBe(1);
    const slow = await run(text, 65_536, { idColumn: 'id', chunkRows: 40_000 }, model, true);
    expect(fast.out).toBe(slow.out);
  });

  it('scores the blocks of a binned-path tree model in wasm memory, and those of other models through predictProba, with the same bytes', async () => {
    const train = parseCsv(trainLines.join('\n'));
    const models: [string, Classifier, boolean][] = [
      ['gradient boosting, depth 3', model, true],
      ['gradient boosting, depth 9 (no binned path)', new GradientBoostingClassifier({ nEstimators: 4, maxDepth: 9, minChildWeight: 0 }).fit(train, Float64Array.from(trainY)), false],
      ['logistic regression', new LogisticRegression().fit(train, Float64Array.from(trainY)), false],
    ];
    for (const [name, scorer, inWasm] of models) {
      const rng = new Random(29);
      const before = { ...plainBlocksScored };
      for (let k = 0; k < 60; k++) {
        const delimiter = rng.next() < 0.8 ? ',' : ';';
        const text = randomCsv(rng, delimiter);
        const options: ScoreStreamOptions = { delimiter, chunkRows: 1 + Math.floor(rng.next() * 20), idColumn: rng.next() < 0.8 ? 'id' : undefined, safeCsv: rng.next() < 0.5, file: 'in.csv' };
        const pieceSize = 1 + Math.floor(rng.next() * 300);
        const fast = await run(text, pieceSize, options, scorer);
        const slow = await run(text, pieceSize, options, scorer, true);
        expect(fast.out, `${name}, csv ${k}`).toBe(slow.out);
        expect(errorShape(fast.error), `${name}, csv ${k}`).toEqual(errorShape(slow.error));
      }
      const scored = plainBlocksScored.count - before.count;
      expect(scored, name).toBeGreaterThan(100);
      expect(plainBlocksScored.inWasm - before.inWasm, name).toBe(inWasm ? scored : 0);
    }
  });
});
