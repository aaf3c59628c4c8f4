import { CreditkitError } from '../errors.js';

/**
 * Writes a file so that readers see either the old content or the complete
 * new one, never a partial file: the data goes to a temporary file in the same
 * directory (a rename is atomic only within one file system), is flushed to
 * disk, then renamed over `path`. On error the temporary file is removed.
 * Node only; node modules are imported lazily like in `readCsvFile`.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const fs = await import('node:fs/promises');
  const { dirname, basename, join } = await import('node:path');
  const { randomBytes } = await import('node:crypto');
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(temp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, path);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') {
      throw new CreditkitError('E_FILE_NOT_FOUND', `cannot write here: no such directory "${dir}"`, { file: path });
    }
    throw e;
  }
}

/** A file being written atomically: `stream` goes to a temporary file until `commit()`. */
export interface AtomicWriter {
  /** A Node Writable on the temporary file. */
  readonly stream: import('node:fs').WriteStream;
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
  const fs = await import('node:fs');
  const { dirname, basename, join } = await import('node:path');
  const { randomBytes } = await import('node:crypto');
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // `flush`: the file is fsynced before it is closed, so the rename publishes complete data.
  const stream = fs.createWriteStream(temp, { flags: 'wx', flush: true, highWaterMark: 1 << 20 });
  let streamError: unknown;
  stream.on('error', (e) => (streamError ??= e));
  await new Promise<void>((resolve) => {
    stream.once('ready', resolve);
    stream.once('error', () => resolve());
  });
  if (streamError !== undefined) {
    if ((streamError as NodeJS.ErrnoException)?.code === 'ENOENT') {
      throw new CreditkitError('E_FILE_NOT_FOUND', `cannot write here: no such directory "${dir}"`, { file: path });
    }
    throw streamError;
  }
  let state: 'open' | 'committed' | 'aborted' = 'open';
  const closed = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (stream.closed) return streamError !== undefined ? reject(streamError) : resolve();
      stream.once('close', () => (streamError !== undefined ? reject(streamError) : resolve()));
    });
  const abort = async (): Promise<void> => {
    if (state !== 'open') return;
    state = 'aborted';
    if (!stream.closed) {
      const done = new Promise<void>((resolve) => stream.once('close', () => resolve()));
      stream.destroy();
      await done;
    }
    await fs.promises.rm(temp, { force: true });
  };
  return {
    stream,
    abort,
    async commit() {
      if (state !== 'open') throw new CreditkitError('E_OPTION', `the atomic writer of ${path} is already ${state}`);
      try {
        if (streamError !== undefined) throw streamError;
        if (!stream.writableEnded) stream.end();
        await closed();
        await fs.promises.rename(temp, path);
        state = 'committed';
      } catch (e) {
        await abort();
        throw e;
      }
    },
  };
}
