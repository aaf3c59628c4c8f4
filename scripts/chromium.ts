// Debian's Chromium driven by playwright-core, as the tests, the benchmarks and the docs'
// screenshot scripts start it, and the one way a saved HTML report is opened to be looked at.
// playwright-core is loaded on first use, so importing this module costs nothing.
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The Chromium binary: Debian's, or the one CREDITKIT_CHROMIUM names. */
export const CHROMIUM = process.env.CREDITKIT_CHROMIUM ?? '/usr/bin/chromium';
/** Headless, no sandbox (containers run as root), no GPU, and none of its own network traffic. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts Chromium (CHROMIUM) headless through playwright-core. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** A saved HTML report as a reader sees it on a desktop screen; it needs neither the network nor scripts. */
export function reportContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true, javaScriptEnabled: false });
}

/** Opens a saved HTML report in Chromium and writes a PNG of each section: [CSS selector, file] pairs. */
export async function screenshotSections(reportFile: string, shots: [selector: string, file: URL][]): Promise<void> {
  const browser = await launchChromium();
  try {
    const page: Page = await (await reportContext(browser)).newPage();
    await page.goto(pathToFileURL(resolve(reportFile)).href);
    for (const [selector, file] of shots) {
      writeFileSync(file, await page.locator(selector).screenshot());
      console.log(`wrote ${relative(process.cwd(), fileURLToPath(file))}`);
    }
  } finally {
    await browser.close();
  }
}
