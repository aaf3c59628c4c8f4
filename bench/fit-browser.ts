/**
 * The same GBDT fit in Chromium and in Node (issue 3: Chromium within 1.3× of
 * Node's time).
 *
 *   npx tsx bench/fit-browser.ts [--rows N --features F] [--repeats 3]
 *                                [--only gmsc|synthetic] [--seed 0]
 *                                [--context worker|page|both]
 *
 * Datasets (stratified 80/20, training rows only are fitted): without --rows,
 * synthetic makeCreditLike 10k × 20, 100k × 30 and 1M × 30 plus Give Me Some
 * Credit; with --rows N, one synthetic N × F (--features, default 30).
 * Settings as bench/fit-predict.ts: 100 trees, depth 6, learning rate 0.1,
 * lambda 1, 256 bins, seed 0, base score = training prior.
 *
 * Node: GradientBoostingClassifier.fit in this process, on X.take(train).
 * Chromium (Debian's, through playwright-core): the compiled package (dist/,
 * which fetches build/creditkit.wasm as the web demo does) in a module Web
 * Worker (default) or in the page; the rows arrive as the binary files of
 * bench/io.ts (X.f32, y.f64, train.u32, test.u32), the page builds the same
 * Dataset and times `fit` with performance.now(). Repeats alternate between the
 * two runtimes (Node first on even repeats, Chromium first on odd ones), so both
 * see the same load on this shared machine; each figure is the median.
 * Same model: the SHA-256 of each model's JSON and its test AUC are compared.
 *
 * Needs `npm run build` (dist/ and build/creditkit.wasm) and /usr/bin/chromium.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import type { FitStats } from '../src/models/gbdt.js';
import { GradientBoostingClassifier } from '../src/models/gbdt.js';
import { rocAuc } from '../src/metrics/auc.js';
import { init } from '../src/wasm/load.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/runtimes/helpers.js';
import { serveStatic } from '../web/staticServer.js';
import { loadGmsc, loadSynthetic, type BenchData } from './datasets.js';
import { OUT_DIR, REPO_ROOT, outDir, writeSplitDataset } from './io.js';
import { codeVersion, commandLine, fmtRatio, fmtSeconds, gather, machine, markdownTable, mean, median } from './util.js';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string' },
    features: { type: 'string', default: '30' },
    repeats: { type: 'string', default: '3' },
    only: { type: 'string' },
    seed: { type: 'string', default: '0' },
    context: { type: 'string', default: 'worker' },
  },
});

function usage(message: string): never {
  console.error(message);
  process.exit(2);
}

function positiveInt(name: string, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive integer, got ${v}`);
  return n;
}

const repeats = positiveInt('repeats', flags.repeats);
const seed = Number(flags.seed);
if (!Number.isInteger(seed) || seed < 0) usage(`--seed must be a non-negative integer, got ${flags.seed}`);
if (flags.only !== undefined && flags.only !== 'gmsc' && flags.only !== 'synthetic') usage(`--only must be gmsc or synthetic, got ${flags.only}`);
type Context = 'worker' | 'page';
const contexts: Context[] = flags.context === 'both' ? ['worker', 'page'] : flags.context === 'worker' || flags.context === 'page' ? [flags.context] : usage(`--context must be worker, page or both, got ${flags.context}`);
const syntheticSizes: [number, number][] = flags.rows !== undefined
  ? [[positiveInt('rows', flags.rows), positiveInt('features', flags.features)]]
  : [[10_000, 20], [100_000, 30], [1_000_000, 30]];
for (const f of ['dist/index.js', 'build/creditkit.wasm']) {
  if (!existsSync(join(REPO_ROOT, f))) usage(`${f} is missing: run npm run build first`);
}
if (!existsSync(CHROMIUM)) usage(`${CHROMIUM} not found: apt-get install -y chromium (or set CREDITKIT_CHROMIUM)`);

const SETTINGS = { nEstimators: 100, maxDepth: 6, learningRate: 0.1, lambda: 1, maxBins: 256, seed: 0 };

/** One fit: wall seconds of `fit` alone, CPU seconds of the process around it, its stage timings, the model digest and test AUC. */
interface FitRun {
  seconds: number;
  cpuSeconds: number;
  stats: FitStats | null;
  digest: string;
  auc: number;
}

