import { CreditkitError } from './errors.js';

/**
 * A Node built-in module (`node:fs/promises`, `node:worker_threads`, …) for code
 * that runs only in Node or Deno but sits in modules that browsers load too.
 * `process.getBuiltinModule` (Node 20.16+, Deno 2) returns it without an import
 * statement; older Node gets a dynamic import whose specifier is a variable.
 * Either way a bundler building for browsers sees no Node module in the graph:
 * no "externalized for browser compatibility" warnings and no stubs. Where
 * there is no `process` (browsers, Web Workers) the caller gets E_OPTION.
 */
export async function nodeBuiltin<T>(id: `node:${string}`): Promise<T> {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (proc === undefined) {
    throw new CreditkitError('E_OPTION', `this needs Node's ${id}, which this runtime does not have: it runs in Node or Deno, not in a browser or a Web Worker`);
  }
  const found = proc.getBuiltinModule?.(id);
  if (found !== undefined) return found as T;
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ id)) as T;
}
