import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { openAtomicWriter, tempName, writeFileAtomic } from '../../src/io/atomicWrite.js';
import { readFileError } from '../../src/io/fileErrors.js';
import { IS_ROOT, mountTmpfs, remountReadOnly } from './mounts.js';

describe('writeFileAtomic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'creditkit-atomic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes text and bytes, replacing an existing file, leaving no temporary file', async () => {
    const path = join(dir, 'model.json');
    await writeFileAtomic(path, '{"v":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"v":1}');
    await writeFileAtomic(path, new Uint8Array([0x7b, 0x7d]));
    expect(readFileSync(path, 'utf8')).toBe('{}');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('removes the temporary file when the final rename fails', async () => {
    const sub = mkdtempSync(join(dir, 'fail-'));
    const target = join(sub, 'taken');
    mkdirSync(target); // renaming a file over a directory fails
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(readdirSync(sub)).toEqual(['taken']);
  });

  it('E_FILE_NOT_FOUND when the directory does not exist', async () => {
    const path = join(dir, 'no-such-dir', 'out.json');
    const e = await writeFileAtomic(path, 'x').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CreditkitError);
    expect((e as CreditkitError).code).toBe('E_FILE_NOT_FOUND');
    expect((e as CreditkitError).where).toEqual({ file: path });
  });
});

describe('atomic writes keep the permissions of the file they replace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'creditkit-mode-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writeFileAtomic keeps mode 0600 (and the owner, as root)', async () => {
    const path = join(dir, 'pd.csv');
    writeFileSync(path, 'old');
    chmodSync(path, 0o600);
    if (IS_ROOT) chownSync(path, 4321, 4322);
    await writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    if (IS_ROOT) expect([statSync(path).uid, statSync(path).gid]).toEqual([4321, 4322]);
  });

  it('openAtomicWriter keeps mode 0640', async () => {
    const path = join(dir, 'scores.csv');
    writeFileSync(path, 'old');
    chmodSync(path, 0o640);
    const w = await openAtomicWriter(path);
    w.stream.write('new\n');
    await w.commit();
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('a new file follows the umask', async () => {
    const old = process.umask(0o027);
    try {
      await writeFileAtomic(join(dir, 'new-a.json'), '{}');
      const w = await openAtomicWriter(join(dir, 'new-b.csv'));
      await w.commit();
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'new-a.json')).mode & 0o777).toBe(0o640);
    expect(statSync(join(dir, 'new-b.csv')).mode & 0o777).toBe(0o640);
  });

  it('writes through a symbolic link: the link stays, its target gets the data', async () => {
    const real = join(dir, 'real.csv');
    writeFileSync(real, 'old');
    chmodSync(real, 0o600);
    const link = join(dir, 'link.csv');
    symlinkSync(real, link);
    await writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(statSync(real).mode & 0o777).toBe(0o600);
  });
});

describe('operating-system errors are coded and name the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'creditkit-oserr-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const codeOf = async (p: Promise<unknown>): Promise<CreditkitError> => {
    const e = await p.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(CreditkitError);
    return e as CreditkitError;
  };

  it('a long but legal name (255 bytes, also in multi-byte UTF-8) is written: the temporary name is shortened', async () => {
    for (const name of ['a'.repeat(251) + '.csv', 'é'.repeat(125) + '.csv', '€'.repeat(83) + '.csv']) {
      expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(255);
      await writeFileAtomic(join(dir, name), 'x');
      const w = await openAtomicWriter(join(dir, name));
      await w.commit();
      expect(readFileSync(join(dir, name), 'utf8')).toBe('');
    }
    for (const base of ['a'.repeat(300), 'é'.repeat(200), '😀'.repeat(70)]) {
      const t = tempName(base, 'abcdef012345');
      expect(new TextEncoder().encode(t).length).toBeLessThanOrEqual(255);
      expect(t).not.toContain('\uFFFD');
      expect(base.startsWith(t.slice(1, t.length - '.abcdef012345.tmp'.length))).toBe(true);
    }
  });

  it('a name past the limit is E_FILE_WRITE naming the file', async () => {
    const path = join(dir, 'b'.repeat(256));
    const e = await codeOf(writeFileAtomic(path, 'x'));
    expect(e.code).toBe('E_FILE_WRITE');
    expect(e.where.file).toBe(path);
    expect(e.message).toMatch(/too long \(ENAMETOOLONG\)/);
    expect((await codeOf(openAtomicWriter(path))).code).toBe('E_FILE_WRITE');
  });

  it('a folder as the output is E_FILE_IS_DIRECTORY', async () => {
    const sub = join(dir, 'folder');
    mkdirSync(sub);
    expect((await codeOf(writeFileAtomic(sub, 'x'))).code).toBe('E_FILE_IS_DIRECTORY');
    expect((await codeOf(openAtomicWriter(sub))).code).toBe('E_FILE_IS_DIRECTORY');
  });

  it('a device as the output is refused, and left alone', async () => {
    const e = await codeOf(writeFileAtomic('/dev/null', 'x'));
    expect(e.code).toBe('E_FILE_WRITE');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('reading: a folder is E_FILE_IS_DIRECTORY, another refusal E_FILE_READ with its errno', () => {
    expect((readFileError(Object.assign(new Error('x'), { code: 'EISDIR', syscall: 'read' }), 'm.json') as CreditkitError).code).toBe('E_FILE_IS_DIRECTORY');
    const e = readFileError(Object.assign(new Error('x'), { code: 'EACCES', syscall: 'open' }), 'm.json') as CreditkitError;
    expect(e.code).toBe('E_FILE_READ');
    expect(e.message).toBe('m.json: cannot read this file: permission denied (EACCES)');
    const plain = new Error('not from the OS');
    expect(readFileError(plain, 'm.json')).toBe(plain);
  });

  describe.skipIf(!IS_ROOT)('as root, on a real full or read-only file system (a mounted tmpfs)', () => {
    it('disk full (ENOSPC): E_FILE_WRITE, the old file intact, no temporary file', async () => {
      const m = mountTmpfs('size=64k');
      try {
        const path = join(m.dir, 'model.json');
        writeFileSync(path, 'old');
        const e = await codeOf(writeFileAtomic(path, 'x'.repeat(200_000)));
        expect(e.code).toBe('E_FILE_WRITE');
        expect(e.where.file).toBe(path);
        expect(e.message).toMatch(/no space left on the device \(ENOSPC\)/);
        const w = await openAtomicWriter(path);
        const failed = new Promise((resolve) => w.stream.write('y'.repeat(200_000), resolve));
        expect(((await failed) as CreditkitError).code).toBe('E_FILE_WRITE');
        expect((await codeOf(w.commit())).code).toBe('E_FILE_WRITE');
        expect(readdirSync(m.dir)).toEqual(['model.json']);
        expect(readFileSync(path, 'utf8')).toBe('old');
      } finally {
        m.cleanup();
      }
    });

    it('read-only file system (EROFS): E_FILE_WRITE naming the file', async () => {
      const m = mountTmpfs('size=64k');
      try {
        writeFileSync(join(m.dir, 'old.csv'), 'old');
        remountReadOnly(m.dir);
        const path = join(m.dir, 'old.csv');
        const e = await codeOf(writeFileAtomic(path, 'x'));
        expect(e.code).toBe('E_FILE_WRITE');
        expect(e.message).toMatch(/read-only \(EROFS\)/);
        expect((await codeOf(openAtomicWriter(join(m.dir, 'new.csv')))).code).toBe('E_FILE_WRITE');
        expect(readFileSync(path, 'utf8')).toBe('old');
      } finally {
        m.cleanup();
      }
    });
  });
});
