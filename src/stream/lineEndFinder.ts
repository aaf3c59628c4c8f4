import { loadedRuntime } from '../wasm/load.js';
import { PLAIN_FOREIGN, PLAIN_LONE_CR } from '../wasm/layout.js';

export { PLAIN_FOREIGN, PLAIN_LONE_CR };

/**
 * A piece of CSV bytes scanned in wasm, in one copy: whether it is plain
 * (plainBytes: no quote, NUL, byte ≥ 0x80 or lone CR) and where its LFs are
 * (lineEnds, SIMD) — for the plain splitter, which searched with one Buffer
 * indexOf call per line (about 100 ns a line spent in the call on 300-byte
 * lines) and four more passes per piece. Without a loaded wasm module `scan`
 * answers -1 and the caller searches as before.
 */
export class LineEndFinder {
  /** The LF offsets in the piece of the last `scan` that answered 0 (relative to the piece), `count` of them. */
  ends = new Uint32Array(0);
  count = 0;

  /**
   * The piece's PLAIN_FOREIGN | PLAIN_LONE_CR bits (a CR at its end is not
   * judged), and when they are 0 its line ends; -1 without a wasm module.
   */
  scan(piece: Uint8Array): number {
    const rt = loadedRuntime();
    if (rt === null) return -1;
    const len = piece.length;
    const { heap, kernels } = rt;
    return heap.scoped((scope) => {
      const text = scope.alloc(len + 16);
      heap.u8(text, len).set(piece);
      const bits = kernels.plainBytes(text, len);
      if (bits !== 0) return bits;
      const out = scope.alloc(4 * len);
      const n = kernels.lineEnds(text, len, out, len);
      if (this.ends.length < n) this.ends = new Uint32Array(Math.max(n, 2 * this.ends.length));
      this.ends.set(heap.u32(out, n));
      this.count = n;
      return 0;
    });
  }
}
