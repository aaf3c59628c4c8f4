// The page: trains the same model on this thread and in a Web Worker, from the
// bundled sample or from a CSV file the user picks.
import { trainAndScore } from './train.js';
import { sampleCsv } from './sample.js';

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 0;
worker.onmessage = ({ data }) => {
  const { resolve, reject } = pending.get(data.id);
  pending.delete(data.id);
  if (data.error) reject(Object.assign(new Error(data.error.message), { code: data.error.code }));
  else resolve(data.result);
};

function inWorker(csv, target) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, csv, target });
  });
}

function show(id, promise) {
  const out = document.getElementById(id);
  out.textContent = 'training…';
  delete out.dataset.result;
  delete out.dataset.error;
  promise.then(
    (r) => { out.textContent = JSON.stringify({ ...r, model: `${r.model.length} characters` }); out.dataset.result = JSON.stringify(r); },
    (e) => { out.textContent = out.dataset.error = e.code ? `${e.code}: ${e.message}` : e.message; },
  );
}

function run(csv, target) {
  document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1); // which run the outputs show
  show('worker', inWorker(csv, target)); // posted at once: the worker may still be loading its wasm
  show('main', trainAndScore(csv, target));
}

document.getElementById('file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (file) run(await file.text(), document.getElementById('target').value);
});
run(sampleCsv(), 'default');
