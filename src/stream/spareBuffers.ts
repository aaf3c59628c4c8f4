/**
 * Buffers handed back once their bytes are used, taken again for later ones:
 * fresh memory costs a page fault per 4 KiB when first written (copying
 * blocks out into fresh memory was a tenth of the calling thread's time), and
 * garbage collection after.
 */
export class SpareBuffers {
  private readonly spare: ArrayBuffer[] = [];

  /** `max`: buffers kept at most; a new buffer gets n / 2^`slackShift` bytes of room beyond the n asked. */
  constructor(private readonly max: number, private readonly slackShift: number) {}

  /** `n` bytes (their content is whatever was there). */
  take(n: number): Uint8Array {
    const spare = this.spare;
    for (let k = 0; k < spare.length; k++) {
      const b = spare[k];
      if (b.byteLength < n) continue;
      // Taken out by moving the last one into its place (no array allocated per take).
      spare[k] = spare[spare.length - 1];
      spare.pop();
      return new Uint8Array(b, 0, n);
    }
    return new Uint8Array(new ArrayBuffer(n + (n >> this.slackShift)), 0, n);
  }

  /** A buffer whose bytes are no longer needed (dropped when `max` are kept already). */
  give(buffer: ArrayBuffer): void {
    if (this.spare.length < this.max) this.spare.push(buffer);
  }
}
