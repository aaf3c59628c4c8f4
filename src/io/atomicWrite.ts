import type { FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { RELEASES_CHUNKS } from './releasesChunks.js';
import { CreditkitError } from '../errors.js';
import { isDirectoryError, writeFileError } from './fileErrors.js';
import { trackTempFile, untrackTempFile } from './liveTempFiles.js';

/**
 * Atomic file writes: readers see either the old content or the complete new
 * one, never a partial file. The data goes to a temporary file in the same
 * folder (a rename is atomic only within one file system), is flushed to disk,
 * then renamed over the file. On error, or on a signal in the CLI, the
 * temporary file is removed. A symbolic link is written through (the link
 * stays, its target is replaced); a file being replaced keeps its permission
 * bits and, where the process may set it, its owner; a new file follows the
 * umask. Operating-system errors become coded errors naming the file
 * (`writeFileError`). Node only: node modules are imported lazily, so that
 * importing this module in a browser still works.
 */

/** The longest file name, in bytes, on the usual file systems. */
const NAME_MAX = 255;

/** Writes `data` to `path` atomically. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = await openTempFile(path);
  try {
    await temp.handle.writeFile(data);
    await temp.publish();
  } catch (e) {
    await temp.discard();
    throw writeFileError(e, path);
  }
}

/** A file being written atomically: `stream` goes to a temporary file until `commit()`. */
export interface AtomicWriter {
  /** A Node Writable on the temporary file; its errors are coded (`E_FILE_WRITE` naming the file). */
  readonly stream: Writable;
  /** Ends the stream if needed, flushes to disk and renames the file over its path. */
  commit(): Promise<void>;
  /** Discards the temporary file (safe to call after a failure, and more than once). */
  abort(): Promise<void>;
}

/**
 * The streaming counterpart of `writeFileAtomic`: write to `stream`, then
 * `commit()` (rename into place) or `abort()` (nothing is left behind).
 */
export async function openAtomicWriter(path: string): Promise<AtomicWriter> {
  const { Writable } = await import('node:stream');
  const { finished } = await import('node:stream/promises');
  const temp = await openTempFile(path);
  const fail = (e: unknown): Error => writeFileError(e, path) as Error;
  const stream = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _encoding, done) {
      writeAll(temp.handle, chunk).then(() => done(), (e) => done(fail(e)));
    },
    writev(chunks, done) {
      writeAll(temp.handle, Buffer.concat(chunks.map((c) => c.chunk as Buffer))).then(() => done(), (e) => done(fail(e)));
    },
  });
  // The error is reported by the write that failed and by commit(); without a listener it would crash the process.
  stream.on('error', () => undefined);
  // write and writev are done with their chunks when they call back: the chunks' memory may be reused.
  Object.defineProperty(stream, RELEASES_CHUNKS, { value: true });
  let state: 'open' | 'committed' | 'aborted' = 'open';
  const abort = async (): Promise<void> => {
    if (state !== 'open') return;
    state = 'aborted';
    stream.destroy();
    await temp.discard();
  };
  return {
    stream,
    abort,
    async commit() {
      if (state !== 'open') throw new CreditkitError('E_OPTION', `the atomic writer of ${path} is already ${state}`);
      try {
        if (stream.errored) throw stream.errored;
        if (!stream.writableEnded) stream.end();
        await finished(stream);
        await temp.publish();
        state = 'committed';
      } catch (e) {
        await abort();
        throw fail(e);
      }
    },
  };
}

/** A temporary file beside the file it will replace. */
interface TempFile {
  readonly handle: FileHandle;
  /** Flushes to disk, closes and renames over the file. */
  publish(): Promise<void>;
  /** Closes and removes the temporary file (never throws). */
  discard(): Promise<void>;
}

async function openTempFile(path: string): Promise<TempFile> {
  const fs = await import('node:fs');
  const { basename, dirname, join } = await import('node:path');
  const { randomBytes } = await import('node:crypto');
  const target = await fs.promises.realpath(path).catch(() => path);
  const existing = await fs.promises.stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw isDirectoryError(path, 'output file');
  if (existing && !existing.isFile()) {
    throw new CreditkitError('E_FILE_WRITE', 'cannot write: not a regular file (a device, pipe or socket); write to a file', { file: path });
  }
  // Caught before any work: only the final rename would find out otherwise.
  if (new TextEncoder().encode(basename(target)).length > NAME_MAX) {
    throw writeFileError(Object.assign(new Error('name too long'), { code: 'ENAMETOOLONG', syscall: 'open' }), path);
  }
  const temp = join(dirname(target), tempName(basename(target), randomBytes(6).toString('hex')));
  trackTempFile(temp, fs);
  let handle: FileHandle | undefined;
  let closed = false;
  const discard = async (): Promise<void> => {
    if (!closed) await handle?.close().catch(() => undefined);
    closed = true;
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    untrackTempFile(temp);
  };
  try {
    // Created with the permissions of the file it replaces (or 0666), less the umask, then set exactly.
    handle = await fs.promises.open(temp, 'wx', existing ? existing.mode & 0o777 : 0o666);
    if (existing) {
      // Only root (or the owner, for the group) may give a file away: best effort, as cp -p does.
      await handle.chown(existing.uid, existing.gid).catch(() => undefined);
      await handle.chmod(existing.mode & 0o777);
    }
  } catch (e) {
    await discard();
    throw writeFileError(e, path);
  }
  const opened = handle;
  return {
    handle: opened,
    discard,
    async publish() {
      await opened.sync();
      await opened.close();
      closed = true;
      await fs.promises.rename(temp, target);
      untrackTempFile(temp);
    },
  };
}

/** `.<name>.<hex>.tmp`, with `name` cut (at a character boundary) so the whole fits in NAME_MAX bytes. */
export function tempName(name: string, hex: string): string {
  const encoder = new TextEncoder();
  let room = NAME_MAX - encoder.encode(`..${hex}.tmp`).length;
  let kept = '';
  for (const ch of name) {
    room -= encoder.encode(ch).length;
    if (room < 0) break;
    kept += ch;
  }
  return `.${kept}.${hex}.tmp`;
}

/** Writes every byte (a write may take only part of them). */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, at, bytes.length - at);
    if (bytesWritten <= 0) throw new CreditkitError('E_FILE_WRITE', 'the file system accepted no bytes');
    at += bytesWritten;
  }
}
