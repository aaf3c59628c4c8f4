import { CreditkitError } from '../errors.js';

/**
 * Operating-system errors on a user's file, as coded errors naming the file:
 * one mapping for reading and one for writing. Errors that are not from the
 * operating system (no errno code) pass through unchanged.
 */

/** What the common errno codes mean, in the user's words. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is too large',
  ENAMETOOLONG: 'the file name is too long',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'the file is busy',
  EXDEV: 'the temporary file and the file are on different file systems',
};

function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof (e as NodeJS.ErrnoException).syscall === 'string' ? code : undefined;
}

function reason(code: string): string {
  return `${REASONS[code] ?? 'the operating system refused'} (${code})`;
}

/** An operating-system error in the user's words with its errno code, e.g. "no space left on the device (ENOSPC)". */
export function osErrorReason(e: unknown): string {
  const code = errnoCode(e);
  return code !== undefined ? reason(code) : String((e as Error)?.message ?? e);
}

/** A failed read of `path`: E_FILE_NOT_FOUND, E_FILE_IS_DIRECTORY or E_FILE_READ; `what` names the file's role. */
export function readFileError(e: unknown, path: string, what = 'file'): unknown {
  const code = errnoCode(e);
  if (code === undefined) return e;
  if (code === 'ENOENT') return new CreditkitError('E_FILE_NOT_FOUND', `no such ${what}`, { file: path });
  if (code === 'EISDIR') return isDirectoryError(path, what);
  return new CreditkitError('E_FILE_READ', `cannot read this ${what}: ${reason(code)}`, { file: path });
}

/**
 * A failed write of `path` (the file it was to replace is unchanged: writes go
 * through a temporary file): E_FILE_NOT_FOUND (no such folder),
 * E_FILE_IS_DIRECTORY or E_FILE_WRITE.
 */
export function writeFileError(e: unknown, path: string): unknown {
  const code = errnoCode(e);
  if (code === undefined) return e;
  if (code === 'ENOENT') return new CreditkitError('E_FILE_NOT_FOUND', 'cannot write here: no such folder', { file: path });
  if (code === 'EISDIR') return isDirectoryError(path, 'output file');
  return new CreditkitError('E_FILE_WRITE', `cannot write: ${reason(code)}; nothing was written`, { file: path });
}

export function isDirectoryError(path: string, what: string): CreditkitError {
  return new CreditkitError('E_FILE_IS_DIRECTORY', `this is a folder, not a ${what}`, { file: path });
}