interface DatasetResult {
  name: string;
  source: string;
  nTrain: number;
  nTest: number;
  nFeatures: number;
  prior: number;
  loadBefore: number[];
  loadAfter: number[];
  node: FitRun[];
  browser: Partial<Record<Context, FitRun[]>>;
}

/** Serves the files of one dataset directory at /<name>/<file>, with CORS (the page's origin differs). */
function serveDatasets(dirs: Map<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const [, name, file] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
    const dir = dirs.get(name ?? '');
    const path = dir !== undefined && file !== undefined && file === basename(file) ? join(dir, file) : '';
    if (path === '' || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404, { 'access-control-allow-origin': '*' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      'content-length': statSync(path).size,
      'access-control-allow-origin': '*',
      'cache-control': 'no-store',
    });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Evaluated in the page as strings, so tsx's transform of this file cannot
// rewrite the dynamic imports or the functions.
const PAGE = '/__creditkit_fit_browser.html';
function setupInPage(context: Context): string {
  if (context === 'page') {
    return `(async () => {
      const s = await import('/bench/browser/fitSession.js');
      window.__bench = { load: s.load, fit: s.fit, check: s.check };
    })()`;
  }
  return `(async () => {
    const worker = new Worker('/bench/browser/fitWorker.js', { type: 'module' });
    await new Promise((resolve, reject) => {
      worker.onmessage = (e) => { if (e.data.ready) resolve(); };
      worker.onerror = (e) => reject(new Error('worker failed to start: ' + e.message));
    });
    const pending = new Map();
    let next = 0;
    worker.onmessage = (e) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      if (e.data.error !== undefined) p.reject(new Error(e.data.error)); else p.resolve(e.data.value);
    };
    const call = (op, arg) => new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, arg });
    });
    window.__bench = { load: (base) => call('load', base), fit: (options) => call('fit', options), check: () => call('check') };
  })()`;
}

function nodeFit(Xtrain: BenchData['X'], ytrain: Float64Array, Xtest: BenchData['X'], ytest: Float64Array, options: object): FitRun {
  const model = new GradientBoostingClassifier(options);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  model.fit(Xtrain, ytrain);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const digest = createHash('sha256').update(JSON.stringify(model.toJSON())).digest('hex');
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, stats: model.fitStats, digest, auc: rocAuc(ytest, model.predictProba(Xtest)) };
}

/**
 * CPU seconds used so far by Chromium's renderer processes (the page and its
 * worker run there), from the DevTools protocol; 10 ms resolution.
 */
async function rendererCpuSeconds(cdp: CDPSession): Promise<number> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
  return processInfo.filter((p) => p.type === 'renderer').reduce((s, p) => s + p.cpuTime, 0);
}

