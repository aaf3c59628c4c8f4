import { describe, expect, it } from 'vitest';
import { getRuntime, init } from '../../src/wasm/load.js';
import { Heap } from '../../src/wasm/heap.js';
import { ResidentCopies } from '../../src/wasm/residentCopies.js';
import { GradientBoostingClassifier } from '../../src/index.js';
import { makeCreditLike } from '../../bench/synthetic.js';

await init();
const { kernels, heap } = getRuntime();

const KiB = 1024;
function filled(bytes: number, v: number): Uint8Array {
  return new Uint8Array(bytes).fill(v);
}

describe('ResidentCopies', () => {
  it('copies an array in once and hands out the same pointer while it is kept', () => {
    const r = new ResidentCopies(new Heap(kernels), 64 * KiB);
    const a = filled(4 * KiB, 7);
    const p = r.acquire(a)!;
    r.release(a);
    expect(Array.from(heap.u8(p, 4))).toEqual([7, 7, 7, 7]);
    a[0] = 9; // written after it became resident: the copy is not refreshed (callers pass read-only tables)
    expect(r.acquire(a)).toBe(p);
    expect(heap.u8(p, 1)[0]).toBe(7);
    r.release(a);
    expect(r.residentBytes).toBe(4 * KiB);
  });

  it('frees the least recently used copies beyond the budget, never a pinned one', () => {
    const r = new ResidentCopies(new Heap(kernels), 10 * KiB);
    const [a, b, c, d] = [1, 2, 3, 4].map((v) => filled(4 * KiB, v));
    r.acquire(a); r.release(a);
    r.acquire(b); r.release(b);
    r.acquire(a); r.release(a); // a is now more recent than b
    const pc = r.acquire(c)!; r.release(c); // 12 KiB > 10: b goes
    expect(r.residentBytes).toBe(8 * KiB);
    const pa = r.acquire(a)!; // pinned
    r.acquire(d); r.release(d); // c is least recent and unpinned: it goes, a stays
    expect(r.residentBytes).toBe(8 * KiB);
    expect(r.acquire(a)).toBe(pa);
    r.release(a); r.release(a);
    // b and c were freed: acquiring them copies them in again, with their own bytes
    const pb = r.acquire(b)!;
    expect(heap.u8(pb, 1)[0]).toBe(2);
    r.release(b);
    const pc2 = r.acquire(c)!;
    expect(heap.u8(pc2, 1)[0]).toBe(3);
    r.release(c);
    expect(pc).toBeGreaterThan(0);
  });

  it('goes over the budget only while copies are pinned, and clear frees the unpinned', () => {
    const r = new ResidentCopies(new Heap(kernels), 8 * KiB);
    const [a, b, c] = [1, 2, 3].map((v) => filled(4 * KiB, v));
    r.acquire(a); r.acquire(b); r.acquire(c); // all pinned: 12 KiB held
    expect(r.residentBytes).toBe(12 * KiB);
    r.release(a); r.release(b);
    r.clear();
    expect(r.residentBytes).toBe(4 * KiB); // c is still pinned
    r.release(c);
    r.clear();
    expect(r.residentBytes).toBe(0);
  });

  it('does not keep an array larger than the budget', () => {
    const r = new ResidentCopies(new Heap(kernels), 8 * KiB);
    expect(r.acquire(filled(9 * KiB, 1))).toBeNull();
    expect(r.residentBytes).toBe(0);
  });
});

describe('Scope.resident', () => {
  it('pins for the scope and falls back to a scoped copy when the array is too large', () => {
    const big = new Uint8Array(heap.residents.budget + 16);
    big[0] = 5;
    const small = filled(2 * KiB, 6);
    heap.scoped((s) => {
      const p = s.resident(small);
      const q = s.resident(big);
      expect(heap.u8(p, 1)[0]).toBe(6);
      expect(heap.u8(q, 1)[0]).toBe(5);
    });
    heap.residents.clear();
    // after the scope the small copy was released: clear could free it
    heap.scoped((s) => expect(heap.u8(s.resident(small), 1)[0]).toBe(6));
  });

  it('a model predicts the same with its tables resident, copied in again after clear, or beside another model\'s', () => {
    const { X, y } = makeCreditLike(3000, 12, 3);
    const fit = (seed: number) => new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 5, seed, subsample: 0.8 }).fit(X, y);
    const m1 = fit(1);
    const first = m1.predictProba(X);
    expect(heap.residents.residentBytes).toBeGreaterThan(0);
    expect(Array.from(m1.predictProba(X))).toEqual(Array.from(first));
    heap.residents.clear();
    expect(Array.from(m1.predictProba(X))).toEqual(Array.from(first));
    const m2 = fit(2);
    const second = m2.predictProba(X);
    expect(Array.from(second)).not.toEqual(Array.from(first));
    for (let i = 0; i < 3; i++) {
      expect(Array.from(m1.predictProba(X.take([5, 6, 7])))).toEqual([first[5], first[6], first[7]]);
      expect(Array.from(m2.predictProba(X.take([5])))).toEqual([second[5]]);
    }
  });
});
