// A module Web Worker running fitSession.js: { id, op: 'load' | 'fit' | 'check', arg }
// in, { id, value } or { id, error } out. Posts { ready: true } once the
// package (and its wasm) is loaded.
import { check, fit, load } from './fitSession.js';

const ops = { load, fit, check };

self.onmessage = async (event) => {
  const { id, op, arg } = event.data;
  try {
    postMessage({ id, value: await ops[op](arg) });
  } catch (e) {
    postMessage({ id, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
};
postMessage({ ready: true });
