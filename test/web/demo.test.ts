// The web demo in Chromium: the test starts the demo's server, opens the page,
// and clicks through full runs as a user would: the bundled SME sample (train
// → metrics, ROC curve, importance bars, riskiest applicants, lending strategy
// by HiGHS in the worker), a CSV file chosen with the file input, reason
// codes of a logistic regression (and their absence for an MLP), a
// malformed CSV, an error after a success (the old results go), and the page
// on a 390-px phone screen. A screenshot of the SME run is saved as
// test-output/web/demo.png.
//
// Without Chromium a developer's run reports this file as skipped, with the
// reason; under CI (CI set) a missing Chromium fails it.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SME_PD_OPTIONS } from '../../src/sme/index.js';
import { startDemoServer } from '../../web/staticServer.js';
import {
  CHROMIUM, HAVE_CHROMIUM, REPO_ROOT, SKIP_CHROMIUM as SKIP, SKIP_CHROMIUM_REASON as SKIP_REASON, closeBrowserAndServer, ensureDist, launchChromium,
  recordPageErrors,
} from '../runtimes/helpers.js';

if (SKIP) console.warn(`[web] demo tests skipped: ${SKIP_REASON}`);

const OUTPUT_DIR = join(REPO_ROOT, 'test-output', 'web');
// Loading the SME sample parses 1.1 million invoices in the worker; on a busy 2-core machine that takes a while.
const SLOW = 240_000;

