import { SpareBuffers } from './spareBuffers.js';

/**
 * Memory for the output lines of the blocks being written: at most `size`
 * blocks are in the sink's hands at a time (a block is released when the sink
 * is done with it: its write callback), and, when the sink lets go of a
 * chunk once it has called back (`reuse`: a file), their buffers are reused
 * instead of a fresh allocation per block (see SpareBuffers).
 */
export class OutputRing {
  private readonly spare: SpareBuffers;
  private inFlight = 0;
  private wake: (() => void) | null = null;

  constructor(private readonly size: number, private readonly reuse: boolean) {
    this.spare = new SpareBuffers(size, 3);
  }

  /** Resolves when fewer than `size` blocks are in flight. */
  async ready(): Promise<void> {
    while (this.inFlight >= this.size) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** `n` bytes for a block's lines, in flight until `release`d. */
  readonly take = (n: number): Uint8Array => {
    this.inFlight++;
    return this.spare.take(n);
  };

  /** The sink is done with a block's lines. */
  release(bytes: Uint8Array): void {
    this.inFlight--;
    if (this.reuse) this.spare.give(bytes.buffer as ArrayBuffer);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
