// What the worker pools (scoring, CSV blocks) share: starting workers with an
// init message, and matching each reply to the request that asked for it.
type NodeWorker = import('node:worker_threads').Worker;

/**
 * Sends each worker its init message (`init(k)` for worker k) and waits until
 * every one has answered once (its "ready"). If one fails, all are
 * terminated and the error is rethrown.
 */
export async function initWorkers(workers: readonly NodeWorker[], init: (k: number) => unknown): Promise<void> {
  try {
    await Promise.all(workers.map((w, k) => new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
      w.postMessage(init(k));
    })));
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
}

/**
 * Requests in flight to worker threads, by id: each reply settles its own
 * promise, so a caller keeps input order by awaiting them in the order it
 * sent them; a failing worker rejects every request still open.
 */
export class PendingReplies<T> {
  private readonly pending = new Map<number, { resolve(value: T): void; reject(e: Error): void }>();
  private nextId = 0;

  /** A new request: its id (to send with it) and the promise its reply settles. */
  open(): { id: number; reply: Promise<T> } {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    return { id, reply };
  }

  /** Settles request `id` with a value or an error; false when no such request is open. */
  settle(id: number, outcome: { value: T } | { error: Error }): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    if ('error' in outcome) p.reject(outcome.error);
    else p.resolve(outcome.value);
    return true;
  }

  /** Rejects every open request with `e`. */
  failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
