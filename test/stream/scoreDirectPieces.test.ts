import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, Random } from '../../src/index.js';
import { plainBlocksScored } from '../../src/stream/plainBlockScorer.js';
import type { ScoreStreamOptions } from '../../src/stream/scoreStream.js';
import { abcTrainingSet, errorShape, scoreInPieces, scoreInPiecesByJavaScript } from './streamRuns.js';

/**
 * One-thread scoreStream reads plain input piece by piece straight into the
 * record kernel (scoreDirectPieces.ts). Against the JavaScript path
 * (setCsvWasmReader(false)): the same bytes and errors on CSVs of thousands of
 * rows, cut into random pieces (a byte to 600 KB, across the 256 KiB kernel
 * parts), in units of random sizes, with at most one row that the direct path
 * hands to the usual one (a bad cell, a quote, a byte ≥ 0x80, a lone CR).
 */

const train = abcTrainingSet(5);
const model = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 3 }).fit(train.data, train.y);

const ODD_ROWS = ['id,oops,1,2', '"q",1,2,3', 'caf\u00e9,1,2,3', 'x\ry,1,2,3', 'id,1,2', 'id,1,2,3,4', 'id,NA,1e39,3'];

function bigCsv(rng: Random): string {
  const eol = rng.next() < 0.3 ? '\r\n' : '\n';
  const n = 1 + Math.floor(rng.next() * 6000);
  const odd = rng.next() < 0.6 ? Math.floor(rng.next() * n) : -1;
  const lines = ['id,a,b,c'];
  for (let i = 0; i < n; i++) {
    if (i === odd) lines.push(ODD_ROWS[Math.floor(rng.next() * ODD_ROWS.length)]);
    else if (rng.next() < 0.01) lines.push('');
    else lines.push(`${rng.next() < 0.02 ? '=x' : 'r' + i},${(rng.next() * 4 - 2).toFixed(1 + (i % 9))},${i % 50},${rng.next() < 0.05 ? 'NA' : rng.next()}`);
  }
  return lines.join(eol) + (rng.next() < 0.8 ? eol : '');
}

describe('scoreStream, pieces read straight into the record kernel', () => {
  it('writes the bytes and throws the errors of the JavaScript path on 40 CSVs of up to 6,000 rows in random pieces', async () => {
    const rng = new Random(23);
    const before = plainBlocksScored.inWasm;
    let errors = 0;
    for (let k = 0; k < 40; k++) {
      const bytes = Buffer.from(bigCsv(rng), 'latin1');
      const sizes = Array.from({ length: 5 }, () => (rng.next() < 0.5 ? 1 + Math.floor(rng.next() * 400) : 1 + Math.floor(rng.next() * 600_000)));
      const options: ScoreStreamOptions = { chunkRows: 1 + Math.floor(rng.next() * 3000), idColumn: rng.next() < 0.7 ? 'id' : undefined, safeCsv: rng.next() < 0.5, file: 'in.csv' };
      const fast = await scoreInPieces(model, bytes, sizes, options);
      const slow = await scoreInPiecesByJavaScript(model, bytes, sizes, options);
      expect(fast.out, `csv ${k}`).toBe(slow.out);
      expect(errorShape(fast.error), `csv ${k}`).toEqual(errorShape(slow.error));
      if (fast.error !== undefined) errors++;
    }
    // Both outcomes were met, and most units were scored in wasm.
    expect(errors).toBeGreaterThan(5);
    expect(errors).toBeLessThan(35);
    expect(plainBlocksScored.inWasm - before).toBeGreaterThan(40);
  });
});
