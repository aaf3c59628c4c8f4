import { Readable, Writable } from 'node:stream';
import { CreditkitError, Random, parseCsv, type Dataset } from '../../src/index.js';
import type { Classifier } from '../../src/models/classifier.js';
import { setCsvWasmReader } from '../../src/data/csvWasmReader.js';
import { scoreStream, type ScoreStreamOptions } from '../../src/stream/scoreStream.js';

/**
 * Helpers of the differential scoreStream tests: a run over input cut into
 * pieces, the same run on the JavaScript path, and an error's comparable shape.
 */

/** What a scoreStream run wrote (latin1, so every byte compares), and its row count or its error. */
export interface StreamRun {
  out: string;
  rows?: number;
  error?: unknown;
}

/** scoreStream of `bytes` cut into pieces of `sizes` bytes (cycled) into memory. */
export async function scoreInPieces(scorer: Classifier, bytes: Uint8Array, sizes: readonly number[], options: ScoreStreamOptions): Promise<StreamRun> {
  const parts: Uint8Array[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    parts.push(bytes.subarray(i, i + n));
    i += n;
  }
  return runIntoMemory((sink) => scoreStream(scorer, Readable.from(parts, { objectMode: false }), sink, options));
}

/** A scoring call writing to a sink in memory: what it wrote, and its row count or its error (as `shape` gives it). */
export async function runIntoMemory(
  call: (sink: Writable) => Promise<{ rows: number }>, shape: (error: unknown) => unknown = (error) => error,
): Promise<StreamRun> {
  const out: Buffer[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { out.push(Buffer.from(chunk)); cb(); } });
  try {
    const r = await call(sink);
    return { out: Buffer.concat(out).toString('latin1'), rows: r.rows };
  } catch (error) {
    return { out: Buffer.concat(out).toString('latin1'), error: shape(error) };
  }
}

/** The same run with the wasm CSV reader off: the JavaScript reader and `scoreLines`, the paths the fast ones must match. */
export async function scoreInPiecesByJavaScript(scorer: Classifier, bytes: Uint8Array, sizes: readonly number[], options: ScoreStreamOptions): Promise<StreamRun> {
  const was = setCsvWasmReader(false);
  try {
    return await scoreInPieces(scorer, bytes, sizes, options);
  } finally {
    setCsvWasmReader(was);
  }
}

/** An error as the tests compare it: code, message and where for a CreditkitError, its text otherwise. */
export function errorShape(e: unknown): unknown {
  return e instanceof CreditkitError ? { code: e.code, message: e.message, where: e.where } : String(e);
}

/**
 * 500 rows of columns a, b, c (seeded): a in [-2, 2) sets the default
 * probability 1 / (1 + e^-a), b is an integer below 50, c is noise.
 */
export function abcTrainingSet(seed: number): { data: Dataset; y: Float64Array } {
  const rng = new Random(seed);
  const lines = ['a,b,c'];
  const y = new Float64Array(500);
  for (let i = 0; i < 500; i++) {
    const a = rng.next() * 4 - 2;
    lines.push(`${a},${Math.floor(rng.next() * 50)},${rng.next()}`);
    y[i] = rng.next() < 1 / (1 + Math.exp(-a)) ? 1 : 0;
  }
  return { data: parseCsv(lines.join('\n')), y };
}
