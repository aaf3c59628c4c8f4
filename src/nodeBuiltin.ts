/**
 * A Node built-in module (`node:fs/promises`, `node:worker_threads`, …) for code
 * that runs only in Node or Deno but sits in modules that browsers load too.
 * `process.getBuiltinModule` (Node 20.16+, Deno 2) returns it without an import
 * statement; older Node gets a dynamic import whose specifier is a variable.
 * Either way a bundler building for browsers sees no Node module in the graph:
 * no "externalized for browser compatibility" warnings and no stubs.
 */
export async function nodeBuiltin<T>(id: `node:${string}`): Promise<T> {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const found = get?.(id);
  if (found !== undefined) return found as T;
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ id)) as T;
}
