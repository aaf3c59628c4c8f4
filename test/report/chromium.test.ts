// The HTML report in a browser: Debian's Chromium (driven by playwright-core)
// opens the file from disk with the network cut off, every chart must be drawn
// with a visible size, and screenshots of the page and of two sections are
// saved under test-output/report/.
//
// Without Chromium a developer's run reports this file as skipped, with the
// reason; under CI (CI set) a missing Chromium fails it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readCsvFileSync } from '../readCsvFileSync.js';
import { splitTarget } from '../../src/data/target.js';
import { lendingFrontier } from '../../src/lending/frontier.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { strategyFile } from '../../src/lending/strategyJson.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { compareOnHoldout } from '../../src/selection/holdoutComparison.js';
import { collectModelReport } from '../../src/report/modelReport.js';
import { buildReport } from '../../src/report/report.js';
import '../../src/index.js';
import { GERMAN } from '../cli/helpers.js';
import { smallProblem } from '../lending/instances.js';
import { CHROMIUM, HAVE_CHROMIUM, REPO_ROOT, SKIP_CHROMIUM as SKIP, SKIP_CHROMIUM_REASON as SKIP_REASON, launchChromium, reportContext } from '../runtimes/helpers.js';
import { exactShapley } from './exactShapley.js';

if (SKIP) console.warn(`[report] Chromium test skipped: ${SKIP_REASON}`);

const OUT = join(REPO_ROOT, 'test-output', 'report');

async function writeReport(): Promise<string> {
  const { X: all, y } = splitTarget(readCsvFileSync(GERMAN), 'is_bad');
  const X = all.select(['duration_months', 'credit_amount', 'age_years', 'installment_rate_pct', 'existing_credits']);
  const model = new GradientBoostingClassifier({ nEstimators: 40, maxDepth: 3, seed: 1 }).fit(X, y);
  const data = await collectModelReport(model, X, y, {
    dataName: 'german-credit.csv.gz', modelName: 'gradient boosting, 40 trees of depth 3', shapRows: 200,
    shapSource: async (m, rows) => exactShapley(m as GradientBoostingClassifier, rows),
  });
  const problem = smallProblem({ n: 30, seed: 7 });
  const strategy = strategyFile(await optimizeLending(problem), await lendingFrontier(problem, { points: 5 }));
  const html = await buildReport({
    title: 'German credit: report test', model: data,
    comparison: { holdout: compareOnHoldout(X, y, ['gbdt', 'rf', 'tree'], { seed: 1 }) },
    strategies: [{ title: 'Lending strategy', file: strategy }],
  });
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, 'report.html');
  writeFileSync(path, html);
  return path;
}

describe.skipIf(SKIP)(SKIP ? `report in Chromium (skipped: ${SKIP_REASON})` : 'report in Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  let fileUrl = '';

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return; // under CI: the first test below fails with the reason
    fileUrl = pathToFileURL(await writeReport()).href;
    browser = await launchChromium();
    const context = await reportContext(browser);
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(fileUrl, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it(`finds Chromium at ${CHROMIUM}`, () => {
    expect(HAVE_CHROMIUM, `CI is set and ${SKIP_REASON}`).toBe(true);
  });

  it('opens offline without scripts, loads nothing but the file, and draws every chart', async () => {
    expect(requests).toEqual([fileUrl]);
    expect(pageErrors).toEqual([]);
    const boxes = await page.$$eval('figure svg', (svgs) => svgs.map((s) => {
      const r = s.getBoundingClientRect();
      return { w: r.width, h: r.height, marks: s.querySelectorAll('[role="graphics-symbol"]').length };
    }));
    expect(boxes.length).toBe(15); // 5 performance, importance, SHAP summary + 3 waterfalls, comparison, 4 lending
    for (const b of boxes) {
      expect(b.w).toBeGreaterThan(150);
      expect(b.h).toBeGreaterThan(80);
      expect(b.marks).toBeGreaterThan(0);
    }
    const toc = await page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')));
    expect(toc).toEqual(['#data', '#performance', '#importance', '#shap', '#comparison', '#lending-1']);
  });

  it('saves screenshots of the page, the model figures and the lending section', async () => {
    const shots = [
      [null, 'report-page.png'], ['#performance', 'report-model.png'], ['#shap', 'report-shap.png'], ['#lending-1', 'report-lending.png'],
    ] as const;
    for (const [selector, name] of shots) {
      const png = selector === null ? await page.screenshot({ fullPage: true }) : await page.locator(selector).screenshot();
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeGreaterThan(20_000);
      writeFileSync(join(OUT, name), png);
    }
  });
});
