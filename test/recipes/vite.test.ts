// The Vite recipe (recipes/vite): a page that trains the same model on its
// thread and in a Web Worker, built by `vite build` with Vite's defaults and
// served by `vite` (dev), both run in Chromium. The worker gets its message
// while its wasm is still loading and must answer it; every result must be
// Node's to the byte.
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { build, createLogger, createServer, type ViteDevServer } from 'vite';
import { serveStatic } from '../../web/staticServer.js';
import {
  HAVE_CHROMIUM, REPO_ROOT, SKIP_CHROMIUM as SKIP, SKIP_CHROMIUM_REASON as SKIP_REASON, closeBrowserAndServer, ensureDist, launchChromium, recordPageErrors,
} from '../runtimes/helpers.js';
import { installCreditkit, nodeTrainResult, recipeApp, sampleCsvText, type TrainResult } from './recipeApp.js';

interface PageRun {
  main?: TrainResult;
  worker?: TrainResult;
  errors: string[];
}

/** Opens the recipe's page, waits for both results (or an error) and reads them. */
async function runPage(browser: Browser, url: string): Promise<PageRun> {
  const page = await browser.newPage();
  const errors: string[] = [];
  recordPageErrors(page, errors);
  try {
    await page.goto(url);
    await page.waitForFunction(() => ['main', 'worker'].every((id) => {
      const out = document.getElementById(id);
      return out !== null && (out.dataset.result !== undefined || out.dataset.error !== undefined);
    }), undefined, { timeout: 60_000 });
    const read = (id: string) => page.evaluate((i) => document.getElementById(i)?.dataset.result ?? null, id);
    const [main, worker] = await Promise.all([read('main'), read('worker')]);
    for (const id of ['main', 'worker']) {
      const error = await page.evaluate((i) => document.getElementById(i)?.dataset.error ?? null, id);
      if (error !== null) errors.push(`${id}: ${error}`);
    }
    return { main: main === null ? undefined : JSON.parse(main), worker: worker === null ? undefined : JSON.parse(worker), errors };
  } finally {
    await page.close();
  }
}

