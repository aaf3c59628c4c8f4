import type { ByteSource } from './csvChunks.js';

/**
 * The path of a Node `fs.ReadStream` that is really a whole regular file not
 * read from yet, or null: scoring on threads then reads the file's byte
 * ranges on each thread (scoreCsvFile) instead of cutting the stream here.
 *
 * Only a stream made from a path and not opened yet qualifies (as
 * `createReadStream(path)` handed straight over is), with no `start` (or 0)
 * and no `end`: it would give the file's bytes from the first to the last,
 * which the ranges read too. One given a descriptor (`fd`, as `process.stdin`
 * redirected from a file is) reads from the descriptor's current offset, which
 * Node cannot ask for (it has no lseek): reading the file from byte 0 could
 * score bytes another reader of the descriptor already took, so it stays a
 * stream (and so does one already open: its descriptor cannot be told from a
 * given one). So does one with a text encoding set, one that has started
 * flowing or holds bytes, and one whose path is not a regular file now.
 */
export async function unreadFilePath(input: ByteSource): Promise<string | null> {
  const s = input as Partial<{
    path: unknown; fd: unknown; start: unknown; end: unknown; bytesRead: unknown; readableLength: unknown;
    readableFlowing: unknown; readableEncoding: unknown; destroyed: unknown; readableEnded: unknown;
  }>;
  // Duck-typed first, so that other inputs (web streams, generators, browsers) never load node:fs.
  if (typeof s.path !== 'string' || s.bytesRead !== 0 || s.readableLength !== 0) return null;
  if (s.readableFlowing !== null || s.readableEncoding !== null || s.destroyed !== false || s.readableEnded !== false) return null;
  if (!(s.start === undefined || s.start === 0) || s.end !== Infinity) return null;
  // Not open yet (it will open `path` and read from byte 0): a descriptor given to it, or one it opened, may be anywhere.
  if (s.fd !== null) return null;
  const fs = await import('node:fs');
  if (!(input instanceof fs.ReadStream)) return null;
  try {
    return fs.statSync(s.path).isFile() ? s.path : null;
  } catch {
    return null; // the stream gives its own error
  }
}
