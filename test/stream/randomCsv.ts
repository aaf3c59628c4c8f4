import { Readable } from 'node:stream';
import { GradientBoostingClassifier, Random, parseCsv } from '../../src/index.js';

/**
 * Random CSVs for the tests that compare ways of reading (and scoring) CSV:
 * mostly plain (ASCII, no quotes, LF or CRLF) with something that is not
 * somewhere, cut into random byte pieces.
 */

export const SPOILERS = ['"q,1"', 'é', '\r', '\xff', '\0', 'x', '1,2,3,4,5,6', '', '\ufeff', ' 7 ', 'NA', '1e39'] as const;

/** A CSV of `nRows` rows: id, three numeric columns; LF or CRLF; maybe one spoiler somewhere. */
export function randomCsv(rng: Random, nRows: number): Uint8Array {
  const eol = rng.next() < 0.3 ? '\r\n' : '\n';
  const lines = ['id,a,b,c'];
  for (let i = 0; i < nRows; i++) {
    const cell = (): string => (rng.next() < 0.05 ? '' : String(Math.fround((rng.next() - 0.5) * 10 ** rng.int(6))));
    lines.push(`r${i},${cell()},${cell()},${cell()}`);
  }
  if (rng.next() < 0.7) {
    // The spoiler replaces a cell, a row, a line end, or stands before the header.
    const spoiler = SPOILERS[rng.int(SPOILERS.length)];
    const at = rng.int(lines.length);
    const where = rng.int(4);
    if (where === 0 && at > 0) lines[at] = lines[at].replace(/,[^,]*$/, `,${spoiler}`);
    else if (where === 1 && at > 0) lines[at] = spoiler;
    else if (where === 2) lines[at] += spoiler === '' ? eol : spoiler;
    else lines[at] = spoiler + lines[at];
  }
  let text = lines.join(eol);
  if (rng.next() < 0.8) text += eol;
  return latin1Bytes(text);
}

/** The text's code units as bytes where they fit one (so '\xff' is the byte 0xFF), UTF-8 otherwise. */
function latin1Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x100 && ch !== 'é') out.push(c);
    else out.push(...new TextEncoder().encode(ch));
  }
  return Uint8Array.from(out);
}

export function pieces(rng: Random, bytes: Uint8Array): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + rng.int(rng.next() < 0.5 ? 16 : 400);
    parts.push(Buffer.from(bytes.subarray(i, i + n)));
    i += n;
  }
  return Readable.from(parts, { objectMode: false });
}

/** An error as the tests compare it: code, message, where. */
export function described(e: unknown): unknown {
  const x = e as { code?: string; message?: string; where?: unknown };
  return { code: x.code, message: x.message, where: x.where };
}

/** A model on id,a,b,c's numeric columns. */
export function smallModel(): GradientBoostingClassifier {
  const rng = new Random(3);
  const lines = ['a,b,c'];
  const y: number[] = [];
  for (let i = 0; i < 600; i++) {
    const [a, b, c] = [rng.next() * 4 - 2, rng.next() * 10, rng.next()];
    lines.push(`${a},${b},${c}`);
    y.push(rng.next() < 1 / (1 + Math.exp(-(a + b / 5 - 1))) ? 1 : 0);
  }
  return new GradientBoostingClassifier({ nEstimators: 12, maxDepth: 3 }).fit(parseCsv(lines.join('\n')), Float64Array.from(y));
}

