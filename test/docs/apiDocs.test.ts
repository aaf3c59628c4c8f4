import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_DOCS_OUT, apiEntryPoints } from '../../scripts/api-docs.js';

describe('the generated API reference (npm run docs)', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

  it('documents every public entry of package.json "exports" from its source', () => {
    const entries = apiEntryPoints(pkg);
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['creditkit/core', 'creditkit/lending', 'creditkit/report', 'creditkit/sme']));
    expect(entries.has('creditkit')).toBe(false); // the same exports as creditkit/core
    for (const [entry, source] of entries) expect(existsSync(source), `${entry}: ${source}`).toBe(true);
    expect(entries.get('creditkit/lending')).toBe('src/lending/index.ts');
  });

  it('maps a new subpath entry and skips the wasm and package.json', () => {
    const entries = apiEntryPoints({
      name: 'x',
      exports: { '.': { import: './dist/index.js' }, './worker': { types: './dist/worker.d.ts', default: './dist/worker.js' }, './wasm': './build/x.wasm', './package.json': './package.json' },
    });
    expect([...entries]).toEqual([['x', 'src/index.ts'], ['x/worker', 'src/worker.ts']]);
  });

  it('is built by npm run docs into a git-ignored folder that docs/api.md names', () => {
    expect(pkg.scripts.docs).toBe('tsx scripts/api-docs.ts');
    expect(readFileSync('.gitignore', 'utf8').split('\n')).toContain(`${API_DOCS_OUT}/`);
    expect(readFileSync('docs/api.md', 'utf8')).toContain('npm run docs');
  });
});
