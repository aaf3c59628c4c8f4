// Screenshots of a creditkit validation report for the validation guide (docs/guides/validation.md), taken by
// Debian's Chromium (playwright-core):
//   npx tsx scripts/validate-gmsc.ts --out-dir out        # writes out/validation-gmsc.html
//   npx tsx docs/validation-screenshots.ts out/validation-gmsc.html gmsc calibration
// writes docs/validation-gmsc-calibration.png (one file per section id given).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const [report, name, ...sections] = process.argv.slice(2);
if (!report || !name || sections.length === 0) {
  console.error('usage: npx tsx docs/validation-screenshots.ts REPORT.html NAME SECTION_ID...');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CREDITKIT_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pathToFileURL(resolve(report)).href);
  for (const id of sections) {
    const file = `validation-${name}-${id}.png`;
    writeFileSync(new URL(file, import.meta.url), await page.locator(`#${id}`).screenshot());
    console.log(`wrote docs/${file}`);
  }
} finally {
  await browser.close();
}
