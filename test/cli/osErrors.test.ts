// Operating-system refusals are coded errors naming the user's file (exit 2),
// never internal errors, and leave nothing behind.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IS_ROOT, mountTmpfs, remountReadOnly } from '../io/mounts.js';
import { cli, GERMAN, tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

describe('operating-system errors in the CLI', () => {
  const tmp = tempDir();
  const model = tmp.file('model.json');
  const folder = join(tmp.dir, 'folder');

  beforeAll(async () => {
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', model, '--n-estimators', '3', '--max-depth', '2');
    expect(r.code).toBe(0);
    mkdirSync(folder);
  });
  afterAll(() => tmp.cleanup());

  function expectCoded(r: { code: number; err: string }, code: string, file: string): void {
    expect(r.err).toContain(`[${code}]`);
    expect(r.err).toContain(file);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code).toBe(2);
  }

  it('a folder given as a file: E_FILE_IS_DIRECTORY for --data (streamed and whole), --model and --out', async () => {
    const out = join(tmp.dir, 'scores.csv');
    expectCoded(await cli('score', '--model', model, '--data', folder, '--out', out), 'E_FILE_IS_DIRECTORY', folder);
    expectCoded(await cli('train', '--data', folder, '--target', 'is_bad', '--out', out), 'E_FILE_IS_DIRECTORY', folder);
    expectCoded(await cli('score', '--model', folder, '--data', GERMAN, '--out', out), 'E_FILE_IS_DIRECTORY', folder);
    expectCoded(await cli('score', '--model', model, '--data', GERMAN, '--out', folder), 'E_FILE_IS_DIRECTORY', folder);
    expectCoded(await cli('convert', '--model', model, '--out', folder), 'E_FILE_IS_DIRECTORY', folder);
    expect(readdirSync(tmp.dir).sort()).toEqual(['folder', 'model.json']);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a long but legal output name is written; one past the limit is E_FILE_WRITE before any scoring', async () => {
    const long = join(tmp.dir, 's'.repeat(251) + '.csv');
    const ok = await cli('score', '--model', model, '--data', GERMAN, '--out', long);
    expect(ok.code).toBe(0);
    expect(readFileSync(long, 'utf8').split('\n')).toHaveLength(1002);
    const tooLong = join(tmp.dir, 't'.repeat(256));
    expectCoded(await cli('score', '--model', model, '--data', GERMAN, '--out', tooLong), 'E_FILE_WRITE', tooLong);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('permission denied: E_FILE_WRITE on a folder that cannot be written, E_FILE_READ on a file that cannot be read', async () => {
    const locked = join(tmp.dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const secret = tmp.file('secret.json', readFileSync(model, 'utf8'));
    chmodSync(secret, 0o200);
    chmodSync(tmp.dir, 0o755);
    chmodSync(model, 0o644);
    const out = join(locked, 'm.json');
    // Root ignores permissions: run the CLI as root without capabilities then.
    const write = await run(['convert', '--model', model, '--out', out]);
    expectCoded(write, 'E_FILE_WRITE', out);
    expect(write.err).toMatch(/permission denied \(EACCES\)/);
    const read = await run(['convert', '--model', secret, '--out', join(tmp.dir, 'copy.json')]);
    expectCoded(read, 'E_FILE_READ', secret);
    expect(readdirSync(locked)).toEqual([]);
  });

  describe.skipIf(!IS_ROOT)('as root, on a real full or read-only file system (a mounted tmpfs)', () => {
    it('disk full while scoring (streamed) and while saving a model: E_FILE_WRITE, exit 2, the folder as it was', async () => {
      const m = mountTmpfs('size=8k');
      try {
        const scores = join(m.dir, 'scores.csv');
        expectCoded(await cli('score', '--model', model, '--data', GERMAN, '--out', scores), 'E_FILE_WRITE', scores);
        expect(readdirSync(m.dir)).toEqual([]);
        fill(m.dir);
        const saved = join(m.dir, 'model.json');
        const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', saved, '--n-estimators', '2');
        expectCoded(r, 'E_FILE_WRITE', saved);
        expect(r.err).toMatch(/ENOSPC/);
        expect(readdirSync(m.dir)).toEqual(['filler']);
      } finally {
        m.cleanup();
      }
    });

    it('read-only file system: E_FILE_WRITE (EROFS), the old output intact', async () => {
      const m = mountTmpfs('size=64k');
      try {
        const out = join(m.dir, 'scores.csv');
        writeFileSync(out, 'old\n');
        remountReadOnly(m.dir);
        const r = await cli('score', '--model', model, '--data', GERMAN, '--out', out);
        expectCoded(r, 'E_FILE_WRITE', out);
        expect(r.err).toMatch(/read-only \(EROFS\)/);
        expect(readFileSync(out, 'utf8')).toBe('old\n');
      } finally {
        m.cleanup();
      }
    });
  });
});

/** Fills a small file system to the last byte. */
function fill(dir: string): void {
  const chunk = Buffer.alloc(1024);
  const path = join(dir, 'filler');
  writeFileSync(path, '');
  try {
    for (;;) writeFileSync(path, chunk, { flag: 'a' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
}

/**
 * The CLI in-process, or, when this process is root (whom permissions never
 * deny), in a child process that keeps uid 0 but drops every capability
 * (setpriv), so file modes apply to it while it can still read the checkout
 * wherever it lies (a user like "nobody" may not reach a private temp folder).
 */
async function run(args: string[]): Promise<{ code: number; err: string }> {
  if (!IS_ROOT) return cli(...args);
  const child = spawn('setpriv', ['--bounding-set=-all', '--inh-caps=-all', '--', process.execPath, '--import', 'tsx', BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code: code ?? -1, err };
}

