import { stat, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CreditkitError } from '../core.js';
import { STANDARD_STREAM } from './standardInput.js';

/** A file named on the command line, with the flag that named it (for messages). */
export interface FileArg {
  flag: string;
  path: string;
}

/** The files a command reads and the files it writes, as its flags name them. */
export interface CommandFiles {
  inputs: FileArg[];
  outputs: FileArg[];
  /** The output flags that may be `-`, standard output (not a file: neither checked here nor written atomically). */
  standardOutput?: string[];
}

/** The files named by these flags, for the flags that are given. */
export function fileArgs(values: Record<string, unknown>, ...flags: string[]): FileArg[] {
  return flags.flatMap((flag) => (typeof values[flag] === 'string' && values[flag] !== '' ? [{ flag, path: values[flag] as string }] : []));
}

/**
 * Refuses (E_USAGE) an output that is the same file as an input, or as
 * another output: writing it would destroy what is being read, or one
 * result would overwrite another. Runs before any work, so nothing is written.
 * `-` is standard input or output, not a file: one input at most, and an
 * output only where the command writes to standard output.
 */
export async function checkOutputsAreNew(files: CommandFiles): Promise<void> {
  const seen = new Map<string, FileArg>();
  const fromStdin = files.inputs.filter((f) => f.path === STANDARD_STREAM);
  if (fromStdin.length > 1) {
    throw new CreditkitError('E_USAGE', `${fromStdin.map((f) => `--${f.flag}`).join(' and ')} both read standard input ("-"); only one can`);
  }
  for (const out of files.outputs) {
    if (out.path === STANDARD_STREAM && !files.standardOutput?.includes(out.flag)) {
      throw new CreditkitError('E_USAGE', `--${out.flag} cannot be "-" (standard output) here: name a file`);
    }
  }
  const toStdout = files.outputs.filter((f) => f.path === STANDARD_STREAM);
  if (toStdout.length > 1) {
    throw new CreditkitError('E_USAGE', `${toStdout.map((f) => `--${f.flag}`).join(' and ')} both write standard output ("-"); only one can`);
  }
  for (const f of files.inputs) {
    if (f.path === STANDARD_STREAM) continue;
    const id = await fileIdentity(f.path);
    if (!seen.has(id)) seen.set(id, f);
  }
  for (const out of files.outputs) {
    if (out.path === STANDARD_STREAM) continue;
    const id = await fileIdentity(out.path);
    const other = seen.get(id);
    if (other) {
      const role = files.inputs.includes(other) ? 'an input' : 'another output';
      throw new CreditkitError('E_USAGE', `--${out.flag} "${out.path}" is the same file as --${other.flag} "${other.path}": refusing to overwrite ${role}; write to another file`);
    }
    seen.set(id, out);
  }
}

/**
 * What makes two paths one file: device and inode of an existing file (so
 * symlinks and hard links match), else the real path of its folder plus its name.
 */
async function fileIdentity(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `inode ${s.dev}:${s.ino}`;
  } catch {
    try {
      return `path ${join(await realpath(dirname(path)), basename(path))}`;
    } catch {
      return `path ${resolve(path)}`;
    }
  }
}
