// What `vite build` emits for the Vite recipe (recipes/vite: a page and a Web Worker training on
// 'creditkit/web'), with Vite's defaults, as the recipe test builds it: each asset's size and
// gzipped size, and the warnings Vite printed.
//   npx tsx scripts/vite-recipe-sizes.ts
// Prints the figures quoted in docs/guides/browser-and-edge.md (kB = 1,000 bytes).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, createLogger, version as viteVersion } from 'vite';
import { recipeApp } from '../test/recipes/recipeApp.js';

const app = await recipeApp('vite');
try {
  const warnings: string[] = [];
  const logger = createLogger('warn');
  logger.warn = (msg) => { warnings.push(msg); };
  logger.warnOnce = logger.warn;
  await build({ root: app, logLevel: 'warn', customLogger: logger });
  console.log(`${new Date().toISOString().slice(0, 10)}, Vite ${viteVersion}: ${warnings.length} warning(s)${warnings.map((w) => `\n  ${w}`).join('')}`);
  const dir = join(app, 'dist', 'assets');
  for (const name of readdirSync(dir).sort()) {
    const bytes = readFileSync(join(dir, name));
    console.log(`${name}: ${(bytes.length / 1000).toFixed(1)} kB (${(gzipSync(bytes, { level: 9 }).length / 1000).toFixed(1)} kB gzipped)`);
  }
} finally {
  rmSync(app, { recursive: true, force: true });
}
