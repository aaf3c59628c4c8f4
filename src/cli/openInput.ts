import { createReadStream, type ReadStream } from 'node:fs';
import { fileError } from '../data/csvFile.js';

/** A read stream on a data file, opened in 1 MiB pieces (a missing file is E_FILE_NOT_FOUND). */
export async function openInput(path: string): Promise<ReadStream> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', resolve);
    stream.once('error', (e) => reject(fileError(e, path)));
  });
  return stream;
}
