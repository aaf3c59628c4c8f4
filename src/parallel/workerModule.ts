import type { Worker, WorkerOptions } from 'node:worker_threads';
import { nodeBuiltin } from '../nodeBuiltin.js';

/**
 * Starts worker threads (node:worker_threads) on a worker module: the sibling
 * `name` of the module at `starterUrl` (its `import.meta.url`), with the same
 * extension — `.js` in dist/, `.ts` when running from the TypeScript sources
 * (tsx, vitest). Node 20 runs no `.ts` worker by itself, and a worker does not
 * inherit the loader that runs the sources, so there the worker first loads
 * tsx (a development dependency, never needed by the built package) and
 * imports the module through it. Deno runs a `.ts` worker as it is.
 */
export async function workerModule(starterUrl: string, name: string): Promise<(options?: WorkerOptions) => Worker> {
  const [{ Worker }, { createRequire }, { pathToFileURL }] = await Promise.all([
    nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads'),
    nodeBuiltin<typeof import('node:module')>('node:module'),
    nodeBuiltin<typeof import('node:url')>('node:url'),
  ]);
  return workerStarter({ Worker, createRequire, pathToFileURL }, starterUrl, name);
}


/** The Node built-in modules starting a worker module needs. */
export interface WorkerBuiltins {
  Worker: typeof Worker;
  createRequire: typeof import('node:module').createRequire;
  pathToFileURL: typeof import('node:url').pathToFileURL;
}

/** `workerModule` for a caller that must stay synchronous and holds the built-ins already (`process.getBuiltinModule`). */
export function workerStarter(builtins: WorkerBuiltins, starterUrl: string, name: string): (options?: WorkerOptions) => Worker {
  const { Worker, createRequire, pathToFileURL } = builtins;
  const url = siblingModuleUrl(starterUrl, name);
  if (!/\.[cm]?ts$/.test(url.pathname) || 'Deno' in globalThis) return (options) => new Worker(url, { execArgv: workerExecArgv(), ...options });
  // tsx's ESM API, found through its package exports (its CommonJS twin cannot import ESM).
  const require = createRequire(starterUrl);
  const manifest = require.resolve('tsx/package.json');
  const api = new URL((require(manifest) as TsxManifest).exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`;
  return (options) => new Worker(bootstrap, { execArgv: workerExecArgv(), ...options, eval: true });
}

/**
 * The parent's Node options minus `--input-type`, which a script run as
 * `node --input-type=module -e …` has and which Node refuses for a worker
 * started on a file.
 */
function workerExecArgv(): string[] {
  const args = process.execArgv;
  return args.filter((a, k) => !a.startsWith('--input-type') && !(args[k - 1] === '--input-type'));
}

/** The module `name` beside the module at `starterUrl`, with the starter's extension (`.ts`, `.js`, `.mjs`, …). */
export function siblingModuleUrl(starterUrl: string, name: string): URL {
  const extension = /\.[cm]?[jt]s$/.exec(new URL(starterUrl).pathname)?.[0] ?? '.js';
  return new URL(`./${name}${extension}`, starterUrl);
}

interface TsxManifest {
  exports: { './esm/api': { import: { default: string } } };
}
