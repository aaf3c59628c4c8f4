import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/io/atomicWrite.js';

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
