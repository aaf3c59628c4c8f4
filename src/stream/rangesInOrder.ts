import type { CsvBlockPool } from './csvBlockPool.js';
import { RangeStarts } from './rangeStarts.js';

/** Ranges each worker holds (one being read, one next). */
const RANGES_PER_WORKER = 2;

/**
 * A file's ranges 0..nRanges−1 (csvFileRanges.ts) handed out in order to the
 * pool's workers (`there`) and to this thread (`here`, synchronous), and their
 * outcomes given back in range order. This thread takes the next range
 * whenever the one due next is not ready: from the start, while the workers
 * start (`starting`), and after, as one more reader. At most a few ranges per
 * thread are out at once, so the outcomes waiting for their turn stay few.
 *
 * `there` must not reject (it answers a failure as an outcome). Leaving the
 * loop early leaves the workers' ranges to finish: the caller wakes any
 * worker waiting for a range's start (RangeStarts.dropAll) and closes or
 * reuses the pool.
 */
export async function* rangesInOrder<T>(
  nRanges: number,
  threads: number,
  starting: Promise<CsvBlockPool>,
  here: (k: number) => T,
  there: (pool: CsvBlockPool, k: number) => Promise<T>,
): AsyncGenerator<T, void, undefined> {
  let pool: CsvBlockPool | undefined;
  let wake: () => void = () => undefined;
  starting.then((p) => {
    pool = p;
    wake();
  }, () => wake());
  const settled = new Map<number, T>();
  const inWorkers = new Map<number, Promise<void>>();
  // Room for this thread to read ahead while a worker is slow (descheduled on a busy machine): outcomes are small.
  const maxAhead = Math.min(RangeStarts.capacity, 16 * threads);
  let next = 0;
  let due = 0;
  while (due < nRanges) {
    while (pool !== undefined && next < nRanges && next - due < maxAhead && pool.inHand < RANGES_PER_WORKER * pool.size) {
      const k = next++;
      inWorkers.set(k, there(pool, k).then((o) => void settled.set(k, o)));
    }
    if (settled.has(due)) {
      const outcome = settled.get(due)!;
      settled.delete(due);
      inWorkers.delete(due);
      due++;
      yield outcome;
      continue;
    }
    if (next < nRanges && next - due < maxAhead) {
      const k = next++;
      settled.set(k, here(k));
      await new Promise<void>((resolve) => setImmediate(resolve)); // let the workers' messages in
      continue;
    }
    const waited = [new Promise<void>((resolve) => (wake = resolve))];
    const dueInWorker = inWorkers.get(due);
    if (dueInWorker !== undefined) waited.push(dueInWorker);
    await Promise.race(waited);
  }
}
