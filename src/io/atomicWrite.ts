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