async function benchOne(data: BenchData, pages: Map<Context, Page>, cdp: CDPSession, dataUrl: string, dirs: Map<string, string>): Promise<DatasetResult> {
  const { X, y, train, test } = data;
  if (X.columns.some((c) => c.kind !== 'numeric')) throw new Error(`${data.name}: categorical columns cannot travel as X.f32`);
  const ytrain = gather(y, train);
  const ytest = gather(y, test);
  const prior = mean(ytrain);
  const label = data.name === 'synthetic' ? `synthetic ${X.nRows.toLocaleString('en-US')} × ${X.nColumns}` : data.name;
  const key = data.name === 'synthetic' ? `synthetic-${X.nRows}x${X.nColumns}-s${seed}` : `${data.name}-s${seed}`;
  const dir = outDir(`browser-${key}`);
  writeSplitDataset(dir, X, y, { train, test }, { source: data.source, seed });
  dirs.set(key, dir);
  console.error(`[bench] ${label}: train ${train.length}, test ${test.length}, prior ${prior.toFixed(5)}`);

  const Xtrain = X.take(train);
  const Xtest = X.take(test);
  const options = { ...SETTINGS, baseScore: prior };
  for (const [context, page] of pages) {
    const t0 = performance.now();
    await page.evaluate(`window.__bench.load(${JSON.stringify(`${dataUrl}/${key}/`)})`);
    console.error(`[chromium ${context}] loaded ${key} in ${((performance.now() - t0) / 1000).toFixed(2)} s (untimed)`);
  }

  const result: DatasetResult = {
    name: label, source: data.source, nTrain: train.length, nTest: test.length, nFeatures: X.nColumns, prior,
    loadBefore: loadavg(), loadAfter: [], node: [], browser: {},
  };
  const runNode = (r: number): void => {
    const run = nodeFit(Xtrain, ytrain, Xtest, ytest, options);
    result.node.push(run);
    console.error(`[node] fit ${r + 1}/${repeats}: ${run.seconds.toFixed(3)} s (CPU ${run.cpuSeconds.toFixed(2)} s), AUC ${run.auc.toFixed(4)}, model ${run.digest.slice(0, 12)}`);
  };
  const runBrowser = async (r: number): Promise<void> => {
    for (const [context, page] of pages) {
      const cpu0 = await rendererCpuSeconds(cdp);
      const timing = (await page.evaluate(`window.__bench.fit(${JSON.stringify(options)})`)) as Pick<FitRun, 'seconds' | 'stats'>;
      const cpuSeconds = (await rendererCpuSeconds(cdp)) - cpu0;
      const check = (await page.evaluate('window.__bench.check()')) as Pick<FitRun, 'digest' | 'auc'>;
      const run: FitRun = { ...timing, cpuSeconds, ...check };
      (result.browser[context] ??= []).push(run);
      console.error(`[chromium ${context}] fit ${r + 1}/${repeats}: ${run.seconds.toFixed(3)} s (CPU ${cpuSeconds.toFixed(2)} s), AUC ${run.auc.toFixed(4)}, model ${run.digest.slice(0, 12)}`);
    }
  };
  for (let r = 0; r < repeats; r++) {
    if (r % 2 === 0) {
      runNode(r);
      await runBrowser(r);
    } else {
      await runBrowser(r);
      runNode(r);
    }
  }
  result.loadAfter = loadavg();
  return result;
}

