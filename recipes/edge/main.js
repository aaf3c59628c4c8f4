// An edge function that scores loan applicants: POST a CSV of applicants to
// /score and get their PDs back as JSON. Deno Deploy's shape (`deno serve
// main.js`); Cloudflare Workers take the same `export default { fetch }`.
//
// The wasm comes in as a module, compiled when the function is deployed
// (Deno's `import source`; a Workers `.wasm` import gives the same
// WebAssembly.Module), so `initSync` instantiates it at once: no fetch, no
// file system, no top-level await. The model is a JSON file saved by
// `creditkit train`, bundled beside the code.
import source creditkitWasm from 'creditkit/wasm';
import { initSync, isCreditkitError, loadModel, parseCsv } from 'creditkit/web';
import modelJson from './model.json' with { type: 'json' };

initSync(creditkitWasm);
const model = loadModel(modelJson);

export default {
  async fetch(request) {
    if (new URL(request.url).pathname !== '/score') return new Response('POST a CSV of applicants to /score\n', { status: 404 });
    if (request.method !== 'POST') return new Response('POST a CSV of applicants\n', { status: 405, headers: { allow: 'POST' } });
    try {
      const applicants = parseCsv(await request.text());
      return Response.json({ pd: Array.from(model.predictProba(applicants)) });
    } catch (e) {
      // Bad input (a missing column, a malformed CSV) is the caller's to fix: its code and message.
      if (isCreditkitError(e)) return Response.json({ error: e.code, message: e.message }, { status: 400 });
      throw e;
    }
  },
};