const rowsOf = (page: Page, table: string) => page.$$eval(`#${table} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent ?? '')));
const headOf = (page: Page, table: string) => page.$$eval(`#${table} thead th`, (ths) => ths.map((th) => th.textContent ?? ''));
const figure = (rows: string[][], name: string) => rows.find((r) => r[0] === name)?.[1];
const percent = (s: string) => Number(s.replace('%', '')) / 100;
const amount = (s: string) => Number(s.replace(/,/g, ''));

async function waitForState(page: Page, states: string[], timeout = SLOW): Promise<string> {
  await page.waitForFunction((s) => s.includes(document.body.dataset.state ?? ''), states, { timeout, polling: 200 });
  return page.evaluate(() => document.body.dataset.state ?? '');
}

describe.skipIf(SKIP)(SKIP ? `web demo (skipped: ${SKIP_REASON})` : 'web demo in Chromium', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url = '';
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return; // under CI: the first test below fails with the reason
    await ensureDist();
    ({ server, url } = await startDemoServer({ onRequest: (p) => requests.push(p) }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
    recordPageErrors(page, pageErrors);
  }, 120_000);

  afterAll(() => closeBrowserAndServer(browser, server));

  it(`finds Chromium at ${CHROMIUM}`, () => {
    expect(HAVE_CHROMIUM, `CI is set and ${SKIP_REASON}`).toBe(true);
  });

  it('loads the SME sample, trains in the worker, and shows metrics, ROC, importance, riskiest applicants and the lending strategy', async () => {
    await page.goto(url);
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await page.inputValue('#source')).toBe('sme');
    expect(await page.inputValue('#target')).toBe('defaulted');
    expect(await page.$$eval('#model option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toContain('gbdt');
    expect(await page.textContent('#data-info')).toMatch(/123 rows.*302 applicants/);

    await page.selectOption('#model', 'gbdt');
    // The SME sample suggests the cross-validated settings (as npm start uses), not the library defaults that overfit 86 firms.
    expect(JSON.parse(await page.inputValue('#options'))).toEqual(SME_PD_OPTIONS);
    expect(await page.textContent('#model-info')).toMatch(/^regularized gradient-boosted trees .*; options suggested for this data$/);
    await page.fill('#ratio', '0.7');
    await page.fill('#seed', '42');
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await page.textContent('#error'), 'error shown').toBe('');
    await page.waitForFunction(() => document.body.dataset.charts === 'drawn', undefined, { timeout: 30_000 });

    // Test metrics on the 37 held-out firms (Node measures AUC 0.776 with this split and seed; a broken model scores near 0.5).
    const metrics = await rowsOf(page, 'metrics');
    const auc = Number(figure(metrics, 'AUC'));
    expect(auc).toBeGreaterThan(0.7);
    expect(auc).toBeLessThan(0.95);
    // Regularized: the 86 training firms are not fitted perfectly (the library defaults reach 1.0000; these 0.9898).
    const trainAuc = Number(figure(metrics, 'train AUC'));
    expect(trainAuc).toBeGreaterThan(auc);
    expect(trainAuc).toBeLessThan(0.995);
    expect(Number(await page.getAttribute('#metrics', 'data-auc'))).toBeCloseTo(auc, 4);
    expect(figure(metrics, 'rows (train / test)')).toBe('86 / 37');
    expect(Number(figure(metrics, 'Gini'))).toBeCloseTo(2 * auc - 1, 3);
    expect(await page.evaluate(() => (document.getElementById('progress') as HTMLProgressElement).value)).toBe(1);

    // Charts: Vega rendered the specs to SVG.
    const rocText = await page.$$eval('#roc-chart svg text', (ts) => ts.map((t) => t.textContent).join(' | '));
    expect(rocText).toContain(`AUC ${auc.toFixed(3)}`);
    expect(rocText).toContain('False-positive rate');
    const importanceText = await page.$$eval('#importance-chart svg text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(importanceText.join(' ')).toContain('share of total split gain');
    expect(await page.$$eval('#importance-chart svg .mark-rect path', (ps) => ps.length)).toBeGreaterThanOrEqual(5);

    // The riskiest of the 302 unrated applicants, highest PD first.
    const head = await headOf(page, 'riskiest');
    expect(head.slice(0, 5)).toEqual(['#', 'id', 'name', 'rating by PD band', 'PD']);
    const riskiest = await rowsOf(page, 'riskiest');
    expect(riskiest).toHaveLength(15);
    const pds = riskiest.map((r) => percent(r[4]));
    for (let k = 1; k < pds.length; k++) expect(pds[k]).toBeLessThanOrEqual(pds[k - 1]);
    expect(pds[0]).toBeGreaterThan(0.5);
    for (const r of riskiest) {
      const n = Number(/^E(\d+)$/.exec(r[1])?.[1]);
      expect(n >= 124 && n <= 425, `applicant id ${r[1]}`).toBe(true);
      expect(r[3]).toBe('D');
    }

    // The lending strategy: HiGHS (WebAssembly) solved it in the worker.
    expect(await page.isVisible('#lending')).toBe(true);
    expect(await page.textContent('#lending-terms')).toMatch(/HiGHS \(WebAssembly\): optimal/);
    const summary = await rowsOf(page, 'lending-summary');
    const loans = Number(figure(summary, 'loans'));
    expect(loans).toBeGreaterThan(0);
    expect(loans).toBeLessThanOrEqual(302);
    expect(amount(figure(summary, 'total offered')!)).toBeLessThanOrEqual(10_000);
    expect(amount(figure(summary, 'expected return')!)).toBeGreaterThan(0);
    const byRating = await rowsOf(page, 'lending-ratings');
    expect(byRating.map((r) => r[0])).toEqual(['A', 'B', 'C', 'D']);
    expect(byRating.reduce((s, r) => s + Number(r[1]), 0)).toBe(302);
    expect(byRating.reduce((s, r) => s + Number(r[2]), 0)).toBe(loans);
    expect(byRating[3][2], 'D-rated applicants get no loan').toBe('0');
    const loanRows = await rowsOf(page, 'loans');
    expect(loanRows.length).toBe(Math.min(12, loans));
    for (const r of loanRows) {
      expect(r[1]).not.toBe('D');
      expect(amount(r[3])).toBeGreaterThanOrEqual(10);
      expect(amount(r[3])).toBeLessThanOrEqual(100);
      expect(percent(r[4])).toBeGreaterThanOrEqual(0.04);
      expect(percent(r[4])).toBeLessThanOrEqual(0.15);
    }

    // Everything came from the demo server: the compiled package, its wasm, the data, vega, HiGHS.
    for (const p of ['/dist/web.js', '/build/creditkit.wasm', '/data/cumcm/a2_output_invoices.csv.gz', '/data/cumcm-rate-churn.csv',
      '/node_modules/vega/build/vega.min.js', '/node_modules/highs/build/highs.mjs', '/node_modules/highs/build/highs.wasm']) {
      expect(requests, p).toContain(p);
    }
    // The worker uses the web entry (no top-level await), not the main entry.
    expect(requests).not.toContain('/dist/index.js');
    expect(pageErrors).toEqual([]);

    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'demo.png'), fullPage: true });
  }, 2 * SLOW);

  it('trains on a CSV file chosen with the file input and lists the riskiest test rows with their outcome', async () => {
    expect(page, 'no page').toBeDefined();
    const csv = gunzipSync(readFileSync(join(REPO_ROOT, 'data', 'german-credit.csv.gz')));
    await page.selectOption('#source', 'file');
    await page.setInputFiles('#file', { name: 'german.csv', mimeType: 'text/csv', buffer: csv });
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await page.inputValue('#target')).toBe('is_bad');
    expect(await page.textContent('#data-info')).toContain('german.csv: 1,000 rows, 21 columns');
    await page.fill('#ratio', '0.8');
    await page.fill('#options', '{"nEstimators": 60, "maxDepth": 3}');
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    const metrics = await rowsOf(page, 'metrics');
    expect(figure(metrics, 'rows (train / test)')).toBe('800 / 200');
    const auc = Number(figure(metrics, 'AUC'));
    expect(auc).toBeGreaterThan(0.7); // German credit: about 0.8 for boosted trees
    expect(auc).toBeLessThan(0.9);
    expect(await headOf(page, 'riskiest')).toEqual(expect.arrayContaining(['#', 'id', 'outcome', 'PD']));
    const rows = await rowsOf(page, 'riskiest');
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => /^row \d+$/.test(r[1]) && ['defaulted', 'repaid'].includes(r[2]))).toBe(true);
    // The riskiest rows default far more often than the 30% base rate.
    expect(rows.filter((r) => r[2] === 'defaulted').length).toBeGreaterThan(7);
    expect(await page.isVisible('#lending')).toBe(false);
    expect(pageErrors).toEqual([]);
  }, SLOW);

  it('shows reason codes for a logistic regression (linear SHAP), and says why an MLP has none', async () => {
    expect(page, 'no page').toBeDefined();
    // After the test above the page holds german.csv; run alone, it loads the file itself.
    const onGerman = page.url().startsWith(url) && ((await page.textContent('#data-info')) ?? '').startsWith('german.csv');
    if (!onGerman) {
      await page.goto(url);
      expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
      await page.selectOption('#source', 'file');
      const csv = gunzipSync(readFileSync(join(REPO_ROOT, 'data', 'german-credit.csv.gz')));
      await page.setInputFiles('#file', { name: 'german.csv', mimeType: 'text/csv', buffer: csv });
      expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    }
    await page.selectOption('#model', 'logistic');
    await page.fill('#ratio', '0.8');
    await page.fill('#seed', '5');
    await page.fill('#options', '{}');
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await page.textContent('#error'), 'error shown').toBe('');
    const head = await headOf(page, 'riskiest');
    expect(head.at(-1)).toBe('reason codes');
    const rows = await rowsOf(page, 'riskiest');
    expect(rows).toHaveLength(15);
    // Each riskiest row lists up to 3 reasons "feature = value (+x.x pp)"; German credit's categorical codes (A11, A34, …) among them.
    for (const r of rows) expect(r.at(-1)).toMatch(/^[a-z_]+ = [\w.]+ \(\+\d+\.\d pp\)(; [a-z_]+ = [\w.]+ \(\+\d+\.\d pp\)){0,2}$/);
    expect(rows.some((r) => / = A\d+ /.test(r.at(-1)!))).toBe(true);
    expect(await page.textContent('#reasons-note')).toBe('');

    await page.selectOption('#model', 'mlp');
    await page.fill('#options', '{"maxEpochs": 5}');
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await headOf(page, 'riskiest')).not.toContain('reason codes');
    expect(await page.textContent('#reasons-note')).toMatch(/^no reason codes for this model: cannot explain MLPClassifier: .*linear models/);
    expect(pageErrors).toEqual([]);
    await page.selectOption('#model', 'gbdt');
  }, SLOW);

  it('reports a malformed CSV with its line and column, and bad model options, without a crash', async () => {
    expect(page, 'no page').toBeDefined();
    // Column b holds numbers but for one stray text cell, on line 12 of the file.
    const lines = ['a,b,defaulted', ...Array.from({ length: 20 }, (_, i) => `${i},${i === 10 ? 'x' : 2 * i},${i % 2}`)];
    await page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
    expect(await waitForState(page, ['ready', 'error'])).toBe('error');
    const error = await page.textContent('#error');
    expect(error).toMatch(/^E_CSV_NOT_NUMERIC: /);
    expect(error).toMatch(/file bad\.csv/);
    expect(error).toMatch(/line 12/);
    expect(error).toMatch(/column b/);

    await page.setInputFiles('#file', { name: 'ok.csv', mimeType: 'text/csv', buffer: Buffer.from('a,defaulted\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n') });
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    await page.fill('#options', '{"maxDepth": -2}');
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await page.textContent('#error')).toMatch(/^E_OPTION: .*maxDepth/);
    expect(pageErrors).toEqual([]);
  }, SLOW);

  it('clears the old results when an error follows a successful run', async () => {
    expect(page, 'no page').toBeDefined();
    const lines = ['x,z,defaulted', ...Array.from({ length: 80 }, (_, i) => `${i % 17},${(i * 7) % 11},${(i % 17) > 8 ? 1 : 0}`)];
    await page.setInputFiles('#file', { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    const results = async () => ({
      visible: await page.isVisible('#results'),
      metrics: (await rowsOf(page, 'metrics')).length,
      riskiest: (await rowsOf(page, 'riskiest')).length,
      charts: await page.$$eval('#roc-chart svg, #importance-chart svg', (svgs) => svgs.length),
      progress: await page.textContent('#progress-text'),
    });
    const succeed = async () => {
      await page.fill('#options', '{"nEstimators": 10}');
      await page.click('#train');
      expect(await waitForState(page, ['done', 'error'])).toBe('done');
      await page.waitForFunction(() => document.body.dataset.charts === 'drawn', undefined, { timeout: 30_000 });
      const r = await results();
      expect(r).toMatchObject({ visible: true, charts: 2 });
      expect(r.metrics).toBeGreaterThan(5);
      expect(r.riskiest).toBe(15);
    };
    const cleared = { visible: false, metrics: 0, riskiest: 0, charts: 0, progress: '' };

    // An error from the worker (bad option value) …
    await succeed();
    await page.fill('#options', '{"maxDepth": -2}');
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await page.textContent('#error')).toMatch(/^E_OPTION: .*maxDepth/);
    expect(await results()).toEqual(cleared);
    expect(await page.getAttribute('#metrics', 'data-auc')).toBeNull();

    // … and one the page finds itself (options that are not JSON).
    await succeed();
    await page.fill('#options', '{nEstimators: 10');
    await page.click('#train');
    expect(await waitForState(page, ['done', 'error'])).toBe('error');
    expect(await page.textContent('#error')).toMatch(/^E_OPTION: model options: /);
    expect(await results()).toEqual(cleared);
    expect(pageErrors).toEqual([]);
  }, SLOW);

  it('fits a 390-px phone screen after a full SME run: no horizontal scroll, drop-down texts not cut off', async () => {
    expect(browser, 'no browser').toBeDefined();
    const phone = await browser!.newPage({ viewport: { width: 390, height: 844 } });
    const phoneErrors: string[] = [];
    recordPageErrors(phone, phoneErrors);
    try {
      await phone.goto(url);
      expect(await waitForState(phone, ['ready', 'error'])).toBe('ready');
      await phone.click('#train');
      expect(await waitForState(phone, ['done', 'error'])).toBe('done');
      await phone.waitForFunction(() => document.body.dataset.charts === 'drawn', undefined, { timeout: 30_000 });
      expect(await phone.isVisible('#lending')).toBe(true);
      // The widest content there is (ROC and importance charts, the loans and reason-code tables) is on the page.
      expect(await phone.$$eval('#roc-chart svg, #importance-chart svg', (svgs) => svgs.length)).toBe(2);
      expect((await rowsOf(phone, 'loans')).length).toBeGreaterThan(0);

      const widths = await phone.evaluate(() => ({ document: document.documentElement.scrollWidth, body: document.body.scrollWidth, viewport: window.innerWidth }));
      expect(widths.viewport).toBe(390);
      expect(widths.document, 'document.documentElement.scrollWidth').toBeLessThanOrEqual(390);
      expect(widths.body).toBeLessThanOrEqual(390);

      // Each drop-down is at least as wide as an unconstrained copy of itself (sized by its longest option): no text cut off.
      const selects = await phone.$$eval('select', (sels) => sels.map((sel) => {
        const copy = sel.cloneNode(true) as HTMLSelectElement;
        copy.removeAttribute('id');
        copy.style.cssText = 'position: absolute; visibility: hidden; max-width: none; width: auto; min-width: 0';
        sel.parentElement!.append(copy);
        const needed = copy.getBoundingClientRect().width;
        copy.remove();
        const box = sel.getBoundingClientRect();
        return { id: sel.id, width: box.width, needed, right: box.right, options: sel.options.length };
      }));
      expect(selects.map((s) => s.id)).toEqual(['source', 'target', 'model']);
      for (const s of selects) {
        expect(s.options, s.id).toBeGreaterThan(0);
        expect(s.width, `#${s.id} is narrower than its longest option`).toBeGreaterThanOrEqual(s.needed - 0.5);
        expect(s.right, `#${s.id} reaches past the screen`).toBeLessThanOrEqual(390);
      }
      expect(await phone.inputValue('#model')).toBe('gbdt');
      mkdirSync(OUTPUT_DIR, { recursive: true });
      await phone.screenshot({ path: join(OUTPUT_DIR, 'demo-phone.png'), fullPage: true });
      expect(phoneErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 2 * SLOW);
});
