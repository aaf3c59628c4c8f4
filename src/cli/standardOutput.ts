import { once } from 'node:events';
import { writeFileAtomic, modelFileText, openAtomicWriter, type Classifier } from '../core.js';
import type { CliIO } from './args.js';
import { isStandardStream } from './standardInput.js';

/**
 * Writes an output a flag names: the file, atomically, or standard output
 * for `-` (where the command's summary then goes to stderr, see `runCli`).
 */
export async function writeOutput(path: string, text: string, io: CliIO): Promise<void> {
  if (isStandardStream(path)) await writeStandardOutput(text, io);
  else await writeFileAtomic(path, text);
}

/** A model written as `saveModelFile` writes it, or to standard output for `-`. */
export async function writeModelOutput(path: string, model: Classifier, io: CliIO): Promise<void> {
  await writeOutput(path, modelFileText(model), io);
}

/** Text as it is (no line added) on standard output. */
export async function writeStandardOutput(text: string, io: CliIO): Promise<void> {
  await (io.write ? io.write(text) : writeProcessStdout(text));
}

/**
 * Writes to the process's standard output and, when its buffer is full, waits
 * until the reader has taken it (or the stream has failed or closed: a reader
 * that quit early must not hang the run). Without the wait a slow reader of a
 * long output (`explain --out - | ...`) made the whole output pile up in memory.
 */
export function writeProcessStdout(text: string): void | Promise<void> {
  const s = process.stdout;
  if (s.write(text) || s.destroyed || s.errored) return;
  return new Promise((resolve) => {
    const done = (): void => {
      s.off('drain', done).off('error', done).off('close', done);
      resolve();
    };
    s.on('drain', done).on('error', done).on('close', done);
  });
}

/** An output written piece by piece: a file committed atomically at the end, or standard output for `-`. */
export interface OutputWriter {
  write(text: string): Promise<void>;
  /** The file appears (renamed into place); nothing to do for standard output. */
  commit(): Promise<void>;
  /** Nothing is left behind (standard output keeps what was written: it is not atomic). */
  abort(): Promise<void>;
}

/** Opens `path` for writing piece by piece (see `OutputWriter`). */
export async function openOutput(path: string, io: CliIO): Promise<OutputWriter> {
  if (isStandardStream(path)) {
    return { write: (text) => writeStandardOutput(text, io), commit: async () => undefined, abort: async () => undefined };
  }
  const writer = await openAtomicWriter(path);
  return {
    async write(text) {
      const s = writer.stream;
      if (s.errored) throw s.errored;
      if (!s.write(text)) await once(s, 'drain');
    },
    commit: () => writer.commit(),
    abort: () => writer.abort(),
  };
}

/** An output flag's value as a summary line names it: the path, or "standard output" for `-`. */
export function outputName(path: string): string {
  return isStandardStream(path) ? 'standard output' : path;
}
