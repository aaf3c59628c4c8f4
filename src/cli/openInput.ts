import { isDirectoryError, readFileError } from '../core.js';
import { createReadStream, fstat, type ReadStream } from 'node:fs';

/**
 * A read stream on a data file, opened in 1 MiB pieces. A missing file is
 * E_FILE_NOT_FOUND, a folder E_FILE_IS_DIRECTORY (opening one succeeds; only
 * reading it would fail), other refusals E_FILE_READ.
 */
export async function openInput(path: string): Promise<ReadStream> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', resolve);
    stream.once('error', (e) => reject(readFileError(e, path)));
  });
  const isFolder = await new Promise<boolean>((resolve) => fstat((stream as unknown as { fd: number }).fd, (e, s) => resolve(!e && s.isDirectory())));
  if (isFolder) {
    stream.destroy();
    throw isDirectoryError(path, 'file');
  }
  return stream;
}
