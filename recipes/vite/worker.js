// The Web Worker: its message handler is set when the module runs (no
// top-level await), so a message posted while the wasm is still loading
// waits in `trainAndScore`'s `await ready()` instead of being lost.
import { trainAndScore } from './train.js';

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ id: data.id, result: await trainAndScore(data.csv, data.target) });
  } catch (e) {
    self.postMessage({ id: data.id, error: { code: e.code, message: e.message } }); // a CreditkitError's code survives the trip
  }
};
