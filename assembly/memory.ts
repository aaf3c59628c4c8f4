// The façade's allocator: the runtime's TLSF heap, nothing else allocates.

/** A 16-byte aligned block of `size` bytes (memory grows as needed). */
export function alloc(size: usize): usize {
  return heap.alloc(size);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}
