import type { CsvBlock } from './plainCsvSplitter.js';

/**
 * A pool of workers that read CSV blocks (CsvBlockPool on worker threads,
 * WebCsvPool on Web Workers): each answer comes with the block's input, which
 * was moved to the worker and back.
 */
export interface BlockRunner<O extends { input: string | Uint8Array }> {
  run(block: CsvBlock): Promise<O>;
}

/**
 * Each block with what a worker made of it, in input order, with up to
 * `inFlight` blocks in the workers' hands. An error of the block source is
 * thrown after the blocks before it have been yielded (one of them may hold an
 * error the one-thread path meets first). Each block comes back with its
 * input (moved to a worker and back): a failed one for the caller to read
 * again, the others for `buffers` to reuse once the caller is done with them.
 */
export async function* blocksOnThreads<O extends { input: string | Uint8Array }>(
  blocks: AsyncIterable<CsvBlock>,
  pool: BlockRunner<O>,
  inFlight: number,
): AsyncGenerator<{ block: CsvBlock; outcome: O }, void, undefined> {
  const queue: { block: CsvBlock; outcome: Promise<O> }[] = [];
  const head = async (): Promise<{ block: CsvBlock; outcome: O }> => {
    const h = queue.shift()!;
    const outcome = await h.outcome;
    return { block: { ...h.block, input: outcome.input }, outcome };
  };
  const source = blocks[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<CsvBlock>;
      try {
        next = await source.next();
      } catch (e) {
        while (queue.length > 0) yield await head();
        throw e;
      }
      if (next.done) break;
      const outcome = pool.run(next.value);
      outcome.catch(() => undefined); // handled when the block reaches the head of the queue
      queue.push({ block: next.value, outcome });
      while (queue.length >= inFlight) yield await head();
    }
    while (queue.length > 0) yield await head();
  } finally {
    await source.return?.(undefined);
  }
}
