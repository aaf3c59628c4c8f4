// The browser side of bench/fit-browser.ts: reads the binary files written by
// bench/io.ts (X.f32 row-major, y.f64, train.u32, test.u32, meta.json), builds
// the training and test Datasets as Node does (X.take(train)), and fits the
// GBDT timed with performance.now() around `fit` alone. The same functions run
// in the page or in a module Web Worker (fitWorker.js).
import * as ck from '../../dist/index.js';

/** { Xtrain, ytrain, Xtest, ytest } of the loaded dataset. */
let data = null;

async function fetchBuffer(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

function gather(a, idx) {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return out;
}

/** Loads a dataset directory served at `base` (a URL ending in '/'); untimed. */
export async function load(base) {
  data = null; // let the previous dataset go first
  const [metaBytes, xBytes, yBytes, trainBytes, testBytes] = await Promise.all(
    ['meta.json', 'X.f32', 'y.f64', 'train.u32', 'test.u32'].map((f) => fetchBuffer(new URL(f, base))),
  );
  const meta = JSON.parse(new TextDecoder().decode(metaBytes));
  const n = meta.nRows;
  const f = meta.nFeatures;
  const X = new Float32Array(xBytes);
  if (X.length !== n * f) throw new Error(`X.f32 has ${X.length} values, meta.json says ${n} × ${f}`);
  const columns = meta.names.map((name, j) => {
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = X[i * f + j];
    return { name, kind: 'numeric', values };
  });
  const all = new ck.Dataset(columns, n);
  const y = new Float64Array(yBytes);
  const train = new Uint32Array(trainBytes);
  const test = new Uint32Array(testBytes);
  data = { Xtrain: all.take(train), ytrain: gather(y, train), Xtest: all.take(test), ytest: gather(y, test) };
  return { nTrain: train.length, nTest: test.length, nFeatures: f, userAgent: navigator.userAgent };
}

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The model of the last `fit`, for `check`. */
let model = null;

/**
 * Fits a fresh model with `options` on the loaded training rows; returns the
 * seconds of `fit` alone and the model's per-stage timings (FitStats).
 */
export async function fit(options) {
  if (data === null) throw new Error('no dataset loaded');
  model = null; // let the previous model go before the next fit
  const m = new ck.GradientBoostingClassifier(options);
  const t0 = performance.now();
  m.fit(data.Xtrain, data.ytrain);
  const seconds = (performance.now() - t0) / 1000;
  model = m;
  return { seconds, stats: m.fitStats };
}

/** The SHA-256 of the last model's JSON and its test AUC (untimed, apart from the fit). */
export async function check() {
  if (model === null) throw new Error('no model fitted');
  const json = JSON.stringify(model.toJSON());
  const digest = hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(json)));
  return { digest, auc: ck.rocAuc(data.ytest, model.predictProba(data.Xtest)) };
}
