import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real full and read-only file systems for tests: a small tmpfs mounted for the
 * test. Only root may mount, so these tests are guarded by IS_ROOT (the
 * developers' machines and CI run as root); elsewhere they show as skipped.
 */
export const IS_ROOT = process.getuid?.() === 0;

export interface Mount {
  dir: string;
  cleanup(): void;
}

/** A tmpfs with these mount options (e.g. "size=64k" or "ro"). */
export function mountTmpfs(options: string): Mount {
  const dir = mkdtempSync(join(tmpdir(), 'creditkit-mnt-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  return {
    dir,
    cleanup() {
      execFileSync('umount', ['-l', dir]);
      rmdirSync(dir);
    },
  };
}

/** Remounts a mounted tmpfs read-only (files written before stay readable). */
export function remountReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir]);
}
