// The public entries: package.json maps each subpath to its module, the CLI is
// built from them alone, and only the report entry reaches Vega.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportStages } from '../../scripts/api-exports.js';
import { moduleGraph, PUBLIC_ENTRIES, resolveRelative, ROOT, sourceFiles, specifiersOf } from './moduleGraph.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const rel = (file: string) => relative(ROOT, file).split('\\').join('/');

describe('public entries', () => {
  it('package.json exports each entry (types, import and default) from the compiled file of its module', () => {
    expect(Object.keys(pkg.exports).filter((k) => k !== './wasm' && k !== './package.json').sort()).toEqual(Object.keys(PUBLIC_ENTRIES).sort());
    for (const [subpath, source] of Object.entries(PUBLIC_ENTRIES)) {
      const compiled = source.replace(/^src\//, './dist/').replace(/\.ts$/, '');
      expect(pkg.exports[subpath], subpath).toEqual({ types: `${compiled}.d.ts`, import: `${compiled}.js`, default: `${compiled}.js` });
    }
  });

  it('the CLI imports library code only through the public entries', () => {
    const cliDir = join(ROOT, 'src', 'cli');
    const allowed = new Set(Object.values(PUBLIC_ENTRIES));
    const outside: string[] = [];
    for (const file of sourceFiles(cliDir)) {
      for (const s of specifiersOf(readFileSync(file, 'utf8'))) {
        if (!s.startsWith('.')) continue; // node: built-ins
        const target = rel(resolveRelative(file, s, '.ts'));
        if (!target.startsWith('src/cli/') && !allowed.has(target)) outside.push(`${rel(file)} → ${target}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('no entry loads a Node built-in on import (they run in browsers, Deno and workers too)', () => {
    const builtIns = Object.fromEntries(Object.entries(PUBLIC_ENTRIES).map(([subpath, source]) => {
      const { packages } = moduleGraph(join(ROOT, source), '.ts', { loadedOnImport: true });
      return [subpath, [...packages].filter((p) => p.startsWith('node:'))];
    }));
    expect(builtIns).toEqual(Object.fromEntries(Object.keys(PUBLIC_ENTRIES).map((subpath) => [subpath, []])));
  });

  it('only the report entry reaches Vega', () => {
    const reachesVega = Object.fromEntries(Object.entries(PUBLIC_ENTRIES).map(([subpath, source]) => {
      const { packages } = moduleGraph(join(ROOT, source), '.ts');
      return [subpath, [...packages].some((p) => p === 'vega' || p === 'vega-lite')];
    }));
    expect(reachesVega).toEqual({ '.': false, './core': false, './web': false, './lending': false, './report': true, './sme': false });
  });
});

describe('the Library API page (docs/api.md)', () => {
  const page = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
  const rows = [...page.matchAll(/^\| `(creditkit[a-z/]*)` \| ([^|]+) \| (`[^|]*) \|$/gm)]
    .map((m) => ({ entry: m[1], stage: m[2].trim(), names: [...m[3].matchAll(/`([^`]+)`/g)].map((n) => n[1]) }));
  // 'creditkit' is 'creditkit/core' plus the wasm load; 'creditkit/web' is core minus the
  // Node-only functions (test/entries/web.test.ts), so neither has rows of its own.
  const documented = Object.entries(PUBLIC_ENTRIES).filter(([subpath]) => subpath !== '.' && subpath !== './web')
    .map(([subpath, source]) => ({ entry: subpath === './core' ? 'creditkit' : `creditkit${subpath.slice(1)}`, source }));

  it("lists every entry's exports by stage, as the entry modules (and the modules they re-export whole) group them", () => {
    expect(rows).toEqual(documented.flatMap(({ entry, source }) => exportStages(source).map((s) => ({ entry, ...s }))));
  });

  it('names each value an entry exports at run time once, and nothing else', async () => {
    for (const { entry, source } of documented) {
      const names = rows.filter((r) => r.entry === entry).flatMap((r) => r.names);
      const module = await import(join(ROOT, source));
      expect(names.length, `${entry}: a name in two rows`).toBe(new Set(names).size);
      expect(names.sort(), entry).toEqual(Object.keys(module).sort());
    }
  });
});
