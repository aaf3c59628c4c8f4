import type { ByteSource } from './csvChunks.js';

/**
 * The byte pieces of a Node stream, any async iterable (strings as UTF-8), or
 * a web ReadableStream, as they come. Leaving early cancels a web stream.
 */
export async function* bytePieces(input: ByteSource): AsyncGenerator<Uint8Array> {
  if (isWebReadable(input)) {
    const reader = input.getReader();
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }
  for await (const b of input as AsyncIterable<Uint8Array | string>) {
    yield typeof b === 'string' ? new TextEncoder().encode(b) : b;
  }
}

function isWebReadable(x: ByteSource): x is ReadableStream<Uint8Array> {
  return typeof (x as ReadableStream).getReader === 'function';
}

/** The pieces `held` (empty ones skipped), then those `source` has not given yet. */
export async function* heldThenRest(held: readonly Uint8Array[], source: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const b of held) if (b.length > 0) yield b;
  for (let r = await source.next(); !r.done; r = await source.next()) yield r.value;
}

/** The pieces one after the other, in one array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
