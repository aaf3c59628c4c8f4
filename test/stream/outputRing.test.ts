import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PassThrough, Readable, Writable } from 'node:stream';
import { GradientBoostingClassifier, Random, parseCsv } from '../../src/index.js';
import { openAtomicWriter } from '../../src/io/atomicWrite.js';
import { releasesChunks } from '../../src/io/releasesChunks.js';
import { plainBlocksScored } from '../../src/stream/plainBlockScorer.js';
import { scoreStream } from '../../src/stream/scoreStream.js';
import { tempDir } from '../cli/helpers.js';

/**
 * One-thread scoreStream hands plain blocks' lines to the output in an
 * OutputRing: buffers reused only for outputs done with a chunk when they call
 * back (a file), fresh ones for others (a PassThrough passes the very chunk
 * on), and a failed write rejects the stream.
 */

const rng = new Random(5);
const lines = ['id,a,b'];
const y: number[] = [];
for (let i = 0; i < 3000; i++) {
  const a = rng.next() * 4 - 2;
  const b = rng.next();
  lines.push(`id-${i},${a},${b}`);
  y.push(rng.next() < 1 / (1 + Math.exp(-2 * a)) ? 1 : 0);
}
const text = lines.join('\n') + '\n';
const data = parseCsv(text, { columns: ['a', 'b'] });
const model = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 3 }).fit(data, Float64Array.from(y));
const pd = model.predictProba(data);
const expected = 'id,pd\n' + Array.from(pd, (p, i) => `id-${i},${p}\n`).join('');
const input = (): Readable => Readable.from([Buffer.from(text)], { objectMode: false });

describe('scoreStream output ring', () => {
  it('reuses buffers for a file, not for a PassThrough whose reader has not read yet; the bytes are the lines either way', async () => {
    const dir = tempDir();
    const path = dir.file('scores.csv');
    const writer = await openAtomicWriter(path);
    expect(releasesChunks(writer.stream)).toBe(true);
    const before = plainBlocksScored.inWasm;
    await scoreStream(model, input(), writer.stream, { idColumn: 'id', chunkRows: 100 });
    await writer.commit();
    expect(plainBlocksScored.inWasm - before).toBe(30);
    expect(readFileSync(path, 'utf8')).toBe(expected);
    dir.cleanup();

    const through = new PassThrough({ highWaterMark: 1 << 24 });
    expect(releasesChunks(through)).toBe(false);
    await scoreStream(model, input(), through, { idColumn: 'id', chunkRows: 100 });
    const chunks: Buffer[] = [];
    for await (const c of through) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
  });

  it('rejects with the error of a write that fails after the first blocks', async () => {
    let writes = 0;
    const sink = new Writable({
      write(_chunk, _enc, cb) {
        writes++;
        setImmediate(() => cb(writes === 5 ? new Error('disk full') : null));
      },
    });
    sink.on('error', () => undefined);
    await expect(scoreStream(model, input(), sink, { idColumn: 'id', chunkRows: 100 })).rejects.toThrow('disk full');
  });
});
