import { init, isReady, type WasmSource } from './load.js';

let loading: Promise<void> | null = null;

/**
 * The web entry's handshake: resolves once creditkit.wasm is instantiated.
 * The first call starts loading from `source` (by default the package's
 * binary, fetched from beside the module: bundlers emit it as an asset) and
 * every later call shares that load; a failed load is retried by the next
 * call. The entry has no top-level await, so a Web Worker sets its message
 * handler first and awaits `ready()` inside it: no message is lost.
 */
export function ready(source?: WasmSource): Promise<void> {
  if (isReady()) return Promise.resolve();
  loading ??= init(source).catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}
