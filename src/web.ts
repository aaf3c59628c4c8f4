// creditkit for web-standard runtimes ('creditkit/web'): browsers, Web Workers,
// service workers and edge functions. No top-level await: call `await ready()`
// (or `initSync(bytes or module)`) before using a model; `ready()` fetches the
// binary from beside this module, which bundlers emit as an asset. Nothing here
// reaches a Node built-in, so bundlers build it for browsers without shims and
// its type declarations need no Node types.
//
// The exports are those of portable.ts, which 'creditkit/core' shares: core without
// the functions that read or write files or start worker threads
// (test/entries/web.test.ts lists them); data comes in as text, bytes or Arrow
// tables, models as JSON.

export * from './portable.js';

// ── Runtime: loading the wasm, errors, seeded randomness ────────────────────
export { ready } from './wasm/ready.js';
