import type { Heap } from './heap.js';

/**
 * Bytes of model tables kept in wasm memory between calls (per runtime). A
 * 100-tree depth-6 model's scoring tables take about 0.25 MB, so this holds
 * the tables of dozens of such models; the least recently used go first.
 */
export const RESIDENT_BUDGET_BYTES = 16 * 2 ** 20;

interface Entry {
  readonly ptr: number;
  readonly bytes: number;
  /** Scopes using the copy now: a pinned entry is never evicted. */
  pins: number;
}

/**
 * Read-only model tables (a forest's packed trees, its binning tables) copied
 * into wasm once and kept there, so scoring a few rows does not copy a whole
 * model in on every call (copying ~0.25 MB was most of a one-row predict).
 *
 * Keys are the typed arrays themselves: callers pass only arrays that are never
 * written after they are built. Entries are held strongly, in least-recently-used
 * order, up to `budget` bytes; beyond it the oldest unpinned ones are freed.
 * An array larger than the budget is not kept (the caller copies it per call).
 */
export class ResidentCopies {
  private readonly heap: Heap;
  /** Bytes kept at most while no copy is pinned. */
  readonly budget: number;
  /** Insertion order is use order: a used entry is deleted and set again. */
  private readonly entries = new Map<ArrayBufferView, Entry>();
  private bytes = 0;

  constructor(heap: Heap, budget = RESIDENT_BUDGET_BYTES) {
    this.heap = heap;
    this.budget = budget;
  }

  /** Bytes held now. */
  get residentBytes(): number {
    return this.bytes;
  }

  /**
   * The wasm pointer of `data`'s resident copy, pinned until `release`; null
   * when it is too large to keep.
   */
  acquire(data: ArrayBufferView): number | null {
    let entry = this.entries.get(data);
    if (entry) {
      this.entries.delete(data);
    } else {
      const bytes = data.byteLength;
      if (bytes > this.budget) return null;
      this.evict(this.budget - bytes);
      const ptr = this.heap.alloc(bytes);
      this.heap.u8(ptr, bytes).set(new Uint8Array(data.buffer, data.byteOffset, bytes));
      entry = { ptr, bytes, pins: 0 };
      this.bytes += bytes;
    }
    entry.pins++;
    this.entries.set(data, entry);
    return entry.ptr;
  }

  release(data: ArrayBufferView): void {
    const entry = this.entries.get(data);
    if (entry) entry.pins--;
  }

  /** Frees every unpinned copy (for tests and hosts that want the memory back). */
  clear(): void {
    this.evict(0);
  }

  /** Frees least recently used unpinned copies until at most `limit` bytes are held. */
  private evict(limit: number): void {
    for (const [data, entry] of this.entries) {
      if (this.bytes <= limit) return;
      if (entry.pins > 0) continue;
      this.entries.delete(data);
      this.heap.free(entry.ptr);
      this.bytes -= entry.bytes;
    }
  }
}
