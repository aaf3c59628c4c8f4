// Reads the import specifiers of TypeScript sources and declaration files, and
// follows the relative ones: enough to check which modules an entry reaches.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The public entries, as package.json's "exports" name them, with their source module. */
export const PUBLIC_ENTRIES: Record<string, string> = {
  '.': 'src/index.ts',
  './core': 'src/core.ts',
  './web': 'src/web.ts',
  './lending': 'src/lending/index.ts',
  './report': 'src/report/index.ts',
  './sme': 'src/sme/index.ts',
};

/** Comments removed, so a word in a doc comment is not mistaken for code. */
export function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/**
 * Every module specifier: static imports and re-exports, `import('...')` (dynamic or in a type).
 * `loadedOnImport` keeps only what runs when the module is imported: no type-only or dynamic imports.
 */
export function specifiersOf(text: string, options: { loadedOnImport?: boolean } = {}): string[] {
  const code = withoutComments(text);
  const found: string[] = [];
  for (const m of code.matchAll(/\b(import|export)\b(\s+type\b)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g)) {
    if (!(options.loadedOnImport && m[2] !== undefined)) found.push(m[3]);
  }
  for (const m of code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  if (!options.loadedOnImport) for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

/** The file a relative specifier names: `./x.js` is `./x.ts` in src/, `./x.d.ts` or `./x.js` in dist/. */
export function resolveRelative(fromFile: string, specifier: string, ext: '.ts' | '.d.ts' | '.js'): string {
  const base = resolve(dirname(fromFile), specifier).replace(/\.js$/, '');
  const file = base + ext;
  if (!existsSync(file)) throw new Error(`${fromFile}: cannot resolve ${specifier} (looked for ${file})`);
  return file;
}

/** All files reached from `entry` through relative specifiers, and the bare specifiers they name. */
export function moduleGraph(entry: string, ext: '.ts' | '.d.ts' | '.js', options: { loadedOnImport?: boolean } = {}): { files: string[]; packages: Set<string> } {
  const seen = new Set<string>([entry]);
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const s of specifiersOf(readFileSync(file, 'utf8'), options)) {
      if (!s.startsWith('.')) {
        packages.add(s);
        continue;
      }
      const next = resolveRelative(file, s, ext);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return { files: [...seen], packages };
}

/** The .ts files under a folder, recursively. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}
