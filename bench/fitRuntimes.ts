/**
 * The runtimes bench/fit-browser.ts compares with Node: Chromium (a module Web
 * Worker or the page) and Deno. Each runs bench/fit-session/fitSession.js on
 * the compiled package (dist/), reads a dataset directory written by
 * bench/io.ts, and fits on request, timing `fit` with performance.now()
 * inside the runtime.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { FitStats } from '../src/models/gbdt/gbdt.js';
import { launchChromium } from '../scripts/chromium.js';
import { denoBinary } from '../test/runtimes/helpers.js';
import { serveStatic } from '../web/staticServer.js';
import { REPO_ROOT } from './io.js';

/** One timed fit: wall seconds of `fit` alone, CPU seconds of the runtime's process(es) meanwhile, FitStats. */
export interface FitTiming {
  seconds: number;
  cpuSeconds: number;
  stats: FitStats | null;
}

/** The last fitted model: SHA-256 of its JSON, test AUC. */
export interface ModelCheck {
  digest: string;
  auc: number;
}

export interface FitRuntime {
  /** e.g. "Chromium worker", "Deno". */
  readonly label: string;
  /** Engine and version, e.g. "Chrome/150.0.0.0". */
  readonly version: string;
  /** Loads a dataset directory of bench/io.ts (untimed). */
  load(dir: string): Promise<void>;
  fit(options: object): Promise<FitTiming>;
  check(): Promise<ModelCheck>;
}

export interface Started {
  runtimes: FitRuntime[];
  close(): Promise<void>;
}

export type BrowserContext = 'worker' | 'page';

/** Serves dataset directories at /<directory name>/<file>, with CORS (the page's origin differs). */
function serveDatasets(dirs: Map<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const [, name, file] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
    const dir = dirs.get(name ?? '');
    const path = dir !== undefined && file !== undefined && file !== '' && file === basename(file) ? join(dir, file) : '';
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

const PAGE = '/__creditkit_fit_browser.html';

// Evaluated in the page as strings, so tsx's transform of this file cannot
// rewrite the dynamic imports or the functions.
function setupInPage(context: BrowserContext): string {
  if (context === 'page') {
    return `(async () => {
      const s = await import('/bench/fit-session/fitSession.js');
      window.__bench = { load: s.load, fit: s.fit, check: s.check };
    })()`;
  }
  return `(async () => {
    const worker = new Worker('/bench/fit-session/fitWorker.js', { type: 'module' });
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

/** CPU seconds used so far by Chromium's renderer processes (page and worker run there); 10 ms resolution. */
export async function rendererCpuSeconds(cdp: CDPSession): Promise<number> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
  return processInfo.filter((p) => p.type === 'renderer').reduce((s, p) => s + p.cpuTime, 0);
}

/** Debian's Chromium through playwright-core, one page per context, the package served from the repository. */
export async function startChromium(contexts: readonly BrowserContext[]): Promise<Started> {
  const dirs = new Map<string, string>();
  const dataServer = await serveDatasets(dirs);
  const pageServer = await serveStatic({
    root: REPO_ROOT,
    allow: ['/dist/', '/build/', '/bench/fit-session/'],
    pages: { [PAGE]: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>creditkit fit benchmark</title>' },
  });
  const dataUrl = `http://127.0.0.1:${(dataServer.address() as AddressInfo).port}`;
  const pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}${PAGE}`;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    dataServer.close();
    pageServer.close();
  };
  try {
    browser = await launchChromium();
    const cdp = await browser.newBrowserCDPSession();
    const runtimes: FitRuntime[] = [];
    for (const context of contexts) {
      const page: Page = await browser.newPage();
      const label = `Chromium ${context}`;
      page.on('pageerror', (e) => console.error(`[${label}] page error: ${String(e)}`));
      page.on('console', (m) => console.error(`[${label}] console.${m.type()}: ${m.text()}`));
      await page.goto(pageUrl);
      await page.evaluate(setupInPage(context));
      const userAgent = String(await page.evaluate('navigator.userAgent'));
      runtimes.push({
        label,
        version: userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? browser.version(),
        async load(dir) {
          const key = basename(dir);
          dirs.set(key, dir);
          await page.evaluate(`window.__bench.load(${JSON.stringify(`${dataUrl}/${key}/`)})`);
        },
        async fit(options) {
          const cpu0 = await rendererCpuSeconds(cdp);
          const timing = (await page.evaluate(`window.__bench.fit(${JSON.stringify(options)})`)) as Omit<FitTiming, 'cpuSeconds'>;
          return { ...timing, cpuSeconds: (await rendererCpuSeconds(cdp)) - cpu0 };
        },
        async check() {
          return (await page.evaluate('window.__bench.check()')) as ModelCheck;
        },
      });
    }
    return { runtimes, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A long-lived Deno process running bench/fit-session/fitDeno.js, JSON lines both ways. */
export async function startDeno(): Promise<Started> {
  const child: ChildProcessWithoutNullStreams = spawn(
    denoBinary(),
    ['run', '--no-config', '--no-lock', '--no-prompt', `--allow-read=${REPO_ROOT}`, 'bench/fit-session/fitDeno.js'],
    { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' } },
  );
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  let exited: Error | null = null;
  createInterface({ input: child.stderr }).on('line', (line) => console.error(`[Deno] ${line}`));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const reply = JSON.parse(line) as { id: number; value?: unknown; error?: string };
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) p?.reject(new Error(reply.error));
    else p?.resolve(reply.value);
  });
  child.on('exit', (code, signal) => {
    exited = new Error(`deno exited (code ${code}, signal ${signal})`);
    for (const p of pending.values()) p.reject(exited);
    pending.clear();
  });
  const call = (op: string, arg?: unknown): Promise<unknown> => {
    if (exited) return Promise.reject(exited);
    return new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      child.stdin.write(JSON.stringify({ id, op, arg }) + '\n');
    });
  };
  const version = spawnSync(denoBinary(), ['--version'], { encoding: 'utf8' }).stdout.split('\n').slice(0, 2).join(', ');
  return {
    runtimes: [{
      label: 'Deno',
      version,
      async load(dir) {
        await call('load', pathToFileURL(dir).href + '/');
      },
      fit: (options) => call('fit', options) as Promise<FitTiming>,
      check: () => call('check') as Promise<ModelCheck>,
    }],
    async close() {
      child.stdin.end();
      if (exited === null) await new Promise((r) => child.once('exit', r));
    },
  };
}
