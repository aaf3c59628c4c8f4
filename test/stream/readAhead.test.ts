import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/stream/readAhead.js';

/** A source of `n` pieces of `size` bytes (piece k filled with k), failing after `failAfter` pieces when given; it records its return. */
function source(n: number, size: number, failAfter?: number): { iterable: AsyncIterable<Uint8Array>; pulled(): number; returned(): boolean } {
  let pulled = 0;
  let returned = false;
  const iterable = {
    [Symbol.asyncIterator]: (): AsyncIterator<Uint8Array> => ({
      async next() {
        await new Promise((r) => setImmediate(r));
        if (failAfter !== undefined && pulled === failAfter) throw new Error('read failed');
        if (pulled === n) return { done: true, value: undefined };
        return { done: false, value: new Uint8Array(size).fill(pulled++) };
      },
      async return() {
        returned = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return { iterable, pulled: () => pulled, returned: () => returned };
}

async function drain(s: AsyncIterable<Uint8Array>): Promise<number[]> {
  const firsts: number[] = [];
  for await (const piece of s) firsts.push(piece[0]);
  return firsts;
}

describe('readAhead', () => {
  it('gives the pieces in order and pulls ahead of the consumer up to its limit', async () => {
    const s = source(20, 100);
    const ahead = readAhead(s.iterable, 450);
    const it = (ahead as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    expect((await it.next()).value![0]).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    // One piece taken, the pump holds up to 450 bytes: 5 more pulled, not all 20.
    expect(s.pulled()).toBe(6);
    const rest: number[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value[0]);
    expect(rest).toEqual(Array.from({ length: 19 }, (_, k) => k + 1));
  });

  it('throws the source error after the pieces read before it', async () => {
    const s = source(20, 10, 7);
    const firsts: number[] = [];
    await expect(async () => {
      for await (const piece of readAhead(s.iterable, 1000) as AsyncIterable<Uint8Array>) firsts.push(piece[0]);
    }).rejects.toThrow('read failed');
    expect(firsts).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('returns the source when the consumer stops early', async () => {
    const s = source(100, 10);
    for await (const piece of readAhead(s.iterable, 50) as AsyncIterable<Uint8Array>) if (piece[0] === 3) break;
    expect(s.returned()).toBe(true);
    expect(await drain(readAhead(source(3, 1).iterable, 1))).toEqual([0, 1, 2]);
  });
});
