// What a user's bundle starts from: the size of creditkit.wasm and, per public entry, the compiled
// modules it imports statically (relative imports of dist/, followed transitively; dynamic
// import()s such as Vega, HiGHS and the worker modules are not counted), with their total size
// unminified and gzipped as one file.
//   npm run build && npx tsx scripts/entry-sizes.ts
// Prints the figures for the "Runs everywhere" section of docs/guides/browser-and-edge.md
// (kB = 1,000 bytes).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const STATIC_IMPORT = /(?:^|[\n;])\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g;

/** The relative specifiers a compiled module imports or re-exports statically. */
export function staticImports(source: string): string[] {
  return [...source.matchAll(STATIC_IMPORT)].map((m) => m[1]);
}

/** Every module reachable from `entry` by static relative imports, the entry included. */
export function staticModuleGraph(entry: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): string[] {
  const seen = new Set<string>();
  const stack = [resolve(entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of staticImports(read(file))) stack.push(resolve(dirname(file), spec));
  }
  return [...seen].sort();
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string | { import?: string; default?: string }> };
  const wasm = readFileSync(join(ROOT, 'build', 'creditkit.wasm'));
  console.log(`creditkit.wasm: ${kB(wasm.length)} (${kB(gzipSync(wasm).length)} gzipped)`);
  for (const [key, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'string' ? target : (target.import ?? target.default);
    if (!file || !/^\.\/dist\/.+\.js$/.test(file)) continue;
    const entry = join(ROOT, file);
    if (!existsSync(entry)) throw new Error(`${file} is missing: run npm run build first`);
    const modules = staticModuleGraph(entry);
    const text = Buffer.concat(modules.map((m) => readFileSync(m)));
    const name = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`;
    console.log(`${name}: ${modules.length} modules, ${kB(text.length)} (${kB(gzipSync(text).length)} gzipped)`);
  }
  // HiGHS, the default lending solver, is loaded on the first solve.
  const highs = join(ROOT, 'node_modules', 'highs', 'build');
  const highsWasm = readFileSync(join(highs, 'highs.wasm'));
  console.log(`highs: ${kB(highsWasm.length)} of wasm (${kB(gzipSync(highsWasm).length)} gzipped), ${kB(readFileSync(join(highs, 'highs.mjs')).length)} of JavaScript`);
}
