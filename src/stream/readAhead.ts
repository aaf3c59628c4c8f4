import type { ByteSource } from './csvChunks.js';

/**
 * `source` read ahead of its consumer: its pieces are pulled as soon as they
 * arrive, up to `maxBytes` held, so the reads (a file stream's, one read in
 * flight at a time) go on while the consumer computes between its awaits,
 * instead of starting when it asks. Order, end and errors are the source's
 * (an error is thrown after the pieces read before it); returning early
 * returns the source. A web ReadableStream is given as it is.
 */
export function readAhead(source: ByteSource, maxBytes: number): ByteSource {
  if (!(Symbol.asyncIterator in source) || typeof (source as ReadableStream).getReader === 'function') return source;
  return { [Symbol.asyncIterator]: () => new ReadAhead(source[Symbol.asyncIterator](), maxBytes) };
}

class ReadAhead implements AsyncIterator<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private held = 0;
  private ended = false;
  private failure: { error: unknown } | null = null;
  private pumping = false;
  private wake: (() => void) | null = null;

  constructor(private readonly source: AsyncIterator<Uint8Array>, private readonly maxBytes: number) {
    void this.pump();
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    while (this.queue.length === 0) {
      if (this.failure !== null) throw this.failure.error;
      if (this.ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const piece = this.queue.shift()!;
    this.held -= piece.length;
    void this.pump();
    return { done: false, value: piece };
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    this.ended = true;
    this.queue.length = 0;
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  /** Pulls pieces until `maxBytes` are held or the source ends (one pull loop at a time). */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.ended && this.held < this.maxBytes) {
        const r = await this.source.next();
        if (this.ended) break; // returned meanwhile
        if (r.done) {
          this.ended = true;
          break;
        }
        this.queue.push(r.value);
        this.held += r.value.length;
        this.notify();
      }
    } catch (error) {
      this.failure = { error };
      this.ended = true;
    }
    this.pumping = false;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