const medianOf = (runs: FitRun[], f: (r: FitRun) => number): number => median(runs.map(f));
const stage = (runs: FitRun[], k: 'binning' | 'grow' | 'gradients'): string => fmtSeconds(medianOf(runs, (r) => (r.stats?.[k] ?? NaN) / 1000));
const sameModel = (runs: FitRun[], node: FitRun[]): boolean => runs.every((r) => r.digest === node[0].digest && r.auc === node[0].auc);

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const code = codeVersion();
  await init();
  const dirs = new Map<string, string>();
  const dataServer = await serveDatasets(dirs);
  const pageServer = await serveStatic({
    root: REPO_ROOT,
    allow: ['/dist/', '/build/', '/bench/browser/'],
    pages: { [PAGE]: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>creditkit fit benchmark</title>' },
  });
  const dataUrl = `http://127.0.0.1:${(dataServer.address() as AddressInfo).port}`;
  const pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}${PAGE}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
  const results: DatasetResult[] = [];
  let userAgent = '';
  try {
    const cdp = await browser.newBrowserCDPSession();
    const pages = new Map<Context, Page>();
    for (const context of contexts) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`[chromium ${context}] page error: ${String(e)}`));
      page.on('console', (m) => console.error(`[chromium ${context}] console.${m.type()}: ${m.text()}`));
      await page.goto(pageUrl);
      await page.evaluate(setupInPage(context));
      userAgent = String(await page.evaluate('navigator.userAgent'));
      pages.set(context, page);
    }
    const todo: (() => Promise<BenchData> | BenchData)[] = [];
    if (flags.only !== 'gmsc') for (const [n, f] of syntheticSizes) todo.push(() => loadSynthetic(n, f, seed));
    if (flags.only !== 'synthetic' && flags.rows === undefined) todo.push(() => loadGmsc(seed));
    for (const load of todo) results.push(await benchOne(await load(), pages, cdp, dataUrl, dirs));
  } finally {
    await browser.close();
    dataServer.close();
    pageServer.close();
  }

  const chromiumVersion = userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? browser.version();
  const table: string[][] = [];
  const stages: string[][] = [];
  for (const r of results) {
    const node = medianOf(r.node, (x) => x.seconds);
    const nodeCpu = medianOf(r.node, (x) => x.cpuSeconds);
    const size = `${r.nTrain.toLocaleString('en-US')} × ${r.nFeatures}`;
    const load = `${r.loadBefore[0].toFixed(1)} → ${r.loadAfter[0].toFixed(1)}`;
    stages.push([r.name, 'Node', stage(r.node, 'binning'), stage(r.node, 'gradients'), stage(r.node, 'grow'), r.node.map((x) => fmtSeconds(x.seconds)).join(', ')]);
    for (const context of contexts) {
      const runs = r.browser[context] ?? [];
      const ch = medianOf(runs, (x) => x.seconds);
      const chCpu = medianOf(runs, (x) => x.cpuSeconds);
      const identical = runs.length > 0 && sameModel(runs, r.node) && sameModel(r.node, r.node);
      table.push([
        r.name, size, contexts.length > 1 ? context : undefined, fmtSeconds(node), fmtSeconds(ch), fmtRatio(ch / node),
        fmtSeconds(nodeCpu), fmtSeconds(chCpu), fmtRatio(chCpu / nodeCpu),
        identical ? 'yes' : 'NO', runs.length > 0 ? runs[0].auc.toFixed(4) : '—', load,
      ].filter((c): c is string => c !== undefined));
      stages.push([r.name, `Chromium ${context}`, stage(runs, 'binning'), stage(runs, 'gradients'), stage(runs, 'grow'), runs.map((x) => fmtSeconds(x.seconds)).join(', ')]);
    }
  }

  console.log('## Fit in Chromium against Node\n');
  console.log(`- date: ${date}`);
  console.log(`- command: \`${commandLine('bench/fit-browser.ts')}\``);
  for (const r of results) {
    console.log(`- ${r.name}: ${r.source}, ${(r.nTrain + r.nTest).toLocaleString('en-US')} rows × ${r.nFeatures} features, stratified 80/20 (seed ${seed}), fitted on ${r.nTrain.toLocaleString('en-US')} training rows, positive rate ${r.prior.toFixed(4)}`);
  }
  console.log('- settings: 100 trees, depth 6, learning rate 0.1, lambda 1, 256 bins, seed 0, base score = training prior');
  console.log(`- fit s: median of ${repeats}, \`fit\` alone (Node: performance.now() in this process; Chromium: performance.now() in the ${contexts.join(' and the ')}), repeats alternating between the runtimes`);
  console.log(`- Node ${process.version} (V8 ${process.versions.v8}); ${chromiumVersion} (Debian, headless, playwright-core)`);
  console.log(`- creditkit: ${code}`);
  console.log(`- machine: ${machine()}; load average (1 min) before → after each dataset in the table\n`);
  console.log(markdownTable(
    ['dataset', 'train rows × features', ...(contexts.length > 1 ? ['Chromium in'] : []), 'Node fit s', 'Chromium fit s', 'Chromium ÷ Node', 'Node CPU s', 'Chromium CPU s', 'CPU Chromium ÷ Node', 'model identical', 'test AUC', 'load avg'],
    table,
  ));
  console.log('\nCPU s: median CPU time of the process during `fit` (Node: process.cpuUsage() of this process; Chromium: its renderer processes, DevTools SystemInfo.getProcessInfo, 10 ms resolution); less sensitive than wall time to other jobs on the machine.');
  console.log('model identical: the SHA-256 of the model JSON and the test AUC are the same in every fit of both runtimes.\n');
  console.log('Where the fit time goes (FitStats, median s):\n');
  console.log(markdownTable(['dataset', 'runtime', 'binning', 'gradients', 'grow', 'all fits s'], stages));

  outDir('.');
  const path = join(OUT_DIR, 'fit-browser-latest.json');
  writeFileSync(path, JSON.stringify({ date, command: commandLine('bench/fit-browser.ts'), creditkit: code, machine: machine(), chromium: chromiumVersion, node: process.version, settings: SETTINGS, repeats, results }, null, 2) + '\n');
  console.error('[bench] raw figures written to bench/out/fit-browser-latest.json');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
