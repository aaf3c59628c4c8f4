/**
 * Where each range of a file starts in rows and line ends, published by the
 * calling thread as the ranges before it are counted, and awaited by the
 * worker that scores the range when its output numbers the rows. Shared
 * memory, so a worker waits in the middle of its task (Atomics.wait) while the
 * other workers count the ranges before; ranges use slot k mod SLOTS, free
 * again once range k is written (far fewer ranges are ever in flight).
 */

/** The shared memory, sent to each worker in its init message. */
export interface RangeStartsMemory {
  /** Int32 per slot: k + 1 once range k's start is published, DROPPED when ranges are given up. */
  published: SharedArrayBuffer;
  /** Float64 pairs per slot: rows and line ends before the range. */
  values: SharedArrayBuffer;
}

const SLOTS = 1024;
const DROPPED = -1;

export class RangeStarts {
  private readonly published: Int32Array;
  private readonly values: Float64Array;

  constructor(readonly memory: RangeStartsMemory = { published: new SharedArrayBuffer(4 * SLOTS), values: new SharedArrayBuffer(16 * SLOTS) }) {
    this.published = new Int32Array(memory.published);
    this.values = new Float64Array(memory.values);
  }

  /** The most ranges that may be in flight (dispatched and not yet written) at once. */
  static readonly capacity = SLOTS - 1;

  /** Publishes range k's start (the calling thread). */
  publish(k: number, rows: number, lineEnds: number): void {
    const slot = k % SLOTS;
    this.values[2 * slot] = rows;
    this.values[2 * slot + 1] = lineEnds;
    Atomics.store(this.published, slot, k + 1);
    Atomics.notify(this.published, slot);
  }

  /** Wakes every waiting worker with `null`: no more range will be published. */
  dropAll(): void {
    for (let slot = 0; slot < SLOTS; slot++) {
      Atomics.store(this.published, slot, DROPPED);
      Atomics.notify(this.published, slot);
    }
  }

  /** Range k's start once published (a worker: blocks until then), or null when ranges were given up. */
  wait(k: number): { rows: number; lineEnds: number } | null {
    const slot = k % SLOTS;
    for (;;) {
      const v = Atomics.load(this.published, slot);
      if (v === k + 1) return { rows: this.values[2 * slot], lineEnds: this.values[2 * slot + 1] };
      if (v === DROPPED) return null;
      Atomics.wait(this.published, slot, v);
    }
  }
}
