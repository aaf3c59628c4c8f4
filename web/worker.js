// The demo's Web Worker: loads data, trains, evaluates and optimizes off the
// page's thread, and posts progress and plain-data results back. It imports
// the compiled package (dist/): the web entry ('creditkit/web', no top-level
// await; `ready()` fetches build/creditkit.wasm from beside it) and the lending,
// SME and report entries, as one namespace.
import * as core from '../dist/web.js';
import * as lending from '../dist/lending/index.js';
import * as report from '../dist/report/index.js';
import * as sme from '../dist/sme/index.js';
import { BUNDLED, defaultModelOptions, describeTable, idColumnTypes, smeSample, trainAndReport } from './pipeline.js';

const ck = { ...core, ...lending, ...report, ...sme };

// A module worker cannot resolve the bare specifier 'highs' (import maps do
// not apply to workers), so creditkit gets the HiGHS loader by URL, loaded on
// the first solve; highs.mjs then fetches highs.wasm from beside itself.
ck.setHighsLoader(async (options) => (await import('../node_modules/highs/build/highs.mjs')).default(options));

const DATA = new URL('../data/', import.meta.url);

/** What is loaded: { table, info, ids?, ratings?, applicants?, churnCsv? }. */
let current = null;

const progress = (phase, fraction, text) => postMessage({ type: 'progress', phase, fraction, text });

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Text of a CSV or gzipped CSV, gzip recognized by its magic bytes as the Node reader does;
 * decoded strictly like it (bytes that are not UTF-8 are E_ENCODING naming the line).
 */
async function csvText(bytes, name) {
  let b = new Uint8Array(bytes);
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) b = await gunzip(b);
  return ck.decodeText(b, 'utf-8', name);
}

async function fetchBytes(name) {
  const res = await fetch(new URL(name, DATA));
  if (!res.ok) throw new ck.CreditkitError('E_FILE_NOT_FOUND', `could not fetch ${name} (HTTP ${res.status})`, { file: name });
  return res.arrayBuffer();
}

async function loadSme() {
  const spec = BUNDLED.sme;
  const names = [...spec.files.rated, ...spec.files.unrated].map((f) => `cumcm/${f}.csv.gz`);
  const texts = {};
  let done = 0;
  progress('load', 0, `fetching ${names.length} invoice and enterprise tables`);
  await Promise.all(names.map(async (name) => {
    texts[name] = await csvText(await fetchBytes(name), name);
    progress('load', (++done / names.length) * 0.5, `fetched ${done} of ${names.length} tables`);
  }));
  const churnCsv = new TextDecoder('utf-8').decode(await fetchBytes(spec.churn));
  const tables = (files) => {
    const [enterprises, input, output] = files.map((f) => `cumcm/${f}.csv.gz`);
    return ck.smeTablesFromCsv({ enterprises: texts[enterprises], input: texts[input], output: texts[output], files: { enterprises, input, output } });
  };
  progress('load', 0.6, 'reading 373,431 invoices of the rated firms');
  const rated = tables(spec.files.rated);
  progress('load', 0.75, 'reading 726,010 invoices of the applicants');
  const unrated = tables(spec.files.unrated);
  progress('load', 0.9, 'building the invoice features');
  const s = smeSample(ck, rated, unrated);
  const info = {
    ...describeTable(s.table, { fixedTarget: 'defaulted' }),
    name: 'SME sample (CUMCM 2020 C), the rated firms',
    note: `features as of ${s.asOf}; ${s.applicants.ids.length} applicants to score and lend to`,
    sme: true,
  };
  return { table: s.table, info, ids: s.ids, ratings: s.ratings, applicants: s.applicants, churnCsv };
}

async function loadCsv(bytes, name, label) {
  progress('load', 0.3, `reading ${name}`);
  const text = await csvText(bytes, name);
  const table = ck.parseCsv(text, { file: name, types: idColumnTypes(text) });
  return { table, info: { ...describeTable(table), name: label ?? name } };
}

async function load(msg) {
  current = null;
  const loaded = await loadSource(msg);
  loaded.info.modelOptions = defaultModelOptions(ck, msg.source);
  return loaded;
}

async function loadSource(msg) {
  if (msg.source === 'sme') return loadSme();
  if (msg.source === 'file') return loadCsv(await msg.file.arrayBuffer(), msg.file.name);
  const spec = BUNDLED[msg.source];
  if (!spec || !spec.file) throw new ck.CreditkitError('E_OPTION', `unknown data source ${JSON.stringify(msg.source)}`);
  progress('load', 0, `fetching ${spec.file}`);
  const loaded = await loadCsv(await fetchBytes(spec.file), spec.file, spec.label);
  if (loaded.info.targets.includes(spec.target)) loaded.info.defaultTarget = spec.target;
  return loaded;
}

function errorData(e) {
  if (ck.isCreditkitError(e)) return { code: e.code, message: e.message, where: e.where };
  return { code: 'E_INTERNAL', message: String(e?.stack ?? e) };
}

// The wasm loads while the worker starts; a message handled before it is ready waits for it.
const wasmReady = core.ready();

onmessage = async ({ data: msg }) => {
  try {
    await wasmReady;
    if (msg.type === 'load') {
      current = await load(msg);
      progress('load', 1, 'data ready');
      postMessage({ type: 'loaded', info: current.info });
    } else if (msg.type === 'train') {
      if (!current) throw new ck.CreditkitError('E_USAGE', 'load data first');
      const result = await trainAndReport(ck, {
        table: current.table,
        target: msg.target,
        idColumn: current.info.idColumn,
        ids: current.ids,
        model: msg.model,
        options: msg.options,
        trainRatio: msg.trainRatio,
        seed: msg.seed,
        ...(current.applicants ? { applicants: current.applicants, ratings: current.ratings, churnCsv: current.churnCsv } : {}),
      }, ({ phase, fraction, text }) => progress(phase, fraction, text));
      postMessage({ type: 'result', result });
    }
  } catch (e) {
    postMessage({ type: 'error', error: errorData(e) });
  }
};

wasmReady.then(() => postMessage({
  type: 'ready',
  models: Object.values(ck.MODEL_KINDS).map((k) => ({ name: k.name, description: k.description })),
  reasonCodes: typeof ck.reasonCodes === 'function',
  sources: Object.entries(BUNDLED).map(([id, s]) => ({ id, label: s.label })),
}), (e) => postMessage({ type: 'error', error: errorData(e) }));
