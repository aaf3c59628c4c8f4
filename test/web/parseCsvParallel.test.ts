// parseCsvParallel in Chromium: the compiled package (dist/) loaded as ES
// modules, the wasm fetched by ready(), CSV bytes read on 2 module Web Workers
// (dist/stream/webCsvWorker.js, each with its own wasm instance) give the Dataset
// parseCsv gives in the page — every column's bytes, kinds, dictionaries and row
// lines — and the same errors. The helpers that run in the page are
// test/web/parallelCsvPage.js; Deno runs them too (test/web/parallelCsvDeno.js),
// its module workers included.
//
// Without Chromium a developer's run reports this file as skipped, with the
// reason; under CI (CI set) a missing Chromium fails it.
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serveStatic } from '../../web/staticServer.js';
import {
  CHROMIUM, HAVE_CHROMIUM, REPO_ROOT, SKIP_CHROMIUM as SKIP, SKIP_CHROMIUM_REASON as SKIP_REASON, closeBrowserAndServer, denoBinary, ensureDist,
  launchChromium, recordPageErrors,
} from '../runtimes/helpers.js';

if (SKIP) console.warn(`[web] parseCsvParallel tests skipped: ${SKIP_REASON}`);

const PAGE = '/__creditkit_parallel_csv_test.html';

interface Comparison {
  nRows: number | null;
  gotRows: number | null;
  difference: string | null;
  error?: { code: string; message: string; where: unknown };
  expectedError?: { code: string; message: string; where: unknown };
  workers: number;
  blocks: number;
}

// Evaluated in the page as a string, so that vitest's transform of this file cannot rewrite the dynamic imports.
const SETUP = `(async () => {
  const ck = await import('/dist/web.js');
  await ck.ready();
  const page = await import('/test/web/parallelCsvPage.js');
  globalThis.__workerCounts = page.countWorkers();
  globalThis.__ck = ck;
  globalThis.__page = page;
  return navigator.hardwareConcurrency;
})()`;

const compareFile = (page: Page, path: string, options: object): Promise<Comparison> =>
  page.evaluate(`(async () => __page.compareOnWorkers(__ck, await __page.fetchBytes(${JSON.stringify(path)}), ${JSON.stringify(options)}, 2))()`);
const compareSynthetic = (page: Page, nRows: number, bad: object | null, options: object): Promise<Comparison> =>
  page.evaluate(`__page.compareOnWorkers(__ck, __page.syntheticCsv(${nRows}, 10, ${JSON.stringify(bad)}), ${JSON.stringify(options)}, 2)`);

describe.skipIf(SKIP)(SKIP ? `parseCsvParallel in Chromium (skipped: ${SKIP_REASON})` : 'parseCsvParallel in Chromium', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    await ensureDist();
    server = await serveStatic({
      root: REPO_ROOT,
      allow: ['/dist/', '/build/', '/data/', '/test/web/'],
      pages: { [PAGE]: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>parseCsvParallel</title>' },
      onRequest: (path) => requests.push(path),
    });
    browser = await launchChromium();
    page = await browser.newPage();
    recordPageErrors(page, pageErrors);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}${PAGE}`);
    await page.evaluate(SETUP);
  }, 180_000);

  afterAll(() => closeBrowserAndServer(browser, server));

  it(`finds Chromium at ${CHROMIUM}`, () => {
    expect(HAVE_CHROMIUM, `CI is set and ${SKIP_REASON}`).toBe(true);
  });

  it('reads a 150,000-row shipped file (Give Me Some Credit) in blocks on 2 module workers: parseCsv\'s Dataset, bit for bit', async () => {
    const r = await compareFile(page, '/data/give-me-some-credit.csv.gz', { file: 'give-me-some-credit.csv', blockBytes: 500_000 });
    expect(r).toMatchObject({ nRows: 150_000, gotRows: 150_000, difference: null, workers: 2 });
    expect(r.blocks).toBeGreaterThanOrEqual(14); // 7.3 MB in blocks of 0.5 MB
    expect(requests).toContain('/dist/stream/webCsvWorker.js');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it.each([
    ['/data/cumcm-rate-churn.csv', { blockBytes: 100 }],
    ['/data/cumcm/a1_enterprises.csv.gz', { blockBytes: 300 }],
    ['/data/german-credit.csv.gz', { blockBytes: 5000 }],
    ['/data/cumcm/a1_input_invoices.csv.gz', {}],
  ])('%s: parseCsv\'s Dataset, bit for bit (plain files in blocks, the others read whole)', async (path, options) => {
    const r = await compareFile(page, path, { ...options, file: path });
    expect(r.expectedError).toBeUndefined();
    expect(r).toMatchObject({ difference: null, workers: 2 });
    expect(r.nRows).toBeGreaterThan(0);
    expect(r.gotRows).toBe(r.nRows);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a 100,000-row CSV with a categorical column, in blocks of 1 MiB: the same Dataset, dictionaries merged', async () => {
    const r = await compareSynthetic(page, 100_000, null, { file: 'synthetic.csv', blockBytes: 1 << 20 });
    expect(r).toMatchObject({ nRows: 100_000, gotRows: 100_000, difference: null, workers: 2 });
    expect(r.blocks).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it.each([
    ['too many fields in a late block', { at: 60_000, cell: 'A,9' }],
    ['a word in a numeric column in a middle block', { at: 40_000, cell: 'oops', column: 4 }],
  ])('%s: the same error as parseCsv (code, message, file, line, column)', async (_what, bad) => {
    const r = await compareSynthetic(page, 70_000, bad, { file: 'bad.csv', blockBytes: 1 << 20 });
    expect(r.expectedError).toMatchObject({ code: expect.stringMatching(/^E_/), where: { file: 'bad.csv', line: bad.at + 2 } });
    expect(r.error).toEqual(r.expectedError);
    expect(r.blocks).toBeGreaterThan(2);
  }, 120_000);
});

describe('parseCsvParallel in Deno (module Web Workers)', () => {
  it("reads in blocks on 2 workers: parseCsv's Dataset bit for bit, and its error from a late block", async () => {
    await ensureDist();
    const env = { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' };
    const { stdout } = await promisify(execFile)(
      denoBinary(),
      ['run', '--no-config', '--no-lock', '--no-prompt', `--allow-read=${REPO_ROOT}`, 'test/web/parallelCsvDeno.js'],
      { cwd: REPO_ROOT, env, timeout: 120_000 },
    );
    const { good, bad } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { good: Comparison; bad: Comparison };
    expect(good).toMatchObject({ nRows: 50_000, gotRows: 50_000, difference: null, workers: 2 });
    expect(good.blocks).toBeGreaterThanOrEqual(8);
    expect(bad.expectedError).toMatchObject({ code: 'E_CSV_PARSE', where: { file: 'deno.csv', line: 40_002 } });
    expect(bad.error).toEqual(bad.expectedError);
  }, 180_000);
});
