import { CreditkitError } from '../errors.js';
import type { KernelExports } from './load.js';
import { ResidentCopies } from './residentCopies.js';

/**
 * Largest block the allocator hands out (the runtime's TLSF limit, 1 GiB less
 * its header, rounded down to 16 bytes); wasm32 memory holds 4 GiB in all.
 */
export const MAX_BLOCK_BYTES = 2 ** 30 - 16;

/**
 * The sole owner of wasm memory. Every block is allocated here and freed by
 * the code that allocated it (usually through a `Scope`).
 *
 * Views are never cached: `memory.grow` detaches the old ArrayBuffer, so a
 * view taken before an allocation may be dead after it. Each accessor builds a
 * fresh view over the current buffer; take views after the last allocation of
 * a step and copy results out before returning.
 */
export class Heap {
  private readonly k: KernelExports;
  /** Read-only model tables kept in wasm between calls (`Scope.resident`). */
  readonly residents: ResidentCopies;

  constructor(kernels: KernelExports) {
    this.k = kernels;
    this.residents = new ResidentCopies(this);
  }

  /** Bytes of linear memory currently reserved (grows, never shrinks). */
  get byteLength(): number {
    return this.k.memory.buffer.byteLength;
  }

  /**
   * A block of `bytes` bytes. The size is checked here, in doubles (a size
   * beyond 32 bits would wrap in the kernel's usize); an allocation the
   * module cannot serve (memory cannot grow: the runtime's abort is a trap)
   * is an E_WASM_MEMORY error. The allocator changes nothing before it
   * grows memory, so it stays usable after such a failure.
   */
  alloc(bytes: number): number {
    // TLSF rejects zero-size blocks; a 16-byte minimum keeps every pointer valid.
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    if (!(size <= MAX_BLOCK_BYTES)) throw outOfMemory(bytes);
    let ptr: number;
    try {
      ptr = this.k.alloc(size);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw outOfMemory(bytes);
      throw e;
    }
    if (ptr === 0) throw outOfMemory(bytes);
    return ptr;
  }

  free(ptr: number): void {
    if (ptr !== 0) this.k.free(ptr);
  }

  u8(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.k.memory.buffer, ptr, length);
  }

  i8(ptr: number, length: number): Int8Array {
    return new Int8Array(this.k.memory.buffer, ptr, length);
  }

  u32(ptr: number, length: number): Uint32Array {
    return new Uint32Array(this.k.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.k.memory.buffer, ptr, length);
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, length);
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, ptr, length);
  }

  /** Runs `body` with a scope whose blocks are all freed when it returns or throws. */
  scoped<T>(body: (scope: Scope) => T): T {
    const scope = new Scope(this);
    try {
      return body(scope);
    } finally {
      scope.freeAll();
    }
  }
}

function outOfMemory(bytes: number): CreditkitError {
  const mib = Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : String(bytes);
  return new CreditkitError('E_WASM_MEMORY', `creditkit.wasm cannot allocate ${mib} (blocks up to ${MAX_BLOCK_BYTES / 2 ** 20 | 0} MiB, 4 GiB in all): use smaller blocks of rows or a smaller model`);
}

/** A set of allocations freed together. */
export class Scope {
  private readonly heap: Heap;
  private readonly blocks: number[] = [];
  private readonly pinned: ArrayBufferView[] = [];

  constructor(heap: Heap) {
    this.heap = heap;
  }

  alloc(bytes: number): number {
    const ptr = this.heap.alloc(bytes);
    this.blocks.push(ptr);
    return ptr;
  }

  /** Allocates and copies a typed array in; returns the pointer. */
  copyIn(data: ArrayBufferView): number {
    const ptr = this.alloc(data.byteLength);
    this.heap.u8(ptr, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return ptr;
  }

  /**
   * The pointer of `data` kept in wasm between calls (Heap.residents), pinned
   * while this scope lives; a copy in this scope when it is too large to keep.
   * Only for arrays that are never written after they are built (model tables).
   */
  resident(data: ArrayBufferView): number {
    const ptr = this.heap.residents.acquire(data);
    if (ptr === null) return this.copyIn(data);
    this.pinned.push(data);
    return ptr;
  }

  freeAll(): void {
    for (let i = this.blocks.length - 1; i >= 0; i--) this.heap.free(this.blocks[i]);
    this.blocks.length = 0;
    for (const data of this.pinned) this.heap.residents.release(data);
    this.pinned.length = 0;
  }
}
