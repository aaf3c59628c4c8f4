import type { Runtime } from './load.js';
import { SHORTEST_DOUBLE_MAX_BYTES } from './layout.js';

/** Values formatted per kernel call: bounds the wasm buffers (34 bytes a value). */
const CHUNK_VALUES = 1 << 16;

/**
 * The lines String(values[i]) + "\n" as ASCII bytes, written by the wasm
 * kernel (assembly/shortestDouble.ts: the same bytes as String(x) for every
 * double). The façade to test and measure the kernel; the CSV scorer calls
 * writeShortestDouble from wasm directly.
 * @internal
 */
export function formatDoubleLines(rt: Runtime, values: Float64Array): Uint8Array {
  const { heap, kernels } = rt;
  const lineBytes = SHORTEST_DOUBLE_MAX_BYTES + 1;
  const out = new Uint8Array(values.length * lineBytes);
  let o = 0;
  heap.scoped((scope) => {
    const chunk = Math.min(values.length, CHUNK_VALUES);
    const valuesPtr = scope.alloc(8 * chunk);
    const textPtr = scope.alloc(lineBytes * chunk);
    for (let start = 0; start < values.length; start += chunk) {
      const n = Math.min(chunk, values.length - start);
      heap.f64(valuesPtr, n).set(values.subarray(start, start + n));
      const bytes = kernels.formatDoubleLines(valuesPtr, n, textPtr);
      out.set(heap.u8(textPtr, bytes), o);
      o += bytes;
    }
  });
  return out.subarray(0, o);
}
