// Runs in a Chromium page (test/web/parseCsvParallel.test.ts, bench/web-csv-workers.ts):
// CSV bytes read by parseCsvParallel on module Web Workers against parseCsv in the
// page, and the CSVs they read. Plain JavaScript, served as it is.

/** Counts the Web Workers started and the blocks posted to them, by wrapping the page's Worker. */
export function countWorkers() {
  const counts = { workers: 0, blocks: 0 };
  const Native = globalThis.Worker;
  globalThis.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      counts.workers++;
    }
    postMessage(message, transfer) {
      if (message && message.type === 'block') counts.blocks++;
      super.postMessage(message, transfer);
    }
  };
  return counts;
}

/** A fetched file's bytes, gunzipped when its name ends in .gz. */
export async function fetchBytes(path) {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  const body = path.endsWith('.gz') ? res.body.pipeThrough(new DecompressionStream('gzip')) : res.body;
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/**
 * A synthetic plain CSV: an id, `nNumeric` numeric columns (some cells
 * missing) and, with `grade`, a categorical grade; `bad` replaces row `at`'s
 * field `column` (default: the last).
 */
export function syntheticCsv(nRows, nNumeric, bad, grade = true) {
  let seed = 12345;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const names = ['id', ...Array.from({ length: nNumeric }, (_, j) => `x${j}`), ...(grade ? ['grade'] : [])];
  const lines = [names.join(',')];
  for (let i = 0; i < nRows; i++) {
    const cells = [String(i)];
    for (let j = 0; j < nNumeric; j++) cells.push(next() < 0.02 ? '' : (next() * 10 ** (j % 6) - 3).toFixed(j % 5));
    if (grade) cells.push('ABCDEFG'[Math.floor(next() * 7)]);
    if (bad && bad.at === i) cells[bad.column ?? cells.length - 1] = bad.cell;
    lines.push(cells.join(','));
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function described(e) {
  return e === undefined ? undefined : { code: e.code, message: e.message, where: e.where };
}

/** Where two Datasets differ (values compared as bytes), or null. */
export function firstDifference(a, b) {
  if (a.nRows !== b.nRows) return `nRows ${a.nRows} vs ${b.nRows}`;
  if (a.columns.length !== b.columns.length) return `columns ${a.columns.length} vs ${b.columns.length}`;
  for (let j = 0; j < a.columns.length; j++) {
    const x = a.columns[j];
    const y = b.columns[j];
    if (x.name !== y.name || x.kind !== y.kind) return `column ${j}: ${x.name} ${x.kind} vs ${y.name} ${y.kind}`;
    if (JSON.stringify(x.categories) !== JSON.stringify(y.categories)) return `column ${x.name}: categories differ`;
    const u = new Uint8Array(x.values.buffer, x.values.byteOffset, x.values.byteLength);
    const v = new Uint8Array(y.values.buffer, y.values.byteOffset, y.values.byteLength);
    if (u.length !== v.length) return `column ${x.name}: ${u.length} vs ${v.length} bytes`;
    for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return `column ${x.name}: byte ${i}`;
  }
  for (let r = 0; r < a.nRows; r++) {
    if (a.origin.line(r) !== b.origin.line(r) || a.origin.row(r) !== b.origin.row(r)) return `row ${r}: line or row index`;
  }
  if (a.origin.file !== b.origin.file) return `file ${a.origin.file} vs ${b.origin.file}`;
  return null;
}

/**
 * Seconds (performance.now) to read the bytes: parseCsv of their decoded text,
 * or parseCsvParallel on `threads` (1: this thread), workers started in the timing.
 */
export async function timeRead(ck, bytes, how, threads) {
  const t0 = performance.now();
  const ds = how === 'parseCsv' ? ck.parseCsv(new TextDecoder().decode(bytes)) : await ck.parseCsvParallel(bytes, { threads });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, nRows: ds.nRows, nColumns: ds.nColumns };
}

/** parseCsvParallel on `threads` workers against parseCsv of the bytes' text: the difference, or both errors. */
export async function compareOnWorkers(ck, bytes, options, threads) {
  const counts = { workers: 0, blocks: 0 };
  let want, wantError, got, gotError;
  try {
    want = ck.parseCsv(new TextDecoder().decode(bytes), options);
  } catch (e) {
    wantError = e;
  }
  const before = { ...globalThis.__workerCounts };
  try {
    got = await ck.parseCsvParallel(bytes, { ...options, threads });
  } catch (e) {
    gotError = e;
  }
  counts.workers = globalThis.__workerCounts.workers - before.workers;
  counts.blocks = globalThis.__workerCounts.blocks - before.blocks;
  return {
    nRows: want?.nRows ?? null,
    gotRows: got?.nRows ?? null,
    difference: want && got ? firstDifference(got, want) : null,
    error: described(gotError),
    expectedError: described(wantError),
    ...counts,
  };
}

/**
 * How many cores the page's workers really get now: seconds for a fixed
 * CPU-bound loop on 1 worker, then on 2 at once (about the same on an idle
 * 2-core machine; twice as long when other work holds one core).
 */
export async function workerParallelism(iterations) {
  const src = 'onmessage = (e) => { let x = 1; for (let i = 0; i < e.data; i++) x = (Math.imul(x, 1103515245) + 12345) | 0; postMessage(x); }';
  const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  const workers = [new Worker(url), new Worker(url)];
  const run = (w, n) => new Promise((resolve) => { w.onmessage = () => resolve(); w.postMessage(n); });
  try {
    await Promise.all(workers.map((w) => run(w, 1e6)));
    let t = performance.now();
    await run(workers[0], iterations);
    const one = (performance.now() - t) / 1000;
    t = performance.now();
    await Promise.all(workers.map((w) => run(w, iterations)));
    return { one, two: (performance.now() - t) / 1000 };
  } finally {
    for (const w of workers) w.terminate();
    URL.revokeObjectURL(url);
  }
}
