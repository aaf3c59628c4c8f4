// Screenshots of a creditkit HTML report for the reports guide (docs/guides/reports.md): the model figures
// and the first lending section, taken by Debian's Chromium (playwright-core).
//   npm start                                  # writes out/report-sme.html
//   npx tsx docs/report-screenshots.ts out/report-sme.html
// writes docs/report-model.png and docs/report-lending.png.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const report = process.argv[2];
if (!report) {
  console.error('usage: npx tsx docs/report-screenshots.ts REPORT.html');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CREDITKIT_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pathToFileURL(resolve(report)).href);
  for (const [selector, file] of [['#performance', 'report-model.png'], ['#lending-1', 'report-lending.png']]) {
    const out = new URL(file, import.meta.url);
    writeFileSync(out, await page.locator(selector).screenshot());
    console.log(`wrote ${file}`);
  }
} finally {
  await browser.close();
}
