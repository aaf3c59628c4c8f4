/**
 * parseCsvParallel in Chromium (issue 18 item 2, the browser part): seconds to
 * read a CSV into a Dataset on 1 and 2 module Web Workers, beside parseCsv in
 * the page.
 *
 *   npx tsx bench/web-csv-workers.ts [--rows 100000] [--features 30] [--grade] [--runs 5]
 *
 * The CSV (an id column, F numeric columns with 2% missing cells, with
 * --grade a categorical column too) is generated in the page by
 * test/web/parallelCsvPage.js; the page loads the compiled package (dist/web.js,
 * rebuilt first when src/ is newer) and fetches build/creditkit.wasm with
 * ready(). Timed with performance.now() in the page, from the bytes to the
 * Dataset: parseCsv (decoding the bytes to text included), parseCsvParallel with
 * threads 1 (this thread) and 2 (2 workers, started inside the timing: each
 * call starts its own). Runs rotate the order of the readers; each figure is
 * the median of the runs; ratios are against parseCsv in the same run. CPU
 * seconds are those of Chromium's renderer process during each reading (the
 * page and its workers run there; 10 ms resolution): what a reader costs
 * whatever the load, where wall time depends on the cores it gets.
 * Every reading must give the same number of rows.
 *
 * Two controls are printed with the figures: the seconds to start 2 workers
 * (each call starts its own), and how many cores the page's workers get at
 * the time (a fixed CPU-bound loop on 1 worker, then on 2 at once, measured
 * between the runs): on a shared machine the second worker may get no core
 * of its own, and then no reader can gain from it.
 *
 * Needs build/creditkit.wasm (`npm run build:wasm`) and /usr/bin/chromium.
 */
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { serveStatic } from '../web/staticServer.js';
import { REPO_ROOT, ensureDist, launchChromium } from '../test/runtimes/helpers.js';
import { rendererCpuSeconds } from './fitRuntimes.js';
import { codeVersion, commandLine, fmtRatio, fmtSeconds, machine, markdownTable, median } from './util.js';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    features: { type: 'string', default: '30' },
    grade: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
  },
});
const positive = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${v}`);
  return n;
};
const rows = positive('rows', flags.rows!);
const features = positive('features', flags.features!);
const runs = positive('runs', flags.runs!);

const PAGE = '/__creditkit_csv_workers_bench.html';
const READERS = [
  { label: 'parseCsv (text, this thread)', how: 'parseCsv', threads: 1 },
  { label: 'parseCsvParallel, threads 1 (this thread)', how: 'parallel', threads: 1 },
  { label: 'parseCsvParallel, threads 2 (2 Web Workers)', how: 'parallel', threads: 2 },
] as const;

interface Timing { seconds: number; nRows: number; nColumns: number }

async function main(): Promise<void> {
  await ensureDist();
  const started = new Date().toISOString();
  const load0 = loadavg();
  const server = await serveStatic({
    root: REPO_ROOT,
    allow: ['/dist/', '/build/', '/test/web/'],
    pages: { [PAGE]: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>creditkit CSV workers benchmark</title>' },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${String(e)}`));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}${PAGE}`);
    const info = (await page.evaluate(`(async () => {
      window.__ck = await import('/dist/web.js');
      await window.__ck.ready();
      window.__page = await import('/test/web/parallelCsvPage.js');
      window.__bytes = window.__page.syntheticCsv(${rows}, ${features}, null, ${flags.grade});
      return { bytes: window.__bytes.length, cores: navigator.hardwareConcurrency, agent: navigator.userAgent };
    })()`)) as { bytes: number; cores: number; agent: string };
    const times: number[][] = READERS.map(() => []);
    const cpu: number[][] = READERS.map(() => []);
    const cdp = await browser.newBrowserCDPSession();
    const cores: { one: number; two: number }[] = [];
    const starts: number[] = [];
    const shapes = new Set<string>();
    for (let run = 0; run < runs; run++) {
      for (let k = 0; k < READERS.length; k++) {
        const i = (k + run) % READERS.length; // rotate the order, so each reader meets the same load
        const r = READERS[i];
        const cpu0 = await rendererCpuSeconds(cdp);
        const t = (await page.evaluate(`window.__page.timeRead(window.__ck, window.__bytes, ${JSON.stringify(r.how)}, ${r.threads})`)) as Timing;
        cpu[i].push((await rendererCpuSeconds(cdp)) - cpu0);
        times[i].push(t.seconds);
        shapes.add(`${t.nRows} × ${t.nColumns}`);
      }
      cores.push((await page.evaluate('window.__page.workerParallelism(3e7)')) as { one: number; two: number });
      starts.push((await page.evaluate(`(async () => {
        const { WebCsvPool } = await import('/dist/stream/webCsvPool.js');
        const { loadedRuntime } = await import('/dist/wasm/load.js');
        const t = performance.now();
        (await WebCsvPool.create(2, loadedRuntime().module, {})).close();
        return (performance.now() - t) / 1000;
      })()`)) as number);
    }
    if (shapes.size !== 1) throw new Error(`the readers disagree on the Dataset's shape: ${[...shapes].join(', ')}`);
    const base = median(times[0]);
    const table = markdownTable(
      ['reader', 'seconds (median)', 'runs', '× parseCsv', 'CPU s, all threads (median)'],
      READERS.map((r, i) => [r.label, fmtSeconds(median(times[i])), times[i].map(fmtSeconds).join('; '), fmtRatio(median(times[i]) / base), fmtSeconds(median(cpu[i]))]),
    );
    const load1 = loadavg();
    console.log(`\n\`${commandLine('bench/web-csv-workers.ts')}\` — ${started}`);
    console.log(`${machine()}; ${info.agent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} headless, navigator.hardwareConcurrency ${info.cores}`);
    console.log(`${codeVersion()}; load average ${load0[0].toFixed(2)} before, ${load1[0].toFixed(2)} after`);
    console.log(`CSV: ${[...shapes][0]} (id, ${features} numeric${flags.grade ? ', a categorical grade' : ''}), ${(info.bytes / 2 ** 20).toFixed(1)} MiB, generated in the page\n`);
    console.log(table);
    console.log(`\nStarting 2 workers (module graph fetched from dist/, wasm instantiated): ${fmtSeconds(median(starts))} s (median; ${starts.map(fmtSeconds).join('; ')}).`);
    console.log(`A CPU-bound loop on 2 workers at once took ${cores.map((c) => fmtRatio(c.two / c.one)).join('; ')} its time on 1 (1.00× = two free cores; 2.00× = one).`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