describe.skipIf(SKIP)(SKIP ? `Vite recipe (skipped: ${SKIP_REASON})` : 'Vite recipe: main thread and Web Worker, production build and dev server, in Chromium', () => {
  let app = '';
  let node: TrainResult;
  const warnings: string[] = [];
  let assets: string[] = [];
  let browser: Browser | undefined;
  let preview: Server | undefined;
  let dev: ViteDevServer | undefined;
  let built: PageRun | undefined;
  let served: PageRun | undefined;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    app = await recipeApp('vite');
    node = await nodeTrainResult(app);
    const logger = createLogger('warn');
    const warn = logger.warn.bind(logger);
    logger.warn = (msg, options) => { warnings.push(msg); warn(msg, options); };
    logger.warnOnce = logger.warn;
    await build({ root: app, logLevel: 'warn', customLogger: logger });
    assets = readdirSync(join(app, 'dist', 'assets'));
    preview = await serveStatic({ root: join(app, 'dist') });
    browser = await launchChromium();
    built = await runPage(browser, `http://127.0.0.1:${(preview.address() as AddressInfo).port}/`);
    dev = await createServer({ root: app, logLevel: 'error', server: { host: '127.0.0.1', port: 0, strictPort: false } });
    await dev.listen();
    served = await runPage(browser, dev.resolvedUrls!.local[0]);
  }, 240_000);

  afterAll(async () => {
    await dev?.close();
    await closeBrowserAndServer(browser, preview);
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('builds with Vite\'s defaults, the worker included, without a warning; emits creditkit.wasm and no HiGHS', () => {
    expect(HAVE_CHROMIUM, `CI is set and ${SKIP_REASON}`).toBe(true);
    expect(warnings).toEqual([]);
    expect(assets.filter((a) => a.endsWith('.wasm')).map((a) => a.replace(/-[\w-]+\.wasm$/, '.wasm'))).toEqual(['creditkit.wasm']);
    expect(assets.some((a) => /^worker-.*\.js$/.test(a))).toBe(true);
  });

  it('the production build trains on the page\'s thread and in the worker (whose first message came before its wasm), as Node does', () => {
    expect(built, 'no result from the built page').toBeDefined();
    expect(built!.errors).toEqual([]);
    expect(node.rows).toBe(2000);
    // Measured 0.80 on the sample; a broken model scores near 0.5.
    expect(node.auc).toBeGreaterThan(0.7);
    expect(built!.main).toEqual(node);
    expect(built!.worker).toEqual(node);
  });

  it("trains on a CSV file the user picks (no id column, another target name) and shows a bad target's error code", async () => {
    expect(browser, 'Chromium did not start').toBeDefined();
    const page = await browser!.newPage();
    const errors: string[] = [];
    recordPageErrors(page, errors);
    try {
      await page.goto(`http://127.0.0.1:${(preview!.address() as AddressInfo).port}/`);
      // Run n's outputs: each run clears the outputs when it starts and counts itself in body's data-runs.
      const settled = (n: number) => page.waitForFunction((runs) => document.body.dataset.runs === String(runs) && ['main', 'worker'].every((id) => {
        const out = document.getElementById(id)!;
        return out.dataset.result !== undefined || out.dataset.error !== undefined;
      }), n, { timeout: 60_000 });
      await settled(1);
      const csv = (await sampleCsvText()).replace(/^id,(.*),default$/m, '$1,defaulted').replace(/^\d+,/gm, '');
      const outputs = () => page.evaluate(() => ['main', 'worker'].map((id) => ({ ...document.getElementById(id)!.dataset })));
      await page.fill('#target', 'defaulted');
      await page.setInputFiles('#file', { name: 'loans.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await settled(2);
      const [main, worker] = await outputs();
      expect(main.error).toBeUndefined();
      expect(worker).toEqual(main);
      const trained = JSON.parse(main.result!) as TrainResult;
      expect(trained.rows).toBe(2000);
      expect((JSON.parse(trained.model) as { features: { name: string }[] }).features.map((f) => f.name)).toEqual(['income', 'utilisation', 'late_payments']);
      expect(trained.auc).toBe(node.auc); // the same rows and labels, only renamed: the same model
      await page.fill('#target', 'no_such_column');
      await page.setInputFiles('#file', { name: 'loans2.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await settled(3);
      for (const out of await outputs()) expect(out.error).toMatch(/E_TARGET_MISSING/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the dev server (`vite`) runs the same page with the same results', () => {
    expect(served, 'no result from the dev server').toBeDefined();
    expect(served!.errors).toEqual([]);
    expect(served!.main).toEqual(node);
    expect(served!.worker).toEqual(node);
  });
});

/** `vite build` of a one-module app in a temporary folder with creditkit installed: the warnings and the emitted files. */
async function viteBuildOf(mainJs: string, withHighs: boolean): Promise<{ warnings: string[]; assets: string[] }> {
  await ensureDist();
  const app = mkdtempSync(join(tmpdir(), 'creditkit-vite-lending-'));
  try {
    installCreditkit(app);
    if (withHighs) symlinkSync(join(REPO_ROOT, 'node_modules', 'highs'), join(app, 'node_modules', 'highs'), 'dir');
    writeFileSync(join(app, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n');
    writeFileSync(join(app, 'main.js'), mainJs);
    const warnings: string[] = [];
    const logger = createLogger('warn');
    logger.warn = (msg) => { warnings.push(msg); };
    logger.warnOnce = logger.warn;
    await build({ root: app, logLevel: 'warn', customLogger: logger, configFile: false });
    return { warnings, assets: readdirSync(join(app, 'dist', 'assets')) };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

describe('the lending entry in a Vite build', () => {
  it('brings no HiGHS binary and no Node module when the app does not use the HiGHS solver', async () => {
    const { warnings, assets } = await viteBuildOf(
      "import { rateGrid, validateProblem, irbCapital } from 'creditkit/lending';\ndocument.title = [rateGrid, validateProblem, irbCapital].join();\n", false);
    expect(warnings).toEqual([]);
    expect(assets.filter((a) => a.endsWith('.wasm'))).toEqual([]);
  }, 120_000);

  it('emits highs.wasm once the app hands over the HiGHS loader to use the optimizer', async () => {
    const { assets } = await viteBuildOf([
      "import { optimizeLending, setHighsLoader } from 'creditkit/lending';",
      "setHighsLoader((options) => import('highs').then((m) => m.default(options)));",
      'document.title = String(optimizeLending);',
    ].join('\n'), true);
    expect(assets.filter((a) => a.endsWith('.wasm')).map((a) => a.replace(/-[\w-]+\.wasm$/, '.wasm'))).toEqual(['highs.wasm']);
  }, 120_000);
});
