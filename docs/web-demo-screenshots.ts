// Screenshots of the web demo for the browser guide (docs/guides/browser-and-edge.md), after a full run on the SME
// sample with the settings the page suggests, taken by Debian's Chromium
// (playwright-core): the whole page on a desktop screen and the top of it on a
// 390-px phone screen.
//   npm run build && npx tsx docs/web-demo-screenshots.ts
// writes docs/web-demo.png and docs/web-demo-phone.png.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../scripts/chromium.js';
import { REPO_ROOT, startDemoServer } from '../web/staticServer.js';

// Loading the SME sample parses 1.1 million invoices in the worker.
const TIMEOUT = 300_000;

for (const f of ['dist/index.js', 'build/creditkit.wasm']) {
  if (!existsSync(join(REPO_ROOT, f))) {
    console.error(`${f} is missing: run npm run build first`);
    process.exit(2);
  }
}

/** Opens the demo, trains the suggested model on the SME sample and waits until the charts are drawn. */
async function fullRun(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state ?? ''), undefined, { timeout: TIMEOUT, polling: 200 });
  await page.click('#train');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), undefined, { timeout: TIMEOUT, polling: 200 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'done' || errors.length > 0) throw new Error(`the demo run failed: ${await page.textContent('#error')} ${errors.join('; ')}`);
  await page.waitForFunction(() => document.body.dataset.charts === 'drawn', undefined, { timeout: 60_000 });
  return page;
}

const { server, url } = await startDemoServer();
const browser = await launchChromium();
try {
  const desktop = await fullRun(browser, url, { width: 1180, height: 900 });
  writeFileSync(new URL('web-demo.png', import.meta.url), await desktop.screenshot({ fullPage: true }));
  console.log('wrote web-demo.png');
  const phone = await fullRun(browser, url, { width: 390, height: 844 });
  writeFileSync(new URL('web-demo-phone.png', import.meta.url), await phone.screenshot());
  console.log('wrote web-demo-phone.png');
} finally {
  await browser.close();
  server.close();
}
