/** Marks a Node Writable whose writes are done with their chunk when they call back (see `releasesChunks`). */
export const RELEASES_CHUNKS = Symbol.for('creditkit.releasesChunks');

/**
 * Whether `output` is done with a chunk once its write has called back, so
 * the chunk's memory may be reused: a stream marked RELEASES_CHUNKS (the
 * atomic file writer) or a file stream of node:fs. Not in general — a
 * PassThrough hands the very chunk on to its reader — so other sinks get a
 * fresh buffer per block.
 */
export function releasesChunks(output: object): boolean {
  const o = output as { [RELEASES_CHUNKS]?: boolean; bytesWritten?: unknown; path?: unknown; pending?: unknown; constructor?: { name?: string } };
  if (o[RELEASES_CHUNKS] === true) return true;
  return o.constructor?.name === 'WriteStream' && typeof o.bytesWritten === 'number' && o.path !== undefined;
}
