import { readFile } from 'node:fs/promises';

/**
 * The package's version, read from its package.json at run time. This file
 * sits two folders below the package root both as a source (src/cli/) and
 * compiled (dist/cli/), so one relative URL serves both.
 */
export async function packageVersion(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}
